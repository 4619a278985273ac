"""Charts of the indicators page: one indicator's actuals against its yearly targets, and
the small trend images in the scorecard.

Colours are from the Okabe–Ito palette, which stays distinguishable with the common
colour-vision deficiencies; kinds of target also differ by marker shape and line style,
so nothing is told by colour alone.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from html import escape

import plotly.graph_objects as go

from components.charts import FONT_FAMILY, FONT_SIZE
from safetynet.formatting import PERCENT_UNITS
from safetynet.i18n import t
from safetynet.indicators.tracker import DERIVED, GIVEN, RELATIVE, Track
from safetynet.indicators.views import (
    final_target_text,
    format_indicator_value,
    unit_of,
    year_label,
)

OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}
ACTUAL_COLOUR = OKABE_ITO["blue"]
TARGET_COLOUR = OKABE_ITO["orange"]
RELATIVE_COLOUR = OKABE_ITO["reddish_purple"]
FINAL_COLOUR = OKABE_ITO["vermillion"]
NO_DATA_COLOUR = "#595959"  # grey text on white, 7:1
BASELINE_COLOUR = OKABE_ITO["black"]

_TARGET_STYLE = {
    GIVEN: ("ind.chart.target_given", "diamond", TARGET_COLOUR),
    DERIVED: ("ind.chart.target_derived", "diamond-open", TARGET_COLOUR),
    RELATIVE: ("ind.chart.target_relative", "square-open", RELATIVE_COLOUR),
}


def has_chart_data(track: Track) -> bool:
    """True when there is at least one actual or one yearly target to draw."""
    return bool(track.actuals) or any(tg.value is not None for tg in track.targets)


def build_indicator_figure(track: Track, style: str, lang: str) -> go.Figure:
    """Actuals, yearly targets (given / derived / relative as separate, distinct traces),
    the final target as a dashed line and the baseline, over the indicator's years."""
    ind = track.indicator
    years = track.chart_years
    labels = [year_label(y, track, style, lang) for y in years]
    fig = go.Figure()

    path = [tg for tg in track.targets if tg.value is not None]
    if len(path) > 1:
        fig.add_trace(
            go.Scatter(
                x=[tg.year for tg in path],
                y=[tg.value for tg in path],
                mode="lines",
                line={"color": TARGET_COLOUR, "dash": "dot", "width": 2},
                name=t("ind.chart.path", lang),
                showlegend=False,
                hoverinfo="skip",
            )
        )
    for kind, (key, symbol, colour) in _TARGET_STYLE.items():
        points = [tg for tg in track.targets if tg.kind == kind and tg.value is not None]
        if not points:
            continue
        fig.add_trace(
            go.Scatter(
                x=[tg.year for tg in points],
                y=[tg.value for tg in points],
                mode="markers",
                marker={
                    "symbol": symbol,
                    "size": 16,
                    "color": colour,
                    "line": {"width": 2, "color": colour},
                },
                name=t(key, lang),
                text=[format_indicator_value(tg.value, ind, lang) for tg in points],
                hovertemplate="%{text}<extra>" + t(key, lang) + "</extra>",
            )
        )
    if track.actuals:
        fig.add_trace(
            go.Scatter(
                x=[a.year for a in track.actuals],
                y=[a.value for a in track.actuals],
                mode="lines+markers+text",
                line={"color": ACTUAL_COLOUR, "width": 3},
                marker={"symbol": "circle", "size": 14, "color": ACTUAL_COLOUR},
                name=t("ind.chart.actual", lang),
                text=[format_indicator_value(a.value, ind, lang) for a in track.actuals],
                textposition="top center",
                textfont={"size": FONT_SIZE, "color": ACTUAL_COLOUR},
                hovertemplate="%{text}<extra>" + t("ind.chart.actual", lang) + "</extra>",
            )
        )
    start = track.start
    if start is not None and start.from_baseline and track.actual_for(start.year) is None:
        fig.add_trace(
            go.Scatter(
                x=[start.year],
                y=[start.value],
                mode="markers",
                marker={"symbol": "square", "size": 13, "color": BASELINE_COLOUR},
                name=t("ind.chart.baseline", lang),
                text=[format_indicator_value(start.value, ind, lang)],
                hovertemplate="%{text}<extra>" + t("ind.chart.baseline", lang) + "</extra>",
            )
        )
    final = track.final_target
    if final is not None and final.value is not None and ind.target_rule != "relative_to_previous":
        name = f"{t('ind.chart.final', lang)} {final_target_text(track, style, lang)}"
        fig.add_trace(
            go.Scatter(
                x=[years[0], years[-1]],
                y=[final.value, final.value],
                mode="lines",
                line={"color": FINAL_COLOUR, "dash": "dash", "width": 2},
                name=name,
                hoverinfo="skip",
            )
        )
    unit = unit_of(ind, lang)
    values = [a.value for a in track.actuals] + [tg.value for tg in path]
    if start is not None:
        values.append(start.value)
    y_range = _value_range([v for v in values if v is not None])
    fig.update_layout(
        title={"text": f"{t('ind.col.unit', lang)}{t('colon', lang)}{unit}", "font": {"size": 16}},
        font={"size": FONT_SIZE, "family": FONT_FAMILY},
        height=460,
        margin={"l": 10, "r": 10, "t": 90, "b": 10},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.04, "x": 0},
        hovermode="closest",
        plot_bgcolor="white",
    )
    fig.update_xaxes(
        tickmode="array",
        tickvals=list(years),
        ticktext=labels,
        range=[years[0] - 0.5, years[-1] + 0.5],
        showgrid=False,
    )
    fig.update_yaxes(
        gridcolor="#dddddd",
        range=list(y_range),
        ticksuffix="%" if ind.unit in PERCENT_UNITS else "",
    )
    return fig


def _value_range(values: list[float]) -> tuple[float, float]:
    """The y range: from zero, unless all values sit high above it (then zoomed in so a
    path from 182 to 200 does not look flat); room on top for the value labels."""
    if not values:
        return (0.0, 1.0)
    low, high = min(values), max(values)
    pad = max((high - low) * 0.25, abs(high) * 0.05, 1e-6)
    bottom = 0.0 if low <= 0.5 * high else low - pad
    return (min(bottom, 0.0) if low < 0 else bottom, high + pad)


@dataclass(frozen=True)
class Sparkline:
    """A small trend picture for a table cell: the target path and the actuals."""

    svg: str

    @property
    def data_uri(self) -> str:
        """``data:image/svg+xml;base64,…`` for ``st.column_config.ImageColumn``."""
        return "data:image/svg+xml;base64," + base64.b64encode(self.svg.encode()).decode()


# Room around the picture's marks: a dot (3.5 px radius) or a square (6 px) drawn at a
# picture's edge stays whole when the grid scales the picture to its row.
SPARK_PAD = 8


def build_sparkline(track: Track, width: int = 140, height: int = 40) -> Sparkline | None:
    """Target path (orange, dotted; derived points open) and actuals (blue dots and line),
    across the years that have a point to draw (a single year's in the middle: no run of
    empty years with the points squeezed to the edge).

    ``None`` when there is nothing to draw (:func:`no_data_picture` says so instead).
    """
    if not has_chart_data(track):
        return None
    # (year, kind, value) of the targets that have a value
    targets = [(tg.year, tg.kind, tg.value) for tg in track.targets if tg.value is not None]
    years = sorted({year for year, _, _ in targets} | {a.year for a in track.actuals})
    values = [value for _, _, value in targets] + [a.value for a in track.actuals]
    low, high = min(values), max(values)
    if high == low:
        low, high = low - 1, high + 1
    pad = SPARK_PAD

    def x(year: int) -> float:
        if len(years) == 1:
            return width / 2
        return pad + (width - 2 * pad) * (year - years[0]) / (years[-1] - years[0])

    def y(value: float) -> float:
        return height - pad - (height - 2 * pad) * (value - low) / (high - low)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}">'
    ]
    if len(targets) > 1:
        points = " ".join(f"{x(year):.1f},{y(value):.1f}" for year, _, value in targets)
        parts.append(
            f'<polyline class="target-path" points="{points}" fill="none" '
            f'stroke="{TARGET_COLOUR}" stroke-width="2" stroke-dasharray="3,2"/>'
        )
    for year, kind, value in targets:
        open_marker = kind in (DERIVED, RELATIVE)
        fill = "white" if open_marker else TARGET_COLOUR
        parts.append(
            f'<rect class="target-{kind}" x="{x(year) - 3:.1f}" y="{y(value) - 3:.1f}" '
            f'width="6" height="6" fill="{fill}" stroke="{TARGET_COLOUR}" stroke-width="1.5"/>'
        )
    if len(track.actuals) > 1:
        points = " ".join(f"{x(a.year):.1f},{y(a.value):.1f}" for a in track.actuals)
        parts.append(
            f'<polyline class="actual-path" points="{points}" fill="none" '
            f'stroke="{ACTUAL_COLOUR}" stroke-width="2"/>'
        )
    for a in track.actuals:
        parts.append(
            f'<circle class="actual" cx="{x(a.year):.1f}" cy="{y(a.value):.1f}" r="3.5" '
            f'fill="{ACTUAL_COLOUR}"/>'
        )
    parts.append("</svg>")
    return Sparkline("".join(parts))


def no_data_picture(lang: str, width: int = 140, height: int = 40) -> Sparkline:
    """The trend cell of an indicator with no target and no actual to draw: 「無資料」."""
    return Sparkline(
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}"><text class="no-data" x="{width / 2:.1f}" '
        f'y="{height / 2:.1f}" text-anchor="middle" dominant-baseline="central" '
        f'font-family="{FONT_FAMILY}" font-size="14" fill="{NO_DATA_COLOUR}">'
        f"{escape(t('no_data', lang))}</text></svg>"
    )
