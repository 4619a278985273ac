"""One look for every plotly chart, and one way to show it.

The figure builders (``build_*_figure`` in the feature chart modules) lay out with
:func:`projector_layout` or at least :data:`FONT_SIZE` and :data:`FONT_FAMILY`: large
type for a projector, the CJK font stack of the briefing, no clutter, local assets
only. Every page shows its charts through :func:`render_chart`: the modebar's
"download as PNG" then gives a 16:9 image at 1600 × 900, scale 2 (3200 × 1800 px),
sharp on a projector or in PowerPoint, named after the chart instead of "newplot".
"""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go
import streamlit as st

from safetynet import theme
from safetynet.text_safety import unlink_chart

FONT_SIZE = 18
TITLE_SIZE = 22
TICK_SIZE = 16
# One font stack for every chart, the same as the briefing and its exports use.
FONT_FAMILY = theme.FONT_STACK
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


PNG_WIDTH = 1600
PNG_HEIGHT = 900
PNG_SCALE = 2


def plotly_config(file_name: str = "chart") -> dict[str, Any]:
    """The plotly ``config`` for one chart; ``file_name`` without extension."""
    return {
        "displaylogo": False,
        "toImageButtonOptions": {
            "format": "png",
            "filename": file_name,
            "width": PNG_WIDTH,
            "height": PNG_HEIGHT,
            "scale": PNG_SCALE,
        },
        "modeBarButtonsToRemove": ["lasso2d", "select2d"],
    }


def render_chart(
    fig: go.Figure,
    *,
    key: str,
    file_name: str | None = None,
    theme: str | None = "streamlit",
    alt: str | None = None,
) -> None:
    """Show ``fig`` full width with the shared PNG export settings.

    ``file_name`` names the saved PNG (default: the widget key); ``theme=None``
    keeps the figure's own plotly template.
    """
    name = file_name or key.replace(".", "_")
    st.plotly_chart(
        _unlinked(fig), key=key, config=plotly_config(name), theme=theme, width="stretch", alt=alt
    )


_UNLINKED_ATTR = "_safetynet_unlinked"


def _unlinked(fig: go.Figure) -> go.Figure:
    """``fig`` with its texts unlinked: names and categories come from the data, and
    plotly would draw an ``<a href>`` in them as a link.

    Kept on the figure: a cached figure (:func:`components.data.shared_figure`) is
    rendered by every session and every rerun, and rebuilding it (to JSON and back,
    validated) was a fifth of the staffing page's CPU per run. Figures are not changed
    after they are drawn.
    """
    done = fig.__dict__.get(_UNLINKED_ATTR)
    if done is None:
        done = go.Figure(unlink_chart(fig.to_plotly_json()))
        setattr(fig, _UNLINKED_ATTR, done)
    return done
