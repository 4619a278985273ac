"""Entry point and home page 總覽 / Overview: the headline figures of the selected city.

Run with ``streamlit run app.py``. Pages live in ``pages/``; every page draws
the shared sidebar first (components/sidebar.py).
"""

from __future__ import annotations

import streamlit as st

from components.data import computed, refused_problems
from components.kpi import render_kpi
from components.page import start_page
from components.phase_context import render_current_phase
from components.sidebar import NAVIGATION
from components.tables import render_table
from safetynet.cities import get_city
from safetynet.formatting import (
    format_kpi,
    format_number,
    format_pct,
    format_year,
    format_year_range,
    with_unit,
)
from safetynet.i18n import t
from safetynet.overview import compute_overview
from safetynet.phases import period_label
from safetynet.staffing.posts import staffing_display_table
from safetynet.text_safety import escape_markdown

settings = start_page("nav.overview")
lang, style = settings.lang, settings.year_style
city = get_city(settings.city)
st.caption(f"{city.name(lang)} · {t('app.subtitle', lang)}")

for problem in refused_problems(city.slug):
    st.warning(escape_markdown(f"{t('data_error.title', lang)} {problem}"))

OVERVIEW_TABLES = ("districts", "centres", "precincts", "district_centres", "outcomes", "staffing")
with st.spinner(t("loading", lang)):
    overview = computed(compute_overview, city.slug, OVERVIEW_TABLES, city, mapping=True)
if not overview.districts:
    st.error(t("data_error.empty", lang))
    st.stop()

with st.columns(2)[0]:
    render_current_phase(city.slug, lang, style)  # the phase running today (phases table)
st.subheader(t("overview.network", lang))
network_source = " ; ".join(overview.network_sources)
cols = st.columns(3)
with cols[0]:
    render_kpi(t("overview.districts", lang), format_number(overview.districts), network_source)
with cols[1]:
    render_kpi(t("overview.centres", lang), format_number(overview.centres), network_source)
with cols[2]:
    if overview.precincts:
        render_kpi(t("overview.precincts", lang), format_number(overview.precincts), network_source)
    else:
        render_kpi(
            t("overview.precincts", lang),
            t("no_data", lang),
            network_source,
            caption=t("overview.precincts_none", lang),
        )

if overview.figures:
    st.subheader(t("overview.services", lang))
    per_row = 3  # wider cards keep long labels and units whole on a projector
    for i, figure in enumerate(overview.figures):
        if i % per_row == 0:
            cols = st.columns(per_row)
        with cols[i % per_row]:
            label = figure.label_zh if lang == "zh" else figure.label_en
            unit = figure.unit_zh if lang == "zh" else figure.unit_en
            year = format_year(figure.year, style, lang, figure.year_basis) if figure.year else None
            value, label_unit = format_kpi(figure.value, unit, lang)
            render_kpi(with_unit(label, label_unit, lang), value, figure.source, caption=year)

st.subheader(t("overview.staffing", lang))
hiring = overview.hiring
hiring_source = " ; ".join(overview.hiring_sources)
cols = st.columns(4)
if hiring is not None:
    period = period_label(hiring.period, lang)
    with cols[0]:
        label = with_unit(t("overview.approved", lang), period, lang)
        render_kpi(label, format_number(hiring.approved), hiring_source)
    with cols[1]:
        label = with_unit(t("overview.hired", lang), period, lang)
        render_kpi(label, format_number(hiring.hired), hiring_source)
    with cols[2]:
        render_kpi(
            with_unit(t("overview.hiring_rate", lang), period, lang),
            format_pct(hiring.hiring_rate_pct),
            f"{t('overview.hiring_rate_help', lang)} · {hiring_source}",
            caption=f"{format_number(hiring.hired)} / {format_number(hiring.approved)}",
        )
else:
    with cols[0]:
        st.info(t("overview.no_hiring", lang))
if overview.new_posts is not None and overview.new_posts_years is not None:
    with cols[3]:
        render_kpi(
            t("overview.new_posts", lang),
            format_number(overview.new_posts),
            " ; ".join(overview.new_posts_sources),
            caption=format_year_range(*overview.new_posts_years, style, lang),
        )

with st.expander(t("overview.staffing_table", lang)):
    render_table(
        computed(staffing_display_table, city.slug, ("staffing", "phases"), lang, style),
        key="overview.staffing",
        file_name=f"{city.slug}_staffing.csv",
        lang=lang,
    )

st.subheader(t("overview.pages", lang))
for _section, pages in NAVIGATION:
    for script, title, icon in pages:
        if script != "app.py":
            st.page_link(script, label=t(title, lang), icon=icon)
