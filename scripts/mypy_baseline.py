"""Type-check with mypy against a recorded baseline: no new error passes, and none comes back.

    .venv/bin/python scripts/mypy_baseline.py            # check (``make lint`` runs this)
    .venv/bin/python scripts/mypy_baseline.py --update   # rewrite the baseline after fixing errors

mypy runs as ``[tool.mypy]`` in ``pyproject.toml`` says. ``mypy-baseline.txt``
holds the errors there were when type checking started, one a line as
``path: message  [code]``, without line numbers (so an edit above an error
does not make it new). The check fails when mypy reports an error the
baseline does not hold (fix it; never add it to the baseline), and when the
baseline holds one mypy no longer reports (run ``--update`` so the fixed
error cannot come back unnoticed): the baseline only shrinks.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASELINE = ROOT / "mypy-baseline.txt"
ERROR = re.compile(r"^(?P<path>[^:\s]+):(?P<line>\d+)(?::\d+)?: error: (?P<message>.*)$")
HEADER = (
    "# mypy errors recorded when type checking started (scripts/mypy_baseline.py).\n"
    "# Only ever remove lines: fix an error, then run the script with --update.\n"
)


def run_mypy() -> list[tuple[str, str]]:
    """mypy's errors as (key without line numbers, the line as mypy printed it)."""
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-error-summary", "--hide-error-context"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode not in (0, 1) or result.stderr.strip():
        sys.exit(f"mypy did not run:\n{result.stderr or result.stdout}")
    errors = []
    for line in result.stdout.splitlines():
        match = ERROR.match(line)
        if match:
            # "defined on line 12" in a message moves with the code as well
            message = re.sub(r"\bline \d+\b", "line N", match["message"])
            errors.append((f"{match['path']}: {message}", line))
    return errors


def read_baseline() -> Counter[str]:
    if not BASELINE.is_file():
        return Counter()
    lines = BASELINE.read_text(encoding="utf-8").splitlines()
    return Counter(line for line in lines if line and not line.startswith("#"))


def main(argv: list[str]) -> int:
    errors = run_mypy()
    current = Counter(key for key, _line in errors)
    if "--update" in argv:
        BASELINE.write_text(HEADER + "".join(f"{k}\n" for k in sorted(current.elements())), "utf-8")
        print(f"mypy-baseline.txt: {sum(current.values())} errors recorded")
        return 0
    baseline = read_baseline()
    new, gone = current - baseline, baseline - current
    if new:
        # print the new errors where mypy found them (of equal keys, the last ones)
        left = Counter(new)
        for key, line in reversed(errors):
            if left[key]:
                print(line)
                left[key] -= 1
        print(f"\n{new.total()} mypy error(s) not in mypy-baseline.txt: fix them")
        return 1
    if gone:
        print(f"{gone.total()} error(s) of mypy-baseline.txt are fixed; shrink it with")
        print("  .venv/bin/python scripts/mypy_baseline.py --update")
        return 1
    print(f"mypy: no new errors ({sum(current.values())} in the baseline)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
