"""What every page does first: the page frame.

:func:`start_page` sets the page config and the projector-friendly style, draws the
sidebar, the title and the caption (city · what the page shows), warns about shipped
data the store refused, stops with a sentence when the store cannot be opened, and
loads the tables the page names under a spinner. Every page starts with it, so each
shows the same things in the same place.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd
import streamlit as st

from components.data import ensure_store, load_tables, refused_problems
from components.sidebar import LANG_KEY, Settings, render_sidebar
from safetynet import PROJECT_ROOT
from safetynet.cities import City, get_city
from safetynet.i18n import DEFAULT_LANG, STRINGS, t
from safetynet.text_safety import escape_markdown

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


@dataclass(frozen=True)
class PageContext:
    """What a page body works with: the sidebar's settings, the city and the tables it named."""

    settings: Settings
    city: City
    tables: Mapping[str, pd.DataFrame] = field(default_factory=dict)

    @property
    def lang(self) -> str:
        return self.settings.lang

    @property
    def year_style(self) -> str:
        return self.settings.year_style


def page_caption(intro_key: str, city: City, lang: str) -> str:
    """``高雄市 · <what the page shows>``; an intro that names the city itself stands alone."""
    intro = t(intro_key, lang, city=city.name(lang))
    if "{city}" in STRINGS[intro_key][lang]:
        return intro
    return f"{city.name(lang)} · {intro}"


def render_refused(city: City, lang: str) -> None:
    """One warning per problem of the city's shipped data that the store refused at start.

    A problem quotes file names and cell values; it is escaped to show as typed.
    """
    for problem in refused_problems(city.slug):
        st.warning(escape_markdown(f"{t('data_error.title', lang)} {problem}"))


def start_page(title_key: str, intro_key: str, *, tables: tuple[str, ...] = ()) -> PageContext:
    """Draw the frame of a page and return what its body needs.

    ``title_key`` and ``intro_key`` are i18n keys of the title and the caption;
    ``tables`` the city's tables to load (under a spinner) into the context.
    """
    lang = st.session_state.get(LANG_KEY, DEFAULT_LANG)
    st.set_page_config(page_title=t("app.title", lang), page_icon=str(FAVICON), layout="wide")
    st.markdown(_STYLE, unsafe_allow_html=True)
    settings = render_sidebar()
    lang = settings.lang
    city = get_city(settings.city)
    st.title(t(title_key, lang))
    st.caption(page_caption(intro_key, city, lang))
    ensure_store(lang)
    render_refused(city, lang)
    loaded: dict[str, pd.DataFrame] = {}
    if tables:
        with st.spinner(t("loading", lang)):
            loaded = load_tables(city.slug, *tables)
    return PageContext(settings, city, loaded)
