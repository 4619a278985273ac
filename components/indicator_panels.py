"""The two views of the indicators page: the scorecard grouped by strategy, and one
indicator's detail (definition, derivation note, source, chart and its table)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.charts import render_chart
from components.indicator_charts import build_indicator_figure, build_sparkline, has_chart_data
from components.kpi import render_kpi
from components.tables import render_table
from safetynet.exports import to_csv_bytes
from safetynet.i18n import note_in, t
from safetynet.indicator_views import (
    STATUS_ICONS,
    baseline_card,
    final_target_text,
    format_gap,
    format_indicator_value,
    name_of,
    network_agencies_source,
    network_agencies_text,
    render_derivation_note,
    render_summary_sentence,
    scorecard_display_table,
    strategy_label,
    target_caveat,
    track_display_table,
    year_label,
)
from safetynet.indicators import BEHIND, MET, MISSED, NO_DATA, Scorecard, Track

# Pixel widths that keep a row on one line on a 1400-px projector screen.
COLUMN_WIDTHS = {
    "indicator": 260,
    "agency": 70,
    "target": 115,
    "actual": 85,
    "gap": 105,
    "status": 95,
    "caveat": 280,
    "final_target": 125,
}


def render_summary(card: Scorecard, style: str, lang: str) -> None:
    """The sentence a director says, and one card per status (icon and word, not colour)."""
    summary = card.summary
    sentence = render_summary_sentence(summary, style, lang)
    st.subheader(sentence + t("ind.summary.of", lang, n=summary.total))
    counts = {
        MET: summary.met,
        MISSED: summary.missed,
        BEHIND: summary.behind,
        NO_DATA: summary.no_data,
    }
    cols = st.columns(len(counts))
    source = t("ind.legend", lang)
    for col, (status, count) in zip(cols, counts.items(), strict=True):
        with col:
            label = f"{STATUS_ICONS[status]} {t(f'ind.status.{status}', lang)}"
            render_kpi(label, str(count), source)


def render_scorecard(
    card: Scorecard,
    style: str,
    lang: str,
    *,
    key: str,
    file_name: str,
    network: pd.DataFrame | None = None,
) -> None:
    """The scorecard: one table per strategy with a trend image per row, and one CSV.

    A target in doubt says why beside the status; a strategy whose network
    agencies the source lists (``network``) names them under its heading.
    """
    table = scorecard_display_table(card, style, lang)
    indicators = [r.track.indicator for r in card.rows]
    strategies = {strategy_label(i, lang): (i.phase, i.strategy) for i in indicators}
    strategy_col = t("ind.col.strategy", lang)
    trend_col = t("ind.col.trend", lang)
    sparks = [build_sparkline(row.track) for row in card.rows]
    shown = table.copy()
    # an empty cell, not the word "None", where there is nothing to draw
    shown[trend_col] = ["" if s is None else s.data_uri for s in sparks]
    for label, group in shown.groupby(strategy_col, sort=False):
        st.markdown(f"#### {label}")
        agencies = network_agencies_text(network, *strategies[label], lang)
        if agencies is not None and network is not None:
            source = network_agencies_source(network, *strategies[label])
            st.caption(agencies, help=f"{t('source', lang)}{t('colon', lang)}{source}")
        st.dataframe(
            group.drop(columns=[strategy_col]),
            hide_index=True,
            width="stretch",
            column_order=[
                t(f"ind.col.{c}", lang)
                for c in (
                    "indicator",
                    "agency",
                    "target",
                    "actual",
                    "gap",
                    "status",
                    "caveat",
                    "trend",
                )
            ]
            + [t("ind.col.final_target", lang), t("ind.col.explain", lang)],
            column_config={
                trend_col: st.column_config.ImageColumn(trend_col, width=150),
                **{
                    t(f"ind.col.{name}", lang): st.column_config.TextColumn(width=width)
                    for name, width in COLUMN_WIDTHS.items()
                },
            },
        )
    st.caption(t("ind.legend", lang))
    st.download_button(
        t("ind.scorecard.download", lang),
        data=to_csv_bytes(table),
        file_name=file_name,
        mime="text/csv",
        key=f"{key}.download",
        icon=":material/download:",
    )


def render_indicator_detail(
    track: Track, style: str, lang: str, *, key: str, file_name: str
) -> None:
    """One indicator: headline figures, definition, how targets are set, chart, table, source."""
    ind = track.indicator
    st.markdown(f"### {name_of(ind, lang)}")
    latest = track.latest_actual
    cols = st.columns(4)
    with cols[0]:
        if ind.target_rule == "relative_to_previous":
            final_value, final_year = final_target_text(track, style, lang), None
        else:
            final_value = format_indicator_value(ind.target, ind, lang)
            final_year = year_label(ind.target_year, track, style, lang)
        render_kpi(t("ind.col.final_target", lang), final_value, ind.source, caption=final_year)
    with cols[1]:
        latest_text = format_indicator_value(None if latest is None else latest.value, ind, lang)
        caption = None if latest is None else year_label(latest.year, track, style, lang)
        render_kpi(
            t("ind.latest", lang),
            latest_text,
            latest.source if latest else ind.source,
            caption=caption,
        )
    with cols[2]:
        render_kpi(t("ind.final_gap", lang), format_gap(track.gap_to_final, ind, lang), ind.source)
    with cols[3]:
        baseline, caption = baseline_card(track, style, lang)
        render_kpi(t("ind.baseline", lang), baseline, ind.source, caption=caption)
    caveat = target_caveat(ind, lang)
    if caveat:
        st.warning(caveat, icon=":material/warning:")

    agency = (ind.agency_zh if lang == "zh" else ind.agency_en) or t("no_data", lang)
    facts = [
        (t("ind.col.agency", lang), agency),
        (t("ind.direction", lang), t(f"ind.direction.{ind.direction}", lang)),
        (t("ind.col.unit", lang), ind.unit if lang == "zh" else ind.unit_en),
        (t("ind.col.id", lang), f"`{ind.indicator_id}`"),
    ]
    st.markdown("　".join(f"**{label}**{t('colon', lang)}{value}" for label, value in facts))
    st.markdown(f"**{t('ind.definition', lang)}**")
    if ind.definition is None:
        st.info(t("ind.definition.none", lang), icon=":material/help:")
    else:
        text = ind.definition.text_zh if lang == "zh" else ind.definition.text_en
        st.markdown(f"> {text}")
        flagged = note_in(ind.definition.note, lang)
        st.caption(
            f"{t('source', lang)}{t('colon', lang)}{ind.definition.source}"
            + (f" · {flagged}" if flagged else "")
        )
    st.markdown(f"**{t('ind.derivation', lang)}**")
    for sentence in render_derivation_note(track, style, lang):
        st.markdown(f"- {sentence}")

    if has_chart_data(track):
        render_chart(
            build_indicator_figure(track, style, lang),
            key=f"{key}.chart",
        )
    else:
        st.info(t("ind.chart.empty", lang), icon=":material/info:")
    with st.expander(t("ind.chart.table", lang)):
        render_table(
            track_display_table(track, style, lang), key=key, file_name=file_name, lang=lang
        )
    st.caption(f"{t('source', lang)}{t('colon', lang)}{ind.source}")
    note = note_in(ind.note, lang)
    if note:
        st.caption(f"{t('ind.flagged', lang)}{t('colon', lang)}{note}")
