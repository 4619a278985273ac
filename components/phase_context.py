"""The programme's phases on a page: the phase running today, every phase with its years,
and a phase's national figures shown as national context beside the city's own figures."""

from __future__ import annotations

from datetime import date

import streamlit as st

from components.data import computed
from components.kpi import render_card, render_kpi
from components.tables import render_table
from safetynet.formatting import (
    format_kpi,
    format_number,
    format_year,
    with_unit,
)
from safetynet.i18n import t
from safetynet.phases import (
    current_phase_card,
    load_phases,
    phase_contexts,
    phases_table,
)
from safetynet.storage.specs import Summary
from safetynet.text_safety import escape_markdown


def render_current_phase(city: str, lang: str, style: str) -> None:
    """A card with the phase running on today's date (or that none runs), with its years."""
    phases = computed(load_phases, city, ("phases",))
    render_card(current_phase_card(phases, date.today(), lang, style), lang)


def render_phases(city: str, lang: str, style: str) -> None:
    """Every phase with its years and status today; for each phase with national figures,
    the city's own figures of that phase (無資料 until entered) and the national ones."""
    st.subheader(t("phase.section", lang))
    phases = computed(load_phases, city, ("phases",))
    contexts = computed(
        phase_contexts,
        city,
        (
            "phases",
            "phase_national_figures",
            # only the sums the city's figures need, never the whole growing tables
            Summary("staffing", ("period", "measure"), ("posts",)),
            Summary("indicators", ("phase",)),
        ),
    )
    render_table(
        phases_table(phases, lang, style, date.today()),
        key="phases.table",
        file_name=f"{city}_phases.csv",
        lang=lang,
        text=True,  # its sources are prose: the browser wraps them by the 禁則 rule
    )
    for context in contexts:
        phase, figures, own = context.phase, context.national, context.own
        name = phase.name(lang)
        st.markdown(f"**{escape_markdown(t('phase.city.title', lang, phase=name))}**")
        cols = st.columns(2)
        help_text = t("phase.city.help", lang, n=phase.number)
        for col, key, value in (
            (cols[0], "phase.city.posts", own.approved_posts),
            (cols[1], "phase.city.indicators", own.indicators),
        ):
            with col:
                shown = t("no_data", lang) if value is None else format_number(value)
                render_kpi(t(key, lang), shown, help_text)
        with st.container(border=True):
            st.markdown(f"**{escape_markdown(t('phase.national.title', lang, phase=name))}**")
            numbers = [f for f in figures if f.value is not None]
            strategies = [f for f in figures if f.value is None]
            per_row = 4
            for i, figure in enumerate(numbers):
                if i % per_row == 0:
                    row = st.columns(per_row)
                with row[i % per_row]:
                    figure_value, unit = format_kpi(figure.value, figure.unit_in(lang), lang)
                    caption = format_year(figure.year, style, lang) if figure.year else None
                    label = with_unit(figure.label(lang), unit, lang)
                    render_kpi(label, figure_value, figure.source, caption=caption)
            if strategies:
                st.markdown(
                    f"{escape_markdown(t('phase.national.strategies', lang))}{t('colon', lang)}"
                    + "、".join(escape_markdown(_strategy(f.label(lang))) for f in strategies)
                )
            # each card cites its part on hover; the caption names each document once
            sources = " ; ".join(dict.fromkeys(f.source.split(" · ")[0] for f in figures))
            st.caption(escape_markdown(f"{t('source', lang)}{t('colon', lang)}{sources}"))


def _strategy(label: str) -> str:
    """「策略：攜幼扶老」 → 「攜幼扶老」: the list already says these are strategies."""
    for prefix in ("策略：", "Strategy: "):
        if label.startswith(prefix):
            return label[len(prefix) :]
    return label
