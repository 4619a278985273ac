"""The domain package stays free of Streamlit, so it is tested without a browser."""

from __future__ import annotations

import ast
import subprocess
import sys

from safetynet import PROJECT_ROOT


def test_safetynet_sources_never_import_streamlit() -> None:
    offenders = []
    for path in (PROJECT_ROOT / "safetynet").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{path}: {n}" for n in names if n.split(".")[0] == "streamlit"]
    assert offenders == []


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


def test_pages_read_data_only_through_safetynet() -> None:
    for path in [PROJECT_ROOT / "app.py", *(PROJECT_ROOT / "pages").glob("*.py")]:
        text = path.read_text(encoding="utf-8")
        assert "read_csv" not in text and "data/" not in text, path
