"""Sections of the staffing overview page; each shows a chart or cards and its table with CSV.

A section whose data the city's source does not give says so instead of
drawing an empty chart.
"""

from __future__ import annotations

from functools import partial

import pandas as pd
import streamlit as st

from components.charts import render_chart
from components.data import Rows, computed, computed_figure, computed_view, get_store
from components.kpi import render_cards
from components.staffing_charts import (
    build_cumulative_plan_figure,
    build_hiring_gap_figure,
    build_posts_by_agency_figure,
)
from components.tables import SHOWN_ROWS, render_table
from safetynet.editing.exports import to_csv_bytes
from safetynet.i18n import note_in, t
from safetynet.sources import source_line
from safetynet.staffing.posts import (
    CHECK_METRICS,
    CONTEXT_METRICS,
    RECRUITMENT_METRICS,
    StaffingOverview,
    agency_chart_table,
    agency_table,
    checks_against,
    cumulative_chart_plan,
    cumulative_plan,
    hiring_gap_table,
    recruitment_cycle,
    required_by_year,
    required_rows,
    staffing_context,
)
from safetynet.staffing.views import (
    agency_display_table,
    checks_display_table,
    context_cards,
    cumulative_display_table,
    posts_cards,
    required_display_table,
    staffing_display_head,
    staffing_display_table,
    step_label,
)
from safetynet.text_safety import escape_markdown


def _sources(frame: pd.DataFrame) -> str:
    return " ; ".join(dict.fromkeys(frame["source"]))


def render_hiring_cards(overview: StaffingOverview, source: str, lang: str, style: str) -> None:
    """Approved, filled and vacant posts, hiring and vacancy rates, new posts and growth.

    ``source`` is the staffing table's sources, joined (shown on hover).
    """
    st.subheader(t("staffing.section.posts", lang))
    if overview.hiring is None:
        st.info(t("overview.no_hiring", lang))
    render_cards(posts_cards(overview, source, lang, style), per_row=4)


def render_checks(overview: StaffingOverview, city: str, lang: str, style: str) -> None:
    """The source's printed totals (per agency and for all) and rates beside the same
    figures computed from the table."""
    outcomes = Rows("outcomes", "metric", CHECK_METRICS)  # only the printed figures checked
    checks = computed(checks_against, city, (outcomes, "staffing", "staffing_totals"), overview)
    if not checks:
        return
    with st.expander(t("staffing.check.title", lang), expanded=False):
        st.caption(t("staffing.check.caption", lang))
        render_table(
            checks_display_table(checks, lang, style),
            key="staffing.checks",
            file_name=f"{city}_staffing_checks.csv",
            lang=lang,
        )


def render_agencies(city: str, lang: str) -> None:
    """Posts by agency and phase (stacked) and the hiring gap, with the agency table."""
    st.subheader(t("staffing.section.agencies", lang))
    agencies = computed(agency_table, city, ("staffing",))
    if agencies.empty:
        st.info(t("staffing.no_agencies", lang))
        return
    cols = st.columns(2)
    with cols[0]:
        render_chart(
            computed_figure(
                build_posts_by_agency_figure, agency_chart_table, city, ("staffing",), lang
            ),
            key="staffing.by_agency_chart",
        )
    with cols[1]:
        if agencies["approved"].notna().any():
            render_chart(
                computed_figure(
                    build_hiring_gap_figure, hiring_gap_table, city, ("staffing",), lang
                ),
                key="staffing.gap_chart",
            )
        else:
            st.info(t("overview.no_hiring", lang))
    render_table(
        computed_view(agency_display_table, agency_table, city, ("staffing",), lang),
        key="staffing.agencies",
        file_name=f"{city}_staffing_by_agency.csv",
        lang=lang,
    )


def render_cumulative(city: str, lang: str, style: str) -> None:
    """Posts in place after each step of the plan, stacked by agency, with the table."""
    st.subheader(t("staffing.section.cumulative", lang))
    plan = computed(cumulative_plan, city, ("staffing",))
    if plan.empty:
        st.info(t("staffing.no_plan", lang))
        return
    render_chart(
        computed_figure(
            build_cumulative_plan_figure, cumulative_chart_plan, city, ("staffing",), lang, style
        ),
        key="staffing.cumulative_chart",
    )
    render_table(
        computed_view(cumulative_display_table, cumulative_plan, city, ("staffing",), lang, style),
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
    st.caption(escape_markdown(source_line(_sources(rows), lang)))


def render_context(city: str, lang: str, style: str) -> None:
    """Caseloads and the workforce as the source prints them, and the recruitment cycle."""
    context = computed(staffing_context, city, (Rows("outcomes", "metric", CONTEXT_METRICS),))
    cycle = computed(recruitment_cycle, city, (Rows("outcomes", "metric", RECRUITMENT_METRICS),))
    if context.empty and cycle is None:
        return
    st.subheader(t("staffing.section.context", lang))
    # three a row: long source labels stay whole on wider cards
    render_cards(context_cards(context, cycle, lang, style), per_row=3)


def staffing_detail_csv(city: str, lang: str, style: str) -> bytes:
    """Every staffing row as the detail table words it, read when the download is clicked."""
    store = get_store()
    table = staffing_display_table(
        store.read(city, "staffing"), store.read(city, "phases"), lang, style
    )
    return to_csv_bytes(table)


def render_staffing_detail(city: str, lang: str, style: str, key: str) -> None:
    """The staffing rows as the source prints them: the first rows on the page (kept per
    store revision, not the whole table), every row in the CSV, built on click."""
    head, rows = computed(
        staffing_display_head, city, ("staffing", "phases"), lang, style, SHOWN_ROWS
    )
    render_table(
        head,
        key=key,
        file_name=f"{city}_staffing.csv",
        lang=lang,
        rows=rows,
        csv=partial(staffing_detail_csv, city, lang, style),
    )
