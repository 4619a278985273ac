"""Sections of the staffing overview page; each shows a chart or cards and its table with CSV.

A section whose data the city's source does not give says so instead of
drawing an empty chart.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.charts import render_chart
from components.data import computed
from components.kpi import render_kpi
from components.staffing_charts import (
    build_cumulative_plan_figure,
    build_hiring_gap_figure,
    build_posts_by_agency_figure,
)
from components.tables import render_table
from safetynet.formatting import (
    format_kpi,
    format_number,
    format_pct,
    format_year,
    format_year_range,
    with_unit,
)
from safetynet.i18n import note_in, t
from safetynet.phases import period_label
from safetynet.staffing.posts import (
    StaffingOverview,
    agency_chart_table,
    agency_display_table,
    agency_table,
    checks_against,
    checks_display_table,
    cumulative_chart_plan,
    cumulative_display_table,
    cumulative_plan,
    hiring_gap_table,
    recruitment_cycle,
    required_by_year,
    required_display_table,
    required_rows,
    staffing_context,
    step_label,
)
from safetynet.text_safety import escape_markdown


def _sources(frame: pd.DataFrame) -> str:
    return " ; ".join(dict.fromkeys(frame["source"]))


Card = tuple[str, str, str, str | None]  # label, value, source on hover, caption
PER_ROW = 4


def _render_cards(cards: list[Card], per_row: int = PER_ROW) -> None:
    for i, (label, value, source, caption) in enumerate(cards):
        if i % per_row == 0:
            cols = st.columns(per_row)
        with cols[i % per_row]:
            render_kpi(label, value, source, caption)


def render_hiring_cards(overview: StaffingOverview, source: str, lang: str, style: str) -> None:
    """Approved, filled and vacant posts, hiring and vacancy rates, new posts and growth.

    ``source`` is the staffing table's sources, joined (shown on hover).
    """
    st.subheader(t("staffing.section.posts", lang))
    hiring = overview.hiring
    cards: list[Card] = []
    if hiring is not None:
        period = period_label(hiring.period, lang)
        for key, value in (
            ("overview.approved", hiring.approved),
            ("overview.hired", hiring.hired),
            ("measure.vacant", hiring.vacant),
        ):
            cards.append(
                (with_unit(t(key, lang), period, lang), format_number(value), source, None)
            )
        cards.append(
            (
                with_unit(t("overview.hiring_rate", lang), period, lang),
                format_pct(hiring.hiring_rate_pct),
                f"{t('overview.hiring_rate_help', lang)} · {source}",
                f"{format_number(hiring.hired)} / {format_number(hiring.approved)}",
            )
        )
        cards.append(
            (
                with_unit(t("staffing.vacancy_rate", lang), period, lang),
                format_pct(overview.vacancy_rate_pct),
                f"{t('staffing.vacancy_rate_help', lang)} · {source}",
                t(
                    "staffing.vacancy_rate_caption",
                    lang,
                    vacant=format_number(hiring.vacant),
                    hired=format_number(hiring.hired),
                ),
            )
        )
    else:
        st.info(t("overview.no_hiring", lang))
    if overview.new_posts is not None and overview.new_posts_years is not None:
        cards.append(
            (
                t("overview.new_posts", lang),
                format_number(overview.new_posts),
                source,
                format_year_range(*overview.new_posts_years, style, lang),
            )
        )
    if overview.posts_growth is not None:
        cards.append(
            (
                t("staffing.growth", lang),
                f"{overview.posts_growth:+,d}",
                f"{t('staffing.growth_help', lang)} · {source}",
                t(
                    "staffing.growth_caption",
                    lang,
                    new=format_number(overview.new_posts),
                    approved=format_number(hiring.approved if hiring else None),
                ),
            )
        )
    if overview.approved_total is not None:
        cards.append(
            (
                t("staffing.approved_total", lang),
                format_number(overview.approved_total),
                source,
                None,
            )
        )
    if overview.yearly_new_total is not None and overview.cumulative:
        first, last = overview.cumulative[0], overview.cumulative[-1]
        cards += [
            (
                with_unit(t("period.baseline", lang), format_year(first[1], style, lang), lang),
                format_number(first[2]),
                source,
                None,
            ),
            (
                t("staffing.new_planned", lang),
                format_number(overview.yearly_new_total),
                source,
                format_year_range(first[1], last[1], style, lang),
            ),
            (
                t("staffing.cumulative_end", lang, year=format_year(last[1], style, lang)),
                format_number(last[2]),
                source,
                None,
            ),
        ]
    _render_cards(cards)


def render_checks(overview: StaffingOverview, city: str, lang: str, style: str) -> None:
    """The source's printed totals (per agency and for all) and rates beside the same
    figures computed from the table."""
    checks = computed(
        checks_against, city, ("outcomes", "staffing", "staffing_totals"), overview, style
    )
    if not checks:
        return
    with st.expander(t("staffing.check.title", lang), expanded=False):
        st.caption(t("staffing.check.caption", lang))
        render_table(
            checks_display_table(checks, lang),
            key="staffing.checks",
            file_name=f"{city}_staffing_checks.csv",
            lang=lang,
        )


def render_agencies(city: str, lang: str, style: str) -> None:
    """Posts by agency and phase (stacked) and the hiring gap, with the agency table."""
    st.subheader(t("staffing.section.agencies", lang))
    agencies = computed(agency_table, city, ("staffing",))
    if agencies.empty:
        st.info(t("staffing.no_agencies", lang))
        return
    cols = st.columns(2)
    with cols[0]:
        render_chart(
            build_posts_by_agency_figure(
                computed(agency_chart_table, city, ("staffing",)), lang, style
            ),
            key="staffing.by_agency_chart",
        )
    with cols[1]:
        if agencies["approved"].notna().any():
            render_chart(
                build_hiring_gap_figure(computed(hiring_gap_table, city, ("staffing",)), lang),
                key="staffing.gap_chart",
            )
        else:
            st.info(t("overview.no_hiring", lang))
    render_table(
        agency_display_table(agencies, lang),
        key="staffing.agencies",
        file_name=f"{city}_staffing_by_agency.csv",
        lang=lang,
    )


def render_cumulative(city: str, lang: str, style: str) -> None:
    """Posts in place after each step of the plan, stacked by agency, with the table."""
    st.subheader(t("staffing.section.cumulative", lang))
    plan = computed(cumulative_plan, city, ("staffing",))
    chart_plan = computed(cumulative_chart_plan, city, ("staffing",))
    if plan.empty:
        st.info(t("staffing.no_plan", lang))
        return
    render_chart(
        build_cumulative_plan_figure(chart_plan, lang, style),
        key="staffing.cumulative_chart",
    )
    render_table(
        cumulative_display_table(plan, lang, style),
        key="staffing.cumulative",
        file_name=f"{city}_staffing_cumulative_plan.csv",
        lang=lang,
    )
    steps = plan.drop_duplicates("step")
    st.caption(
        escape_markdown(
            t(
                "staffing.cumulative_caption",
                lang,
                steps=t("list_sep", lang).join(
                    step_label(r.step, int(r.year_from), int(r.year), lang, style)
                    for r in steps.itertuples()
                ),
            )
        )
    )


def render_required(city: str, lang: str, style: str) -> None:
    """Staff each service line needs per year, where the source prints it (Keelung strategy 3)."""
    required = computed(required_by_year, city, ("staffing",))
    if required.empty:
        return
    st.subheader(t("staffing.section.required", lang))
    render_table(
        required_display_table(required, lang, style),
        key="staffing.required",
        file_name=f"{city}_staffing_required.csv",
        lang=lang,
    )
    rows = computed(required_rows, city, ("staffing",))
    notes = dict.fromkeys(note_in(n, lang) for n in rows["note"] if n)
    for note in notes:
        st.caption(escape_markdown(note))
    st.caption(escape_markdown(f"{t('source', lang)}{t('colon', lang)}{_sources(rows)}"))


def render_context(city: str, lang: str, style: str) -> None:
    """Caseloads and the workforce as the source prints them, and the recruitment cycle."""
    context = computed(staffing_context, city, ("outcomes",))
    cycle = computed(recruitment_cycle, city, ("outcomes",))
    if context.empty and cycle is None:
        return
    st.subheader(t("staffing.section.context", lang))
    cards = []
    for row in context.itertuples():
        label = row.label_zh if lang == "zh" else row.label_en
        unit = row.unit if lang == "zh" else row.unit_en
        value, label_unit = format_kpi(row.value, unit, lang)
        caption = format_year(row.year, style, lang) if pd.notna(row.year) else None
        note = note_in(row.note, lang)
        if note:
            caption = f"{caption} · {note}" if caption else note
        cards.append((with_unit(label, label_unit, lang), value, row.source, caption))
    if cycle is not None:
        cards.append(
            (
                with_unit(t("staffing.recruitment", lang), t("staffing.months", lang), lang),
                f"{cycle.months_min:g}–{cycle.months_max:g}",
                cycle.source,
                note_in(cycle.note, lang) or None,
            )
        )
    _render_cards(cards, per_row=3)  # long source labels stay whole on wider cards
