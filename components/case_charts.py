"""Charts of the case analysis: a heat table, bars by centre or district, an age-sex pyramid.

Each builder draws a :class:`~safetynet.cases.display.ShownTable`: what the
table on screen shows, so a hidden entry is never drawn as its value. A
hidden cell has no bar and no colour, only its mark (「<3」 or 「*」); where
a bar's total is shown, the part hidden inside it is drawn in grey as
「隱藏數值」 (that sum can be read off the table anyway: total minus the
shown cells).
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from components.charts import COLOURS, FONT_SIZE, projector_layout, wrap_label
from safetynet.cases.display import ShownTable
from safetynet.i18n import t

HIDDEN_COLOUR = "#c8c8c8"
# Light enough at the top that dark figures stay readable on every cell.
HEAT_SCALE = [[0.0, "#f4f7fb"], [0.5, "#b9cfe8"], [1.0, "#6f9bd1"]]
ROW_PX = 34
MAX_HEAT_ROWS_PX = 2400


def _wrap(labels: list[str], lang: str) -> list[str]:
    return [wrap_label(s, 12 if lang == "zh" else 28) for s in labels]


def _text(shown: ShownTable, i: int, j: int, rate: bool) -> str:
    mark = shown.marks[i, j]
    if mark is not None:
        return str(mark)
    value = shown.values[i, j]
    if not np.isfinite(value):
        return ""
    return f"{value:,.1f}" if rate else f"{int(value):,}"


def build_heat_figure(shown: ShownTable, *, title: str, rate: bool, lang: str) -> go.Figure:
    """Rows × columns coloured by value; hidden cells grey with their mark."""
    rows, cols = len(shown.row_labels), len(shown.col_labels)
    values = shown.values[:rows, :cols].astype(float)
    hidden = shown.hidden[:rows, :cols]
    z = np.where(hidden, np.nan, values)
    text = [[_text(shown, i, j, rate) for j in range(cols)] for i in range(rows)]
    y = _wrap(shown.row_labels, lang)
    x = _wrap(shown.col_labels, lang)
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=x,
            y=y,
            text=text,
            texttemplate="%{text}",
            textfont={"size": FONT_SIZE - 2},
            colorscale=HEAT_SCALE,
            hoverongaps=False,
            hovertemplate="%{y} · %{x}<br>%{text}<extra></extra>",
            xgap=2,
            ygap=2,
            colorbar={"thickness": 14},
        )
    )
    if hidden.any():
        fig.add_trace(
            go.Heatmap(
                z=np.where(hidden, 1.0, np.nan),
                x=x,
                y=y,
                text=text,
                texttemplate="%{text}",
                textfont={"size": FONT_SIZE - 2, "color": "#222"},
                colorscale=[[0, HIDDEN_COLOUR], [1, HIDDEN_COLOUR]],
                showscale=False,
                hoverongaps=False,
                hovertemplate="%{y} · %{x}<br>%{text}<extra></extra>",
                xgap=2,
                ygap=2,
            )
        )
    height = min(MAX_HEAT_ROWS_PX, 160 + ROW_PX * rows)
    projector_layout(fig, height=max(320, height), legend_below=False)
    # the column labels sit above the cells, under the title
    fig.update_layout(title=title, plot_bgcolor="white", margin={"t": 130})
    fig.update_yaxes(autorange="reversed", type="category")
    fig.update_xaxes(type="category", side="top")
    return fig


def build_bar_figure(
    shown: ShownTable, *, title: str, rate: bool, stacked: bool, lang: str
) -> go.Figure:
    """A horizontal bar per row (district, centre …), one segment or bar per column.

    Stacked where the columns add up to the row's total (counts across an
    additive dimension); side by side otherwise (rates, or risk types a case
    can have several of).
    """
    rows, cols = len(shown.row_labels), len(shown.col_labels)
    y = _wrap(shown.row_labels, lang)
    fig = go.Figure()
    for j in range(cols):
        values = [
            0.0 if shown.hidden[i, j] or not np.isfinite(shown.values[i, j]) else shown.values[i, j]
            for i in range(rows)
        ]
        fig.add_trace(
            go.Bar(
                x=values,
                y=y,
                orientation="h",
                name=shown.col_labels[j],
                text=[_text(shown, i, j, rate) for i in range(rows)],
                textposition="inside" if stacked else "outside",
                insidetextanchor="middle",
                cliponaxis=False,
                marker_color=COLOURS[j % len(COLOURS)],
                hovertemplate="%{y} · " + shown.col_labels[j] + "<br>%{text}<extra></extra>",
            )
        )
    total_col = shown.values.shape[1] - 1
    if stacked and cols > 1 and not shown.hidden[:rows, total_col].all():
        rest = []
        for i in range(rows):
            if shown.hidden[i, total_col] or not shown.hidden[i, :cols].any():
                rest.append(0.0)
                continue
            visible = sum(shown.values[i, j] for j in range(cols) if not shown.hidden[i, j])
            rest.append(float(shown.values[i, total_col] - visible))
        if any(rest):
            fig.add_trace(
                go.Bar(
                    x=rest,
                    y=y,
                    orientation="h",
                    name=t("analysis.hidden_part", lang),
                    marker_color=HIDDEN_COLOUR,
                    hovertemplate="%{y}<br>" + t("analysis.hidden_part", lang) + "<extra></extra>",
                )
            )
    projector_layout(
        fig,
        height=max(360, 160 + ROW_PX * rows * (1 if stacked else max(1, cols) * 0.6)),
        legend_below=False,
    )
    fig.update_layout(
        title=title,
        barmode="stack" if stacked else "group",
        showlegend=cols > 1,
        # a tall chart: the legend above the bars, where it is seen with them
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "xanchor": "left", "x": 0},
        margin={"t": 130},
        uniformtext={"mode": "hide", "minsize": 12},
    )
    fig.update_yaxes(autorange="reversed", type="category")
    fig.update_traces(textfont_size=FONT_SIZE - 4)
    return fig


def nice_step(reach: float) -> float:
    """A round tick step (1, 2 or 5 × a power of ten) giving two or three ticks up to ``reach``."""
    if reach <= 0:
        return 1.0
    rough = reach / 2.5
    power = 10 ** np.floor(np.log10(rough))
    for factor in (1, 2, 5, 10):
        if factor * power >= rough:
            return float(factor * power)
    return float(10 * power)


def build_pyramid_figure(
    shown: ShownTable, *, title: str, rate: bool, sexes: tuple[int, int]
) -> go.Figure:
    """Age bands upward, men to the left and women to the right; hidden bars carry their mark.

    ``sexes`` are the column positions of men and women in the table (age band × sex).
    """
    rows = len(shown.row_labels)
    y = shown.row_labels
    fig = go.Figure()
    top = 0.0
    for side, j in zip((-1, 1), sexes, strict=True):
        values = [
            0.0 if shown.hidden[i, j] or not np.isfinite(shown.values[i, j]) else shown.values[i, j]
            for i in range(rows)
        ]
        top = max([top, *values])
        fig.add_trace(
            go.Bar(
                x=[side * v for v in values],
                y=y,
                orientation="h",
                name=shown.col_labels[j],
                text=[_text(shown, i, j, rate) for i in range(rows)],
                textposition="outside",
                cliponaxis=False,
                marker_color=COLOURS[0] if side < 0 else COLOURS[1],
                hovertemplate="%{y} · " + shown.col_labels[j] + "<br>%{text}<extra></extra>",
            )
        )
    projector_layout(fig, height=max(380, 160 + 46 * rows))
    reach = top * 1.3 or 1.0
    step = nice_step(reach)
    count = int(reach // step)
    ticks = [k * step for k in range(-count, count + 1)]
    fig.update_layout(title=title, barmode="relative", bargap=0.15)
    fig.update_xaxes(
        range=[-reach, reach],
        tickvals=ticks,
        ticktext=[f"{abs(v):,.1f}" if rate and step < 1 else f"{abs(v):,.0f}" for v in ticks],
        zeroline=True,
        zerolinecolor="#444",
    )
    fig.update_yaxes(type="category")
    return fig
