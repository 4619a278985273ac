"""人力概況 / Staffing overview: posts approved, filled and added, the plan by year, caseloads."""

from __future__ import annotations

import streamlit as st

from components.data import Summary, computed
from components.page import start_page
from components.phase_context import render_phases
from components.staffing_view import (
    render_agencies,
    render_checks,
    render_context,
    render_cumulative,
    render_hiring_cards,
    render_required,
    render_staffing_detail,
)
from safetynet.i18n import t
from safetynet.staffing.posts import compute_staffing_overview, staffing_facts

page = start_page("nav.staffing", "staffing.intro")
lang, style, city = page.lang, page.year_style, page.city

# Every figure is computed once per store revision (components.data.computed): a rerun
# takes the results, never the whole table.
with st.spinner(t("loading", lang)):
    rows, source = computed(staffing_facts, city.slug, (Summary("staffing", ("source",)),))
if not rows:
    st.info(t("staffing.empty", lang, city=city.name(lang)))
    st.stop()
overview = computed(compute_staffing_overview, city.slug, ("staffing",))

render_hiring_cards(overview, source, lang, style)
render_checks(overview, city.slug, lang, style)
render_agencies(city.slug, lang)
render_cumulative(city.slug, lang, style)
render_required(city.slug, lang, style)
render_context(city.slug, lang, style)
render_phases(city.slug, lang, style)

with st.expander(t("staffing.detail", lang)):
    render_staffing_detail(city.slug, lang, style, key="staffing.detail")
st.page_link(
    "pages/staffing_planner.py", label=t("staffing.to_planner", lang), icon=":material/calculate:"
)
