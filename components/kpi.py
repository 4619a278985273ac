"""KPI cards: a headline figure, large, with its source on hover."""

from __future__ import annotations

import streamlit as st


def render_kpi(label: str, value: str, source: str, caption: str | None = None) -> None:
    """One card; ``source`` shows on hover of the help icon, ``caption`` under the figure."""
    with st.container(border=True):
        st.metric(label, value, help=source)
        if caption:
            st.caption(caption)
