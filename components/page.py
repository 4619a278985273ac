"""What every page does first: page config, projector-friendly style, the sidebar."""

from __future__ import annotations

import streamlit as st

from components.data import ensure_store
from components.sidebar import LANG_KEY, Settings, render_sidebar
from safetynet import PROJECT_ROOT
from safetynet.i18n import DEFAULT_LANG, t

# A local file: an icon name would make the browser fetch it from the internet.
FAVICON = PROJECT_ROOT / "static" / "favicon.png"

# Larger figures and table text for a projector; thin greys are hard to read there.
_STYLE = """
<style>
[data-testid="stMetricValue"] { font-size: 2.4rem; font-weight: 600; }
[data-testid="stMetricLabel"] p { font-size: 1.05rem; }
/* long zh labels wrap instead of ending in "…" on a narrow card */
[data-testid="stMetricLabel"] div, [data-testid="stMetricLabel"] p,
[data-testid="stMetricValue"] div, [data-testid="stMetricValue"] p {
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important;
}
/* a figure with its unit (「16 centres」) wraps before the unit rather than end in "…" */
[data-testid="stMetricValue"] { line-height: 1.15; }
[data-testid="stCaptionContainer"] { color: #444; }
</style>
"""


def start_page(title_key: str) -> Settings:
    """Configure the page, draw the sidebar and the page title; return the settings."""
    lang = st.session_state.get(LANG_KEY, DEFAULT_LANG)
    st.set_page_config(page_title=t("app.title", lang), page_icon=str(FAVICON), layout="wide")
    st.markdown(_STYLE, unsafe_allow_html=True)
    settings = render_sidebar()
    st.title(t(title_key, settings.lang))
    ensure_store(settings.lang)
    return settings
