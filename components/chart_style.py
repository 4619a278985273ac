"""One look for every plotly chart: large type for a projector, no clutter, local assets only."""

from __future__ import annotations

import plotly.graph_objects as go

FONT_SIZE = 18
TITLE_SIZE = 22
TICK_SIZE = 16
FONT_FAMILY = "Noto Sans CJK TC, Microsoft JhengHei, PingFang TC, sans-serif"
COLOURS = (
    "#1f5fa8",
    "#d9731a",
    "#2a8a4a",
    "#b3282d",
    "#6b4fa0",
    "#8c5a2b",
    "#c2447f",
    "#5f6b73",
)


def projector_layout(fig: go.Figure, *, height: int, legend_below: bool = True) -> go.Figure:
    """Large fonts, white background, legend under the plot so long zh labels fit."""
    fig.update_layout(
        height=height,
        font={"size": FONT_SIZE, "family": FONT_FAMILY, "color": "#222"},
        title_font_size=TITLE_SIZE,
        template="plotly_white",
        margin={"l": 20, "r": 20, "t": 60, "b": 20},
        hoverlabel={"font_size": FONT_SIZE},
    )
    if legend_below:
        fig.update_layout(
            legend={"orientation": "h", "yanchor": "top", "y": -0.15, "xanchor": "left", "x": 0}
        )
    fig.update_xaxes(tickfont_size=TICK_SIZE, title_font_size=FONT_SIZE)
    fig.update_yaxes(tickfont_size=TICK_SIZE, title_font_size=FONT_SIZE, separatethousands=True)
    return fig


def wrap_label(text: str, width: int) -> str:
    """Break a long label into lines of at most ``width`` characters (words kept whole in en)."""
    if len(text) <= width:
        return text
    if " " not in text:
        return "<br>".join(text[i : i + width] for i in range(0, len(text), width))
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return "<br>".join(lines)
