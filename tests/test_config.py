"""Deployment settings that keep users safe: no tracebacks, XSRF on, small uploads, no secrets in git."""

from __future__ import annotations

import subprocess
import tomllib

from safetynet import PROJECT_ROOT
from safetynet.editing.importing import MAX_BYTES


def _config() -> dict:
    return tomllib.loads((PROJECT_ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))


def test_tracebacks_are_hidden_from_users() -> None:
    assert _config()["client"]["showErrorDetails"] in {"none", False}


def test_xsrf_protection_is_on_and_uploads_are_limited() -> None:
    server = _config()["server"]
    assert server["enableXsrfProtection"] is True
    assert 1 <= server["maxUploadSize"] <= 50
    assert server["maxUploadSize"] * 1024 * 1024 == MAX_BYTES


def test_real_secrets_are_ignored_and_the_example_has_no_real_hash() -> None:
    ignored = subprocess.run(
        ["git", "check-ignore", "-q", ".streamlit/secrets.toml"], cwd=PROJECT_ROOT, check=False
    )
    assert ignored.returncode == 0
    example = tomllib.loads(
        (PROJECT_ROOT / ".streamlit" / "secrets.toml.example").read_text(encoding="utf-8")
    )
    assert example["editors"]["wang"]["password_hash"].endswith("<hash>")


def test_every_cache_has_a_size_limit() -> None:
    """Caches are bounded by entries (one per argument set: a function without arguments
    holds one), and the data caches all together by ``maxCacheDataSize``."""
    for path in [PROJECT_ROOT / "app.py", *(PROJECT_ROOT / "components").glob("*.py"),
                 *(PROJECT_ROOT / "pages").glob("*.py")]:  # fmt: skip
        text = path.read_text(encoding="utf-8")
        for decorator in ("@st.cache_data", "@st.cache_resource"):
            for chunk in text.split(decorator)[1:]:
                head, _, rest = chunk.partition("def ")
                no_arguments = rest.split(")", 1)[0].endswith("(")
                assert "max_entries=" in head or no_arguments, path
    assert _config()["server"]["maxCacheDataSize"].endswith("mb")


def test_no_full_garbage_collection_after_every_script_run() -> None:
    """Streamlit's post-run ``gc.collect(2)`` costs 0.15-0.25 s of CPU per page run here
    (bench/RESULTS.md, issue 19); the option must be one this Streamlit knows."""
    from streamlit import config

    runner = _config()["runner"]
    assert all(f"runner.{name}" in config.get_config_options() for name in runner)
    assert runner["postScriptGC"] is False
