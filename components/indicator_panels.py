"""The two views of the indicators page: the scorecard grouped by strategy, and one
indicator's detail (definition, derivation note, source, chart and its table)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from components.charts import render_chart
from components.data import get_store
from components.indicator_charts import (
    build_indicator_figure,
    build_sparkline,
    has_chart_data,
    no_data_picture,
)
from components.kpi import render_cards
from components.tables import (
    fitted_column_config,
    render_table_when_open,
    show_dataframe,
    show_notes,
)
from safetynet.editing.exports import to_csv_bytes
from safetynet.formatting import note_mark
from safetynet.i18n import note_in, t
from safetynet.indicators.tables import TrackerTables
from safetynet.indicators.tracker import (
    Scorecard,
    ScorecardParams,
    Track,
    scorecard_of,
    scorecard_orders,
)
from safetynet.indicators.views import (
    derivation_notes,
    detail_cards,
    name_of,
    network_agencies_source,
    network_agencies_text,
    scorecard_display_table,
    scorecard_grid,
    status_cards,
    strategy_label,
    summary_sentence,
    target_caveat,
    track_display_table,
)
from safetynet.sources import source_line
from safetynet.storage.store import Store
from safetynet.text_safety import escape_markdown

# Rows the scorecard shows at most (the most urgent first); the CSV holds every one.
SCORECARD_ROWS = 300
# The trend pictures' column: the picture (140 px) and the cell's padding.
SPARK_COLUMN_PX = 150
SPARK_WIDTH_PX = 140
# A scorecard row is at least this tall, so a one-line row shows the trend picture at a
# readable size (the grid fits a picture to its row's height, less its padding).
SPARK_ROW_PX = 48
GRID_CELL_PAD_PX = 3  # the grid's padding above and below a cell's content
# Lines a scorecard row may take so the grid fits a laptop's page (a long English name).
SCORECARD_LINES = 8


@st.cache_resource(show_spinner=False, max_entries=4)
def _tracker_tables(city: str, revision: int) -> TrackerTables:  # noqa: ARG001  (cache key)
    return TrackerTables.from_store(get_store(), city)


def scorecard_row_px(wrapped_px: int | None) -> int:
    """A scorecard grid's row height: its wrapped names' (``None``: one line) or
    :data:`SPARK_ROW_PX`, whichever is taller."""
    return max(wrapped_px or 0, SPARK_ROW_PX)


def trend_picture(track: Track, lang: str, row_px: int) -> str:
    """A scorecard row's trend cell (a data URI): the sparkline as tall as the row shows
    it and no wider than its column, or 「無資料」 when nothing can be drawn."""
    height = row_px - 2 * GRID_CELL_PAD_PX
    spark = build_sparkline(track, SPARK_WIDTH_PX, height) or no_data_picture(
        lang, SPARK_WIDTH_PX, height
    )
    return spark.data_uri


def load_tracker_tables(city: str, revision: int) -> TrackerTables:
    """The city's tracker at a store revision (:func:`components.data.store_revision`):
    the status table of every indicator and year, computed once, and a compact listing
    of the indicators; the rows of the indicators shown are read when asked for. Shared
    by every session, not copied: read it, never change it."""
    return _tracker_tables(city, revision)


def load_status_table(city: str, revision: int) -> pd.DataFrame:
    """Every indicator's status per tracked year: one grouped pass per city and store
    revision, kept as a compact table, not an object per indicator. Its ``order`` is
    the row of that revision's ``indicators`` (and of the tracker's ``listing``)."""
    return _tracker_tables(city, revision).statuses


@st.cache_resource(show_spinner=False, max_entries=8)
def _scorecard(city: str, revision: int, year: int, agency: str | None) -> Scorecard:
    return _tracker_tables(city, revision).scorecard(ScorecardParams(year, agency), SCORECARD_ROWS)


def load_scorecard(city: str, revision: int, year: int, agency: str | None) -> Scorecard:
    """The scorecard of a year (and agency): every indicator counted, the tracks of the
    :data:`SCORECARD_ROWS` most urgent built. Shared, not copied: it is frozen."""
    return _scorecard(city, revision, year, agency)


# Indicators whose full scorecard rows are built at a time for the CSV.
FULL_TABLE_PART = 5_000


def full_scorecard_table(
    store: Store, city: str, year: int, agency: str | None, style: str, lang: str
) -> pd.DataFrame:
    """The whole scorecard as its CSV holds it, built when the download is clicked.

    It runs outside the page's script thread, so it reads the store it is given, as
    it is at the click; the tracks are built a part of the indicators at a time.
    """
    tables = TrackerTables.from_store(store, city)
    card = ScorecardParams(year, agency)
    summary, orders = scorecard_orders(tables.statuses, card, None)
    parts = [
        scorecard_display_table(
            scorecard_of(card, summary, tables.tracks(orders[i : i + FULL_TABLE_PART])),
            style,
            lang,
        )
        for i in range(0, len(orders), FULL_TABLE_PART)
    ]
    if not parts:
        return scorecard_display_table(scorecard_of(card, summary, ()), style, lang)
    return pd.concat(parts, ignore_index=True)


def strategy_table(
    city: str, revision: int, year: int, agency: str | None, lang: str
) -> pd.DataFrame:
    """How many indicators of each strategy met, missed, are behind or have no data."""
    return _tracker_tables(city, revision).strategy_table(ScorecardParams(year, agency), lang)


@st.cache_resource(show_spinner=False, max_entries=16)
def _track(city: str, revision: int, order: int) -> Track:
    return _tracker_tables(city, revision).tracks([order])[0]


def load_track(city: str, revision: int, order: int) -> Track:
    """One indicator's track (row ``order`` of that revision's ``indicators`` table)."""
    return _track(city, revision, order)


@st.cache_resource(show_spinner=False, max_entries=32)
def _track_figure(city: str, revision: int, order: int, style: str, lang: str) -> go.Figure:
    return build_indicator_figure(_track(city, revision, order), style, lang)


def load_track_figure(city: str, revision: int, order: int, style: str, lang: str) -> go.Figure:
    """That track's chart, built once per revision, year style and language and shared by
    every session (only read it: ``render_chart`` draws it as it is). Building and
    unlinking it was about a sixth of the indicators page's CPU on every rerun."""
    return _track_figure(city, revision, order, style, lang)


def render_summary(card: Scorecard, style: str, lang: str) -> None:
    """The sentence a director says, and one card per status (icon and word, not colour)."""
    summary = card.summary
    sentence = summary_sentence(summary, style, lang)
    st.subheader(escape_markdown(sentence + t("ind.summary.of", lang, n=summary.total)))
    render_cards(status_cards(summary, lang), per_row=4)


def render_scorecard(
    card: Scorecard,
    style: str,
    lang: str,
    *,
    key: str,
    file_name: str,
    full_table: Callable[[], pd.DataFrame],
    strategies: Callable[[], pd.DataFrame],
    network: pd.DataFrame | None = None,
) -> None:
    """The scorecard: one table per strategy with a trend image per row, and one CSV.

    ``card`` holds at most :data:`SCORECARD_ROWS` rows (the most urgent); when the year
    has more indicators, the counts per strategy (``strategies()``) come first and
    the CSV (``full_table()``, built on click) holds every indicator. Each agency's
    indicators are a grid of their own; why a target is in doubt, how it was set and what
    the status rests on are marks in the grid, listed below it; a strategy whose network
    agencies the source lists (``network``) names them under its heading.
    """
    shown_card = card
    if len(card.rows) < card.summary.total:
        st.caption(
            t(
                "ind.scorecard.capped",
                lang,
                shown=f"{len(card.rows):,}",
                n=f"{card.summary.total:,}",
            )
        )
        show_dataframe(strategies())
    table, notes = scorecard_grid(shown_card, style, lang)
    strategy_keys = {
        strategy_label(r.track.indicator, lang): (
            r.track.indicator.phase,
            r.track.indicator.strategy,
        )
        for r in shown_card.rows
    }
    strategy_col = t("ind.col.strategy", lang)
    trend_col = t("ind.col.trend", lang)
    notes_col = t("ind.col.notes", lang)
    agency_col = t("ind.col.agency", lang)
    numbers = {note_mark(n): n for n in range(1, len(notes) + 1)}
    shown = table.copy()
    tracks = dict(zip(shown.index, (row.track for row in shown_card.rows), strict=True))
    shown[trend_col] = ""  # each grid's pictures are drawn for its rows' height, below
    for label, group in shown.groupby(strategy_col, sort=False):
        st.markdown(f"#### {escape_markdown(label)}")
        agencies = network_agencies_text(network, *strategy_keys[label], lang)
        if agencies is not None and network is not None:
            source = network_agencies_source(network, *strategy_keys[label])
            st.caption(
                escape_markdown(agencies),
                help=escape_markdown(source_line(source, lang)),
            )
        # Each agency's indicators in a grid of their own, named above it: the grid fits
        # a laptop's page (1366×768) without scrolling sideways, the status next to the
        # name, the caveats and explanations as marks listed below, the final target in
        # the indicator's detail and the CSV.
        for agency, part in group.groupby(agency_col, sort=False):
            st.markdown(t("ind.agency_of", lang, agency=escape_markdown(str(agency))))
            order = [
                t(f"ind.col.{c}", lang)
                # the notes' marks beside the status: why a target is in doubt is read
                # with the status it puts in question
                for c in ("indicator", "status", "notes", "target", "actual", "gap", "trend")
            ]
            config = {
                trend_col: st.column_config.ImageColumn(
                    t("ind.col.trend_short", lang), width=SPARK_COLUMN_PX
                )
            }
            # the rows' height first (long names wrap on more lines rather than push the
            # grid wider), then pictures drawn for it: a picture fills its row's height
            _, wrapped_px = fitted_column_config(part[order], config, None, SCORECARD_LINES)
            row_px = scorecard_row_px(wrapped_px)
            part = part.assign(
                **{trend_col: [trend_picture(tracks[i], lang, row_px) for i in part.index]}
            )
            show_dataframe(
                part,
                column_order=order,
                column_config=config,
                max_lines=SCORECARD_LINES,
                min_row_height=row_px,
            )
            used = sorted({numbers[m] for cell in part[notes_col] for m in cell.split()})
            # right below its grid, where a mark is read: no heading to repeat each time
            show_notes([notes[n - 1] for n in used], numbers=used)
    st.caption(f"{t('ind.legend', lang)} {t('ind.trend_legend', lang)}")
    st.download_button(
        t("ind.scorecard.download", lang),
        data=lambda: to_csv_bytes(full_table()),
        file_name=file_name,
        mime="text/csv",
        key=f"{key}.download",
        icon=":material/download:",
    )


def render_indicator_detail(
    track: Track,
    style: str,
    lang: str,
    *,
    key: str,
    file_name: str,
    figure: go.Figure | None = None,
) -> None:
    """One indicator: headline figures, definition, how targets are set, chart, table, source.

    ``figure``: its chart as :func:`load_track_figure` keeps it (built here if not given)."""
    ind = track.indicator
    st.markdown(f"### {escape_markdown(name_of(ind, lang))}")
    render_cards(detail_cards(track, style, lang), per_row=4)
    caveat = target_caveat(ind, lang)
    if caveat:
        st.warning(escape_markdown(caveat), icon=":material/warning:")

    agency = (ind.agency_zh if lang == "zh" else ind.agency_en) or t("no_data", lang)
    facts = [
        (t("ind.col.agency", lang), escape_markdown(agency)),
        (t("ind.direction", lang), t(f"ind.direction.{ind.direction}", lang)),
        (t("ind.col.unit", lang), escape_markdown(ind.unit if lang == "zh" else ind.unit_en)),
    ]
    gap = "　" if lang == "zh" else " · "  # a full-width space only between Chinese facts
    st.markdown(gap.join(f"**{label}**{t('colon', lang)}{value}" for label, value in facts))
    st.markdown(f"**{t('ind.definition', lang)}**")
    if ind.definition is None:
        st.info(t("ind.definition.none", lang), icon=":material/help:")
    else:
        text = ind.definition.text_zh if lang == "zh" else ind.definition.text_en
        st.markdown(f"> {escape_markdown(text)}")
        flagged = note_in(ind.definition.note, lang)
        st.caption(
            escape_markdown(
                source_line(ind.definition.source, lang) + (f" · {flagged}" if flagged else "")
            )
        )
    st.markdown(f"**{t('ind.derivation', lang)}**")
    for sentence in derivation_notes(track, style, lang):
        st.markdown(f"- {escape_markdown(sentence)}")

    if has_chart_data(track):
        render_chart(
            figure if figure is not None else build_indicator_figure(track, style, lang),
            key=f"{key}.chart",
        )
    else:
        st.info(t("ind.chart.empty", lang), icon=":material/info:")
    render_table_when_open(
        t("ind.chart.table", lang),
        partial(track_display_table, track, style, lang),
        open_key="indicators.detail_data",
        key=key,
        file_name=file_name,
        lang=lang,
    )
    st.caption(escape_markdown(source_line(ind.source, lang)))
    note = note_in(ind.note, lang)
    if note:
        st.caption(escape_markdown(f"{t('ind.flagged', lang)}{t('colon', lang)}{note}"))
