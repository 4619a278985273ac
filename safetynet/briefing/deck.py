"""Briefing decks: the slides a director presents, built from the stored tables.

A :class:`Deck` is a title slide plus the slides of the sections the user
picked, in the sections' fixed order. Every slide is a frozen dataclass that
holds only finished text and numbers in the chosen language, with its source
line, so the screen view (components/briefing_view.py), the PowerPoint
export (:mod:`safetynet.briefing.pptx`) and the PDF export
(:mod:`safetynet.briefing.pdf`) show the same thing.

Adding a section is one builder and one :func:`register_section` call::

    def build_referral_slides(ctx: BriefingContext) -> tuple[Slide, ...]:
        ...  # compute with safetynet.referrals.trends, return ChartSlide(...) etc.

    register_section(Section("referrals", 30, "briefing.section.referrals",
                             ("referrals",), build_referral_slides))

``order`` places it among the others (overview 10, map 20, referrals 30,
risk types 40, case analysis 45 (in :mod:`safetynet.briefing.cases`), staffing 50,
staffing scenario 60, indicator scorecard 70).
"""

from __future__ import annotations

import dataclasses
import numbers
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

import pandas as pd
import sqlalchemy as sa

from safetynet.cards import Card
from safetynet.cities import City
from safetynet.figures import figure_cards, figure_sources, outcome_figures
from safetynet.formatting import (
    PERCENT_UNITS,
    format_number,
    format_pct,
    format_year,
    format_year_range,
    is_missing,
    with_unit,
)
from safetynet.i18n import note_in, t
from safetynet.indicators.tables import TrackerTables
from safetynet.indicators.tracker import (
    BEHIND,
    MET,
    MISSED,
    NO_DATA,
    ScorecardParams,
    TrackerParams,
    compute_status_table,
    default_status_year,
)
from safetynet.indicators.views import (
    doubted_orders,
    final_target_text,
    name_of,
    scorecard_display_table,
    status_label,
    summary_sentence,
    target_caveat,
    target_caveat_label,
)
from safetynet.overview import compute_overview, overview_cards
from safetynet.phases import load_phases, period_label
from safetynet.referrals.trends import compute_referral_trends, largest_types
from safetynet.referrals.views import SUMMARY_COLUMNS, referral_summary_table
from safetynet.risk.shares import RISK_OUTCOME_METRICS, compute_risk_shares
from safetynet.risk.views import risk_share_display_table
from safetynet.staffing.planner import PlannerParams, compute_plan
from safetynet.staffing.planner_views import lines_table
from safetynet.staffing.posts import compute_hiring
from safetynet.storage.store import Store
from safetynet.validation.rules import expected_total, year_periods

if TYPE_CHECKING:
    from safetynet.briefing.case_choice import CaseViews

NOT_LISTED = "—"  # a table cell the source does not list
ChartKind = Literal["bar", "stacked_bar", "line", "doughnut"]
CHART_KINDS: tuple[ChartKind, ...] = ("bar", "stacked_bar", "line", "doughnut")


# -- the deck model ------------------------------------------------------------
@dataclass(frozen=True)
class Series:
    """One named series of a chart; ``None`` where the source gives no value."""

    name: str
    values: tuple[float | None, ...]


@dataclass(frozen=True)
class TitleSlide:
    title: str
    subtitle: str
    source: str


@dataclass(frozen=True)
class KpiSlide:
    title: str
    source: str
    cards: tuple[Card, ...]
    caption: str = ""


@dataclass(frozen=True)
class ChartSlide:
    """A chart drawn from its data: categories along the axis, one value per series each.

    ``unit`` is the reader's unit (人, %, …); percentages are stored in percent
    units (43 = 43 %), as in the data files.
    """

    title: str
    source: str
    kind: ChartKind
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    unit: str
    decimals: int = 0
    caption: str = ""

    def __post_init__(self) -> None:
        if self.kind not in CHART_KINDS:
            raise ValueError(f"chart kind {self.kind!r} is not one of {CHART_KINDS}")
        for s in self.series:
            if len(s.values) != len(self.categories):
                raise ValueError(
                    f"series {s.name!r} has {len(s.values)} values for "
                    f"{len(self.categories)} categories"
                )
        if self.kind == "doughnut" and len(self.series) != 1:
            raise ValueError("a doughnut chart has exactly one series")

    @property
    def percent(self) -> bool:
        return self.unit in PERCENT_UNITS

    @property
    def number_format(self) -> str:
        """The Excel number format of the values (PowerPoint's chart data sheet)."""
        digits = "#,##0" + ("." + "0" * self.decimals if self.decimals else "")
        return digits + '"%"' if self.percent else digits

    def format_value(self, value: float | None, lang: str) -> str:
        """A value as the slide prints it: ``1,234`` / ``96.2%`` / ``無資料``."""
        if self.percent:
            return format_pct(value, self.decimals, lang)
        return format_number(value, self.decimals, lang)


@dataclass(frozen=True)
class TableSlide:
    """A table as text; ``label_columns`` are set flush left, the others (figures) right."""

    title: str
    source: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    caption: str = ""
    label_columns: tuple[int, ...] = (0,)

    def __post_init__(self) -> None:
        for row in self.rows:
            if len(row) != len(self.columns):
                raise ValueError(f"table row {row!r} does not have {len(self.columns)} cells")


@dataclass(frozen=True)
class ImageSlide:
    """A picture (PNG bytes), e.g. the service-network map; ``alt`` describes it."""

    title: str
    source: str
    png: bytes = field(repr=False)
    alt: str
    caption: str = ""


@dataclass(frozen=True)
class MessageSlide:
    """A slide that says why a section has nothing to show (never an empty chart)."""

    title: str
    source: str
    text: str


Slide = TitleSlide | KpiSlide | ChartSlide | TableSlide | ImageSlide | MessageSlide


@dataclass(frozen=True)
class Deck:
    """The composed briefing: slides in order, in one language, for one city and year."""

    city: str
    lang: str
    year: int | None
    title: str
    slides: tuple[Slide, ...]

    def __len__(self) -> int:
        return len(self.slides)


# -- sections -----------------------------------------------------------------
@dataclass(frozen=True)
class SavedScenario:
    """A planner scenario saved in 人力試算, as the page read it from the store.

    ``params`` is ``None`` when the saved scenario no longer reads back;
    ``problem`` then says why (the briefing shows that instead of a plan).
    """

    name: str
    params: PlannerParams | None
    saved_at: str = ""
    problem: str = ""


@dataclass(frozen=True)
class BriefingContext:
    """What a section builder gets: the city, its tables, the reader's settings, the year.

    ``year`` (Gregorian) is the briefing year: figures after it are left out.
    ``scenario`` is the saved planner scenario the user picked (``None``: none saved).
    ``cases`` are the case-analysis views of the year (``None``: no case data).
    """

    city: City
    tables: Mapping[str, pd.DataFrame]
    lang: str
    year_style: str = "roc"
    year: int | None = None
    scenario: SavedScenario | None = None
    cases: CaseViews | None = None
    # the indicator tracker read from the store part by part (None: from ``tables``)
    indicators: TrackerTables | None = None


SectionBuilder = Callable[[BriefingContext], Sequence[Slide]]


@dataclass(frozen=True)
class Section:
    """A section the user can pick: where it goes, its name, the tables it reads, its builder."""

    key: str
    order: int
    title_key: str
    tables: tuple[str, ...]
    build: SectionBuilder
    default: bool = True  # chosen when the page opens


SECTIONS: dict[str, Section] = {}


def register_section(section: Section) -> None:
    """Make ``section`` available to the briefing page and the exports (replaces same key)."""
    SECTIONS[section.key] = section


def section_keys() -> list[str]:
    """Registered section keys in deck order."""
    return [s.key for s in sorted(SECTIONS.values(), key=lambda s: (s.order, s.key))]


def tables_for(keys: Iterable[str]) -> tuple[str, ...]:
    """The store tables the chosen sections read (what the page loads), without repeats."""
    names: dict[str, None] = {}
    for key in keys:
        for name in _section(key).tables:
            names.setdefault(name, None)
    return tuple(names)


def _section(key: str) -> Section:
    try:
        return SECTIONS[key]
    except KeyError:
        raise KeyError(f"unknown briefing section {key!r}; known: {section_keys()}") from None


def build_deck(
    ctx: BriefingContext,
    keys: Iterable[str],
    tables_of: Callable[[str], Mapping[str, pd.DataFrame]] | None = None,
) -> Deck:
    """The deck for the chosen sections: a title slide, then each section in deck order.

    With ``tables_of`` each section gets the tables it returns for the section's key in
    place of ``ctx.tables``, read for it alone: a page holds one section's tables at a time.
    """
    chosen = set(keys)
    for key in chosen:
        _section(key)
    lang = ctx.lang
    title = t("briefing.deck_title", lang, city=ctx.city.name(lang))
    subtitle = t("app.subtitle", lang)
    if ctx.year is not None:
        year = format_year(ctx.year, ctx.year_style, lang)
        subtitle += "\n" + t("briefing.deck_year", lang, year=year)
    slides: list[Slide] = [TitleSlide(title, subtitle, t("briefing.sources_on_slides", lang))]
    for key in section_keys():
        if key in chosen:
            own = ctx if tables_of is None else dataclasses.replace(ctx, tables=tables_of(key))
            slides.extend(SECTIONS[key].build(own))
    return Deck(ctx.city.slug, lang, ctx.year, title, tuple(slides))


# The tables whose years a briefing can be dated in.
YEAR_TABLES = ("outcomes", "referrals", "staffing", "indicator_actuals")


def available_years(tables: Mapping[str, pd.DataFrame]) -> list[int]:
    """Years the city's figures are dated in (outcomes, referrals, staffing, indicators)."""
    years: set[int] = set()
    for name, cols in (
        ("outcomes", ("year",)),
        ("referrals", ("year",)),
        ("staffing", ("year_from",)),
        ("indicator_actuals", ("year",)),
    ):
        frame = tables.get(name)
        if frame is None:
            continue
        for col in cols:
            if col in frame:
                years.update(int(y) for y in frame[col].dropna().unique())
    return sorted(years)


def default_year(tables: Mapping[str, pd.DataFrame]) -> int | None:
    """The year a briefing opens on: the latest year with indicator results (an actual
    compared with its target, as the indicators page opens on), else the latest year
    with an actual, else the latest year of :func:`available_years`."""
    statuses = compute_status_table(TrackerParams(*(tables[name] for name in INDICATOR_TABLES)))
    return opening_year(statuses, available_years(tables))


def opening_year(statuses: pd.DataFrame, years: Sequence[int]) -> int | None:
    """:func:`default_year` from the indicators' status table and the available years."""
    if len(statuses) and statuses["has_actual"].any():
        return default_status_year(statuses)  # the indicators page's default year
    return max(years) if years else None


# (table, column) pairs whose years a briefing can be dated in (see available_years)
YEAR_COLUMNS = (
    ("outcomes", "year"),
    ("referrals", "year"),
    ("staffing", "year_from"),
    ("indicator_actuals", "year"),
)


def stored_years(store: Store, city: str) -> list[int]:
    """:func:`available_years` of ``city``'s rows in force in ``store``, chosen in SQL
    (the distinct years only are read, not the tables)."""
    years: set[int] = set()
    with store.engine.connect() as conn:
        for name, column in YEAR_COLUMNS:
            rows = store.in_force_query(name, city).order_by(None).subquery()
            query = sa.select(rows.c[column]).where(rows.c[column].is_not(None)).distinct()
            years.update(int(y) for (y,) in conn.execute(query))
    return sorted(years)


# -- helpers for builders -------------------------------------------------------
def join_sources(*frames: pd.DataFrame) -> str:
    """The distinct ``source`` values of ``frames`` in order, joined with `` ; ``."""
    seen: dict[str, None] = {}
    for frame in frames:
        for source in frame["source"].dropna():
            seen.setdefault(source, None)
    return " ; ".join(seen)


def up_to_year(frame: pd.DataFrame, year: int | None, col: str = "year") -> pd.DataFrame:
    """Rows dated no later than ``year``; undated rows are kept (they carry a note)."""
    if year is None:
        return frame
    dates = frame[col]
    return frame[dates.isna() | (dates <= year)]


def chart_frame(slide: ChartSlide) -> pd.DataFrame:
    """A chart's data as a table: one row per category, one column per series (for CSV)."""
    data = {"": list(slide.categories)}
    for s in slide.series:
        data[s.name] = list(s.values)
    return pd.DataFrame(data)


def table_frame(slide: TableSlide) -> pd.DataFrame:
    return pd.DataFrame(list(slide.rows), columns=list(slide.columns))


# Rows a table slide holds at most: more cannot be read from the back of a room.
TABLE_ROWS_PER_SLIDE = 8
# Slides one table takes at most; the rest of a longer table is in the pages' CSV downloads.
MAX_TABLE_SLIDES = 4
# Bars, slices or lines one chart slide shows at most; the rest are added up as 「其他」
# where adding up is meaningful (posts, shares), and left to the table otherwise.
MAX_CHART_CATEGORIES = 10


def split_table(
    title: str,
    source: str | Sequence[str],
    frame: pd.DataFrame,
    caption: str = "",
    per_slide: int = TABLE_ROWS_PER_SLIDE,
    max_slides: int = MAX_TABLE_SLIDES,
    lang: str = "zh",
) -> tuple[TableSlide, ...]:
    """``frame`` as table slides of at most ``per_slide`` rows; titles say ``(1/3)`` when split.

    ``source`` is one source line for every slide, or one per row of ``frame``
    (each slide then names the sources of its own rows). A table longer than
    ``max_slides`` slides shows its first rows, and the caption says how many of how
    many and where the rest is.
    """
    limit = per_slide * max_slides
    if len(frame) > limit:
        more = t("briefing.table_capped", lang, shown=limit, n=format_number(len(frame)))
        caption = f"{caption} {more}".strip()
        frame = frame.iloc[:limit]
        if not isinstance(source, str):
            source = list(source)[:limit]
    columns = tuple(str(c) for c in frame.columns)
    cells = [tuple(_cell(v) for v in row) for row in frame.itertuples(index=False, name=None)]
    chunks = _chunk_rows(columns, cells, per_slide)
    n = len(chunks)
    slides = []
    for i, chunk in enumerate(chunks):
        if isinstance(source, str):
            line = source
        else:
            line = " ; ".join(dict.fromkeys(s for s in source[chunk] if s))
        slides.append(
            TableSlide(
                title if n == 1 else t("briefing.part", lang, title=title, n=i + 1, total=n),
                line,
                columns,
                tuple(cells[chunk]),
                caption,
            )
        )
    return tuple(slides)


# A table slide's width in em of its type (a full-width slide table at the type size the
# screen, the PowerPoint and the PDF use), and the lines of type its rows may take.
TABLE_WIDTH_EM = 60
TABLE_LINES_PER_SLIDE = 11.2  # eight one-line rows with their padding
# A column whose every cell is at most this wide never wraps (無資料, 達成, 1,234, 110年).
SHORT_CELL_EM = 8.0


def text_em(text: str) -> float:
    """The width of ``text`` in em: a CJK character is one, a Latin letter or digit about half."""
    return sum(1.0 if ord(ch) > 0x2E7F else 0.55 for ch in text)


def short_columns(columns: Sequence[str], rows: Sequence[Sequence[str]]) -> tuple[bool, ...]:
    """For each column, whether all its cells are short enough never to wrap.

    Such a column is set on one line wherever the table is drawn, so that a word like
    「無資料」 is never split across two lines; the long ones share what width is left.
    """
    return tuple(
        all(text_em(str(row[i])) <= SHORT_CELL_EM for row in rows) for i in range(len(columns))
    )


def row_lines(columns: Sequence[str], rows: Sequence[Sequence[str]]) -> list[int]:
    """Lines each row takes in a :data:`TABLE_WIDTH_EM`-wide table: short columns at their
    width on one line, long ones sharing the rest in proportion to their longest cell."""
    if not rows:
        return []
    short = short_columns(columns, rows)
    natural = [
        max([text_em(str(c)) for c in (columns[i], *(r[i] for r in rows))]) + 1.0
        for i in range(len(columns))
    ]
    if sum(natural) <= TABLE_WIDTH_EM:
        return [1] * len(rows)
    fixed = sum(w for w, s in zip(natural, short, strict=True) if s)
    room = max(TABLE_WIDTH_EM - fixed, TABLE_WIDTH_EM * 0.3)
    long_total = sum(w for w, s in zip(natural, short, strict=True) if not s) or 1.0
    widths = [
        w if s else max(room * w / long_total - 1.0, 4.0)
        for w, s in zip(natural, short, strict=True)
    ]
    return [
        max(
            1 if short[i] else -(-int(text_em(str(cell)) * 100) // int(widths[i] * 100))
            for i, cell in enumerate(row)
        )
        for row in rows
    ]


def _chunk_rows(
    columns: Sequence[str], rows: Sequence[Sequence[str]], per_slide: int
) -> list[slice]:
    """Consecutive rows per slide: at most ``per_slide``, and fewer where long cells wrap,
    so that a slide's rows never take more than :data:`TABLE_LINES_PER_SLIDE` lines."""
    if not rows:
        return [slice(0, 0)]
    chunks: list[slice] = []
    start, used = 0, 0.0
    for i, lines in enumerate(row_lines(columns, rows)):
        cost = lines + 0.4  # a row's padding
        if i > start and (i - start >= per_slide or used + cost > TABLE_LINES_PER_SLIDE + 1e-9):
            chunks.append(slice(start, i))
            start, used = i, 0.0
        used += cost
    chunks.append(slice(start, len(rows)))
    return chunks


def fold_categories(
    categories: Sequence[str],
    series: Sequence[Sequence[float | None]],
    other: str,
    limit: int = MAX_CHART_CATEGORIES,
) -> tuple[tuple[str, ...], tuple[tuple[float | None, ...], ...]]:
    """At most ``limit`` categories: the largest (summed over ``series``) in their order,
    the rest added up as one ``other`` category. Only for values that add up (posts,
    shares of one whole), never for counts of different kinds."""
    if len(categories) <= limit:
        return tuple(categories), tuple(tuple(values) for values in series)
    size = [sum(v or 0 for v in column) for column in zip(*series, strict=True)]
    ranked = sorted(range(len(categories)), key=lambda i: -size[i])
    keep = sorted(ranked[: limit - 1])
    rest = ranked[limit - 1 :]
    folded = tuple(
        tuple(values[i] for i in keep) + (sum(values[i] or 0 for i in rest),) for values in series
    )
    return tuple(categories[i] for i in keep) + (other,), folded


def _cell(value: object) -> str:
    """A table cell as text: numbers with thousands separators, nothing given as ``—``."""
    if is_missing(value):
        return NOT_LISTED
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        return format_number(value)
    return str(value)


# -- built-in sections ---------------------------------------------------------
OVERVIEW_TABLES = ("districts", "centres", "precincts", "district_centres", "outcomes", "staffing")
MAP_TABLES = ("districts", "centres", "precincts", "district_centres", "district_precincts")
STAFFING_TABLES = ("staffing", "phases")  # phases: named as the staffing page names them


def build_overview_slides(ctx: BriefingContext) -> tuple[Slide, ...]:
    """Headline cards: the service network, the outcome figures, staffing and hiring."""
    lang = ctx.lang
    tables = dict(ctx.tables)
    tables["outcomes"] = up_to_year(tables["outcomes"], ctx.year)
    tables["staffing"] = up_to_year(tables["staffing"], ctx.year, "year_from")
    cards = overview_cards(compute_overview(ctx.city, tables), lang, ctx.year_style)
    slides: list[Slide] = [
        KpiSlide(t("overview.network", lang), cards.network_source, cards.network)
    ]
    if cards.services:
        slides.append(KpiSlide(t("overview.services", lang), cards.services_source, cards.services))
    slides.append(KpiSlide(t("overview.staffing", lang), cards.staffing_source, cards.staffing))
    return tuple(slides)


def build_map_slides(ctx: BriefingContext) -> tuple[Slide, ...]:
    """The service-network map as a picture: districts coloured by their centre."""
    from safetynet.network.geo import load_boundaries
    from safetynet.network.map_image import render_service_map_png
    from safetynet.network.service_map import build_service_map_data

    lang = ctx.lang
    tables = dict(ctx.tables)
    data = build_service_map_data(ctx.city.slug, tables, load_boundaries(ctx.city.slug))
    png = render_service_map_png(data, lang)
    source = join_sources(tables["districts"], tables["district_centres"])
    n_centres = len(data.colours["centre"])
    return (
        ImageSlide(
            t("nav.map", lang),
            source,
            png,
            alt=t("briefing.map.alt", lang, city=ctx.city.name(lang)),
            caption=t("briefing.map.caption", lang, n=len(data.districts), centres=n_centres),
        ),
    )


def _agency_order(staffing: pd.DataFrame) -> list[str]:
    return list(staffing["agency_zh"].drop_duplicates())


def _agency_names(staffing: pd.DataFrame, lang: str) -> dict[str, str]:
    return dict(zip(staffing["agency_zh"], staffing[f"agency_{lang}"], strict=True))


def _posts(rows: pd.DataFrame, agencies: list[str]) -> tuple[float | None, ...]:
    by_agency = rows.groupby("agency_zh", sort=False)["posts"].sum()
    return tuple(float(by_agency[a]) if a in by_agency.index else None for a in agencies)


def build_staffing_slides(ctx: BriefingContext) -> tuple[Slide, ...]:
    """Staffing by agency: hiring against approved posts, new posts, cumulative staff, table."""
    lang, style = ctx.lang, ctx.year_style
    staffing = up_to_year(ctx.tables["staffing"], ctx.year, "year_from")
    if staffing.empty:
        return (
            MessageSlide(t("overview.staffing", lang), "", t("briefing.no_data.staffing", lang)),
        )
    agencies = _agency_order(staffing)
    names = _agency_names(staffing, lang)
    labels = tuple(names[a] for a in agencies)
    phases = load_phases(ctx.tables.get("phases"))
    posts_unit = t("briefing.unit.posts", lang)
    other = t("chart.other", lang)
    slides: list[Slide] = []

    for summary in compute_hiring(staffing):
        rows = staffing[staffing["period"] == summary.period]
        hired = rows[rows["measure"] == "hired"]
        vacant = rows[rows["measure"] == "vacant"]
        first, last = int(rows["year_from"].min()), int(rows["year_to"].max())
        shown, (hired_posts, vacant_posts) = fold_categories(
            labels, [_posts(hired, agencies), _posts(vacant, agencies)], other
        )
        slides.append(
            ChartSlide(
                t(
                    "briefing.staffing.hiring",
                    lang,
                    period=period_label(summary.period, lang, phases),
                    years=format_year_range(first, last, style, lang),
                ),
                join_sources(hired, vacant),
                "stacked_bar",
                shown,
                (
                    Series(t("measure.hired", lang), hired_posts),
                    Series(t("measure.vacant", lang), vacant_posts),
                ),
                posts_unit,
                caption=t(
                    "briefing.staffing.hiring_caption",
                    lang,
                    hired=format_number(summary.hired),
                    approved=format_number(summary.approved),
                    rate=format_pct(summary.hiring_rate_pct),
                ),
            )
        )

    new = staffing[staffing["measure"] == "new"]
    for period in [p for p in new["period"].drop_duplicates() if p not in year_periods(new)]:
        rows = new[new["period"] == period]
        first, last = int(rows["year_from"].min()), int(rows["year_to"].max())
        shown, (new_posts,) = fold_categories(labels, [_posts(rows, agencies)], other)
        slides.append(
            ChartSlide(
                t(
                    "briefing.staffing.new",
                    lang,
                    period=period_label(period, lang, phases),
                    years=format_year_range(first, last, style, lang),
                ),
                join_sources(rows),
                "doughnut",
                shown,
                (Series(t("measure.new", lang), new_posts),),
                posts_unit,
                caption=t("briefing.staffing.total", lang, n=format_number(rows["posts"].sum())),
            )
        )

    yearly = new[new["period"].isin(year_periods(new))]
    if len(yearly):
        periods = list(year_periods(yearly))
        year_of = {p: int(yearly.loc[yearly["period"] == p, "year_from"].iloc[0]) for p in periods}
        by_agency = yearly.pivot_table(
            index="agency_zh", columns="period", values="posts", aggfunc="sum", sort=False
        )
        order = [a for a in agencies if a in by_agency.index]
        ranked = by_agency.sum(axis=1).sort_values(ascending=False, kind="stable").index
        fits = len(order) <= MAX_CHART_CATEGORIES
        largest = set(order) if fits else set(ranked[: MAX_CHART_CATEGORIES - 1])
        series = [
            Series(
                names[agency],
                tuple(
                    None if pd.isna(by_agency.at[agency, p]) else float(by_agency.at[agency, p])
                    for p in periods
                ),
            )
            for agency in order
            if agency in largest
        ]
        rest = by_agency.loc[[a for a in order if a not in largest]]
        if len(rest):
            series.append(Series(other, tuple(float(rest[p].sum()) for p in periods)))
        slides.append(
            ChartSlide(
                t("briefing.staffing.new_by_year", lang),
                join_sources(yearly),
                "stacked_bar",
                tuple(format_year(year_of[p], style, lang) for p in periods),
                tuple(series),
                posts_unit,
            )
        )
        existing = staffing[staffing["measure"] == "existing"]
        if len(existing):
            points = ["baseline", *periods]
            values = tuple(expected_total(staffing, p, "cumulative") for p in points)
            categories = (t("period.baseline", lang),) + tuple(
                format_year(year_of[p], style, lang) for p in periods
            )
            slides.append(
                ChartSlide(
                    t("briefing.staffing.cumulative", lang),
                    join_sources(existing, yearly),
                    "line",
                    categories,
                    (
                        Series(
                            t("briefing.staffing.cumulative_series", lang),
                            tuple(None if v is None else float(v) for v in values),
                        ),
                    ),
                    posts_unit,
                    caption=t("briefing.staffing.cumulative_caption", lang),
                )
            )

    slides.append(_staffing_table(staffing, agencies, names, lang, style))
    return tuple(slides)


def _staffing_table(
    staffing: pd.DataFrame, agencies: list[str], names: dict[str, str], lang: str, style: str
) -> TableSlide:
    """Agency × (period, measure) posts, as the source tables print them."""
    keys = list(
        staffing.sort_values("year_from", kind="stable")[["period", "measure"]]
        .drop_duplicates()
        .itertuples(index=False, name=None)
    )
    columns = [t("col.agency", lang)]
    for period, measure in keys:
        rows = staffing[staffing["period"] == period]
        years = format_year_range(
            int(rows["year_from"].min()), int(rows["year_to"].max()), style, lang
        )
        columns.append(f"{t(f'measure.{measure}', lang)}\n{years}")
    cells = staffing.groupby(["agency_zh", "period", "measure"])["posts"].sum()
    caption = t("briefing.staffing.table_caption", lang)
    shown, rest = agencies, []
    if len(agencies) > MAX_CHART_CATEGORIES:  # the largest agencies, the others added up
        ranked = staffing.groupby("agency_zh", sort=False)["posts"].sum()
        largest = set(ranked.sort_values(ascending=False, kind="stable").index[:9])
        shown = [a for a in agencies if a in largest]
        rest = [a for a in agencies if a not in largest]
        caption += t("briefing.staffing.table_other", lang, n=format_number(len(rest)))
    body = []
    for agency in shown:
        row = [names[agency]]
        for period, measure in keys:
            value = cells.get((agency, period, measure))
            row.append(NOT_LISTED if value is None or is_missing(value) else format_number(value))
        body.append(tuple(row))
    if rest:
        others = cells[cells.index.get_level_values("agency_zh").isin(rest)]
        others = others.groupby(level=["period", "measure"]).sum()
        body.append(
            (t("chart.other", lang),) + tuple(format_number(others.get((p, m), 0)) for p, m in keys)
        )
    return TableSlide(
        t("briefing.staffing.table", lang),
        join_sources(staffing),
        tuple(columns),
        tuple(body),
        caption=caption,
    )


# -- referrals, risk types, staffing scenario, indicator scorecard ----------------
REFERRAL_TABLES = ("referrals", "outcomes")
RISK_TABLES = ("risk_shares", "outcomes")
INDICATOR_TABLES = (
    "indicators",
    "indicator_targets",
    "indicator_actuals",
    "indicator_definitions",
    "phases",
)
SCORECARD_SECTION = "indicator_scorecard"
SCORECARD_COLUMNS = ("indicator", "agency", "target", "actual", "gap", "status", "caveat")
SCENARIO_LINE_COLUMNS = (
    "workers",
    "supervisors",
    "posts_needed",
    "approved",
    "gap_approved",
    "hired",
    "gap_hired",
)


def _year_text(ctx: BriefingContext) -> str:
    return format_year(ctx.year, ctx.year_style, ctx.lang) if ctx.year is not None else ""


def build_referral_slides(ctx: BriefingContext) -> tuple[Slide, ...]:
    """Referral trends: published figures as cards, counts per type by year, change and growth.

    A city whose source prints no yearly counts (Kaohsiung) gets its published
    figure marked as published and a slide saying the counts are 無資料, and why.
    """
    lang, style = ctx.lang, ctx.year_style
    referrals = up_to_year(ctx.tables["referrals"], ctx.year)
    trends = compute_referral_trends(referrals, up_to_year(ctx.tables["outcomes"], ctx.year))
    slides: list[Slide] = []
    if trends.published:
        slides.append(
            KpiSlide(
                t("ref.published", lang),
                figure_sources(trends.published),
                figure_cards(trends.published, lang, style, published=True),
            )
        )
    title = t("briefing.referrals.trend", lang)
    if not trends.has_counts:
        if len(ctx.tables["referrals"]):  # counts exist, but only after the chosen year
            text = t(
                "briefing.referrals.none_before",
                lang,
                city=ctx.city.name(lang),
                year=_year_text(ctx),
            )
            slides.append(MessageSlide(title, join_sources(ctx.tables["referrals"]), text))
            return tuple(slides)
        text = t("ref.no_counts", lang, city=ctx.city.name(lang))
        reasons = [note_in(f.note, lang) for f in trends.published_growth if f.note]
        if reasons:
            text += t("ref.reason", lang, reason=t("list_sep", lang).join(reasons))
        slides.append(MessageSlide(title, figure_sources(trends.published_growth), text))
        return tuple(slides)

    series = trends.series
    years = sorted(int(y) for y in series["year"].unique())
    # Types are never added up: the chart shows the largest, the table lists the others.
    drawn = set(largest_types(referrals, MAX_CHART_CATEGORIES))
    counts_of = {
        code: dict(zip(rows["year"].astype(int), rows["count"], strict=True))
        for code, rows in series.groupby("referral_type", sort=False)
    }
    lines = []
    for summary in trends.summaries:
        rt = summary.referral_type
        if rt.code not in drawn:
            continue
        counts = counts_of[rt.code]
        lines.append(
            Series(
                with_unit(rt.label(lang), rt.unit(lang), lang),
                tuple(float(counts[y]) if y in counts else None for y in years),
            )
        )
    units = t("list_sep", lang).join(
        dict.fromkeys(rt.unit(lang) for rt in trends.types if rt.code in drawn)
    )
    chart_caption = t("briefing.referrals.caption", lang)
    if len(trends.types) > len(lines):
        chart_caption += t("briefing.referrals.capped", lang, shown=len(lines), n=len(trends.types))
    slides.append(
        ChartSlide(
            title,
            join_sources(series),
            "line",
            tuple(format_year(y, style, lang) for y in years),
            tuple(lines),
            units,
            caption=chart_caption,
        )
    )
    if len(years) < 2:  # one year gives no change to show
        return tuple(slides)
    summary_table = referral_summary_table(trends, lang, style)
    keep = [t(k, lang) for k in SUMMARY_COLUMNS]
    if trends.published_growth:  # computed and published rows side by side: say which is which
        keep.append(t("ref.col.kind", lang))
    slides.extend(
        split_table(
            t("ref.summary", lang),
            list(summary_table[t("source", lang)]),
            summary_table[keep],
            caption=t("briefing.referrals.growth_caption", lang),
            lang=lang,
        )
    )
    return tuple(slides)


def build_risk_type_slides(ctx: BriefingContext) -> tuple[Slide, ...]:
    """The six risk types of the latest year up to the briefing year, sorted, and the
    vulnerable-family service outcomes as cards."""
    lang, style = ctx.lang, ctx.year_style
    shares_table = ctx.tables["risk_shares"]
    result = compute_risk_shares(up_to_year(shares_table, ctx.year))
    slides: list[Slide] = []
    if result.has_data:
        year = format_year(result.year, style, lang)
        shares = result.shares
        labels, (values,) = fold_categories(
            list(shares[f"short_{lang}"]),
            [[float(v) for v in shares["share_pct"]]],
            t("chart.other", lang),
        )
        values = tuple(round(float(v or 0), 3) for v in values)
        source = " ; ".join(result.sources)
        slides.append(
            ChartSlide(
                t("risk.chart_title", lang, year=year),
                source,
                "bar",
                labels,
                (Series(t("risk.col.share", lang), values),),
                "%",
                decimals=0 if all(v.is_integer() for v in values) else 1,
                caption=t("list_sep", lang).join(note_in(n, lang) for n in result.notes),
            )
        )
        table = risk_share_display_table(result, lang, style)
        keep = [t("risk.col.name", lang), t("risk.col.short", lang), t("risk.col.share", lang)]
        if result.compare_year is not None:
            since = format_year(result.compare_year, style, lang)
            keep.append(t("risk.col.change", lang, year=since))
        slides.extend(
            split_table(t("briefing.risk.table", lang, year=year), source, table[keep], lang=lang)
        )
    else:
        if shares_table.empty:
            text = t("briefing.risk.none", lang, city=ctx.city.name(lang))
        else:
            text = t("briefing.risk.none_before", lang, year=_year_text(ctx))
        slides.append(MessageSlide(t("briefing.risk.title", lang), "", text))

    figures = outcome_figures(up_to_year(ctx.tables["outcomes"], ctx.year), RISK_OUTCOME_METRICS)
    if figures:
        slides.append(
            KpiSlide(
                t("risk.outcomes", lang),
                figure_sources(figures),
                figure_cards(figures, lang, style),
            )
        )
    elif ctx.year is not None and outcome_figures(ctx.tables["outcomes"], RISK_OUTCOME_METRICS):
        text = t("briefing.risk.outcomes_none_before", lang, year=_year_text(ctx))
        slides.append(MessageSlide(t("risk.outcomes", lang), "", text))
    else:
        slides.append(MessageSlide(t("risk.outcomes", lang), "", t("risk.outcomes_none", lang)))
    return tuple(slides)


def build_scenario_slides(ctx: BriefingContext) -> tuple[Slide, ...]:
    """The picked saved planner scenario: posts to fund per year against posts approved and
    people hired now, and each service line's needs in the last year of the horizon."""
    lang, style = ctx.lang, ctx.year_style
    title = t("briefing.scenario.title", lang)
    scenario = ctx.scenario
    if scenario is None:
        return (MessageSlide(title, "", t("briefing.scenario.none", lang)),)
    if scenario.params is None:
        text = t("briefing.scenario.unreadable", lang, name=scenario.name, problem=scenario.problem)
        return (MessageSlide(title, "", text),)
    result = compute_plan(scenario.params)
    source = t("briefing.scenario.source", lang, name=scenario.name, saved=scenario.saved_at[:10])
    totals = result.totals
    series = [
        Series(t("planner.out.posts_needed", lang), tuple(float(r.posts_needed) for r in totals))
    ]
    missing = []
    for measure in ("approved", "hired"):
        values = [getattr(r, measure) for r in totals]
        if all(v is not None for v in values):
            series.append(
                Series(t(f"planner.out.{measure}", lang), tuple(float(v) for v in values))
            )
        else:
            missing.append(t(f"planner.kpi.missing_{measure}", lang))
    params = scenario.params
    caption = t(
        "briefing.scenario.caption",
        lang,
        years=format_year_range(params.base_year, params.end_year, style, lang),
    )
    if missing:
        caption += t("list_sep", lang) + t("list_sep", lang).join(missing)
    end = result.end
    slides: list[Slide] = [
        ChartSlide(
            t("briefing.scenario.chart", lang, name=scenario.name),
            source,
            "bar",
            tuple(format_year(r.year, style, lang) for r in totals),
            tuple(series),
            t("briefing.unit.posts", lang),
            caption=caption,
        )
    ]
    table = lines_table(result, lang, style)
    in_end_year = [r.year == end.year for r in result.lines]
    keep = [t("planner.field.name", lang)] + [
        t(f"planner.out.{c}", lang) for c in SCENARIO_LINE_COLUMNS
    ]
    slides.extend(
        split_table(
            t("briefing.scenario.lines", lang, year=format_year(end.year, style, lang)),
            source,
            table.loc[in_end_year, keep],
            caption=t("planner.formula.posts", lang),
            lang=lang,
        )
    )
    return tuple(slides)


def tracker_of(ctx: BriefingContext) -> TrackerTables:
    """The city's indicator tracker: the one the page passed (read from the store part by
    part), else computed from ``ctx.tables``."""
    if ctx.indicators is not None:
        return ctx.indicators
    tables = ctx.tables
    return TrackerTables.from_params(
        TrackerParams(
            tables["indicators"],
            tables["indicator_targets"],
            tables["indicator_actuals"],
            tables["indicator_definitions"],
            tables.get("phases"),
        )
    )


def build_scorecard_slides(ctx: BriefingContext) -> tuple[Slide, ...]:
    """The indicator scorecard of the briefing year (all years: the page's default year):
    the counts per status with the director's sentence, then the table, a few rows a slide.

    With more indicators than :data:`MAX_TABLE_SLIDES` slides hold, the counts per
    strategy come next and the most urgent indicators follow as an appendix; the
    indicators page's CSV holds every one.
    """
    lang, style = ctx.lang, ctx.year_style
    tracker = tracker_of(ctx)
    statuses, listing = tracker.statuses, tracker.listing
    title = t("ind.scorecard", lang)
    if len(listing) == 0:
        return (MessageSlide(title, "", t("ind.none", lang)),)
    year = ctx.year if ctx.year is not None else default_status_year(statuses)
    if year is None:  # tracks without any year: nothing to score
        return (MessageSlide(title, "", t("ind.none", lang)),)
    year_text = format_year(year, style, lang)
    limit = TABLE_ROWS_PER_SLIDE * MAX_TABLE_SLIDES
    card = tracker.scorecard(ScorecardParams(year), limit)
    if not card.rows:
        return (MessageSlide(title, "", t("briefing.scorecard.none", lang, year=year_text)),)
    row_sources = []
    for row in card.rows:
        actual = row.status.actual
        found = [row.track.indicator.source, actual.source if actual is not None else ""]
        row_sources.append(" ; ".join(dict.fromkeys(s for s in found if s)))
    summary = card.summary
    counts = {
        MET: summary.met,
        MISSED: summary.missed,
        BEHIND: summary.behind,
        NO_DATA: summary.no_data,
    }
    capped = len(card.rows) < summary.total
    all_sources = join_sources(listing) if capped else " ; ".join(dict.fromkeys(row_sources))
    slides: list[Slide] = [
        KpiSlide(  # the headline is the sentence the director says
            summary_sentence(summary, style, lang),
            all_sources,
            tuple(Card(status_label(s, lang), format_number(n), raw=n) for s, n in counts.items()),
            caption=t("briefing.scorecard.total", lang, n=summary.total),
        )
    ]
    table_title = t("briefing.scorecard.table", lang, year=year_text)
    caption = t("ind.legend", lang)
    if capped:
        slides.extend(
            split_table(
                t("briefing.scorecard.by_strategy", lang, year=year_text),
                all_sources,
                tracker.strategy_table(ScorecardParams(year), lang),
                lang=lang,
            )
        )
        table_title = t("briefing.scorecard.appendix", lang, year=year_text)
        caption = t("briefing.scorecard.appendix_caption", lang, n=limit) + " " + caption
    table = scorecard_display_table(card, style, lang)
    # A slide's column is narrow: the caveat's heading beside the status, and the
    # reasons on slides of their own after the scorecard.
    table[t("ind.col.caveat", lang)] = [
        target_caveat_label(r.track.indicator, lang) for r in card.rows
    ]
    slides.extend(
        split_table(
            table_title,
            row_sources,
            table[[t(f"ind.col.{c}", lang) for c in SCORECARD_COLUMNS]],
            caption=caption,
            lang=lang,
        )
    )
    slides.extend(_caveat_slides(tracker, year, year_text, style, lang))
    return tuple(slides)


def _caveat_slides(
    tracker: TrackerTables,
    year: int,
    year_text: str,
    style: str,
    lang: str,
) -> tuple[TableSlide, ...]:
    """The targets in doubt among the year's indicators (every one, also those a capped
    scorecard leaves out), in two wide columns: the indicator with its final target,
    and the reason. More than the slides hold: the first, and the caption says so."""
    statuses = tracker.statuses
    scored = statuses[statuses["year"] == year].sort_values(
        ["phase", "strategy", "order"], kind="stable"
    )
    orders = doubted_orders(tracker.listing, scored["order"])
    if not orders:
        return ()
    limit = TABLE_ROWS_PER_SLIDE * MAX_TABLE_SLIDES
    tracks = tracker.tracks(orders[:limit])
    caveats = pd.DataFrame(
        {
            t("briefing.scorecard.caveat_indicator", lang): [
                t(
                    "briefing.scorecard.caveat_row",
                    lang,
                    indicator=name_of(track.indicator, lang),
                    target=final_target_text(track, style, lang),
                )
                for track in tracks
            ],
            t("ind.col.caveat", lang): [target_caveat(tr.indicator, lang) for tr in tracks],
        }
    )
    slides = split_table(
        t("briefing.scorecard.caveats", lang, year=year_text),
        [track.indicator.source for track in tracks],
        caveats,
        lang=lang,
    )
    if len(orders) > limit and slides:  # split_table did not see the rest: say so
        more = t("briefing.table_capped", lang, shown=limit, n=format_number(len(orders)))
        slides = tuple(
            dataclasses.replace(s, caption=f"{s.caption} {more}".strip()) for s in slides
        )
    return slides


register_section(
    Section("overview", 10, "briefing.section.overview", OVERVIEW_TABLES, build_overview_slides)
)
register_section(
    Section("service_map", 20, "briefing.section.service_map", MAP_TABLES, build_map_slides)
)
register_section(
    Section("staffing", 50, "briefing.section.staffing", STAFFING_TABLES, build_staffing_slides)
)
register_section(
    Section("referrals", 30, "briefing.section.referrals", REFERRAL_TABLES, build_referral_slides)
)
register_section(
    Section("risk_types", 40, "briefing.section.risk_types", RISK_TABLES, build_risk_type_slides)
)
register_section(
    Section(
        "staffing_scenario", 60, "briefing.section.staffing_scenario", (), build_scenario_slides
    )
)
register_section(
    Section(
        SCORECARD_SECTION,
        70,
        "briefing.section.indicator_scorecard",
        INDICATOR_TABLES,
        build_scorecard_slides,
    )
)
