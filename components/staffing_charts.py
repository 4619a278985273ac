"""Plotly figures of the staffing pages; each is built from a table the page also offers as CSV.

Large fonts for a projector, labels in the reader's language, years as the
sidebar says. The builders only draw: every number comes from ``safetynet``.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from components.charts import FONT_FAMILY, FONT_SIZE
from safetynet.formatting import format_number, format_year
from safetynet.i18n import t
from safetynet.staffing.posts import fold_agencies, fold_plan
from safetynet.staffing.views import (
    step_label,
)

COLOURS = {
    "hired": "#1f77b4",
    "vacant": "#ff7f0e",
    "new": "#2ca02c",
    "approved": "#7f7f7f",
    "workers": "#1f77b4",
    "supervisors": "#9467bd",
    "posts": "#d62728",
}
TITLE_WIDTH = 36  # characters (CJK count two) a title takes on one line in half a page
WIDE_TITLE_WIDTH = 72  # ... and in the page's whole width (1366×768, the sidebar open)
AGENCY_ROW_PX = 56  # height per agency in the horizontal bar charts
LEGEND_BELOW_PX = 160  # axis, its title and a legend of up to three lines under the bars
# A horizontal legend above the plot: its type, the symbol and gap before each name, a
# row's height, and the width it has at 1366×768 (whole page / half the page).
LEGEND_FONT_PX = 15
LEGEND_SYMBOL_PX = 48
LEGEND_ROW_PX = 24
LEGEND_WIDTH_PX = {False: 780, True: 340}
TITLE_PX = 62  # the title's line and the space under it
CHART_PX = 450  # plotly's default height
SEQUENCE = ["#1f77b4", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#17becf", "#e377c2"]


def _wrap_title(title: str, width: int = TITLE_WIDTH) -> str:
    """A long title on two lines, broken at the space or punctuation nearest its middle.

    Plotly does not wrap a title: at 1366 px, in half a page, it runs past the
    chart's edge. ``width`` counts a CJK character as two.
    """
    units = [2 if ord(ch) >= 0x2E80 else 1 for ch in title]
    if sum(units) <= width:
        return title
    half, run, best = sum(units) / 2, 0, None
    for i, ch in enumerate(title):
        run += units[i]
        if ch in " ：:，,、；;" and (best is None or abs(run - half) < abs(best[1] - half)):
            best = (i, run)
    if best is None:
        return title
    head, tail = title[: best[0] + 1].rstrip(), title[best[0] + 1 :].lstrip()
    return f"{head}<br>{tail}"


def _text_px(text: str) -> float:
    """About how wide ``text`` is in the legend's type (a CJK character is a full em)."""
    return sum(LEGEND_FONT_PX if ord(ch) >= 0x2E80 else 0.55 * LEGEND_FONT_PX for ch in text)


def _legend_rows(fig: go.Figure, width_px: int) -> int:
    """The rows plotly lays a horizontal legend out in, at a laptop's chart width.

    On one row when every entry fits; otherwise plotly aligns the entries in columns as
    wide as the widest one, so a single long name puts each entry on its own row."""
    names = [str(trace.name) for trace in fig.data if trace.name and trace.showlegend is not False]
    if not names:
        return 0
    widths = [LEGEND_SYMBOL_PX + _text_px(name) for name in names]
    if sum(widths) <= width_px:
        return 1
    per_row = max(1, int(width_px // max(widths)))
    return -(-len(names) // per_row)


def _layout(
    fig: go.Figure,
    title: str,
    value_title: str,
    *,
    barmode: str | None = None,
    horizontal: bool = False,
    half: bool = False,
) -> go.Figure:
    """Title, legend under the title, large type; ``horizontal``: categories down the side;
    ``half``: drawn in half the page's width (beside another chart), where a title fits
    half as many characters on its line."""
    shown = _wrap_title(title, TITLE_WIDTH if half else WIDE_TITLE_WIDTH)
    rows = 0 if horizontal else _legend_rows(fig, LEGEND_WIDTH_PX[half])
    # the title, then the legend's rows above the plot: it grows upward, into the title
    # unless the top margin holds every row (Keelung's long agency names: six rows)
    top = TITLE_PX + (30 if shown != title else 0) + LEGEND_ROW_PX * max(rows, 2)
    fig.update_layout(
        title={"text": shown, "font": {"size": FONT_SIZE + 4}},
        font={"size": FONT_SIZE, "family": FONT_FAMILY},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
        margin={"t": top, "l": 60, "r": 20, "b": 60},
        separators=".,",
        hoverlabel={"font_size": FONT_SIZE - 2},
    )
    if rows > 2:  # the plot keeps its height under a taller legend, the title stays on top
        fig.update_layout(
            height=CHART_PX + LEGEND_ROW_PX * (rows - 2),
            title={"yref": "container", "y": 1, "yanchor": "top", "pad": {"t": 16}},
        )
    if barmode:
        fig.update_layout(barmode=barmode)
    values, categories = (fig.update_xaxes, fig.update_yaxes)
    if not horizontal:
        values, categories = categories, values
    values(title=value_title, tickformat=",d", rangemode="tozero")
    if horizontal:
        # Agency names read across, first agency on top; the chart grows with their number.
        # The legend goes under the axis: above, in half a page, it wraps into the title.
        categories(autorange="reversed", automargin=True, title=None)
        plot_px = AGENCY_ROW_PX * len(fig.data[0].y)
        top -= 40
        fig.update_layout(
            height=plot_px + top + LEGEND_BELOW_PX,
            margin={"t": top, "l": 10, "r": 30, "b": LEGEND_BELOW_PX},
            legend={"orientation": "h", "yanchor": "top", "y": -80 / plot_px, "x": 0},
        )
    return fig


def _headroom(fig: go.Figure, top: float, axis: str = "y") -> None:
    """Room beyond the longest bar for its label."""
    update = fig.update_yaxes if axis == "y" else fig.update_xaxes
    update(range=[0, max(1.0, top) * 1.18])


# The gap between a bar's end and its total, as a share of the longest bar.
TOTAL_GAP = 0.01


def build_posts_by_agency_figure(agencies: pd.DataFrame, lang: str) -> go.Figure:
    """Stacked horizontal bars per agency: phase-1 posts filled and vacant, then phase-2 new.

    ``agencies`` is :func:`safetynet.staffing.posts.agency_table`; beyond a dozen agencies the
    smaller ones are added up as 「其他」.
    """
    agencies = fold_agencies(agencies)
    names = list(agencies[f"agency_{lang}"])
    fig = go.Figure()
    for measure in ("hired", "vacant", "new"):
        values = [int(v) if pd.notna(v) else 0 for v in agencies[measure]]
        fig.add_bar(
            name=t(f"staffing.seg.{measure}", lang),
            x=values,
            y=names,
            orientation="h",
            text=[format_number(v) if v else "" for v in values],
            textposition="inside",
            # in the middle of its segment: at the segment's end the last one's label ran
            # into the total written just past the bar (「348610」)
            insidetextanchor="middle",
            marker_color=COLOURS[measure],
        )
    totals = [int(v) for v in agencies["total"]]
    _headroom(fig, max(totals), axis="x")
    gap = max(totals) * TOTAL_GAP  # the total a little past the bar, not touching it
    fig.add_scatter(
        x=[v + gap for v in totals],
        y=names,
        mode="text",
        text=[format_number(v) for v in totals],
        textposition="middle right",
        hovertemplate="%{y}: %{text}<extra></extra>",
        name=t("staffing.total", lang),
        showlegend=False,
    )
    fig = _layout(
        fig,
        t("staffing.chart.by_agency", lang),
        t("staffing.axis.posts", lang),
        barmode="stack",
        horizontal=True,
        half=True,
    )
    # a number too small to read inside its segment (43 of 296) is left out; the table
    # below the chart has every figure
    return fig.update_layout(uniformtext={"mode": "hide", "minsize": 12})


def build_hiring_gap_figure(agencies: pd.DataFrame, lang: str) -> go.Figure:
    """Phase-1 approved, filled and vacant posts per agency, as horizontal bars; the vacant
    bar is the hiring gap.

    Beyond a dozen agencies the smaller ones are added up as 「其他」.
    """
    rows = fold_agencies(agencies[agencies["approved"].notna()])
    names = list(rows[f"agency_{lang}"])
    fig = go.Figure()
    for measure in ("approved", "hired", "vacant"):
        values = [int(v) for v in rows[measure]]
        fig.add_bar(
            name=t(f"staffing.seg.{measure}", lang),
            x=values,
            y=names,
            orientation="h",
            text=[format_number(v) for v in values],
            textposition="outside",
            textfont_size=13,
            marker_color=COLOURS[measure],
        )
    _headroom(fig, max(int(v) for v in rows["approved"]), axis="x")
    return _layout(
        fig,
        t("staffing.chart.gap", lang),
        t("staffing.axis.posts", lang),
        barmode="group",
        horizontal=True,
        half=True,
    )


def build_cumulative_plan_figure(plan: pd.DataFrame, lang: str, style: str) -> go.Figure:
    """Posts in place after each step, stacked by agency, with the running total on top.

    ``plan`` is :func:`safetynet.staffing.posts.cumulative_plan`; beyond a dozen agencies the
    smaller ones are added up as 「其他」, so the chart keeps a dozen traces at most.
    """
    plan = fold_plan(plan)
    steps = plan.drop_duplicates("step")
    labels = {
        row.step: step_label(row.step, int(row.year_from), int(row.year), lang, style)
        for row in steps.itertuples()
    }
    x_order = [labels[s] for s in steps["step"]]
    fig = go.Figure()
    for i, ((_zh, _en), rows) in enumerate(plan.groupby(["agency_zh", "agency_en"], sort=False)):
        name = _zh if lang == "zh" else _en
        fig.add_bar(
            name=name,
            x=[labels[s] for s in rows["step"]],
            y=[int(v) for v in rows["posts"]],
            marker_color=SEQUENCE[i % len(SEQUENCE)],
        )
    totals = plan.groupby("step", sort=False)["posts"].sum()
    _headroom(fig, int(totals.max()))
    fig.add_scatter(
        x=[labels[s] for s in totals.index],
        y=[int(v) for v in totals],
        mode="text+lines+markers",
        text=[format_number(int(v)) for v in totals],
        textposition="top center",
        name=t("staffing.total", lang),
        line={"color": "#333", "dash": "dot"},
    )
    fig.update_xaxes(categoryorder="array", categoryarray=x_order)
    return _layout(
        fig, t("staffing.chart.cumulative", lang), t("staffing.axis.posts", lang), barmode="stack"
    )


def build_plan_figure(totals: pd.DataFrame, lang: str, style: str) -> go.Figure:
    """Workers and supervisors needed per year (stacked), with posts to fund and approved posts.

    ``totals`` is :meth:`PlannerResult.totals_frame`.
    """
    years = [format_year(int(y), style, lang) for y in totals["year"]]
    fig = go.Figure()
    for measure in ("workers", "supervisors"):
        fig.add_bar(
            name=t(f"planner.out.{measure}", lang),
            x=years,
            y=[int(v) for v in totals[measure]],
            text=[format_number(int(v)) for v in totals[measure]],
            textposition="inside",
            marker_color=COLOURS[measure],
        )
    fig.add_scatter(
        name=t("planner.out.posts_needed", lang),
        x=years,
        y=[int(v) for v in totals["posts_needed"]],
        mode="lines+markers+text",
        text=[format_number(int(v)) for v in totals["posts_needed"]],
        textposition="top center",
        line={"color": COLOURS["posts"]},
    )
    for measure, dash in (("approved", "dash"), ("hired", "dot")):
        if totals[measure].notna().all():
            fig.add_scatter(
                name=t(f"planner.out.{measure}", lang),
                x=years,
                y=[int(v) for v in totals[measure]],
                mode="lines",
                line={"color": COLOURS["approved"], "dash": dash},
            )
    return _layout(
        fig, t("planner.chart.plan", lang), t("planner.axis.people", lang), barmode="stack"
    )


def build_sensitivity_figure(
    sensitivity: pd.DataFrame, lang: str, current: float | None = None
) -> go.Figure:
    """Total staff and posts needed in the end year against target cases per worker."""
    x = [float(v) for v in sensitivity["cases_per_worker"]]
    fig = go.Figure()
    for measure in ("posts_needed", "staff"):
        values = [int(v) for v in sensitivity[measure]]
        fig.add_scatter(
            name=t(f"planner.out.{measure}", lang),
            x=x,
            y=values,
            mode="lines+markers+text",
            text=[format_number(v) for v in values] if measure == "posts_needed" else None,
            textposition="top center",
            line={"color": COLOURS["posts" if measure == "posts_needed" else "workers"]},
        )
    if current is not None:
        fig.add_vline(
            x=current,
            line_dash="dash",
            line_color="#555",
            annotation_text=t("planner.sens.current", lang, value=f"{current:g}"),
        )
    fig.update_xaxes(title=t("planner.sens.ratio", lang), tickvals=x)
    return _layout(fig, t("planner.chart.sensitivity", lang), t("planner.axis.people", lang))


def build_scenario_comparison_figure(by_year: pd.DataFrame, lang: str, style: str) -> go.Figure:
    """Posts needed per year, one line per scenario.

    ``by_year`` is :func:`safetynet.staffing.planner_views.comparison_by_year`.
    """
    fig = go.Figure()
    for i, (name, rows) in enumerate(by_year.groupby("scenario", sort=False)):
        fig.add_scatter(
            name=str(name),
            x=[format_year(int(y), style, lang) for y in rows["year"]],
            y=[int(v) for v in rows["posts_needed"]],
            mode="lines+markers+text",
            text=[format_number(int(v)) for v in rows["posts_needed"]],
            textposition="top center",
            line={"color": SEQUENCE[i % len(SEQUENCE)]},
        )
    return _layout(fig, t("planner.chart.compare", lang), t("planner.out.posts_needed", lang))
