"""Entry point and home page 總覽 / Overview: the headline figures of the selected city.

Run with ``streamlit run app.py``. Pages live in ``pages/``; every page draws
the shared sidebar first (components/sidebar.py).
"""

from __future__ import annotations

import streamlit as st

from components.data import computed
from components.kpi import render_cards
from components.page import start_page
from components.phase_context import render_current_phase
from components.sidebar import NAVIGATION
from components.tables import render_table
from safetynet.i18n import t
from safetynet.overview import compute_overview, overview_cards
from safetynet.staffing.views import (
    staffing_display_table,
)

page = start_page("nav.overview", "app.subtitle")
lang, style, city = page.lang, page.year_style, page.city

OVERVIEW_TABLES = ("districts", "centres", "precincts", "district_centres", "outcomes", "staffing")
with st.spinner(t("loading", lang)):
    overview = computed(compute_overview, city.slug, OVERVIEW_TABLES, city, mapping=True)
if not overview.districts:
    st.error(t("data_error.empty", lang))
    st.stop()

with st.columns(2)[0]:
    render_current_phase(city.slug, lang, style)  # the phase running today (phases table)
cards = overview_cards(overview, lang, style)
st.subheader(t("overview.network", lang))
render_cards(cards.network)
if cards.services:
    st.subheader(t("overview.services", lang))
    render_cards(cards.services)
st.subheader(t("overview.staffing", lang))
render_cards(cards.staffing, per_row=4)

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
