"""Shared plotly settings: every chart's camera button saves a PNG fit for a slide.

Every page shows its plotly charts through :func:`render_chart`: the modebar's
"download as PNG" then gives a 16:9 image at 1600 × 900, scale 2 (3200 × 1800
px), sharp on a projector or in PowerPoint, named after the chart instead of
"newplot".
"""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go
import streamlit as st

from safetynet.text_safety import unlink_chart

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
    # names and categories come from the data; plotly would draw <a href> in them as a link
    fig = go.Figure(unlink_chart(fig.to_plotly_json()))
    st.plotly_chart(fig, key=key, config=plotly_config(name), theme=theme, width="stretch", alt=alt)
