"""Referral trend charts: lines or bars, one chart or small multiples, counts, index or rates."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from components.charts import COLOURS, projector_layout, wrap_label
from safetynet.cases.display import month_label
from safetynet.formatting import format_number, format_signed_pct, format_year, with_unit
from safetynet.i18n import t
from safetynet.referrals.from_cases import (
    OTHER,
    CaseTrend,
    category_name,
    chart_values,
    is_additive,
)
from safetynet.referrals.trends import (
    DEFAULT_REPORTER_TYPES,
    DEFAULT_TOP_SOURCES,
    MAX_CHART_TYPES,
    ReferralTrends,
    largest_types,
    reporter_chart,
)

MEASURE_COLUMNS = {"count": "count", "index": "index", "rate": "rate_per_10k"}
CHARTS = ("line", "bar")
LAYOUTS = ("auto", "combined", "facets")
FACET_COLUMNS = 2


def _value_text(value: float, measure: str) -> str:
    if pd.isna(value):
        return ""
    return format_number(value, 0 if measure == "count" else 1 if measure == "index" else 2)


def series_name(trends: ReferralTrends, code: str, measure: str, lang: str) -> str:
    """Label of one series: type, unit for counts, and its growth over the selected years."""
    summary = next(s for s in trends.summaries if s.referral_type.code == code)
    rt = summary.referral_type
    name = with_unit(rt.label(lang), rt.unit(lang), lang) if measure == "count" else rt.label(lang)
    if summary.first_year == summary.last_year or summary.growth_pct is None:
        return name
    growth = format_signed_pct(summary.growth_pct, 1, lang)
    sep = "" if lang == "zh" else " "
    return f"{name}{sep}{t('ref.growth_short', lang, growth=growth)}"


def build_referral_figure(
    trends: ReferralTrends,
    *,
    measure: str = "count",
    chart: str = "line",
    facets: bool = False,
    lang: str = "zh",
    year_style: str = "roc",
) -> go.Figure:
    """One trace per selected type, as lines or bars; in facets each type gets its own panel.

    At most :data:`MAX_CHART_TYPES` types are drawn (the first selected ones); the page
    says so when more were picked, and its tables list every one. ``measure`` is
    ``count``, ``index`` (first selected year = 100) or ``rate`` (per 10,000 residents).
    Years are written as the sidebar says.
    """
    column = MEASURE_COLUMNS[measure]
    series = trends.series
    codes = list(dict.fromkeys(series["referral_type"]))[:MAX_CHART_TYPES]
    series = series[series["referral_type"].isin(codes)]
    years = sorted(series["year"].unique()) if len(series) else []
    year_labels = [format_year(y, year_style, lang) for y in years]
    axis_title = t(f"ref.axis.{measure}", lang)
    names = {c: series_name(trends, c, measure, lang) for c in codes}

    if facets and codes:
        rows = math.ceil(len(codes) / FACET_COLUMNS)
        cols = min(FACET_COLUMNS, len(codes))
        fig = make_subplots(
            rows=rows,
            cols=cols,
            subplot_titles=[wrap_label(names[c], 22 if lang == "zh" else 44) for c in codes],
            vertical_spacing=min(0.12, 0.5 / rows) if rows > 1 else 0.1,
            horizontal_spacing=0.08,
        )
    else:
        fig = go.Figure()

    for i, code in enumerate(codes):
        rows_of = series[series["referral_type"] == code].sort_values("year")
        x = [format_year(y, year_style, lang) for y in rows_of["year"]]
        y = rows_of[column].astype(float)
        text = [_value_text(v, measure) for v in y]
        colour = COLOURS[i % len(COLOURS)]
        common = {
            "x": x,
            "y": y,
            "name": names[code],
            "text": text,
            "customdata": text,
            "hovertemplate": f"%{{x}}<br>{names[code]}<br>%{{customdata}}<extra></extra>",
        }
        if chart == "bar":
            trace = go.Bar(
                **common,
                marker_color=colour,
                textposition="outside",
                cliponaxis=False,
            )
        else:
            trace = go.Scatter(
                **common,
                mode="lines+markers+text" if facets else "lines+markers",
                line={"color": colour, "width": 4},
                marker={"size": 11},
                textposition="top center",
            )
        if facets:
            fig.add_trace(trace, row=i // FACET_COLUMNS + 1, col=i % FACET_COLUMNS + 1)
        else:
            fig.add_trace(trace)

    if facets and codes:
        rows = math.ceil(len(codes) / FACET_COLUMNS)
        height = 330 * rows + 80
        projector_layout(fig, height=height, legend_below=False)
        fig.update_layout(showlegend=False)
        fig.update_annotations(font_size=17)
        # head-room for value labels above the highest point of each panel
        fig.update_yaxes(rangemode="tozero", automargin=True)
        for i, code in enumerate(codes):
            peak = series.loc[series["referral_type"] == code, column].max()
            if pd.notna(peak) and peak > 0:
                fig.update_yaxes(
                    range=[0, peak * 1.25], row=i // FACET_COLUMNS + 1, col=i % FACET_COLUMNS + 1
                )
    else:
        projector_layout(fig, height=600)
        fig.update_yaxes(title_text=axis_title, rangemode="tozero")
        if chart == "bar":
            fig.update_layout(barmode="group")
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=year_labels)
    if measure == "index" and codes:
        fig.add_hline(y=100, line_dash="dot", line_color="#888")
    return fig


OTHER_COLOUR = "#9e9e9e"


def build_reporter_figure(
    trends: ReferralTrends,
    *,
    types: Sequence[str] | None = None,
    top_sources: int = DEFAULT_TOP_SOURCES,
    lang: str = "zh",
    year_style: str = "roc",
) -> go.Figure:
    """Stacked bars of referrals by reporting source, one panel per type (types never added).

    ``types`` (default: the largest few) are capped at :data:`MAX_REPORTER_TYPES` panels;
    each panel shows the ``top_sources`` largest sources and the rest as one 「其他」 part,
    so the chart stays readable and small whatever the number of types and sources.
    """
    if types is None:
        types = largest_types(trends.reporters, DEFAULT_REPORTER_TYPES, reporters=True)
    chart = reporter_chart(trends.reporters, types, top_sources)
    rows = chart.rows
    codes = list(chart.types)
    label_col = "label_zh" if lang == "zh" else "label_en"
    labels = dict(zip(rows["referral_type"], rows[label_col], strict=True))
    n_rows = max(1, len(codes))
    fig = make_subplots(
        rows=n_rows,
        cols=1,
        subplot_titles=[labels[c] for c in codes] or None,
        # plotly refuses a spacing above 1 / (rows - 1)
        vertical_spacing=min(0.12, 0.5 / n_rows),
    )
    colours = {source: COLOURS[j % len(COLOURS)] for j, source in enumerate(chart.sources)}
    other_name = t("chart.other_n", lang, n=format_number(chart.others))
    in_legend: set[str] = set()
    for row, code in enumerate(codes, start=1):
        of_type = rows[rows["referral_type"] == code]
        for source in [*chart.sources, None]:
            part = of_type[
                of_type["reporter"].isna() if source is None else of_type["reporter"] == source
            ].sort_values("year")
            if part.empty:
                continue
            name = other_name if source is None else source
            fig.add_trace(
                go.Bar(
                    x=[format_year(y, year_style, lang) for y in part["year"]],
                    y=part["count"].astype(float),
                    name=name,
                    legendgroup=name,
                    showlegend=name not in in_legend,
                    marker_color=OTHER_COLOUR if source is None else colours[source],
                    text=[format_number(v) for v in part["count"]],
                    textposition="inside",
                ),
                row=row,
                col=1,
            )
            in_legend.add(name)
    projector_layout(fig, height=360 * n_rows + 80)
    fig.update_layout(barmode="stack")
    fig.update_xaxes(type="category")
    return fig


def build_case_trend_figure(
    trend: CaseTrend,
    *,
    grain: str,
    years: Sequence[int],
    title: str,
    lang: str = "zh",
    year_style: str = "roc",
) -> go.Figure:
    """Referrals counted from the case records, by year or month.

    Risk types are lines (a case can count under several, so they are never stacked);
    sources are stacked bars (each case has one source, so the bars add up to all
    referrals). At most :data:`~safetynet.referrals.from_cases.MAX_CATEGORIES` categories
    (the rest folded into 「其他」 before release). An entry a public release hides is not
    drawn: its point is left out and its hover shows the mark (「<3」 or 「*」).
    """
    points = chart_values(trend, grain, years)
    xs = sorted(points["x"].unique())

    def label(x: Any) -> str:
        return (
            format_year(int(x), year_style, lang)
            if grain == "year"
            else month_label(x, year_style, lang)
        )

    labels = [label(x) for x in xs]
    stacked = is_additive(trend.dim)
    fig = go.Figure()
    for i, code in enumerate(trend.categories):
        part = points[points["category"] == code].sort_values("x")
        name = category_name(trend.dim, code, lang, trend.folded)
        colour = OTHER_COLOUR if code == OTHER else COLOURS[i % len(COLOURS)]
        shown = [
            m if m is not None else format_number(v)
            for v, m in zip(part["value"], part["mark"], strict=True)
        ]
        common = {
            "x": [label(x) for x in part["x"]],
            "y": part["value"].astype(float),
            "name": name,
            "customdata": shown,
            "hovertemplate": f"%{{x}}<br>{name}<br>%{{customdata}}<extra></extra>",
        }
        if stacked:
            fig.add_trace(go.Bar(**common, marker_color=colour))
        else:
            fig.add_trace(
                go.Scatter(
                    **common,
                    mode="lines+markers",
                    line={"color": colour, "width": 3 if grain == "month" else 4},
                    marker={"size": 7 if grain == "month" else 11},
                    connectgaps=False,
                )
            )
    projector_layout(fig, height=560)
    fig.update_layout(title_text=title, barmode="stack" if stacked else None)
    fig.update_yaxes(title_text=t("ref.cases.axis", lang), rangemode="tozero")
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=labels)
    if grain == "month" and len(labels) > 12:
        # one tick per year (its January, or the first month shown), written flat
        ticks = [lab for x, lab in zip(xs, labels, strict=True) if pd.Timestamp(x).month == 1]
        if labels[0] not in ticks:
            ticks.insert(0, labels[0])
        fig.update_xaxes(tickmode="array", tickvals=ticks, ticktext=ticks, tickangle=0)
    return fig
