"""Sections of the staffing overview page; each shows a chart or cards and its table with CSV.

A section whose data the city's source does not give says so instead of
drawing an empty chart.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TypeVar

import plotly.graph_objects as go
import streamlit as st

from components.charts import render_chart
from components.data import computed, get_store, load_tables, stored_part
from components.kpi import render_cards
from components.staffing_charts import (
    build_cumulative_plan_figure,
    build_hiring_gap_figure,
    build_posts_by_agency_figure,
)
from components.tables import SHOWN_ROWS, render_table
from safetynet.editing.exports import to_csv_bytes
from safetynet.i18n import t
from safetynet.sources import source_line
from safetynet.staffing.figures import (
    StaffingFigures,
    agency_csv_table,
    agency_head_table,
    cumulative_csv_table,
    cumulative_head_table,
    required_notes,
    staffing_figures,
)
from safetynet.staffing.posts import (
    CONTEXT_METRICS,
    RECRUITMENT_METRICS,
    StaffingOverview,
    recruitment_cycle,
    staffing_context,
)
from safetynet.staffing.views import (
    checks_display_table,
    context_cards,
    posts_cards,
    required_display_table,
    staffing_display_head,
    staffing_display_table,
    step_label,
)
from safetynet.storage.specs import Rows
from safetynet.text_safety import escape_markdown

T = TypeVar("T")


def _part(part: Callable[..., T], city: str, *args: object) -> T:
    """``part(the page's figures, *args)``, kept per store revision and arguments and
    shared by sessions: the charts and first rows are not rebuilt on every rerun."""
    return stored_part(part, staffing_figures, city, *args, fn_args=(SHOWN_ROWS,))


def _agency_figure(figures: StaffingFigures, lang: str) -> go.Figure:
    return build_posts_by_agency_figure(figures.agency_chart, lang)


def _gap_figure(figures: StaffingFigures, lang: str) -> go.Figure:
    return build_hiring_gap_figure(figures.gap_chart, lang)


def _plan_figure(figures: StaffingFigures, lang: str, style: str) -> go.Figure:
    return build_cumulative_plan_figure(figures.plan_chart, lang, style)


# The agency table's columns that have a short header (staffing.short.*).
AGENCY_SHORT = ("approved", "hired", "vacant", "new", "total")


def render_hiring_cards(overview: StaffingOverview, source: str, lang: str, style: str) -> None:
    """Approved, filled and vacant posts, hiring and vacancy rates, new posts and growth.

    ``source`` is the staffing table's sources, joined (shown on hover).
    """
    st.subheader(t("staffing.section.posts", lang))
    if overview.hiring is None:
        st.info(t("overview.no_hiring", lang))
    render_cards(posts_cards(overview, source, lang, style), per_row=4)


def render_checks(figures: StaffingFigures, city: str, lang: str, style: str) -> None:
    """The source's printed totals (per agency and for all) and rates beside the same
    figures computed from the table."""
    if not figures.checks:
        return
    with st.expander(t("staffing.check.title", lang), expanded=False):
        st.caption(t("staffing.check.caption", lang))
        render_table(
            checks_display_table(figures.checks, lang, style),
            key="staffing.checks",
            file_name=f"{city}_staffing_checks.csv",
            lang=lang,
        )


def _agency_csv(city: str, lang: str) -> bytes:
    return to_csv_bytes(agency_csv_table(get_store(), city, lang))


def _cumulative_csv(city: str, lang: str, style: str) -> bytes:
    return to_csv_bytes(cumulative_csv_table(get_store(), city, lang, style))


def render_agencies(figures: StaffingFigures, city: str, lang: str) -> None:
    """Posts by agency and phase (stacked) and the hiring gap, with the agency table
    (its first rows; the CSV, built on click, has every agency)."""
    st.subheader(t("staffing.section.agencies", lang))
    if not figures.agency_count:
        st.info(t("staffing.no_agencies", lang))
        return
    cols = st.columns(2)
    with cols[0]:
        render_chart(
            _part(_agency_figure, city, lang),
            key="staffing.by_agency_chart",
        )
    with cols[1]:
        if figures.any_approved:
            render_chart(
                _part(_gap_figure, city, lang),
                key="staffing.gap_chart",
            )
        else:
            st.info(t("overview.no_hiring", lang))
    # Short headers where the full ones are too wide for a laptop's page (English: the
    # last column was off to the right at 1366×768), the full name as the tooltip; the
    # CSV keeps the full headers.
    short = {t(f"staffing.col.{k}", lang): t(f"staffing.short.{k}", lang) for k in AGENCY_SHORT}
    short = {full: brief for full, brief in short.items() if brief != full}
    render_table(
        _part(agency_head_table, city, lang, SHOWN_ROWS).rename(columns=short),
        key="staffing.agencies",
        file_name=f"{city}_staffing_by_agency.csv",
        lang=lang,
        column_config={brief: {"help": full} for full, brief in short.items()},
        rows=figures.agency_count + 1,  # and the total row
        csv=partial(_agency_csv, city, lang),
    )


def render_cumulative(figures: StaffingFigures, city: str, lang: str, style: str) -> None:
    """Posts in place after each step of the plan, stacked by agency, with the table
    (its first rows; the CSV, built on click, has every agency)."""
    st.subheader(t("staffing.section.cumulative", lang))
    if figures.plan_steps.empty:
        st.info(t("staffing.no_plan", lang))
        return
    render_chart(
        _part(_plan_figure, city, lang, style),
        key="staffing.cumulative_chart",
    )
    render_table(
        _part(cumulative_head_table, city, lang, style, SHOWN_ROWS),
        key="staffing.cumulative",
        file_name=f"{city}_staffing_cumulative_plan.csv",
        lang=lang,
        rows=figures.plan_agencies[lang] + 1,  # and the total row
        csv=partial(_cumulative_csv, city, lang, style),
    )
    st.caption(
        escape_markdown(
            t(
                "staffing.cumulative_caption",
                lang,
                steps=t("list_sep", lang).join(
                    step_label(r.step, int(r.year_from), int(r.year), lang, style)
                    for r in figures.plan_steps.itertuples()
                ),
            )
        )
    )


def render_required(figures: StaffingFigures, city: str, lang: str, style: str) -> None:
    """Staff each service line needs per year, where the source prints it (Keelung strategy 3)."""
    if figures.required.empty:
        return
    st.subheader(t("staffing.section.required", lang))
    render_table(
        required_display_table(figures.required, lang, style),
        key="staffing.required",
        file_name=f"{city}_staffing_required.csv",
        lang=lang,
    )
    for note in required_notes(figures, lang):
        st.caption(escape_markdown(note))
    st.caption(escape_markdown(source_line(" ; ".join(figures.required_sources), lang)))


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


def render_staffing_detail(
    city: str, lang: str, style: str, key: str, figures: StaffingFigures | None = None
) -> None:
    """The staffing rows as the source prints them: the first rows on the page (kept per
    store revision, not the whole table), every row in the CSV, built on click.
    ``figures`` (the staffing page's) hold those first rows already."""
    if figures is None:
        head, rows = computed(
            staffing_display_head, city, ("staffing", "phases"), lang, style, SHOWN_ROWS
        )
    else:
        phases = load_tables(city, "phases")["phases"]
        head = staffing_display_head(figures.detail, phases, lang, style, SHOWN_ROWS)[0]
        rows = figures.detail_count
    render_table(
        head,
        key=key,
        file_name=f"{city}_staffing.csv",
        lang=lang,
        rows=rows,
        csv=partial(staffing_detail_csv, city, lang, style),
    )
