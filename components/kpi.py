"""KPI cards: a headline figure, large, with its source on hover."""

from __future__ import annotations

import streamlit as st

from components.sidebar import LANG_KEY
from safetynet.i18n import DEFAULT_LANG
from safetynet.sources import source_label
from safetynet.text_safety import escape_markdown


def render_kpi(
    label: str, value: str, source: str, caption: str | None = None, lang: str | None = None
) -> None:
    """One card; ``source`` shows on hover of the help icon, ``caption`` under the figure.

    The source reads as the document's name (:func:`safetynet.sources.source_label`)
    in ``lang``, by default the language chosen in the sidebar.

    Label, figure (with its unit), source and caption hold names, units and
    citations from the data; Streamlit renders each as Markdown, so each is
    escaped to show as typed.
    """
    with st.container(border=True):
        lang = lang or st.session_state.get(LANG_KEY, DEFAULT_LANG)
        shown_source = source_label(source, lang)
        st.metric(
            escape_markdown(label), escape_markdown(value), help=escape_markdown(shown_source)
        )
        if caption:
            st.caption(escape_markdown(caption))
