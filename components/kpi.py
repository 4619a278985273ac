"""KPI cards: a headline figure, large, with its source on hover."""

from __future__ import annotations

import streamlit as st

from safetynet.text_safety import escape_markdown


def render_kpi(label: str, value: str, source: str, caption: str | None = None) -> None:
    """One card; ``source`` shows on hover of the help icon, ``caption`` under the figure.

    Label, figure (with its unit), source and caption hold names, units and
    citations from the data; Streamlit renders each as Markdown, so each is
    escaped to show as typed.
    """
    with st.container(border=True):
        st.metric(escape_markdown(label), escape_markdown(value), help=escape_markdown(source))
        if caption:
            st.caption(escape_markdown(caption))
