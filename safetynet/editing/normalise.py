"""Making what real files contain fit the tables, and saying what was changed.

Government spreadsheets write ``民國109年`` for 2020, ``10,452`` for 10452,
``43%`` for 43, full-width digits, 台 for 臺 and stray spaces. Each such cell
is normalised and recorded as a :class:`Normalisation`, so the import preview
can tell the user. Known misspellings (``茄荳`` for ``茄萣``) are different:
they are only *proposed* (:class:`Proposal`) and applied when the user
confirms, because a wrong guess there would change a name silently.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from safetynet.i18n import t
from safetynet.storage.schemas import TABLES, Col
from safetynet.validation.schema import YEAR_COLUMNS

ROC_OFFSET = 1911
# Misspellings seen in the sources, with the right spelling (see data/README.md).
KNOWN_MISSPELLINGS: dict[str, str] = {"茄荳": "茄萣"}
# Characters a spreadsheet export puts first to stop a cell being read as a formula.
FORMULA_STARTS = ("=", "+", "-", "@")

_SPACES = re.compile(r"[\s\u3000\u00a0]+")
# Spaces in a number or code, except between two digits: 「1 234」 may be
# 1234 or the numbers 1 and 234, so it is left for validation to refuse.
_SPACES_NOT_BETWEEN_DIGITS = re.compile(r"(?<![0-9])[\s\u3000\u00a0]+|[\s\u3000\u00a0]+(?![0-9])")
_THOUSANDS = re.compile(r"^[-+]?\d{1,3}(,\d{3})+(\.\d+)?$")
_ROC_YEAR = re.compile(r"^(民國)?(\d{2,4})(年度|年)?$")


@dataclass(frozen=True)
class Normalisation:
    """One cell changed to fit the table: what kind of change, where, before and after."""

    kind: str
    row: int
    column: str
    before: str
    after: str


@dataclass(frozen=True)
class Proposal:
    """A correction offered to the user (a known misspelling); applied only on confirmation."""

    row: int
    column: str
    before: str
    after: str


# Free-text columns where a misspelling is never "corrected": they quote sources.
QUOTING_COLUMNS = frozenset({"source", "note"})


def _is_text(col: Col) -> bool:
    """Free text: names, labels, citations, notes. Numbers, years and codes are the others."""
    return col.dtype == "str" and col.isin is None and (col.regex is None or col.name == "source")


def _normalise_cell(
    value: str, col: Col, known: set[str]
) -> tuple[str | None, list[tuple[str, str, str]]]:
    """The normalised value and the steps taken (kind, value before and after that step)."""
    steps: list[tuple[str, str, str]] = []

    def step(kind: str, new: str) -> None:
        nonlocal value
        if new != value:
            steps.append((kind, value, new))
            value = new

    if value[:1] == "'" and value[1:2] in FORMULA_STARTS:
        step("excel_guard", value[1:])
    if _is_text(col):
        step("stray_spaces", _SPACES.sub(" ", value).strip())
        if value not in known and ("台" in value or "臺" in value):
            for swapped in (value.replace("台", "臺"), value.replace("臺", "台")):
                if swapped in known:
                    step("tai", swapped)
                    break
    else:
        step("fullwidth", unicodedata.normalize("NFKC", value))
        step("stray_spaces", _SPACES_NOT_BETWEEN_DIGITS.sub("", value))
        if col.dtype in {"int", "float"}:
            if _THOUSANDS.match(value):
                step("thousands", value.replace(",", ""))
            if value.endswith("%"):
                step("percent", value[:-1])
        if col.name in YEAR_COLUMNS:
            match = _ROC_YEAR.match(value)
            if match:
                number = int(match.group(2))
                if match.group(1) or number < 1000:
                    step("roc_year", str(number + ROC_OFFSET))
                elif match.group(3):
                    step("year_suffix", str(number))
    return (value or None), steps


def normalise_frame(
    raw: pd.DataFrame,
    name: str,
    rows: Sequence[int],
    known: Mapping[str, set[str]] | None = None,
) -> tuple[pd.DataFrame, list[Normalisation], list[Proposal]]:
    """Normalise every cell of an imported table; return it with what changed and what is proposed.

    ``rows[i]`` is the file line or sheet row of row ``i``; ``known`` gives,
    per text column, the spellings the city already uses (for 台/臺).
    Columns the table does not have are left alone (validation reports them).
    """
    spec = TABLES[name]
    known = known or {}
    frame = raw.copy()
    notes: list[Normalisation] = []
    proposals: list[Proposal] = []
    for column in frame.columns:
        if column not in spec.column_names:
            continue
        col = spec.col(column)
        values = list(frame[column])
        for i, value in enumerate(values):
            if value is None:
                continue
            new, steps = _normalise_cell(str(value), col, known.get(column, set()))
            values[i] = new
            for kind, before, after in steps:
                notes.append(Normalisation(kind, rows[i], column, before, after))
            if new is not None and _is_text(col) and column not in QUOTING_COLUMNS:
                corrected = new
                for wrong, right in KNOWN_MISSPELLINGS.items():
                    corrected = corrected.replace(wrong, right)
                if corrected != new:
                    proposals.append(Proposal(rows[i], column, new, corrected))
        frame[column] = pd.Series(values, index=frame.index, dtype=object)
    return frame, notes, proposals


def apply_proposals(
    frame: pd.DataFrame, rows: Sequence[int], proposals: Sequence[Proposal]
) -> pd.DataFrame:
    """The frame with the confirmed corrections applied."""
    frame = frame.copy()
    position = {row: i for i, row in enumerate(rows)}
    for p in proposals:
        frame.iat[position[p.row], frame.columns.get_loc(p.column)] = p.after
    return frame


def describe_notes(notes: Sequence[Normalisation], lang: str, unit: str = "line") -> list[str]:
    """One line per kind of normalisation, with how many cells and a first example."""
    counts = Counter(n.kind for n in notes)
    first: dict[str, Normalisation] = {}
    for n in notes:
        first.setdefault(n.kind, n)
    return [
        t(
            "norm.line",
            lang,
            what=t(f"norm.{kind}", lang),
            n=n,
            where=t(f"problem.where.{unit}", lang, n=first[kind].row),
            column=first[kind].column,
            before=first[kind].before,
            after=first[kind].after,
        )
        for kind, n in counts.items()
    ]


def describe_proposal(p: Proposal, lang: str, unit: str = "line") -> str:
    """A proposed correction as the user reads it: where, before → after."""
    where = t(f"problem.where.{unit}", lang, n=p.row)
    return t("norm.proposal", lang, where=where, column=p.column, before=p.before, after=p.after)
