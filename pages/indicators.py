"""績效指標 / Indicators: are we on track, indicator by indicator, this year?"""

from __future__ import annotations

import streamlit as st

from components.data import load_tables, refused_problems
from components.indicator_panels import render_indicator_detail, render_scorecard, render_summary
from components.page import start_page
from safetynet.cities import get_city
from safetynet.formatting import format_year
from safetynet.i18n import t
from safetynet.indicators import (
    ScorecardParams,
    TrackerParams,
    compute_scorecard,
    compute_tracker,
    default_year,
)

YEAR_KEY, AGENCY_KEY, DETAIL_KEY = "indicators.year", "indicators.agency", "indicators.detail"

settings = start_page("nav.indicators")
lang, style = settings.lang, settings.year_style
city = get_city(settings.city)
st.caption(t("ind.intro", lang))

for problem in refused_problems(city.slug):
    st.warning(f"{t('data_error.title', lang)} {problem}")

with st.spinner(t("loading", lang)):
    tables = load_tables(
        city.slug,
        "indicators",
        "indicator_targets",
        "indicator_actuals",
        "indicator_definitions",
        "network_agencies",
    )
tracker = compute_tracker(
    TrackerParams(
        tables["indicators"],
        tables["indicator_targets"],
        tables["indicator_actuals"],
        tables["indicator_definitions"],
    )
)
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
        network=tables["network_agencies"],
    )
else:
    st.info(t("ind.empty", lang), icon=":material/info:")

st.subheader(t("ind.detail", lang))
choices = [r.track.indicator.indicator_id for r in card.rows] or [
    tr.indicator.indicator_id for tr in tracker.tracks
]
if st.session_state.get(DETAIL_KEY) not in choices:
    st.session_state[DETAIL_KEY] = choices[0]
names = {
    tr.indicator.indicator_id: tr.indicator.name_zh if lang == "zh" else tr.indicator.name_en
    for tr in tracker.tracks
}
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
