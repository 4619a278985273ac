"""The planner's outputs drawn: headline cards, the plan by year, per line, staff flow,
sensitivity. The text and tables come from :mod:`safetynet.staffing.planner_views`."""

from __future__ import annotations

import streamlit as st

from components.charts import render_chart
from components.kpi import render_cards
from components.staffing_charts import build_plan_figure, build_sensitivity_figure
from components.tables import render_table
from safetynet.i18n import t
from safetynet.staffing.planner import PlannerParams, PlannerResult
from safetynet.staffing.planner_views import (
    flow_table,
    formulas,
    headline_cards,
    lines_table,
    missing_items,
    plan_xlsx,
    planned_lines_text,
    posts_now,
    sensitivity_table,
    totals_table,
    vacancy_now_lines,
)
from safetynet.staffing.presets import Preset
from safetynet.text_safety import escape_markdown


def render_posts_now(params: PlannerParams, lang: str) -> None:
    """Posts approved and people hired per line as entered, and how many approved posts
    are not yet filled: what the staffing table says before any caseload is known."""
    shown = posts_now(params, lang)
    if shown is None:
        return
    cards, table = shown
    st.markdown(f"**{t('planner.posts_now', lang)}**")
    render_cards(cards)
    render_table(table, key="planner.posts_now", file_name="posts_now.csv", lang=lang)
    st.caption(t("planner.posts_now.caption", lang))


def render_missing(
    params: PlannerParams, missing: dict[int, list[str]], lang: str, planned: bool
) -> None:
    """The inputs each incomplete line still needs, as a request (blue), not an error."""
    items = [f"- {escape_markdown(item)}" for item in missing_items(params, missing, lang)]
    head = t("planner.incomplete", lang)
    if not planned:
        head = f"{t('planner.incomplete_none_planned', lang)} {head}"
    st.info(head + "\n\n" + "\n".join(items), icon=":material/edit_note:")
    if planned:
        st.caption(escape_markdown(planned_lines_text(params, missing, lang)))


def render_vacancy_now(result: PlannerResult, lang: str) -> None:
    """Each line's vacancy rate now, from posts approved and filled, with the formula."""
    st.caption(t("planner.formula.vacancy", lang))
    for sentence in vacancy_now_lines(result, lang):
        st.markdown(escape_markdown(sentence))


def render_results(
    result: PlannerResult,
    city: str,
    scenario_name: str,
    presets: tuple[Preset, ...],
    lang: str,
    style: str,
) -> None:
    """Every output of the plan, each table with its CSV, and the .xlsx export."""
    render_cards(headline_cards(result, lang, style))
    tabs = st.tabs(
        [
            t("planner.tab.by_year", lang),
            t("planner.tab.by_line", lang),
            t("planner.tab.flow", lang),
            t("planner.tab.sensitivity", lang),
            t("planner.tab.formulas", lang),
        ]
    )
    with tabs[0]:
        render_chart(
            build_plan_figure(result.totals_frame(), lang, style),
            key="planner.plan_chart",
        )
        render_table(
            totals_table(result, lang, style),
            key="planner.totals",
            file_name=f"{city}_staffing_plan_by_year.csv",
            lang=lang,
        )
    with tabs[1]:
        render_table(
            lines_table(result, lang, style),
            key="planner.lines",
            file_name=f"{city}_staffing_plan_by_line.csv",
            lang=lang,
        )
    with tabs[2]:
        st.caption(t("planner.formula.flow", lang))
        flow = flow_table(result, lang, style)
        if flow.empty:
            st.info(t("planner.flow.none", lang))
        else:
            render_table(flow, key="planner.flow", file_name=f"{city}_staff_flow.csv", lang=lang)
        render_vacancy_now(result, lang)
    with tabs[3]:
        sensitivity = result.sensitivity_frame()
        if sensitivity.empty:
            st.info(t("planner.sens.none", lang))
        else:
            ratios = {
                line.cases_per_worker for line in result.params.lines if line.method == "ratio"
            }
            current = ratios.pop() if len(ratios) == 1 else None
            render_chart(
                build_sensitivity_figure(sensitivity, lang, current),
                key="planner.sensitivity_chart",
            )
            st.caption(t("planner.sens.caption", lang))
            render_table(
                sensitivity_table(result, lang),
                key="planner.sensitivity",
                file_name=f"{city}_ratio_sensitivity.csv",
                lang=lang,
            )
    with tabs[4]:
        for sentence in formulas(lang):
            st.markdown(f"- {escape_markdown(sentence)}")
    name = scenario_name.strip() or t("planner.unsaved", lang)
    st.download_button(
        t("planner.export", lang),
        data=lambda: plan_xlsx(name, result, lang, style, presets),
        file_name=f"{city}_staffing_scenario.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="planner.export",
        icon=":material/table_view:",
    )
