"""績效指標 / Indicators: are we on track, indicator by indicator, this year?"""

from __future__ import annotations

from collections import Counter
from functools import partial

import streamlit as st

from components.data import get_store, load_tables
from components.indicator_panels import (
    full_scorecard_table,
    load_scorecard,
    load_track,
    load_track_figure,
    load_tracker_tables,
    render_indicator_detail,
    render_scorecard,
    render_summary,
    strategy_table,
)
from components.page import start_page
from safetynet.formatting import format_year
from safetynet.i18n import t
from safetynet.indicators.tables import TrackerTables
from safetynet.indicators.tracker import default_status_year

YEAR_KEY, AGENCY_KEY, DETAIL_KEY = "indicators.year", "indicators.agency", "indicators.detail"
SEARCH_KEY = "indicators.search"
# Indicators the detail picker lists at most; beyond that a search box narrows the list.
PICK_LIMIT = 500

page = start_page("nav.indicators", "ind.intro")
lang, style, city = page.lang, page.year_style, page.city

store = get_store()
revision = store.revision()  # one revision for everything this run reads
with st.spinner(t("loading", lang)):
    tracker = load_tracker_tables(city.slug, revision)
    network = load_tables(city.slug, "network_agencies", revision=revision)["network_agencies"]
statuses = tracker.statuses
if statuses.empty:
    st.info(t("ind.none", lang))
    st.stop()

# A city switch can leave a year or agency the new city does not have.
years = list(tracker.years)
if st.session_state.get(YEAR_KEY) not in years:
    st.session_state[YEAR_KEY] = default_status_year(statuses)
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
card = load_scorecard(city.slug, revision, year, agency or None)

render_summary(card, style, lang)
st.subheader(t("ind.scorecard", lang))
if card.rows:
    render_scorecard(
        card,
        style,
        lang,
        key="indicators.scorecard",
        file_name=f"{city.slug}_indicators_{year}.csv",
        # Built on click; partials hold their arguments only (a closure here would
        # hold this run's whole namespace for as long as the session lives).
        full_table=partial(
            full_scorecard_table, store, city.slug, year, agency or None, style, lang
        ),
        strategies=partial(strategy_table, city.slug, revision, year, agency or None, lang),
        network=network,
    )
else:
    st.info(t("ind.empty", lang), icon=":material/info:")


@st.fragment
def render_detail(
    tracker: TrackerTables,
    year: int,
    agency: str,
    *,
    slug: str,
    revision: int,
    style: str,
    lang: str,
) -> None:
    """The picked indicator's detail: picking another (or searching) reruns this part only,
    with the arguments of the page's last full run."""
    # The year's indicators in scorecard order (every indicator when the year has none).
    orders = tracker.listed_orders(year, agency or None)
    ids = tracker.listing["indicator_id"]
    names = tracker.listing["name_zh" if lang == "zh" else "name_en"]
    if len(orders) > PICK_LIMIT:
        search = st.text_input(t("ind.pick.search", lang), key=SEARCH_KEY).strip().casefold()
        if search:
            found = (
                ids.str.casefold().str.contains(search, regex=False)
                | names.str.casefold().str.contains(search, regex=False)
            ).to_numpy()
            orders = [o for o in orders if found[o]] or orders
        if len(orders) > PICK_LIMIT:
            st.caption(t("ind.pick.capped", lang, n=f"{len(orders):,}", shown=f"{PICK_LIMIT:,}"))
            orders = orders[:PICK_LIMIT]
    order_of = {str(ids.iat[o]): int(o) for o in orders}
    choices = list(order_of)
    if st.session_state.get(DETAIL_KEY) not in choices:
        st.session_state[DETAIL_KEY] = choices[0]
    # Named as a director knows them, not by the store's code (p1_s1_01); a name two
    # phases share says which phase.
    phases = tracker.listing["phase"].to_numpy()
    shared = {n for n, k in Counter(names.iat[o] for o in orders).items() if k > 1}

    def label(i: str) -> str:
        o = order_of[i]
        name = str(names.iat[o])
        if name not in shared:
            return name
        phase = int(phases[o])
        return f"{name}（第{phase}期）" if lang == "zh" else f"{name} (phase {phase})"

    picked = st.selectbox(t("ind.pick", lang), choices, format_func=label, key=DETAIL_KEY)
    render_indicator_detail(
        load_track(slug, revision, order_of[picked]),
        style,
        lang,
        key="indicators.detail_table",
        file_name=f"{slug}_indicator_{picked}.csv",
        figure=load_track_figure(slug, revision, order_of[picked], style, lang),
    )


st.subheader(t("ind.detail", lang))
render_detail(tracker, year, agency, slug=city.slug, revision=revision, style=style, lang=lang)
