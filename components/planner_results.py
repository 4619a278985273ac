"""The planner's outputs: headline cards, the plan by year, per line, staff flow, sensitivity."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.charts import render_chart
from components.kpi import render_kpi
from components.staffing_charts import build_plan_figure, build_sensitivity_figure
from components.tables import render_table
from safetynet.formatting import NO_DATA, format_number, format_pct, format_year
from safetynet.i18n import t
from safetynet.staffing.planner import PlannerParams, PlannerResult, vacancy_rate_pct
from safetynet.staffing.planner_views import (
    flow_table,
    format_month,
    formulas,
    lines_table,
    render_plan_xlsx,
    sensitivity_table,
    totals_table,
)
from safetynet.staffing.presets import Preset
from safetynet.text_safety import escape_markdown


def gap_words(value: int | None, lang: str, posts: bool = False) -> str:
    """A gap as a reader says it: 尚缺 64 人 / 多 3 人 / 無缺口 (posts: 尚缺 64 個員額)."""
    if value is None:
        return NO_DATA[lang]
    if value == 0:
        return t("planner.gap.none", lang)
    kind = ("posts_" if posts else "") + ("short" if value > 0 else "surplus")
    return t(f"planner.gap.{kind}", lang, n=format_number(abs(value)))


def render_posts_now(params: PlannerParams, lang: str) -> None:
    """Posts approved and people hired per line as entered, and how many approved posts
    are not yet filled: what the staffing table says before any caseload is known."""
    rows = [
        (line.name, line.approved_posts, line.hired_now)
        for line in params.lines
        if line.approved_posts is not None or line.hired_now is not None
    ]
    if not rows:
        return
    st.markdown(f"**{t('planner.posts_now', lang)}**")
    known = [(a, h) for _n, a, h in rows if a is not None and h is not None]
    approved = sum(a for a, _h in known)
    hired = sum(h for _a, h in known)
    cols = st.columns(3)
    with cols[0]:
        render_kpi(t("planner.out.approved", lang), format_number(approved),
                   t("planner.posts_now.caption", lang))  # fmt: skip
    with cols[1]:
        render_kpi(t("planner.out.hired", lang), format_number(hired),
                   t("planner.posts_now.caption", lang))  # fmt: skip
    with cols[2]:
        render_kpi(
            t("planner.posts_now.short", lang),
            gap_words(approved - hired, lang),
            t("planner.posts_now.caption", lang),
        )
    table = pd.DataFrame(
        {
            t("planner.field.name", lang): [n for n, _a, _h in rows],
            t("planner.out.approved", lang): pd.array([a for _n, a, _h in rows], dtype="Int64"),
            t("planner.out.hired", lang): pd.array([h for _n, _a, h in rows], dtype="Int64"),
            t("planner.posts_now.short", lang): [
                gap_words(None if a is None or h is None else a - h, lang) for _n, a, h in rows
            ],
        }
    )
    render_table(table, key="planner.posts_now", file_name="posts_now.csv", lang=lang)
    st.caption(t("planner.posts_now.caption", lang))


def render_missing(
    params: PlannerParams, missing: dict[int, list[str]], lang: str, planned: bool
) -> None:
    """The inputs each incomplete line still needs, as a request (blue), not an error."""
    items = []
    for i, fields_ in missing.items():
        line = params.lines[i - 1]
        joiner = "、" if lang == "zh" else ", "
        wanted = joiner.join(t(f"planner.field.{f}", lang) for f in fields_)
        name = line.name.strip() or t("planner.unnamed", lang)
        colon = t("colon", lang)
        items.append("- " + escape_markdown(f"{i}. {name}{colon}{wanted}"))
    head = t("planner.incomplete", lang)
    if not planned:
        head = f"{t('planner.incomplete_none_planned', lang)} {head}"
    st.info(head + "\n\n" + "\n".join(items), icon=":material/edit_note:")
    if planned:
        names = [line.name for i, line in enumerate(params.lines, 1) if i not in missing]
        st.caption(escape_markdown(t("planner.planned_lines", lang, names="、".join(names))))


def render_headlines(result: PlannerResult, lang: str, style: str) -> None:
    """Cards for the end year of the horizon: people and posts needed, gaps, when to recruit."""
    end = result.end
    year = format_year(end.year, style, lang)
    help_text = t("planner.kpi.help", lang)
    cols = st.columns(3)
    with cols[0]:
        render_kpi(t("planner.kpi.workers", lang, year=year), format_number(end.workers), help_text)
    with cols[1]:
        render_kpi(
            t("planner.kpi.supervisors", lang, year=year),
            format_number(end.supervisors),
            help_text,
        )
    with cols[2]:
        render_kpi(
            t("planner.kpi.posts", lang, year=year),
            format_number(end.posts_needed),
            t("planner.formula.posts", lang),
            caption=t("planner.kpi.staff_caption", lang, n=format_number(end.staff)),
        )
    cols = st.columns(3)
    with cols[0]:
        render_kpi(
            t("planner.kpi.gap_approved", lang, year=year),
            gap_words(end.gap_approved, lang, posts=True),
            t("planner.kpi.gap_approved_help", lang),
            caption=None if end.approved is not None else t("planner.kpi.missing_approved", lang),
        )
    with cols[1]:
        render_kpi(
            t("planner.kpi.gap_hired", lang, year=year),
            gap_words(end.gap_hired, lang),
            t("planner.kpi.gap_hired_help", lang),
            caption=None if end.hired is not None else t("planner.kpi.missing_hired", lang),
        )
    first = next((r for r in result.totals if r.recruit_start is not None), None)
    with cols[2]:
        if first is None:
            value, caption = t("planner.no_recruiting", lang), t("planner.kpi.recruit_none", lang)
        else:
            value = format_month(*first.recruit_start, style, lang)
            caption = t(
                "planner.kpi.recruit_caption",
                lang,
                year=format_year(first.year, style, lang),
            )
            if first.recruit_late:
                caption = f"{caption} {t('planner.late', lang)}"
        render_kpi(
            t("planner.kpi.recruit", lang), value, t("planner.formula.recruit", lang), caption
        )


def render_vacancy_now(result: PlannerResult, lang: str) -> None:
    """Each line's vacancy rate now, from posts approved and filled, with the formula."""
    rows = [
        line
        for line in result.params.lines
        if line.approved_posts is not None and line.hired_now is not None
    ]
    st.caption(t("planner.formula.vacancy", lang))
    for line in rows:
        vacancies = max(0, line.approved_posts - line.hired_now)  # type: ignore[operator]
        rate = vacancy_rate_pct(vacancies, line.hired_now)  # type: ignore[arg-type]
        st.markdown(
            escape_markdown(
                t(
                    "planner.vacancy_now",
                    lang,
                    name=line.name,
                    vacant=format_number(vacancies),
                    hired=format_number(line.hired_now),
                    rate=format_pct(rate),
                )
            )
        )


def render_results(
    result: PlannerResult,
    city: str,
    scenario_name: str,
    presets: tuple[Preset, ...],
    lang: str,
    style: str,
) -> None:
    """Every output of the plan, each table with its CSV, and the .xlsx export."""
    render_headlines(result, lang, style)
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
                sensitivity_table(result, lang, style),
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
        data=lambda: render_plan_xlsx(name, result, lang, style, presets),
        file_name=f"{city}_staffing_scenario.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="planner.export",
        icon=":material/table_view:",
    )
