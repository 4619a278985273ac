"""人力概況 / Staffing overview: posts approved, filled and added, the plan by year, caseloads."""

from __future__ import annotations

import streamlit as st

from components.data import computed, shared_stored
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
from components.tables import SHOWN_ROWS, expander_when_open
from safetynet.i18n import t
from safetynet.staffing.figures import staffing_figures
from safetynet.staffing.posts import staffing_facts
from safetynet.storage.specs import Summary

page = start_page("nav.staffing", "staffing.intro")
lang, style, city = page.lang, page.year_style, page.city

# Every figure is computed once per store revision, from one read of the table kept by
# no cache, and shared by sessions (components.data.shared_stored): a rerun takes the
# results, all of them short (cards, charts of a dozen agencies, the first rows of each
# table), never the whole table.
with st.spinner(t("loading", lang)):
    rows, source = computed(staffing_facts, city.slug, (Summary("staffing", ("source",)),))
if not rows:
    st.info(t("staffing.empty", lang, city=city.name(lang)))
    st.stop()
with st.spinner(t("loading", lang)):
    figures = shared_stored(staffing_figures, city.slug, SHOWN_ROWS)

render_hiring_cards(figures.overview, source, lang, style)
render_checks(figures, city.slug, lang, style)
render_agencies(figures, city.slug, lang)
render_cumulative(figures, city.slug, lang, style)
render_required(figures, city.slug, lang, style)
render_context(city.slug, lang, style)
render_phases(city.slug, lang, style)

with expander_when_open(t("staffing.detail", lang), key="staffing.detail_data") as is_open:
    if is_open:
        render_staffing_detail(city.slug, lang, style, key="staffing.detail", figures=figures)
st.page_link(
    "pages/staffing_planner.py", label=t("staffing.to_planner", lang), icon=":material/calculate:"
)
