"""Referral (通報) trends: yearly series per type, changes, growth, index and rates.

Every figure here is computed from the counts in ``referrals.csv``. Growth
figures that a source prints without the counts behind them (Kaohsiung's
+176.58 %) come from ``outcomes.csv`` and are carried separately, marked as
published, never mixed with computed ones. Types measure different things
(reports, person-times, caseloads, persons) and are never added together.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from safetynet.figures import Figure, outcome_figures

if TYPE_CHECKING:
    from safetynet.storage.store import Store

# Referral figures a source prints as single values (outcomes.csv), in reading order.
PUBLISHED_REFERRAL_METRICS: tuple[str, ...] = (
    "vulnerable_family_referral_growth_pct",
    "referrals_jan_jun",
    "referral_rate_pct",
    "referral_rate_rank",
)
# outcomes.csv metric holding a city's population; a rate needs one for that very year.
POPULATION_METRIC = "population"
RATE_BASE = 10_000
# Series whose peaks differ by this factor or more are easier to read as small multiples.
FACET_SCALE_RATIO = 5.0
# Charts stay readable at any volume: the trend chart starts with the largest types and
# never draws more than MAX_CHART_TYPES lines; the per-source chart shows a few types,
# each with its largest sources and the rest added up as 「其他」.
DEFAULT_CHART_TYPES = 8
MAX_CHART_TYPES = 12
DEFAULT_REPORTER_TYPES = 4
MAX_REPORTER_TYPES = 6
DEFAULT_TOP_SOURCES = 6
MAX_TOP_SOURCES = 12


@dataclass(frozen=True)
class ReferralType:
    """A referral type as the data labels it, with its unit."""

    code: str
    label_zh: str
    label_en: str
    unit_zh: str
    unit_en: str

    def label(self, lang: str) -> str:
        return self.label_zh if lang == "zh" else self.label_en

    def unit(self, lang: str) -> str:
        return self.unit_zh if lang == "zh" else self.unit_en


@dataclass(frozen=True)
class ReferralParams:
    """Filters: an inclusive year range (``None`` = open end) and types (``None`` = all)."""

    year_from: int | None = None
    year_to: int | None = None
    types: tuple[str, ...] | None = None


@dataclass(frozen=True)
class SeriesSummary:
    """One type over the selected years: first and last count, change and growth."""

    referral_type: ReferralType
    first_year: int
    last_year: int
    first_count: int
    last_count: int
    change: int
    growth_pct: float | None
    latest_yoy_pct: float | None


@dataclass(frozen=True)
class ReferralTrends:
    """What the referrals page shows, all computed from the city's tables.

    ``series`` has one row per type and year in the selection: ``referral_type``,
    labels, units, ``year``, ``count``, ``yoy_change`` and ``yoy_pct`` (against
    the previous calendar year, missing when that year is not in the data),
    ``index`` (first selected year of the type = 100), ``rate_per_10k``
    (missing unless the data holds that year's population), ``from_reporters``
    (the total was added up from per-source rows because no total row exists),
    ``source`` and ``note``. ``published`` holds the figures a source prints
    without the counts; they are never recomputed.
    """

    all_years: tuple[int, ...]
    all_types: tuple[ReferralType, ...]
    years: tuple[int, int] | None
    types: tuple[ReferralType, ...]
    series: pd.DataFrame
    summaries: tuple[SeriesSummary, ...]
    population: pd.DataFrame
    reporters: pd.DataFrame
    published: tuple[Figure, ...]
    undated_population: Figure | None = None

    @property
    def has_counts(self) -> bool:
        return bool(self.all_types)

    @property
    def rates_available(self) -> bool:
        return bool(self.series["rate_per_10k"].notna().any()) if len(self.series) else False

    @property
    def scale_ratio(self) -> float | None:
        """Largest series peak ÷ smallest series peak (``None`` with fewer than two series)."""
        if self.series.empty:
            return None
        peaks = self.series.groupby("referral_type")["count"].max()
        if len(peaks) < 2 or peaks.min() <= 0:
            return None
        return float(peaks.max() / peaks.min())

    def suggest_facets(self, measure: str) -> bool:
        """Small multiples when counts or rates differ a lot in scale; the index shares one."""
        ratio = self.scale_ratio
        return measure != "index" and ratio is not None and ratio >= FACET_SCALE_RATIO

    @property
    def published_growth(self) -> tuple[Figure, ...]:
        return tuple(f for f in self.published if f.key.endswith("_growth_pct"))


SERIES_COLUMNS = [
    "referral_type",
    "label_zh",
    "label_en",
    "unit_zh",
    "unit_en",
    "year",
    "count",
    "yoy_change",
    "yoy_pct",
    "index",
    "rate_per_10k",
    "from_reporters",
    "source",
    "note",
]


def referral_types(referrals: pd.DataFrame) -> tuple[ReferralType, ...]:
    """The types in the table, in the order the source prints them."""
    first = referrals.drop_duplicates("referral_type")
    return tuple(
        ReferralType(r.referral_type, r.type_zh, r.type_en, r.unit, r.unit_en)
        for r in first.itertuples(index=False)
    )


def yearly_population(outcomes: pd.DataFrame) -> pd.DataFrame:
    """Population figures that carry a single year: ``year``, ``population``, ``source``.

    A population printed without a year (Keelung's 371,458) cannot be matched to
    a referral year, so it gives no rate.
    """
    rows = outcomes[
        (outcomes["metric"] == POPULATION_METRIC)
        & outcomes["year"].notna()
        & outcomes["year_to"].isna()
    ]
    return pd.DataFrame(
        {
            "year": rows["year"].astype(int),
            "population": rows["value"].astype(float),
            "source": rows["source"],
        }
    ).reset_index(drop=True)


def _totals(referrals: pd.DataFrame) -> pd.DataFrame:
    """One row per type and year: the printed total, else the sum of its per-source rows."""
    totals = referrals[referrals["reporter"].isna()].copy()
    totals["from_reporters"] = False
    by_source = referrals[referrals["reporter"].notna()]
    if not by_source.empty:
        have = set(zip(totals["referral_type"], totals["year"], strict=True))
        summed = (
            by_source.groupby(["referral_type", "year"], sort=False)
            .agg(
                type_zh=("type_zh", "first"),
                type_en=("type_en", "first"),
                count=("count", "sum"),
                unit=("unit", "first"),
                unit_en=("unit_en", "first"),
                source=("source", "first"),
                note=("note", "first"),
            )
            .reset_index()
        )
        keep = [
            (c, y) not in have for c, y in zip(summed["referral_type"], summed["year"], strict=True)
        ]
        summed = summed[keep].assign(from_reporters=True, reporter=None)
        totals = pd.concat([totals, summed], ignore_index=True)
    return totals


def compute_referral_trends(
    referrals: pd.DataFrame,
    outcomes: pd.DataFrame,
    params: ReferralParams | None = None,
    *,
    all_types: tuple[ReferralType, ...] | None = None,
    all_years: tuple[int, ...] | None = None,
) -> ReferralTrends:
    """Series, changes, index and rates for the selected years and types.

    Year-on-year change compares with the previous calendar year only; a gap in
    the years gives no change rather than a change over two years. Growth over
    the period compares the first and last selected year of each type. The
    index divides by the first selected year's count (no index if that is 0).
    Given the table's ``all_types`` and ``all_years`` (:func:`stored_types_and_years`),
    ``referrals`` need only hold the rows of the chosen types.
    """
    params = params or ReferralParams()
    if all_types is None:
        all_types = referral_types(referrals)
    if all_years is None:
        all_years = tuple(sorted(int(y) for y in referrals["year"].dropna().unique()))
    published = outcome_figures(outcomes, PUBLISHED_REFERRAL_METRICS)
    population = yearly_population(outcomes)
    undated = [f for f in outcome_figures(outcomes, (POPULATION_METRIC,)) if f.year is None]
    wanted = None if params.types is None else set(params.types)
    chosen = [rt for rt in all_types if wanted is None or rt.code in wanted]
    if not all_years:
        return ReferralTrends(
            (), (), None, (), pd.DataFrame(columns=SERIES_COLUMNS), (), population,
            _reporter_rows(referrals.iloc[:0]), published, undated[0] if undated else None,
        )  # fmt: skip
    low = max(params.year_from or all_years[0], all_years[0])
    high = min(params.year_to or all_years[-1], all_years[-1])
    low, high = min(low, high), max(low, high)
    in_range = referrals["year"].between(low, high) & referrals["referral_type"].isin(
        [rt.code for rt in chosen]
    )
    selected = referrals[in_range]
    totals = _totals(selected)
    order = {rt.code: i for i, rt in enumerate(all_types)}
    totals = totals.assign(_order=totals["referral_type"].map(order)).sort_values(
        ["_order", "year"], kind="stable"
    )
    series, summaries = _series(totals, chosen, population)
    return ReferralTrends(
        all_years=all_years,
        all_types=all_types,
        years=(low, high),
        types=tuple(chosen),
        series=series,
        summaries=tuple(summaries),
        population=population[population["year"].between(low, high)].reset_index(drop=True),
        reporters=_reporter_rows(selected),
        published=published,
        undated_population=undated[0] if undated else None,
    )


def _series(
    totals: pd.DataFrame, chosen: list[ReferralType], population: pd.DataFrame
) -> tuple[pd.DataFrame, tuple[SeriesSummary, ...]]:
    """Every measure of every chosen type and year in one pass over ``totals``.

    ``totals`` is sorted by type (source order) and year, one row per type and year.
    """
    if totals.empty:
        return pd.DataFrame(columns=SERIES_COLUMNS), ()
    kinds = {rt.code: rt for rt in chosen}
    frame = totals[["referral_type", "year", "count", "from_reporters", "source", "note"]].copy()
    frame["year"] = frame["year"].astype(int)
    frame["count"] = frame["count"].astype(int)
    before = frame[["referral_type", "year", "count"]].rename(columns={"count": "previous"})
    before["year"] += 1
    frame = frame.merge(before, on=["referral_type", "year"], how="left")  # keeps row order
    group = frame.groupby("referral_type", sort=False)
    base = group["count"].transform("first")
    previous = frame["previous"]
    count = frame["count"]
    pop = frame["year"].map(dict(zip(population["year"], population["population"], strict=True)))
    series = pd.DataFrame(
        {
            "referral_type": frame["referral_type"],
            "label_zh": frame["referral_type"].map({c: k.label_zh for c, k in kinds.items()}),
            "label_en": frame["referral_type"].map({c: k.label_en for c, k in kinds.items()}),
            "unit_zh": frame["referral_type"].map({c: k.unit_zh for c, k in kinds.items()}),
            "unit_en": frame["referral_type"].map({c: k.unit_en for c, k in kinds.items()}),
            "year": frame["year"],
            "count": count,
            "yoy_change": (count - previous).astype("Int64"),
            "yoy_pct": (100 * (count - previous) / previous.where(previous != 0)).astype(float),
            "index": (100 * count / base.where(base != 0)).astype(float),
            "rate_per_10k": (RATE_BASE * count / pop.where(pop > 0)).astype(float),
            "from_reporters": frame["from_reporters"].astype(bool),
            "source": frame["source"],
            "note": frame["note"],
        },
        columns=SERIES_COLUMNS,
    )
    first = group.head(1).set_index("referral_type")
    last = group.tail(1).set_index("referral_type")  # "last" of agg() would skip a gap's NaN
    summaries = tuple(
        SeriesSummary(
            referral_type=kinds[code],
            first_year=int(first.at[code, "year"]),
            last_year=int(last.at[code, "year"]),
            first_count=int(first.at[code, "count"]),
            last_count=int(last.at[code, "count"]),
            change=int(last.at[code, "count"] - first.at[code, "count"]),
            growth_pct=_pct_change(int(first.at[code, "count"]), int(last.at[code, "count"])),
            latest_yoy_pct=_pct_change(
                None if pd.isna(last.at[code, "previous"]) else int(last.at[code, "previous"]),
                int(last.at[code, "count"]),
            ),
        )
        for code in first.index
    )
    return series, summaries


def types_with_sources(referrals: pd.DataFrame) -> tuple[str, ...]:
    """The types that have per-source rows, in source order."""
    return tuple(dict.fromkeys(referrals.loc[referrals["reporter"].notna(), "referral_type"]))


def largest_types(referrals: pd.DataFrame, n: int, reporters: bool = False) -> tuple[str, ...]:
    """The ``n`` types with the largest count in their latest year, in source order.

    With ``reporters`` only types that have per-source rows count, ranked by their
    per-source total. Used as the charts' starting choice; ties keep source order.
    """
    if reporters:
        rows = referrals[referrals["reporter"].notna()]
        size = rows.groupby("referral_type", sort=False)["count"].sum()
    else:
        rows = referrals[referrals["reporter"].isna()]
        if rows.empty:
            rows = referrals
        latest = rows.groupby("referral_type", sort=False)["year"].transform("max")
        size = rows[rows["year"] == latest].groupby("referral_type", sort=False)["count"].sum()
    if size.empty:
        return ()
    keep = set(size.sort_values(ascending=False, kind="stable").index[:n])
    return tuple(c for c in dict.fromkeys(referrals["referral_type"]) if c in keep)


# -- the same, read from the store: the database picks the rows and adds them up ----------
# The outcomes metrics the page reads (the published figures and the population).
OUTCOME_METRICS = (*PUBLISHED_REFERRAL_METRICS, POPULATION_METRIC)
# More chosen types than this are read with the whole table (an IN list stays short).
MAX_READ_TYPES = 500


def stored_types_and_years(
    store: Store, city: str
) -> tuple[tuple[ReferralType, ...], tuple[int, ...]]:
    """The types (in source order, labelled by their first row) and years of the table,
    as :func:`compute_referral_trends` finds them, from the database's group-by."""
    labels = store.summary(city, "referrals", ("referral_type", "type_zh", "type_en", "unit",
                                               "unit_en"))  # fmt: skip
    years = store.summary(city, "referrals", ("year",))["year"].dropna()
    return referral_types(labels), tuple(sorted(int(y) for y in years))


def stored_referral_trends(store: Store, city: str, params: ReferralParams) -> ReferralTrends:
    """:func:`compute_referral_trends` of the city's tables, reading only the rows of the
    chosen types and the outcomes metrics it shows (a bureau's table stays in the store)."""
    all_types, all_years = stored_types_and_years(store, city)
    outcomes = store.read(city, "outcomes", {"metric": OUTCOME_METRICS})
    codes = [rt.code for rt in all_types]
    if params.types is not None:
        codes = [c for c in codes if c in set(params.types)]
    where = {"referral_type": codes} if len(codes) <= MAX_READ_TYPES else None
    referrals = store.read(city, "referrals", where)
    return compute_referral_trends(
        referrals, outcomes, params, all_types=all_types, all_years=all_years
    )


def _by_type_and_source(store: Store, city: str) -> pd.DataFrame:
    return store.summary(city, "referrals", ("referral_type", "reporter"), ("count",))


def stored_types_with_sources(store: Store, city: str) -> tuple[str, ...]:
    """:func:`types_with_sources`, from the counts added up per type and source."""
    return types_with_sources(_by_type_and_source(store, city))


def stored_largest_types(
    store: Store, city: str, n: int, reporters: bool = False
) -> tuple[str, ...]:
    """:func:`largest_types` of the city's table, from the database's sums per type and
    source (``reporters``) or per type and year of the total rows."""
    all_types, _years = stored_types_and_years(store, city)
    if reporters:
        rows = _by_type_and_source(store, city)
        rows = rows[rows["reporter"].notna()]
        size = rows.groupby("referral_type", sort=False)["count"].sum()
    else:
        totals = {"reporter": [None]}
        rows = store.summary(city, "referrals", ("referral_type", "year"), ("count",), where=totals)
        if rows.empty:
            rows = store.summary(city, "referrals", ("referral_type", "year"), ("count",))
        latest = rows.groupby("referral_type", sort=False)["year"].transform("max")
        size = rows[rows["year"] == latest].groupby("referral_type", sort=False)["count"].sum()
    if size.empty:
        return ()
    keep = set(size.sort_values(ascending=False, kind="stable").index[:n])
    return tuple(rt.code for rt in all_types if rt.code in keep)


@dataclass(frozen=True)
class ReporterChart:
    """Per-source counts for a few types, the smaller sources added up as one "other" part.

    ``rows`` has ``referral_type``, ``label_zh``, ``label_en``, ``year``, ``reporter`` (the
    source, or ``None`` for the added-up rest), ``count``; ``sources`` are the sources shown
    one by one, largest first; ``others`` how many sources were added up.
    """

    rows: pd.DataFrame
    types: tuple[str, ...]
    sources: tuple[str, ...]
    others: int


def reporter_chart(
    reporters: pd.DataFrame, types: Sequence[str], top_sources: int = DEFAULT_TOP_SOURCES
) -> ReporterChart:
    """The chart's data: ``types`` (at most :data:`MAX_REPORTER_TYPES`, in source order)
    with their ``top_sources`` largest sources; the rest of each year is one 「其他」 part.

    Counts of different types are never added together; sources of one type are.
    """
    wanted = set(list(dict.fromkeys(types))[:MAX_REPORTER_TYPES])
    rows = reporters[reporters["referral_type"].isin(wanted)]
    shown = tuple(c for c in dict.fromkeys(rows["referral_type"]))
    ranking = rows.groupby("reporter", sort=False)["count"].sum()
    ranking = ranking.sort_values(ascending=False, kind="stable")
    top = max(1, min(int(top_sources), MAX_TOP_SOURCES))
    keep = tuple(ranking.index[:top]) if len(ranking) > top else tuple(ranking.index)
    folded = rows.assign(reporter=rows["reporter"].where(rows["reporter"].isin(keep), None))
    summed = (
        folded.groupby(["referral_type", "year", "reporter"], sort=False, dropna=False)["count"]
        .sum()
        .reset_index()
    )
    labels = rows.drop_duplicates("referral_type").set_index("referral_type")
    summed["label_zh"] = summed["referral_type"].map(labels["type_zh"])
    summed["label_en"] = summed["referral_type"].map(labels["type_en"])
    summed["reporter"] = summed["reporter"].astype(object).where(summed["reporter"].notna(), None)
    columns = ["referral_type", "label_zh", "label_en", "year", "reporter", "count"]
    return ReporterChart(summed[columns], shown, keep, len(ranking) - len(keep))


def _pct_change(before: int | None, after: int) -> float | None:
    if before is None or before == 0:
        return None
    return 100 * (after - before) / before


def _reporter_rows(referrals: pd.DataFrame) -> pd.DataFrame:
    """Rows that name a reporting source (社政、醫衛、教育、警政…), or none."""
    rows = referrals[referrals["reporter"].notna()]
    columns = ["referral_type", "type_zh", "type_en", "year", "reporter", "count", "unit"]
    return rows[columns + ["unit_en", "source"]].reset_index(drop=True)
