"""Every ``# type: ignore`` names its error code and says why: ``# type: ignore[code]  # why``.

    .venv/bin/python scripts/check_type_ignores.py            # the repository (``make lint``)
    .venv/bin/python scripts/check_type_ignores.py FILE...    # only these files

A silenced error is a place where the type checker is not protecting the
code; the code limits what is silenced, and the reason tells the next
engineer whether the ignore can go. Fix the type where you can (mypy's
``warn_unused_ignores`` then reports the ignore as unused). Comments are
found with :mod:`tokenize`, so the words inside a string do not count.

``ALLOWED`` lists ignores without a reason in files other work owned while
this check was added; each entry is (path, the line's code without the
comment). An entry that no longer matches fails the check too, so the list
only shrinks: delete it when the ignore is fixed or explained.
"""

from __future__ import annotations

import io
import re
import sys
import tokenize
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Folders never checked (as ruff's extend-exclude, plus what git ignores).
SKIP_DIRS = {".venv", ".git", "test-output", "__pycache__", "node_modules", "build", "dist"}

IGNORE = re.compile(r"#\s*type:\s*ignore\b(?P<rest>.*)$")
# ``[code]`` or ``[code, code]``, then ``  # reason`` with words in it
CODES = re.compile(r"^\[(?P<codes>[a-z0-9-]+(?:\s*,\s*[a-z0-9-]+)*)\]")
REASON = re.compile(r"^\s*#\s*(?P<reason>\S.*)$")

OWNED_ELSEWHERE = "owned elsewhere this round"
# (path, the line's code before its comment): ignores the lead finishes after merging.
ALLOWED: dict[tuple[str, str], str] = dict.fromkeys(
    [
        ("components/planner_inputs.py", 'for line in state["lines"]'),
        (
            "components/planner_inputs.py",
            'return PlannerParams(lines=lines, base_year=state["base_year"], '
            'end_year=state["end_year"])',
        ),
        ("components/planner_inputs.py", "return int(value)"),
        ("components/planner_inputs.py", "return float(value)"),
        ("components/planner_scenarios.py", 'kwargs["params"],'),
        (
            "components/planner_scenarios.py",
            'return revert_scenario(store, city, int(kwargs["entry"]), who=who)',
        ),
        ("components/map.py", "id_col = LAYERS[view.focus_layer].id_col"),
        (
            "safetynet/staffing/planner.py",
            "return ceil_count(caseload / float(line.cases_per_worker))",
        ),
        (
            "safetynet/staffing/planner.py",
            "caseload * float(line.hours_per_case_month) / float(line.productive_hours_month)",
        ),
        ("safetynet/staffing/planner.py", "span = float(line.workers_per_supervisor)"),
        (
            "safetynet/staffing/planner.py",
            "caseload = float(line.caseload) * (1 + growth) ** (year - base)",
        ),
        (
            "safetynet/staffing/planner.py",
            "if all(c is not None for c in carriers) and sum(carriers) > _EPS:",
        ),
        ("safetynet/staffing/planner.py", "per_worker = caseload / sum(carriers)"),
        ("safetynet/indicators/tracker.py", "_opt(r.note),"),
        ("safetynet/indicators/tracker.py", "phase = spans.get(int(r.phase))"),
        ("safetynet/indicators/tracker.py", "agency_zh=_opt(r.agency_zh),"),
        ("safetynet/indicators/tracker.py", "agency_en=_opt(r.agency_en),"),
        ("safetynet/indicators/tracker.py", "note=_opt(r.note),"),
        ("safetynet/briefing/pdf.py", "with matplotlib.rc_context(theme.matplotlib_rc()):"),
        ("safetynet/storage/store.py", 'values = {**shipped_record, "deleted": True}'),
        ("safetynet/storage/store.py", "return tuple(row[k] for k in key)"),
    ],
    OWNED_ELSEWHERE,
)


@dataclass(frozen=True)
class Ignore:
    """One ``# type: ignore`` comment: where it is and what is wrong with it (if anything)."""

    path: str
    line: int
    code: str  # the line's code before the comment, stripped
    problem: str | None

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.problem}: {self.code}"


def problem_of(comment: str) -> str | None:
    """What a ``# type: ignore`` comment lacks (``None``: it names codes and gives a reason)."""
    match = IGNORE.search(comment)
    if match is None:
        return None
    rest = match["rest"]
    codes = CODES.match(rest)
    if codes is None:
        return "type: ignore without an error code ([code])"
    if REASON.match(rest[codes.end() :]) is None:
        return "type: ignore without a reason (add `  # why` after it)"
    return None


def ignores_in(source: str, path: str) -> Iterator[Ignore]:
    """Every ``# type: ignore`` comment of a Python source, with its problem if it has one."""
    lines = source.splitlines()
    tokens = tokenize.generate_tokens(io.StringIO(source).readline)
    for token in tokens:
        if token.type != tokenize.COMMENT or not IGNORE.search(token.string):
            continue
        row, col = token.start
        code = lines[row - 1][:col].strip()
        yield Ignore(path, row, code, problem_of(token.string))


def python_files(paths: Iterable[Path]) -> Iterator[Path]:
    for path in paths:
        if path.is_dir():
            for child in sorted(path.iterdir()):
                if child.is_dir() and (child.name in SKIP_DIRS or child.name.startswith(".")):
                    continue
                if child.is_dir() or child.suffix == ".py":
                    yield from python_files([child])
        elif path.suffix == ".py":
            yield path


def relative(path: Path) -> str:
    try:
        return path.resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return path.as_posix()


def check(paths: Iterable[Path], allowed: dict[tuple[str, str], str]) -> list[str]:
    """The failures: ignores without a code or reason not in ``allowed``, and stale entries."""
    failures: list[str] = []
    used: set[tuple[str, str]] = set()
    checked: set[str] = set()
    for file in python_files(paths):
        path = relative(file)
        checked.add(path)
        for ignore in ignores_in(file.read_text(encoding="utf-8"), path):
            if ignore.problem is None:
                continue
            if (path, ignore.code) in allowed:
                used.add((path, ignore.code))
                continue
            failures.append(str(ignore))
    for path, code in allowed:
        if path in checked and (path, code) not in used:
            failures.append(
                f"{path}: no unexplained ignore on `{code}` any more: "
                "remove it from ALLOWED in scripts/check_type_ignores.py"
            )
    return failures


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv] or [ROOT]
    failures = check(paths, ALLOWED)
    for failure in failures:
        print(failure)
    if failures:
        print(
            f"{len(failures)} problem(s): write `# type: ignore[code]  # why`, "
            "or better, fix the type",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
