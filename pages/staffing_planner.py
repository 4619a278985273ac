"""人力試算 / Staffing planner: what-if workers, supervisors and hires per service line and year."""

from __future__ import annotations

import streamlit as st

from components.data import computed, load_tables
from components.page import start_page
from components.planner_inputs import (
    get_state,
    params_from_state,
    render_horizon,
    render_lines,
    render_presets,
)
from components.planner_results import render_results
from components.planner_scenarios import render_scenarios
from safetynet.cities import CITIES
from safetynet.i18n import t
from safetynet.staffing.planner import PlannerInputError, compute_plan
from safetynet.staffing.presets import city_presets, combine_presets
from safetynet.text_safety import escape_markdown

page = start_page("nav.planner", "planner.intro")
lang, style, city = page.lang, page.year_style, page.city

with st.spinner(t("loading", lang)):
    staffing = load_tables(city.slug, "staffing")["staffing"]
    presets = combine_presets(*(computed(city_presets, c, ("outcomes",)) for c in CITIES))
state = get_state(city.slug, staffing, presets, lang)

inputs_col, presets_col = st.columns([3, 1])
with inputs_col:
    st.subheader(t("planner.inputs", lang))
    render_horizon(state, lang, style)
    render_lines(city.slug, state, lang)
with presets_col:
    render_presets(city.slug, state, presets, lang)

params = params_from_state(state)
st.subheader(t("planner.results", lang))
try:
    result = compute_plan(params)
except PlannerInputError as err:
    result = None
    st.error(
        t("planner.invalid", lang)
        + "\n\n"
        + "\n".join(f"- {escape_markdown(p.message(lang))}" for p in err.problems)
    )
if result is not None:
    render_results(
        result, city.slug, st.session_state.get("planner.scenario_name", ""), presets, lang, style
    )

st.subheader(t("planner.scenarios", lang))
render_scenarios(city.slug, params if result is not None else None, lang, style)
