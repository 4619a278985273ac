"""Referral (通報) trends computed from the case records, beside the printed figures.

A case's referral date (通報日期) dates one referral: the counts here are
*cases referred* per month and per year, by risk type (a case with several
risk types counts once under each, so there is no total across types) and by
referral source (one per case, so the sources add up to all referrals).

**One query, both engines.** :func:`count_case_referrals` asks the case store
for cases by referral month × risk type and by referral month × source
through :func:`safetynet.cases.analysis.count` (Ibis: the same expression on
DuckDB, PostgreSQL or any engine Ibis compiles to). Years are the sums of
their months (a case has one referral month), so the yearly and the monthly
views always agree.

**Public release.** The monthly and the yearly figures are shown on one page,
and a year is the sum of its months: each year is released as one table of
months × categories whose column totals are the year's figures (and, for
sources, whose row totals are each month's referrals and whose grand total
is the year's), suppressed together by :func:`safetynet.cases.suppression.suppress`,
so no hidden month can be worked out from its year or its neighbours. Where
more than :data:`MAX_CATEGORIES` categories have referrals, the smallest are
added up as one 「其他」 category *before* suppression, so the chart, its table
and its download show the same categories and the same marks.

**Printed figures.** The city's ``referrals.csv`` rows stay as printed on the
page; where a printed row is of a risk type (its ``referral_type`` or label
is one of the risk-type vocabulary's spellings), or of all vulnerable-family
referrals (:data:`ALL_REFERRALS_TYPE`, compared with all cases, and its rows
by reporter with the sources), the yearly table puts it beside the count from
the cases with the difference (「與出版數字差異」). A printed figure counts
*referrals* as the source did; the cases count referred cases: the page says
so, and does not hide either.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from safetynet.cases.analysis import Scope, count
from safetynet.cases.bands import preset
from safetynet.cases.display import month_label
from safetynet.cases.engine import CaseEngine
from safetynet.cases.format import load_vocabulary, match_key
from safetynet.cases.suppression import DEFAULT_THRESHOLD, Suppressed, suppress, unsuppressed
from safetynet.formatting import format_number, format_signed_pct, format_year
from safetynet.i18n import t
from safetynet.referrals.trends import MAX_CHART_TYPES

DIMENSIONS = ("risk_type", "referral_source")
VOCABULARY = {"risk_type": "risk_types", "referral_source": "referral_sources"}
GRAINS = ("year", "month")
# Charts and their tables show at most this many categories; beyond, the smallest fold
# into OTHER (so at most MAX_CATEGORIES - 1 named ones and 「其他」).
MAX_CATEGORIES = MAX_CHART_TYPES
OTHER = "__other__"
TOTAL = "__total__"
# A printed referrals.csv type that counts every vulnerable-family referral (any risk type).
ALL_REFERRALS_TYPE = "vulnerable_family"


def is_additive(dim: str) -> bool:
    """Whether every case falls under exactly one category of ``dim`` (sources: yes)."""
    return dim == "referral_source"


# -- the query --------------------------------------------------------------------------------
@dataclass(frozen=True)
class CaseReferralCounts:
    """Cases referred per month by each dimension: ``month`` (first day), the dimension's
    code and ``count``; months with no referral of a category are absent."""

    by_dim: dict[str, pd.DataFrame]

    @property
    def empty(self) -> bool:
        return all(frame.empty for frame in self.by_dim.values())

    def months(self) -> list[pd.Timestamp]:
        """Every month from the first referral month to the last (zeros included)."""
        found = self.by_dim["referral_source"]["month"]
        if found.empty:
            return []
        return list(pd.date_range(found.min(), found.max(), freq="MS"))


def count_case_referrals(engine: CaseEngine, city: str, dataset: str) -> CaseReferralCounts:
    """Cases referred per month by risk type and by source (two Ibis queries)."""
    bands = preset("platform")  # not used: cases are counted, not persons
    return CaseReferralCounts(
        {
            dim: count(engine, city, dataset, "cases", ["month", dim], Scope(), bands)
            for dim in DIMENSIONS
        }
    )


# -- the trend as released ---------------------------------------------------------------------
@dataclass(frozen=True)
class CaseTrend:
    """One dimension's referral counts as a release shows them.

    ``monthly`` has ``month``, ``year``, ``category`` (a code, :data:`OTHER` or, for an
    additive dimension, :data:`TOTAL`), ``count`` and ``mark`` (``<3`` / ``*`` where a
    public release hides the count, else ``None``); ``yearly`` the same per ``year``
    with ``months`` (months of the year in the data: fewer than 12 in a partial year).
    ``categories`` are in reading order (vocabulary order, then any other found, then
    :data:`OTHER`); ``folded`` says how many categories :data:`OTHER` adds up.
    """

    dim: str
    categories: tuple[str, ...]
    folded: int
    monthly: pd.DataFrame
    yearly: pd.DataFrame
    public: bool
    threshold: int
    released: tuple[tuple[int, Suppressed], ...] = ()  # each year's table as released

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(int(y) for y in self.yearly["year"].drop_duplicates())

    @property
    def hidden_any(self) -> bool:
        return bool(self.monthly["mark"].notna().any() or self.yearly["mark"].notna().any())


def _categories(tidy: pd.DataFrame, dim: str) -> tuple[list[str], list[str]]:
    """The categories drawn one by one (reading order) and those folded into OTHER."""
    codes = load_vocabulary(VOCABULARY[dim]).codes
    sizes = tidy.groupby(dim)["count"].sum()
    found = [c for c in codes if c in sizes.index] + [
        c for c in sorted(sizes.index) if c not in set(codes)
    ]
    if len(found) <= MAX_CATEGORIES:
        return found, []
    ranked = sizes.loc[found].sort_values(ascending=False, kind="stable")
    keep = set(ranked.index[: MAX_CATEGORIES - 1])
    return [c for c in found if c in keep], [c for c in found if c not in keep]


def build_case_trend(
    counts: CaseReferralCounts,
    dim: str,
    *,
    public: bool = True,
    threshold: int = DEFAULT_THRESHOLD,
) -> CaseTrend:
    """Monthly and yearly counts of ``dim``, every year released as one table (see the module
    docstring): suppressed for a public release, whole for staff."""
    if dim not in DIMENSIONS:
        raise ValueError(f"unknown dimension {dim!r}; one of {DIMENSIONS}")
    tidy = counts.by_dim[dim]
    shown, folded = _categories(tidy, dim)
    columns = shown + ([OTHER] if folded else [])
    additive = is_additive(dim)
    months = counts.months()
    monthly_rows: list[dict] = []
    yearly_rows: list[dict] = []
    released: list[tuple[int, Suppressed]] = []
    if not months or not columns:
        return CaseTrend(dim, tuple(columns), len(folded), _frame(monthly_rows, "month"),
                         _frame(yearly_rows, "year"), public, threshold)  # fmt: skip
    category = tidy[dim].where(tidy[dim].isin(shown), OTHER)
    grid = (
        tidy.assign(category=category)
        .groupby(["month", "category"])["count"]
        .sum()
        .unstack("category", fill_value=0)
        .reindex(index=pd.DatetimeIndex(months), columns=columns, fill_value=0)
        .astype("int64")
    )
    grid_years = pd.DatetimeIndex(grid.index).year
    for year in sorted(set(grid_years)):
        block = grid[grid_years == year]
        cells = block.to_numpy()
        if public:
            table = suppress(cells, threshold=threshold, row_totals=additive, col_totals=True)
        else:
            table = unsuppressed(cells, row_totals=additive, col_totals=True, threshold=threshold)
        released.append((int(year), table))
        rows = cells.shape[0]
        keys = [*columns, TOTAL] if additive else columns
        for i, month in enumerate(block.index):
            for j, key in enumerate(keys):
                monthly_rows.append(
                    {
                        "month": month,
                        "year": int(year),
                        "category": key,
                        "count": int(table.values[i, j]),
                        "mark": table.mark(i, j),
                    }
                )
        for j, key in enumerate(keys):
            yearly_rows.append(
                {
                    "year": int(year),
                    "category": key,
                    "count": int(table.values[rows, j]),
                    "mark": table.mark(rows, j),
                    "months": rows,
                }
            )
    return CaseTrend(
        dim,
        tuple(columns),
        len(folded),
        _frame(monthly_rows, "month"),
        _frame(yearly_rows, "year"),
        public,
        threshold,
        tuple(released),
    )


def _frame(rows: list[dict], grain: str) -> pd.DataFrame:
    columns = (
        ["month", "year", "category", "count", "mark"]
        if grain == "month"
        else ["year", "category", "count", "mark", "months"]
    )
    frame = pd.DataFrame(rows, columns=columns)
    frame["mark"] = frame["mark"].astype(object).where(frame["mark"].notna(), None)
    return frame


# -- the printed figures beside ------------------------------------------------------------------
def printed_counts(referrals: pd.DataFrame, dim: str) -> pd.DataFrame:
    """The printed ``referrals.csv`` figures comparable with the cases' counts of ``dim``:
    ``year``, ``category``, ``printed``, ``label`` (as printed) and ``source``.

    By risk type: the printed totals (rows without a reporter) whose type or label is a
    spelling of a risk type. By source: the printed rows of :data:`ALL_REFERRALS_TYPE`
    whose reporter is a spelling of a source, and its total as :data:`TOTAL`.
    """
    columns = ["year", "category", "printed", "label", "source"]
    if referrals.empty:
        return pd.DataFrame(columns=columns)
    rows = referrals.copy()
    totals = rows["reporter"].isna() | (rows["reporter"].astype(str).str.strip() == "")
    if dim == "risk_type":
        lookup = load_vocabulary("risk_types").lookup

        def risk(row: pd.Series) -> str | None:
            for spelling in (row["referral_type"], row["type_zh"], row["type_en"]):
                code = lookup.get(match_key(str(spelling))) if pd.notna(spelling) else None
                if code:
                    return code
            return None

        picked = rows[totals].copy()
        picked["category"] = [risk(r) for _, r in picked.iterrows()]
    else:
        lookup = load_vocabulary("referral_sources").lookup
        picked = rows[rows["referral_type"] == ALL_REFERRALS_TYPE].copy()
        picked["category"] = [
            TOTAL if is_total else lookup.get(match_key(str(reporter)))
            for reporter, is_total in zip(picked["reporter"], totals[picked.index], strict=True)
        ]
    picked = picked[picked["category"].notna()]
    out = pd.DataFrame(
        {
            "year": picked["year"].astype(int),
            "category": picked["category"],
            "printed": picked["count"].astype("int64"),
            "label": picked["type_zh"] if dim == "risk_type" else picked["reporter"],
            "source": picked["source"],
        },
        columns=columns,
    )
    # several printed rows of one category and year (two spellings of a source): added up
    return (
        out.groupby(["year", "category"], as_index=False, sort=True)
        .agg(printed=("printed", "sum"), label=("label", "first"), source=("source", "first"))
        .reset_index(drop=True)[columns]
    )


@dataclass(frozen=True)
class Comparison:
    """The yearly counts beside the printed figures: ``yearly`` plus ``printed``, ``label``,
    ``printed_source`` and ``difference`` (cases − printed; missing where either is missing
    or the release hides the count, since a difference would give the count away)."""

    frame: pd.DataFrame

    @property
    def differing(self) -> pd.DataFrame:
        """Rows where both figures are shown and differ."""
        f = self.frame
        return f[f["difference"].notna() & (f["difference"] != 0)]

    @property
    def compared(self) -> int:
        return int(self.frame["printed"].notna().sum())


def compare_with_printed(trend: CaseTrend, printed: pd.DataFrame) -> Comparison:
    """Each year and category of the trend, with the printed figure of that year and
    category where there is one (only years the cases cover)."""
    merged = trend.yearly.merge(
        printed.rename(columns={"source": "printed_source"}), on=["year", "category"], how="left"
    )
    shown = merged["mark"].isna()
    merged["printed"] = merged["printed"].astype("Int64")
    merged["difference"] = (merged["count"].astype("Int64") - merged["printed"]).where(shown)
    return Comparison(merged.reset_index(drop=True))


# -- tables as the reader sees them -------------------------------------------------------------
def category_name(dim: str, code: str, lang: str, folded: int = 0) -> str:
    """A category as a reader sees it: 「經濟陷困…」「社政」「其他（n 類）」「合計」."""
    if code == TOTAL:
        return t("ref.cases.all", lang)
    if code == OTHER:
        return t("chart.other_types", lang, n=format_number(folded, 0, lang))
    return load_vocabulary(VOCABULARY[dim]).label(code, lang)


def shown_count(value: int, mark: str | None, lang: str) -> str:
    """A count as released: its mark when hidden, else the number with separators."""
    return mark if mark is not None else format_number(int(value), 0, lang)


def _difference_text(row: pd.Series, lang: str) -> str:
    if pd.isna(row["printed"]):
        return ""
    if row["mark"] is not None:
        return t("ref.cases.diff_hidden", lang)
    diff = int(row["difference"])
    if diff == 0:
        return t("ref.cases.diff_same", lang)
    printed = int(row["printed"])
    pct = format_signed_pct(100 * diff / printed, 1, lang) if printed else ""
    return t("ref.cases.diff", lang, diff=f"{diff:+,d}", pct=pct)


def yearly_table(
    trend: CaseTrend,
    comparison: Comparison | None,
    years: Sequence[int],
    lang: str,
    style: str,
) -> pd.DataFrame:
    """One row per year and category: the count from the cases (as released), and where a
    printed figure exists, that figure as printed and the difference."""
    frame = (
        comparison.frame
        if comparison is not None
        else trend.yearly.assign(printed=pd.Series(pd.NA, index=trend.yearly.index, dtype="Int64"))
    )
    frame = frame[frame["year"].isin(list(years))]
    order = {c: i for i, c in enumerate([*trend.categories, TOTAL])}
    frame = frame.assign(_o=frame["category"].map(order)).sort_values(["year", "_o"], kind="stable")
    out: dict[str, object] = {
        t("ref.col.year", lang): [format_year(int(y), style, lang) for y in frame["year"]],
        t(f"ref.cases.col.{trend.dim}", lang): [
            category_name(trend.dim, c, lang, trend.folded) for c in frame["category"]
        ],
        t("ref.cases.col.count", lang): [
            shown_count(n, m, lang) for n, m in zip(frame["count"], frame["mark"], strict=True)
        ],
        t("ref.cases.col.months", lang): [
            t("ref.cases.whole_year", lang) if m == 12 else t("ref.cases.part_year", lang, n=int(m))
            for m in frame["months"]
        ],
    }
    has_printed = comparison is not None and comparison.compared > 0
    if has_printed:
        out[t("ref.cases.col.printed", lang)] = [
            "" if pd.isna(p) else format_number(int(p), 0, lang) for p in frame["printed"]
        ]
        out[t("ref.cases.col.difference", lang)] = [
            _difference_text(r, lang) for _, r in frame.iterrows()
        ]
        out[t("ref.cases.col.printed_source", lang)] = [
            "" if pd.isna(s) else str(s) for s in frame["printed_source"]
        ]
    return pd.DataFrame(out).reset_index(drop=True)


def monthly_table(trend: CaseTrend, years: Sequence[int], lang: str, style: str) -> pd.DataFrame:
    """Months as rows, categories (and, for sources, all referrals) as columns, as released."""
    frame = trend.monthly[trend.monthly["year"].isin(list(years))]
    keys = [*trend.categories, *([TOTAL] if is_additive(trend.dim) else [])]
    out: dict[str, list[str]] = {
        t("ref.cases.col.month", lang): [
            month_label(m, style, lang) for m in frame["month"].drop_duplicates()
        ]
    }
    for key in keys:
        part = frame[frame["category"] == key]
        out[category_name(trend.dim, key, lang, trend.folded)] = [
            shown_count(n, m, lang) for n, m in zip(part["count"], part["mark"], strict=True)
        ]
    return pd.DataFrame(out)


def trend_notes(
    trend: CaseTrend,
    *,
    dataset_note: str | None,
    release_note: str,
    lang: str,
    heading: str | None = None,
) -> list[str]:
    """What a reader of the chart, the table or its file must know, in the order a file
    prints them: the release state, the synthetic-data warning, the heading (city and
    title), then how the counts were made."""
    notes = [release_note]
    if dataset_note:
        notes.append(dataset_note)
    if heading:
        notes.append(heading)
    notes.extend(reading_notes(trend, lang))
    return notes


def reading_notes(trend: CaseTrend, lang: str) -> list[str]:
    """How the counts were made: what a count is, types not added up, what 「其他」 holds."""
    notes = [t("ref.cases.basis", lang)]
    if not is_additive(trend.dim):
        notes.append(t("ref.cases.multi", lang))
    if trend.folded:
        notes.append(t("ref.cases.folded", lang, n=trend.folded, shown=MAX_CATEGORIES - 1))
    return notes


def chart_values(trend: CaseTrend, grain: str, years: Sequence[int]) -> pd.DataFrame:
    """The chart's points: ``x`` (year or month), ``category``, ``value`` (``NaN`` where hidden)
    and ``mark``; the total of an additive dimension is not drawn (its parts are stacked)."""
    frame = trend.yearly if grain == "year" else trend.monthly
    frame = frame[frame["year"].isin(list(years)) & (frame["category"] != TOTAL)]
    value = frame["count"].astype(float).where(frame["mark"].isna(), np.nan)
    return pd.DataFrame(
        {
            "x": frame["year" if grain == "year" else "month"].to_numpy(),
            "category": frame["category"].to_numpy(),
            "value": value.to_numpy(),
            "mark": frame["mark"].to_numpy(),
        }
    )
