"""Briefing decks: the slides a director presents, built from the stored tables.

A :class:`Deck` is a title slide plus the slides of the sections the user
picked, in the sections' fixed order. Every slide is a frozen dataclass that
holds only finished text and numbers in the chosen language, with its source
line, so the screen view (components/briefing_view.py), the PowerPoint
export (:mod:`safetynet.briefing.pptx`) and the PDF export
(:mod:`safetynet.briefing.pdf`) show the same thing.

The sections live in :mod:`safetynet.briefing.sections`, one module each. Adding a
section is one builder and one :func:`register_section` call in a new module there::

    def build_referral_slides(ctx: BriefingContext) -> tuple[Slide, ...]:
        ...  # compute with safetynet.referrals.trends, return ChartSlide(...) etc.

    register_section(Section("referrals", 30, "briefing.section.referrals",
                             ("referrals",), build_referral_slides))

``order`` places it among the others (overview 10, map 20, referrals 30,
risk types 40, case analysis 45, staffing 50, staffing scenario 60, indicator
scorecard 70).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

import pandas as pd

from safetynet import cards
from safetynet.briefing.scorecards import YearScorecards
from safetynet.cards import Card
from safetynet.cities import City
from safetynet.formatting import (
    PERCENT_UNITS,
    format_number,
    format_pct,
    format_year,
)
from safetynet.i18n import t
from safetynet.indicators.tables import TrackerTables
from safetynet.staffing.planner import PlannerParams
from safetynet.staffing.slides import StaffingParts

if TYPE_CHECKING:
    from safetynet.briefing.case_choice import CaseViews


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
    # what the scorecard shows of every year, read from the store part by part, or the
    # indicators page's tracker (None: the tracker of ``tables``)
    indicators: YearScorecards | TrackerTables | None = None
    # the staffing rows up to ``year`` as the database added them up (None: from ``tables``)
    staffing: StaffingParts | None = None


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


def year_text(ctx: BriefingContext) -> str:
    return format_year(ctx.year, ctx.year_style, ctx.lang) if ctx.year is not None else ""


# -- helpers for builders -------------------------------------------------------
def join_sources(*frames: pd.DataFrame) -> str:
    """The distinct ``source`` values of ``frames`` in order, on one line (each frame's
    distinct values taken first: a listing of a million indicators made a text per row)."""
    return cards.join_sources(s for frame in frames for s in frame["source"].dropna().unique())


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


# Bars, slices or lines one chart slide shows at most; the rest are added up as 「其他」
# where adding up is meaningful (posts, shares), and left to the table otherwise.
MAX_CHART_CATEGORIES = 10


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
