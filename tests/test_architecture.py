"""The domain package stays free of Streamlit, so it is tested without a browser."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

from safetynet import PROJECT_ROOT

RUFF = Path(sys.executable).with_name("ruff")
ROOT_SCRIPTS = PROJECT_ROOT / "scripts"


@pytest.mark.parametrize(
    "line",
    [
        "import streamlit as st",
        "import streamlit.components.v1 as components",
        "from streamlit.runtime import exists",
        "from streamlit_folium import st_folium",
    ],
)
def test_the_lint_refuses_streamlit_in_safetynet_only(line: str) -> None:
    """``make lint`` keeps Streamlit out of ``safetynet/`` (ruff's banned-api, TID251)."""

    def findings(path: str) -> list[str]:
        result = subprocess.run(
            [str(RUFF), "check", "--output-format", "concise", "--no-cache",
             "--stdin-filename", path, "-"],
            input=f"{line}\n", cwd=PROJECT_ROOT, capture_output=True, text=True, check=False,
        )  # fmt: skip
        return [f for f in result.stdout.splitlines() if "TID251" in f]

    assert len(findings("safetynet/cases/new_module.py")) == 1
    assert findings("components/new_module.py") == []


def test_importing_every_safetynet_module_loads_no_streamlit() -> None:
    package = PROJECT_ROOT / "safetynet"
    modules = [
        ".".join(("safetynet", *p.relative_to(package).with_suffix("").parts)).removesuffix(
            ".__init__"
        )
        for p in package.rglob("*.py")
        if p.stem != "__main__" and "migrations" not in p.parts
    ]
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        "print('streamlit' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=PROJECT_ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def test_only_functions_that_draw_with_streamlit_are_called_render() -> None:
    # safetynet/ has no Streamlit, so nothing there draws: it builds files, tables, pictures
    named = [
        f"{path.relative_to(PROJECT_ROOT)}: {node.name}"
        for path in (PROJECT_ROOT / "safetynet").rglob("*.py")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.name.startswith("render_")
    ]
    assert named == []


def test_pages_read_data_only_through_safetynet() -> None:
    for path in [PROJECT_ROOT / "app.py", *(PROJECT_ROOT / "pages").glob("*.py")]:
        text = path.read_text(encoding="utf-8")
        assert "read_csv" not in text and "data/" not in text, path


def _named_paths(text: str) -> list[str]:
    """Repository paths a document names in backticks: ``safetynet/storage/store.py``, ``data/``."""
    names = re.findall(r"`([A-Za-z_.][\w.-]*/[\w./-]*)`", text)
    # var/ and .streamlit/secrets.toml are made on the user's machine; path/to/… is an example
    made_locally = ("http", "var/", "path/", ".streamlit/secrets.toml")
    return [n for n in names if not n.startswith(made_locally)]


def test_the_readmes_name_only_paths_in_the_repository() -> None:
    for readme in ("README.md", "data/README.md"):
        text = (PROJECT_ROOT / readme).read_text(encoding="utf-8")
        assert "/work/" not in text, readme
        here = (PROJECT_ROOT / readme).parent  # data/README.md names its own files from data/
        missing = [
            n
            for n in _named_paths(text)
            if not (PROJECT_ROOT / n).exists() and not (here / n).exists()
        ]
        assert missing == [], readme


def test_the_readme_layout_names_every_folder_and_safetynet_subpackage() -> None:
    text = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    layout = text.split("## Layout", 1)[1].split("```")[1]
    top = {line.split()[0] for line in layout.splitlines() if line and not line[0].isspace()}
    sub = {line.split()[0] for line in layout.splitlines() if re.match(r"  \w+/", line)}
    assert all((PROJECT_ROOT / name.replace("<city>", "kaohsiung")).exists() for name in top)
    folders = {
        f"{p.name}/"
        for p in PROJECT_ROOT.iterdir()
        if p.is_dir() and not p.name.startswith((".", "_")) and p.name not in {"var", "test-output"}
        and not p.name.endswith(".egg-info")
    }  # fmt: skip
    assert folders - {name.split("<")[0] for name in top} <= {"data/"}
    assert "data/<city>/" in top
    packages = {f"{p.parent.name}/" for p in (PROJECT_ROOT / "safetynet").glob("*/__init__.py")}
    assert sub == packages


def test_no_test_module_imports_another_or_skips_a_missing_package() -> None:
    """Shared helpers live in conftest.py or tests/helpers.py; ``import_or_skip`` fails under CI."""
    offenders = []
    for path in (PROJECT_ROOT / "tests").glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.Attribute) and node.attr == "importorskip":
                names = ["pytest.importorskip"]
            else:
                continue
            offenders += [
                f"{path.name}: {n}"
                for n in names
                # a module may import itself (a page function run by AppTest finds its helpers)
                if (n.split(".")[-1].startswith("test_") and n.split(".")[-1] != path.stem)
                or n == "pytest.importorskip"
            ]
    assert offenders == []


def test_the_mypy_baseline_fails_on_a_new_error_and_on_a_fixed_one_left_in(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """``scripts/mypy_baseline.py`` (run by ``make lint``): the recorded errors only shrink."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "mypy_baseline", ROOT_SCRIPTS / "mypy_baseline.py"
    )
    assert spec and spec.loader
    baseline = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(baseline)
    monkeypatch.setattr(baseline, "BASELINE", tmp_path / "mypy-baseline.txt")
    old = (
        "safetynet/a.py: Old error  [arg-type]",
        "safetynet/a.py:3: error: Old error  [arg-type]",
    )
    new = ("safetynet/b.py: New error  [index]", "safetynet/b.py:9: error: New error  [index]")

    monkeypatch.setattr(baseline, "run_mypy", lambda: [old])
    assert baseline.main(["--update"]) == 0
    assert baseline.main([]) == 0
    monkeypatch.setattr(baseline, "run_mypy", lambda: [old, new])
    assert baseline.main([]) == 1
    assert "safetynet/b.py:9: error: New error" in capsys.readouterr().out
    monkeypatch.setattr(baseline, "run_mypy", list)
    assert baseline.main([]) == 1  # fixed, but still in the baseline: shrink it
    assert "--update" in capsys.readouterr().out
    assert baseline.main(["--update"]) == 0
    assert baseline.main([]) == 0
