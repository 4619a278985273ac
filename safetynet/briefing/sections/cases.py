"""個案分析 / Case analysis in the briefing: persons by age band × sex, cases by district.

The counts are the case analysis's own (:func:`safetynet.cases.analysis.analyse`)
for the cases referred in the briefing year (the whole period when the deck is
for all years), in the band set chosen on the case-analysis page. A briefing is
shown in public, so its tables are a public release by default: small counts
show as 「<3」 and complementary entries as 「*」, exactly as
:func:`safetynet.cases.display.shown_table` lays them out. Every slide's caption
says the release state and the band set; slides of the demo dataset say
示範資料 / synthetic data.

The page reads the case store (components/case_data.py) and hands the section a
:class:`CaseViews`; without case data the section is one 無資料 slide.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from safetynet.briefing.case_choice import CaseChoice, CaseViews
from safetynet.briefing.deck import (
    BriefingContext,
    MessageSlide,
    Section,
    Slide,
    TableSlide,
    register_section,
)
from safetynet.briefing.slide_tables import TABLE_ROWS_PER_SLIDE, split_table
from safetynet.cases.analysis import Relations, Scope, View, ViewSpec, analyse, referral_period
from safetynet.cases.bands import BandSet
from safetynet.cases.display import Names, ShownTable, month_label, shown_table
from safetynet.cases.engine import DEMO, CaseEngine
from safetynet.cases.suppression import primary_mark
from safetynet.formatting import format_year
from safetynet.i18n import t

# The main-store tables the section reads: the city's districts and their names.
CASE_TABLES = ("districts", "centres", "precincts", "district_centres", "district_precincts")
# A band set longer than this is named by its first and last band (the caption stays short).
MAX_LISTED_BANDS = 7
# District and count pairs side by side on a slide of a long district table.
DISTRICTS_PER_ROW = 3


def year_scope(year: int | None) -> Scope:
    """Cases referred in ``year`` (``None``: every referral stored)."""
    if year is None:
        return Scope()
    return Scope(start=date(year, 1, 1), end=date(year, 12, 31))


def read_case_views(
    engine: CaseEngine, city: str, year: int | None, choice: CaseChoice, relations: Relations
) -> CaseViews:
    """Persons by age band × sex and cases by district of the cases referred in ``year``."""
    scope = year_scope(year)
    bands = choice.bands

    def view(measure: str, rows: str, cols: str | None) -> View:
        spec = ViewSpec(measure, rows, cols, scope, choice.public, choice.threshold)
        return analyse(engine, city, choice.dataset, spec, bands, relations)

    persons = view("persons", "age_band", "sex")
    cases = view("cases", "district", None)
    return CaseViews(choice, scope, persons, cases, referral_period(engine, city, choice.dataset))


def shown(view: View, bands: BandSet, names: Names, lang: str, style: str) -> ShownTable:
    """A view's table as the slide shows it (marks for hidden entries, labels, totals)."""
    return shown_table(
        view.table, view.shown, None, lang=lang, style=style, names=names, bands=bands
    )


def _period_text(ctx: BriefingContext) -> str:
    """Which cases a title counts: 「110年通報」 / 「全部期間通報」."""
    if ctx.year is None:
        return t("briefing.cases.all_years", ctx.lang)
    year = format_year(ctx.year, ctx.year_style, ctx.lang)
    return t("briefing.cases.period.year", ctx.lang, year=year)


def build_case_slides(ctx: BriefingContext) -> tuple[Slide, ...]:
    """The case-analysis section: two table slides, or a 無資料 slide saying why."""
    lang, style = ctx.lang, ctx.year_style
    title = t("briefing.section.cases", lang)
    views = ctx.cases
    if views is None:
        return (MessageSlide(title, "", t("briefing.cases.none", lang, city=ctx.city.name(lang))),)
    choice = views.choice
    period = _period_text(ctx)
    dataset = t(f"cases.dataset.{choice.dataset}", lang)
    source = t("briefing.cases.source", lang, dataset=dataset)
    if choice.imported:
        source += t("briefing.cases.imported", lang, day=choice.imported)
    if views.cases.table.total == 0:
        year = format_year(ctx.year, style, lang) if ctx.year is not None else period
        text = t("briefing.cases.none_in", lang, year=year)
        if views.period is not None:
            first, last = (month_label(day, style, lang) for day in views.period)
            text += " " + t("briefing.cases.data_period", lang, first=first, last=last)
        if choice.dataset == DEMO:
            text += " " + t("briefing.cases.demo", lang)
        return (MessageSlide(title, source, text),)
    bands = choice.bands
    names = Names.from_tables(ctx.tables)
    caption = slide_caption(choice, lang)
    slides: list[TableSlide] = []
    persons = shown(views.persons, bands, names, lang, style)
    slides.extend(
        split_table(
            t("briefing.cases.persons", lang, period=period),
            source,
            persons.frame,
            caption=caption + " " + t("briefing.cases.persons_note", lang),
            max_slides=_slides_for(persons),
            lang=lang,
        )
    )
    cases = shown(views.cases, bands, names, lang, style)
    slides.extend(
        side_by_side(
            t("briefing.cases.districts", lang, period=period),
            source,
            cases.frame,
            caption,
            lang=lang,
        )
    )
    return tuple(slides)


def side_by_side(
    title: str,
    source: str,
    frame: pd.DataFrame,
    caption: str,
    per_row: int = DISTRICTS_PER_ROW,
    lang: str = "zh",
) -> tuple[TableSlide, ...]:
    """A long two-column table (district, count) as slides of ``per_row`` such pairs side
    by side, read down each pair of columns in turn: Kaohsiung's 38 districts and the
    total take two slides, not five. A table that fits one slide stays as it is."""
    pairs = [tuple(str(v) for v in row) for row in frame.itertuples(index=False, name=None)]
    columns = tuple(str(c) for c in frame.columns)
    if len(pairs) <= TABLE_ROWS_PER_SLIDE:
        return (TableSlide(title, source, columns, tuple(pairs), caption),)
    per_slide = TABLE_ROWS_PER_SLIDE * per_row
    groups = [pairs[i : i + per_slide] for i in range(0, len(pairs), per_slide)]
    slides = []
    for n, group in enumerate(groups, start=1):
        rows = -(-len(group) // per_row)  # down each pair of columns, then the next
        body = []
        for i in range(rows):
            cells: list[str] = []
            for k in range(per_row):
                at = k * rows + i
                cells.extend(group[at] if at < len(group) else ("",) * len(columns))
            body.append(tuple(cells))
        heading = (
            title
            if len(groups) == 1
            else t("briefing.part", lang, title=title, n=n, total=len(groups))
        )
        labels = tuple(k * len(columns) for k in range(per_row))  # each pair's district
        slides.append(TableSlide(heading, source, columns * per_row, tuple(body), caption, labels))
    return tuple(slides)


def slide_caption(choice: CaseChoice, lang: str) -> str:
    """What every slide of the section says under its table: synthetic data (the demo
    dataset), the release state and what its marks mean, the band set by name."""
    bands = choice.bands.bands
    if len(bands) > MAX_LISTED_BANDS:
        listed = t(
            "briefing.cases.bands_many",
            lang,
            first=bands[0].display(lang),
            last=bands[-1].display(lang),
            n=len(bands),
        )
    else:
        listed = t("list_sep", lang).join(b.display(lang) for b in bands)
    if choice.public:
        mark = primary_mark(choice.threshold)
        release = t("briefing.cases.release.public", lang, n=choice.threshold - 1, mark=mark)
    else:
        release = t("briefing.cases.release.internal", lang)
    notes = [release, t("briefing.cases.bands", lang, name=choice.band_name, bands=listed)]
    if choice.dataset == DEMO:
        notes.insert(0, t("briefing.cases.demo", lang))
    return " ".join(notes)


def _slides_for(table: ShownTable) -> int:
    """Enough slides for every row: a suppressed table is shown whole or not at all (a
    table cut short would drop its totals, which the suppression counted on)."""
    return max(1, len(table.frame))


# Not chosen when the page opens: a deck shows case records only when the presenter asks.
register_section(
    Section("cases", 45, "briefing.section.cases", CASE_TABLES, build_case_slides, default=False)
)
