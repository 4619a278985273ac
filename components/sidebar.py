"""The shared sidebar: navigation by section and the settings every page reads.

Streamlit runs with a ``pages/`` folder and no ``st.navigation`` (see the
README): each page calls :func:`render_sidebar` first. Widget state is
dropped when the page changes unless it is re-assigned, so the settings keys
are re-assigned before the widgets are drawn.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from safetynet.cities import CITIES, DEFAULT_CITY
from safetynet.i18n import DEFAULT_LANG, LANGUAGES, YEAR_STYLES, t

CITY_KEY = "settings.city"
LANG_KEY = "settings.lang"
YEAR_STYLE_KEY = "settings.year_style"
SETTINGS_DEFAULTS = {CITY_KEY: DEFAULT_CITY, LANG_KEY: DEFAULT_LANG, YEAR_STYLE_KEY: "roc"}

# (section title key, [(page script, title key, icon)]); a page is listed once it works.
NAVIGATION: list[tuple[str, list[tuple[str, str, str]]]] = [
    ("nav.section.overview", [("app.py", "nav.overview", ":material/dashboard:")]),
    ("nav.section.network", [("pages/map.py", "nav.map", ":material/map:")]),
    (
        "nav.section.cases",
        [
            ("pages/referrals.py", "nav.referrals", ":material/trending_up:"),
            ("pages/risk_types.py", "nav.risk_types", ":material/family_restroom:"),
            ("pages/case_analysis.py", "nav.case_analysis", ":material/query_stats:"),
        ],
    ),
    (
        "nav.section.staffing",
        [
            ("pages/staffing.py", "nav.staffing", ":material/groups:"),
            ("pages/staffing_planner.py", "nav.planner", ":material/calculate:"),
        ],
    ),
    ("nav.section.performance", [("pages/indicators.py", "nav.indicators", ":material/flag:")]),
    ("nav.section.briefing", [("pages/briefing.py", "nav.briefing", ":material/slideshow:")]),
    ("nav.section.admin", [("pages/data_management.py", "nav.data", ":material/database:")]),
]


# A page opened from a link low in the sidebar kept the sidebar scrolled down (on a 768-px
# screen the city and language switches were above its top): on every change of page, and
# every click on a page's link, the sidebar goes back to its top. Installed once per tab.
SIDEBAR_TOP_SCRIPT = """
<script>
(() => {
  if (window.__sidebarTop) return;
  window.__sidebarTop = true;
  let path = window.location.pathname;
  const toTop = () => {
    for (const el of document.querySelectorAll(
      '[data-testid="stSidebarContent"], [data-testid="stSidebarUserContent"]')) el.scrollTop = 0;
  };
  const changed = () => {
    if (window.location.pathname === path) return;
    path = window.location.pathname;
    toTop();
    setTimeout(toTop, 300);  // and once the new page has drawn its sidebar
  };
  for (const name of ["pushState", "replaceState"]) {
    const original = history[name].bind(history);
    history[name] = (...args) => { const out = original(...args); changed(); return out; };
  }
  window.addEventListener("popstate", changed);
  // the link of the page already open reruns it without a change of path: same rule
  document.addEventListener("click", (event) => {
    if (!event.target.closest('[data-testid="stSidebar"] a[data-testid="stPageLink-NavLink"]')) {
      return;
    }
    setTimeout(toTop, 0);
    setTimeout(toTop, 300);
  }, true);
})();
</script>
"""


@dataclass(frozen=True)
class Settings:
    """What every page reads from the sidebar."""

    city: str
    lang: str
    year_style: str


def _keep_settings() -> None:
    for key, default in SETTINGS_DEFAULTS.items():
        st.session_state[key] = st.session_state.get(key, default)


def render_sidebar() -> Settings:
    """Draw navigation and settings; return the settings in force."""
    _keep_settings()
    lang = st.session_state[LANG_KEY]
    with st.sidebar:
        st.markdown(f"### {t('app.title', lang)}")
        st.selectbox(
            t("settings.city", lang),
            options=list(CITIES),
            format_func=lambda slug: CITIES[slug].name(lang),
            key=CITY_KEY,
        )
        st.radio(
            t("settings.language", lang),
            options=list(LANGUAGES),
            format_func=LANGUAGES.__getitem__,
            key=LANG_KEY,
            horizontal=True,
        )
        st.radio(
            t("settings.year_style", lang),
            options=list(YEAR_STYLES),
            format_func=lambda style: t(f"year_style.{style}", lang),
            key=YEAR_STYLE_KEY,
            horizontal=True,
        )
        # Settings first: city and language stay above the fold on a 768-px laptop screen.
        st.divider()
        for section, pages in NAVIGATION:
            st.caption(t(section, lang))
            for script, title, icon in pages:
                st.page_link(script, label=t(title, lang), icon=icon)
        st.html(SIDEBAR_TOP_SCRIPT, unsafe_allow_javascript=True)
    return Settings(
        city=st.session_state[CITY_KEY],
        lang=st.session_state[LANG_KEY],
        year_style=st.session_state[YEAR_STYLE_KEY],
    )
