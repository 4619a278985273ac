"""``scripts/check_type_ignores.py`` (run by ``make lint``): every silenced type error says why."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from safetynet import PROJECT_ROOT

SCRIPT = PROJECT_ROOT / "scripts" / "check_type_ignores.py"

BAD = """\
import pandas as pd

a: int = pd.Series([1]).sum()  # type: ignore
b: int = pd.Series([1]).sum()  # type: ignore[assignment]
c: int = pd.Series([1]).sum()  # type: ignore[assignment]  #
text = "# type: ignore is only words in a string"
d: int = pd.Series([1]).sum()  # type: ignore[assignment]  # pandas-stubs: a sum of ints is a scalar
"""


def run(*paths: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *map(str, paths)],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def load_script(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    spec = importlib.util.spec_from_file_location("check_type_ignores", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "check_type_ignores", module)  # its dataclass looks there
    spec.loader.exec_module(module)
    return module


def test_an_ignore_without_a_code_or_a_reason_fails_and_is_named(tmp_path: Path) -> None:
    snippet = tmp_path / "snippet.py"
    snippet.write_text(BAD, encoding="utf-8")
    result = run(snippet)
    assert result.returncode == 1
    # lines 3, 4 and 5 lack something; the string on 6 and the explained ignore on 7 pass
    assert [line.split(": ")[0].rsplit(":", 1)[1] for line in result.stdout.splitlines()] == [
        "3",
        "4",
        "5",
    ]
    assert "without an error code" in result.stdout.splitlines()[0]
    assert "without a reason" in result.stdout.splitlines()[1]
    assert "without a reason" in result.stdout.splitlines()[2]


def test_an_explained_ignore_passes(tmp_path: Path) -> None:
    snippet = tmp_path / "snippet.py"
    snippet.write_text(BAD.splitlines()[-1] + "\n", encoding="utf-8")
    result = run(snippet)
    assert (result.returncode, result.stdout) == (0, "")


def test_an_allowed_ignore_passes_and_a_stale_allowance_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    script = load_script(monkeypatch)
    snippet = tmp_path / "snippet.py"
    snippet.write_text("x: int = f()  # type: ignore[assignment]\n", encoding="utf-8")
    path = script.relative(snippet)
    assert script.check([snippet], {(path, "x: int = f()"): "owned elsewhere"}) == []
    stale = script.check([snippet], {(path, "x: int = f()"): "", (path, "gone()"): ""})
    assert len(stale) == 1 and "gone()" in stale[0] and "remove it from ALLOWED" in stale[0]


def test_the_repository_has_no_unexplained_ignore() -> None:
    result = run()
    assert (result.returncode, result.stdout) == (0, "")
