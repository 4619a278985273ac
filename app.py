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
from components.staffing_view import render_staffing_detail
from components.tables import expander_when_open
from safetynet.i18n import t
from safetynet.overview import compute_overview, overview_cards
from safetynet.storage.specs import Rows, Summary

page = start_page("nav.overview", "app.subtitle")
lang, style, city = page.lang, page.year_style, page.city

# The network tables are small; of the growing ones the page reads only what it shows: the
# headline metrics' rows and the staffing posts added up by the database per period,
# measure and source (all the cards need), never the whole tables.
OVERVIEW_TABLES = (
    "districts",
    "centres",
    "precincts",
    "district_centres",
    Rows("outcomes", "metric", city.headline_metrics),
    Summary("staffing", ("period", "measure", "source"), ("posts",), ("year_from",), ("year_to",)),
)
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

with expander_when_open(
    t("overview.staffing_table", lang), key="overview.staffing_data"
) as is_open:
    if is_open:
        render_staffing_detail(city.slug, lang, style, key="overview.staffing")

st.subheader(t("overview.pages", lang))
for _section, pages in NAVIGATION:
    for script, title, icon in pages:
        if script != "app.py":
            st.page_link(script, label=t(title, lang), icon=icon)
