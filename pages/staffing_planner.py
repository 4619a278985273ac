"""人力試算 / Staffing planner: what-if workers, supervisors and hires per service line and year."""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from components.data import computed, stored
from components.page import start_page
from components.planner_caseload import render_caseload_from_cases
from components.planner_inputs import (
    get_state,
    params_from_state,
    render_horizon,
    render_lines,
    render_presets,
)
from components.planner_results import render_missing, render_posts_now, render_results
from components.planner_scenarios import render_scenarios
from safetynet.cities import CITIES
from safetynet.i18n import t
from safetynet.phases import load_phases
from safetynet.staffing.planner import compute_plan, missing_inputs, validate_params
from safetynet.staffing.planner_views import problem_text
from safetynet.staffing.presets import city_presets, combine_presets, preset_metrics
from safetynet.staffing.worked_plan import stored_worked_plan
from safetynet.storage.specs import Rows
from safetynet.text_safety import escape_markdown

page = start_page("nav.planner", "planner.intro")
lang, style, city = page.lang, page.year_style, page.city

with st.spinner(t("loading", lang)):
    phases = computed(load_phases, city.slug, ("phases",))
    printed = (Rows("outcomes", "metric", preset_metrics()),)  # the standards' rows only
    own_presets = computed(city_presets, city.slug, printed)
    presets = combine_presets(*(computed(city_presets, c, printed) for c in CITIES))
    # the opening plan is computed (once per store revision) only when the city's inputs
    # are not yet in this session: a rerun neither reads nor copies the staffing table,
    # and no cache keeps the table (only the plan)
    state = get_state(city.slug, lambda: stored(stored_worked_plan, city.slug, own_presets), lang)

st.subheader(t("planner.inputs", lang))
render_horizon(state, phases, lang, style)
render_caseload_from_cases(city.slug, state, lang, style)
render_lines(city.slug, state, lang, style, phases)
render_presets(city.slug, state, presets, lang)

params = params_from_state(state)
st.subheader(t("planner.results", lang))
problems = validate_params(params)
missing = missing_inputs(problems)
asked = {(line, field) for line, fields in missing.items() for field in fields}
invalid = [p for p in problems if (p.line, p.field) not in asked]
result = None
if invalid:  # a wrong number (negative, not whole, out of range) is an error
    st.error(
        t("planner.invalid", lang)
        + "\n\n"
        + "\n".join(f"- {escape_markdown(problem_text(p, lang))}" for p in invalid)
    )
else:
    render_posts_now(params, lang)
    complete = tuple(line for i, line in enumerate(params.lines, 1) if i not in missing)
    if missing:  # what the plan still needs is asked for, not flagged as an error
        render_missing(params, missing, lang, planned=bool(complete))
    if complete:
        result = compute_plan(replace(params, lines=complete))
        render_results(
            result,
            city.slug,
            st.session_state.get("planner.scenario_name", ""),
            presets,
            lang,
            style,
        )

st.subheader(t("planner.scenarios", lang))
render_scenarios(city.slug, params if result is not None and not missing else None, lang, style)
