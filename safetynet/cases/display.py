"""How a case-analysis view reads: labels, the table as shown, its notes and its downloads.

Pure functions: the page (``components/case_views.py``) draws what these
return, and the downloads are exactly the table on screen with the same
notes, so a reader of a file knows what a reader of the page knows: whether
it is a public release (and what 「<3」 and 「*」 mean) or an internal view,
and whether the numbers are 示範資料 / synthetic data.
"""

from __future__ import annotations

import io
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from safetynet.cases.analysis import TOTAL, CountTable, Scope
from safetynet.cases.bands import BandSet
from safetynet.cases.engine import DEMO
from safetynet.cases.format import ROC_OFFSET, load_vocabulary
from safetynet.cases.suppression import Suppressed, primary_mark
from safetynet.editing.exports import CSV_ENCODING, build_workbook, neutralise
from safetynet.formatting import format_number, format_year
from safetynet.i18n import t

VOCABULARY_OF = {
    "role": "member_roles",
    "risk_type": "risk_types",
    "referral_source": "referral_sources",
}
RATE_DECIMALS = 1


@dataclass(frozen=True)
class Names:
    """Names of the city's districts, centres and precincts in each language (from the store)."""

    names: Mapping[str, Mapping[str, Mapping[str, str]]]  # dim → lang → key → name

    @classmethod
    def from_tables(cls, tables: Mapping[str, pd.DataFrame]) -> Names:
        out: dict[str, dict[str, dict[str, str]]] = {}
        for dim, table, key in (
            ("district", "districts", "town_code"),
            ("centre", "centres", "centre_id"),
            ("precinct", "precincts", "precinct_id"),
        ):
            frame = tables[table]
            out[dim] = {
                lang: dict(zip(frame[key].astype(str), frame[f"name_{lang}"], strict=True))
                for lang in ("zh", "en")
            }
        return cls(out)

    def get(self, dim: str, key: str, lang: str) -> str:
        return str(self.names.get(dim, {}).get(lang, {}).get(key, key))


def month_label(month: object, style: str, lang: str) -> str:
    """``114年03月`` / ``ROC 114-03``, or ``2025-03`` in western years."""
    stamp = pd.Timestamp(month)
    if style != "roc":
        return f"{stamp:%Y-%m}"
    if lang == "zh":
        return f"{stamp.year - ROC_OFFSET}年{stamp.month:02d}月"
    return f"ROC {stamp.year - ROC_OFFSET}-{stamp.month:02d}"


def category_label(
    dim: str | None, key: object, *, lang: str, style: str, names: Names, bands: BandSet
) -> str:
    """A category as a reader sees it: a district's name, 「0–2歲」, 「111年」, 「高」…"""
    if dim is None or key == TOTAL:
        return t("analysis.all", lang)
    if dim in ("district", "centre", "precinct"):
        return names.get(dim, str(key), lang)
    if dim == "age_band":
        return bands.display(str(key), lang)
    if dim == "year":
        if not isinstance(key, int | np.integer):
            raise TypeError(f"a year key is a whole number, not {key!r}")
        return format_year(int(key), style, lang)
    if dim == "month":
        return month_label(key, style, lang)
    if dim == "proactive":
        return t(f"analysis.proactive.{'yes' if key else 'no'}", lang)
    if dim in ("sex", "vulnerability"):
        return t(f"analysis.{dim}.{key}", lang)
    return load_vocabulary(VOCABULARY_OF[dim]).label(str(key), lang)


def measure_label(measure: str, rate: bool, lang: str) -> str:
    return t(f"analysis.measure.{measure}{'_rate' if rate else ''}", lang)


def format_entry(value: float, mark: str | None, *, rate: bool, lang: str) -> str:
    """One entry as shown: its mark when hidden; a rate with one decimal; a count whole."""
    if mark is not None:
        return mark
    if rate:
        return (
            format_number(value, RATE_DECIMALS, lang)
            if math.isfinite(value)
            else t("no_data", lang)
        )
    return format_number(int(value), 0, lang)


@dataclass(frozen=True)
class ShownTable:
    """A view's table as text (what the screen and the downloads show) and its numbers."""

    frame: pd.DataFrame  # text cells: counts with separators, rates, 「<3」「*」, 無資料
    values: np.ndarray  # (R + 1) × (C + 1) numbers of the entries (counts or rates)
    hidden: np.ndarray  # (R + 1) × (C + 1)
    marks: np.ndarray  # (R + 1) × (C + 1) object: the mark of each hidden entry, else None
    row_labels: list[str]
    col_labels: list[str]


def shown_table(
    table: CountTable,
    shown: Suppressed,
    rates: np.ndarray | None,
    *,
    lang: str,
    style: str,
    names: Names,
    bands: BandSet,
) -> ShownTable:
    """The table with its labels and totals, every hidden entry replaced by its mark."""
    rows, cols = len(table.row_keys), len(table.col_keys)
    rate = rates is not None
    values = rates if rate else shown.values.astype(float)
    marks = np.empty(shown.values.shape, dtype=object)
    for i in range(rows + 1):
        for j in range(cols + 1):
            marks[i, j] = shown.mark(i, j)

    def label(dim: str | None, key: object) -> str:
        return category_label(dim, key, lang=lang, style=style, names=names, bands=bands)

    row_labels = [label(table.row_dim, k) for k in table.row_keys]
    col_labels = (
        [label(table.col_dim, k) for k in table.col_keys]
        if table.col_dim
        else [measure_label(table.measure, rate, lang)]
    )
    total = t("analysis.total", lang)
    row_header = t(f"analysis.dim.{table.row_dim}", lang) if table.row_dim else " "
    # the total row where columns add up over the rows; the total column where rows do
    take_rows = list(range(rows)) + ([rows] if shown.has_col_totals else [])
    take_cols = list(range(cols)) + ([cols] if shown.has_row_totals else [])
    headers = [*col_labels, total]
    data: dict[str, list[str]] = {
        row_header: [row_labels[i] if i < rows else total for i in take_rows]
    }
    for j in take_cols:
        data[headers[j]] = [
            format_entry(values[i, j], marks[i, j], rate=rate, lang=lang) for i in take_rows
        ]
    frame = pd.DataFrame(data)
    return ShownTable(frame, values, shown.hidden.copy(), marks, row_labels, col_labels)


# -- notes: what a reader must know to read the view ----------------------------------------------
def release_note(public: bool, threshold: int, lang: str) -> str:
    """Whether the view is a public release and what its marks mean, in one sentence."""
    if public:
        return t("analysis.release.public", lang, mark=primary_mark(threshold), n=threshold - 1)
    return t("analysis.release.internal", lang)


def dataset_note(dataset: str, lang: str) -> str | None:
    """The synthetic-data warning, for every view and file built from the demo dataset."""
    return t("analysis.demo_note", lang) if dataset == DEMO else None


def basis_note(scope: Scope, lang: str, style: str) -> str:
    """What a counted case is, in this view: referred in the period, open at a day, served."""
    if scope.basis == "open_at":
        day = scope.at
        assert day is not None
        return t("analysis.basis_note.open_at", lang, day=_day(day, style, lang))
    first = _day(scope.start, style, lang) if scope.start else "…"
    last = _day(scope.end, style, lang) if scope.end else "…"
    return t(f"analysis.basis_note.{scope.basis}", lang, start=first, end=last)


def _day(day, style: str, lang: str) -> str:  # noqa: ANN001 - a date
    if style == "roc":
        roc = f"{day.year - ROC_OFFSET}/{day.month:02d}/{day.day:02d}"
        return f"民國{roc}" if lang == "zh" else f"ROC {roc}"
    return day.isoformat()


def view_notes(
    *,
    title: str,
    city: str,
    scope: Scope,
    public: bool,
    threshold: int,
    dataset: str,
    lang: str,
    style: str,
    extra: Sequence[str] = (),
) -> list[str]:
    """Every note of a view, in the order a file prints them (the release state first)."""
    notes = [release_note(public, threshold, lang)]
    demo = dataset_note(dataset, lang)
    if demo:
        notes.append(demo)
    notes.append(f"{city} · {title}")
    notes.append(basis_note(scope, lang, style))
    notes.extend(extra)
    return notes


# -- downloads -----------------------------------------------------------------------------
def view_csv(frame: pd.DataFrame, notes: Sequence[str]) -> bytes:
    """The table as CSV (UTF-8 with BOM for Excel): each note on a line of its own first,
    then the table exactly as shown."""
    buffer = io.StringIO()
    pd.DataFrame({"note": list(notes)}).pipe(neutralise).to_csv(buffer, index=False, header=False)
    neutralise(frame).to_csv(buffer, index=False)
    return buffer.getvalue().encode(CSV_ENCODING)


def view_xlsx(frame: pd.DataFrame, notes: Sequence[str], *, public: bool, lang: str) -> bytes:
    """The table as an .xlsx (the project's formula-neutralising writer): the table on a sheet
    named for the release state (「公開發布」 / 「內部檢視」), the notes on a second sheet
    whose first line is the release state in full."""
    return build_workbook(
        {
            t(f"analysis.sheet.{'public' if public else 'internal'}", lang): frame,
            t("analysis.sheet.notes", lang): pd.DataFrame({t("analysis.sheet.notes", lang): notes}),
        }
    )
