"""What is wrong with a case export, and where: file, lines or rows, column, in zh and en.

A problem names every line it applies to, so one mistake repeated over a
million rows is one message ("lines 3, 5–7 and 1,204 more"), not a million.
The cell's value is quoted only where it cannot identify anybody (a district
name, a date); identifiers and case numbers are never echoed back.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from safetynet.i18n import t

# How many line numbers a message spells out before "and N more".
SHOWN_ROWS = 12


@dataclass(frozen=True)
class CaseProblem:
    """One kind of mistake in one column of one file, with every line it occurs on.

    ``code`` names the message ``cases.problem.<code>`` in :mod:`safetynet.i18n`;
    ``params`` fill its placeholders. ``unit`` is ``line`` for CSV files and
    ``row`` for spreadsheet rows.
    """

    file: str
    code: str
    column: str | None = None
    rows: tuple[int, ...] = ()
    unit: str = "line"
    params: tuple[tuple[str, object], ...] = field(default_factory=tuple)

    def text(self, lang: str) -> str:
        return t(f"cases.problem.{self.code}", lang, **dict(self.params))

    def where(self, lang: str) -> str:
        parts = [self.file] if self.file else []
        if self.rows:
            parts.append(describe_rows(self.rows, self.unit, lang))
        if self.column is not None:
            parts.append(t("cases.where.column", lang, column=self.column))
        return t("cases.where.sep", lang).join(parts)

    def describe(self, lang: str) -> str:
        """``cases.csv，第 3、5–7 行，欄位「電話」：看似電話號碼`` (or its English)."""
        where = self.where(lang)
        return f"{where}{t('colon', lang)}{self.text(lang)}" if where else self.text(lang)


class CaseImportError(ValueError):
    """The export cannot be imported; carries every problem found (nothing was written)."""

    def __init__(self, problems: Sequence[CaseProblem]) -> None:
        self.problems = list(problems)
        super().__init__(f"{len(self.problems)} problem(s) in the case export")


def _ranges(rows: Sequence[int]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for row in rows:
        if out and row == out[-1][1] + 1:
            out[-1] = (out[-1][0], row)
        else:
            out.append((row, row))
    return out


def describe_rows(rows: Sequence[int], unit: str, lang: str) -> str:
    """``第 3、5–7 行`` / ``lines 3, 5–7``: at most :data:`SHOWN_ROWS` numbers, then a count."""
    rows = sorted({int(r) for r in rows})
    spans = _ranges(rows)
    shown: list[str] = []
    counted = 0
    for start, end in spans:
        if len(shown) >= SHOWN_ROWS:
            break
        shown.append(str(start) if start == end else f"{start}–{end}")
        counted += end - start + 1
    text = t("list_sep", lang).join(shown)
    key = f"cases.where.{unit}" if len(rows) == 1 else f"cases.where.{unit}s"
    described = t(key, lang, rows=text)
    if counted < len(rows):
        described += t("cases.where.more", lang, n=f"{len(rows) - counted:,}")
    return described


def problem_at(
    file: str,
    code: str,
    column: str | None,
    lines: Iterable[int] | np.ndarray,
    unit: str,
    **params: object,
) -> CaseProblem:
    """A problem on the given lines (any iterable of line numbers)."""
    return CaseProblem(
        file, code, column, tuple(sorted(int(x) for x in lines)), unit, tuple(params.items())
    )
