"""人力概況 / Staffing overview: posts approved, filled and added, the plan by year, caseloads."""

from __future__ import annotations

import streamlit as st

from components.data import load_tables
from components.page import start_page
from components.staffing_view import (
    render_agencies,
    render_checks,
    render_context,
    render_cumulative,
    render_hiring_cards,
    render_required,
)
from components.tables import render_table
from safetynet.cities import get_city
from safetynet.i18n import t
from safetynet.staffing import compute_staffing_overview, staffing_display_table

settings = start_page("nav.staffing")
lang, style = settings.lang, settings.year_style
city = get_city(settings.city)
st.caption(t("staffing.intro", lang, city=city.name(lang)))

with st.spinner(t("loading", lang)):
    tables = load_tables(city.slug, "staffing", "staffing_totals", "outcomes")
staffing, outcomes = tables["staffing"], tables["outcomes"]
if staffing.empty:
    st.info(t("staffing.empty", lang, city=city.name(lang)))
    st.stop()
overview = compute_staffing_overview(staffing)

render_hiring_cards(overview, staffing, lang, style)
render_checks(overview, tables, city.slug, lang, style)
render_agencies(staffing, city.slug, lang, style)
render_cumulative(staffing, city.slug, lang, style)
render_required(staffing, city.slug, lang, style)
render_context(outcomes, lang, style)

with st.expander(t("staffing.detail", lang)):
    render_table(
        staffing_display_table(staffing, lang, style),
        key="staffing.detail",
        file_name=f"{city.slug}_staffing.csv",
        lang=lang,
    )
st.page_link(
    "pages/staffing_planner.py", label=t("staffing.to_planner", lang), icon=":material/calculate:"
)
