"""績效指標 / Indicators: are we on track, indicator by indicator, this year?"""

from __future__ import annotations

import streamlit as st

from components.data import refused_problems
from components.indicator_panels import (
    load_tracker,
    render_indicator_detail,
    render_scorecard,
    render_summary,
)
from components.page import start_page
from safetynet.cities import get_city
from safetynet.formatting import format_year
from safetynet.i18n import t
from safetynet.indicators import ScorecardParams, compute_scorecard, default_year

YEAR_KEY, AGENCY_KEY, DETAIL_KEY = "indicators.year", "indicators.agency", "indicators.detail"
SEARCH_KEY = "indicators.search"
# Indicators the detail picker lists at most; beyond that a search box narrows the list.
PICK_LIMIT = 500

settings = start_page("nav.indicators")
lang, style = settings.lang, settings.year_style
city = get_city(settings.city)
st.caption(t("ind.intro", lang))

for problem in refused_problems(city.slug):
    st.warning(f"{t('data_error.title', lang)} {problem}")

with st.spinner(t("loading", lang)):
    tracker = load_tracker(city.slug)
if not tracker.tracks:
    st.info(t("ind.none", lang))
    st.stop()

# A city switch can leave a year or agency the new city does not have.
years = list(tracker.years)
if st.session_state.get(YEAR_KEY) not in years:
    st.session_state[YEAR_KEY] = default_year(tracker)
agencies = dict(tracker.agencies)
if st.session_state.get(AGENCY_KEY, "") not in ["", *agencies]:
    st.session_state[AGENCY_KEY] = ""

controls = st.columns(2)
year = controls[0].selectbox(
    t("ind.year", lang),
    years,
    format_func=lambda y: format_year(y, style, lang),
    key=YEAR_KEY,
)
agency = controls[1].selectbox(
    t("ind.agency", lang),
    ["", *agencies],
    format_func=lambda a: (
        t("ind.agency.all", lang) if not a else (a if lang == "zh" else agencies[a])
    ),
    key=AGENCY_KEY,
)
card = compute_scorecard(tracker, ScorecardParams(year, agency or None))

render_summary(card, style, lang)
st.subheader(t("ind.scorecard", lang))
if card.rows:
    render_scorecard(
        card,
        style,
        lang,
        key="indicators.scorecard",
        file_name=f"{city.slug}_indicators_{year}.csv",
    )
else:
    st.info(t("ind.empty", lang), icon=":material/info:")

st.subheader(t("ind.detail", lang))
candidates = [r.track for r in card.rows] or list(tracker.tracks)
if len(candidates) > PICK_LIMIT:
    search = st.text_input(t("ind.pick.search", lang), key=SEARCH_KEY).strip().casefold()
    if search:
        candidates = [
            tr
            for tr in candidates
            if search in tr.indicator.indicator_id.casefold()
            or search in (tr.indicator.name_zh if lang == "zh" else tr.indicator.name_en).casefold()
        ] or candidates
    if len(candidates) > PICK_LIMIT:
        st.caption(t("ind.pick.capped", lang, n=f"{len(candidates):,}", shown=f"{PICK_LIMIT:,}"))
        candidates = candidates[:PICK_LIMIT]
choices = [tr.indicator.indicator_id for tr in candidates]
names = {
    tr.indicator.indicator_id: tr.indicator.name_zh if lang == "zh" else tr.indicator.name_en
    for tr in candidates
}
if st.session_state.get(DETAIL_KEY) not in choices:
    st.session_state[DETAIL_KEY] = choices[0]
picked = st.selectbox(
    t("ind.pick", lang), choices, format_func=lambda i: f"{i} · {names[i]}", key=DETAIL_KEY
)
render_indicator_detail(
    tracker.track(picked),
    style,
    lang,
    key="indicators.detail_table",
    file_name=f"{city.slug}_indicator_{picked}.csv",
)
