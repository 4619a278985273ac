"""績效指標 / The indicator scorecard in the briefing: one table per strategy and agency,
and the targets in doubt."""

from __future__ import annotations

import dataclasses

import pandas as pd

from safetynet.briefing.deck import (
    BriefingContext,
    KpiSlide,
    MessageSlide,
    Section,
    Slide,
    TableSlide,
    join_sources,
    register_section,
)
from safetynet.briefing.scorecards import YearScorecards
from safetynet.briefing.slide_tables import MAX_TABLE_SLIDES, TABLE_ROWS_PER_SLIDE, split_table
from safetynet.cards import Card
from safetynet.formatting import (
    format_number,
    format_year,
)
from safetynet.i18n import t
from safetynet.indicators.tables import TrackerTables
from safetynet.indicators.tracker import (
    BEHIND,
    INDICATOR_TABLES,
    MET,
    MISSED,
    NO_DATA,
    ScorecardParams,
    Track,
    TrackerParams,
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
from safetynet.storage.store import Store

SCORECARD_SECTION = "indicator_scorecard"
SCORECARD_COLUMNS = ("indicator", "agency", "target", "actual", "gap", "status", "caveat")
# The scorecard's rows a deck shows at most (the rest: the counts per strategy, the CSV).
SHOWN_ROWS = TABLE_ROWS_PER_SLIDE * MAX_TABLE_SLIDES


def stored_scorecards(store: Store, city: str) -> YearScorecards:
    """What the scorecard slides of ``city`` show in every year, read from ``store`` a
    part of the indicators at a time (the page passes it as ``ctx.indicators``)."""
    return YearScorecards.from_store(store, city, SHOWN_ROWS)


def tracker_of(ctx: BriefingContext) -> TrackerTables | YearScorecards:
    """The city's indicator scorecards: those the page passed (read from the store part by
    part: :func:`stored_scorecards`, or the indicators page's tracker), else the tracker
    computed from ``ctx.tables``."""
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
    title = t("ind.scorecard", lang)
    if _indicator_count(tracker) == 0:
        return (MessageSlide(title, "", t("ind.none", lang)),)
    year = ctx.year if ctx.year is not None else tracker.default_year
    if year is None:  # tracks without any year: nothing to score
        return (MessageSlide(title, "", t("ind.none", lang)),)
    year_text = format_year(year, style, lang)
    limit = SHOWN_ROWS
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
    all_sources = _sources_line(tracker) if capped else " ; ".join(dict.fromkeys(row_sources))
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


def _indicator_count(tracker: TrackerTables | YearScorecards) -> int:
    return tracker.indicators if isinstance(tracker, YearScorecards) else len(tracker.listing)


def _sources_line(tracker: TrackerTables | YearScorecards) -> str:
    """Every indicator's distinct source on one line."""
    if isinstance(tracker, YearScorecards):
        return tracker.sources_line()
    return join_sources(tracker.listing)


def _doubted_tracks(
    tracker: TrackerTables | YearScorecards, year: int, limit: int
) -> tuple[tuple[Track, ...], int]:
    """The tracks of the first ``limit`` of ``year``'s indicators whose target is in doubt,
    in scorecard order, and how many there are."""
    if isinstance(tracker, YearScorecards):
        return tracker.doubted_tracks(year, limit)
    statuses = tracker.statuses
    scored = statuses[statuses["year"] == year].sort_values(
        ["phase", "strategy", "order"], kind="stable"
    )
    orders = doubted_orders(tracker.listing, scored["order"])
    return tracker.tracks(orders[:limit]), len(orders)


def _caveat_slides(
    tracker: TrackerTables | YearScorecards,
    year: int,
    year_text: str,
    style: str,
    lang: str,
) -> tuple[TableSlide, ...]:
    """The targets in doubt among the year's indicators (every one, also those a capped
    scorecard leaves out), in two wide columns: the indicator with its final target,
    and the reason. More than the slides hold: the first, and the caption says so."""
    limit = SHOWN_ROWS
    tracks, total = _doubted_tracks(tracker, year, limit)
    if not total:
        return ()
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
    if total > limit and slides:  # split_table did not see the rest: say so
        more = t("briefing.table_capped", lang, shown=limit, n=format_number(total))
        slides = tuple(
            dataclasses.replace(s, caption=f"{s.caption} {more}".strip()) for s in slides
        )
    return slides


register_section(
    Section(
        SCORECARD_SECTION,
        70,
        "briefing.section.indicator_scorecard",
        INDICATOR_TABLES,
        build_scorecard_slides,
    )
)
