"""What is wrong with the data: one :class:`Problem` per finding, located to the line and column.

Every problem names the table, the CSV line and the column, so a maintainer
can open the file and fix it; :class:`DataValidationError` carries them all
when a city cannot be stored.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from safetynet.i18n import t

# Header is line 1 of a CSV file, so data row ``i`` (0-based) is on line i + 2.
HEADER_LINES = 2


def row_position(label: object) -> int | None:
    """A frame's row label as a 0-based row number; ``None`` for a label that is not one.

    Tables are read with a plain 0, 1, 2… index, so a row's label is its
    position; pandera reports a check of a whole column with an empty label.
    """
    if isinstance(label, int | np.integer):
        return int(label)
    if isinstance(label, float | np.floating) and float(label).is_integer():
        return int(label)
    return None


def file_line(label: object) -> int | None:
    """The CSV line of the row labelled ``label`` (``None`` when it names no row)."""
    position = row_position(label)
    return None if position is None else position + HEADER_LINES


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the data, located as precisely as it can be."""

    table: str
    message: str
    line: int | None = None
    column: str | None = None
    # For the user's language: ``problem.<code>`` in :mod:`safetynet.i18n`, filled from params.
    code: str | None = None
    params: tuple[tuple[str, object], ...] = ()

    def text(self, lang: str) -> str:
        """What is wrong, in ``lang`` (the English message when no code is known)."""
        if self.code is None:
            return self.message
        return t(f"problem.{self.code}", lang, **dict(self.params))

    def describe(self, lang: str, file: str | None = None, unit: str = "line") -> str:
        """Where and what, in the user's language: ``第 3 列 count：不可為負數``.

        ``file`` names an imported file; ``unit`` is ``line`` for CSV lines
        and ``row`` for rows of an edited table or a spreadsheet.
        """
        parts = []
        if file:
            parts.append(file)
        if self.line is not None:
            parts.append(t(f"problem.where.{unit}", lang, n=self.line))
        if self.column is not None:
            parts.append(t("problem.where.column", lang, column=self.column))
        where = t("problem.where.sep", lang).join(parts)
        return f"{where}{t('colon', lang)}{self.text(lang)}" if where else self.text(lang)

    def __str__(self) -> str:
        where = f"{self.table}.csv"
        if self.line is not None:
            where += f", line {self.line}"
        if self.column is not None:
            where += f", column {self.column}"
        return f"{where}: {self.message}"


class DataValidationError(ValueError):
    """Raised when a city's data has problems; carries them all."""

    def __init__(self, city: str, problems: list[Problem]) -> None:
        self.city = city
        self.problems = problems
        lines = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"data for {city} has {len(problems)} problem(s):\n{lines}")
