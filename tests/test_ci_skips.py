"""Under ``CI=true`` no test module is skipped for a missing package: the run fails.

A throw-away test module that needs a package nobody has is run by pytest with
the project's hook (``tests/ci_skips.py``), once as a developer runs it and once
as CI does.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import import_or_skip

PROJECT_ROOT = Path(__file__).resolve().parent.parent
ABSENT = "no_such_package_for_the_dashboard"
NEEDS_IT = {
    # pytest's own way to skip a module, which CI must not let through either
    "test_needs_absent.py": f"import pytest\n\npytest.importorskip({ABSENT!r})\n\n\n"
    "def test_x():\n    pass\n",
    "test_fine.py": "def test_y():\n    pass\n",
}


def _run(tmp_path: Path, ci: str | None) -> subprocess.CompletedProcess[str]:
    for name, text in NEEDS_IT.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(PROJECT_ROOT), env.get("PYTHONPATH")]))
    if ci is not None:
        env["CI"] = ci
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "tests.ci_skips", "-p", "no:cacheprovider",
         "-q", "-rs", str(tmp_path)],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


def test_a_developer_sees_the_module_skipped_with_its_reason(tmp_path: Path) -> None:
    run = _run(tmp_path, None)
    assert run.returncode == 0, run.stdout
    assert "1 passed, 1 skipped" in run.stdout
    assert f"could not import '{ABSENT}'" in run.stdout


def test_under_ci_the_skipped_module_fails_the_run(tmp_path: Path) -> None:
    run = _run(tmp_path, "true")
    assert run.returncode != 0, run.stdout
    assert "CI=true: the test module test_needs_absent.py was skipped" in run.stdout
    assert "Interrupted: 1 error during collection" in run.stdout  # no test runs at all


def test_import_or_skip_skips_locally_and_fails_under_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match=f"{ABSENT} is not installed"):
        import_or_skip(ABSENT)
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match=f"CI=true: {ABSENT} is not installed"):
        import_or_skip(ABSENT)
    assert import_or_skip("json").dumps([1]) == "[1]"
