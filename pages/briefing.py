"""簡報 / Briefing: compose a deck from the pages' content and present it one slide at a time.

The deck model (safetynet/briefing/deck.py) feeds the screen, the PowerPoint and
the PDF alike. Stepping through slides reruns the page; the deck is cached.
"""

from __future__ import annotations

import streamlit as st

from components.briefing_view import (
    PRESENT_STYLE,
    STYLE,
    get_deck,
    install_presenter_keys,
    load_scorecards,
    load_years,
    read_case_choice,
    read_scenario,
    render_slide,
)
from components.data import get_store, refused_problems, store_revision
from components.page import start_page
from safetynet.briefing.deck import SECTIONS, section_keys
from safetynet.briefing.pdf import PDF_MIME, deck_pdf
from safetynet.briefing.pptx import PPTX_MIME, deck_pptx
from safetynet.cases.display import release_note
from safetynet.formatting import format_year
from safetynet.i18n import t
from safetynet.staffing.scenarios import list_scenarios
from safetynet.theme import CjkFontMissingError

INDEX_KEY = "briefing.index"
CITY_SEEN_KEY = "briefing.city"
PRESENT_KEY = "briefing.presenting"
SCENARIO_KEY = "briefing.scenario"

page = start_page("nav.briefing", "briefing.intro")
lang, style, city = page.lang, page.year_style, page.city
st.markdown(STYLE, unsafe_allow_html=True)

keys = section_keys()
if "briefing.sections" not in st.session_state:
    st.session_state["briefing.sections"] = [k for k in keys if SECTIONS[k].default]
revision = store_revision()
years = load_years(city.slug, revision)
opening_year = load_scorecards(city.slug, revision).opening_year(years)
year_options = [*reversed(years), None]
if st.session_state.get("briefing.year", "unset") not in year_options:  # first visit, or a
    st.session_state["briefing.year"] = opening_year  # city without the chosen year
if st.session_state.get(CITY_SEEN_KEY, city.slug) != city.slug:
    st.session_state[INDEX_KEY] = 0  # another city's deck starts at its title
st.session_state[CITY_SEEN_KEY] = city.slug
# The browser keeps a multiselect's and a selectbox's choice as the shown labels; after a
# change of language those labels no longer match, and the next click (next, PageDown)
# sent them back unmatched: no section, no slide. Re-assigning the values each run makes
# the page send the browser the current choice in the current language.
for key in ("briefing.sections", "briefing.year"):
    st.session_state[key] = st.session_state[key]

chosen_now = [k for k in keys if k in st.session_state["briefing.sections"]]
year_now = st.session_state["briefing.year"]
summary = t("list_sep", lang).join(t(SECTIONS[k].title_key, lang) for k in chosen_now)
year_label = (
    t("briefing.year.none", lang) if year_now is None else format_year(year_now, style, lang)
)
setup = st.expander(
    f"{t('briefing.setup', lang)}{t('colon', lang)}{summary} · {year_label}",
    key="briefing.setup",
    icon=":material/tune:",
)
controls = setup.columns([4, 2], vertical_alignment="bottom")
chosen = controls[0].multiselect(
    t("briefing.sections", lang),
    keys,
    format_func=lambda k: t(SECTIONS[k].title_key, lang),
    key="briefing.sections",
    wrap=True,  # in a column the chips would stay on one scrolling row, hiding some
)
year = controls[1].selectbox(
    t("briefing.year", lang),
    year_options,
    format_func=lambda y: (
        t("briefing.year.none", lang) if y is None else format_year(y, style, lang)
    ),
    key="briefing.year",
)
if opening_year is not None:
    opening = format_year(opening_year, style, lang)
    setup.caption(t("briefing.year.default", lang, year=opening))
if not chosen:
    st.info(t("briefing.no_sections", lang))
    st.stop()

scenario = None
if "staffing_scenario" in chosen:
    saved = {s.name: s.saved_at for s in list_scenarios(get_store(), city.slug)}
    if not saved:
        setup.caption(t("briefing.scenario.none", lang))
    else:
        if st.session_state.get(SCENARIO_KEY) not in saved:  # another city's, or deleted
            st.session_state.pop(SCENARIO_KEY, None)
        name = setup.selectbox(t("briefing.scenario.pick", lang), list(saved), key=SCENARIO_KEY)
        scenario = read_scenario(city.slug, name, saved[name], lang)

cases = None
if "cases" in chosen:
    cases = read_case_choice(city.slug, lang)
    if cases is None:
        setup.caption(t("briefing.cases.unavailable", lang))
    else:
        setup.caption(
            t("briefing.cases.choice", lang, name=cases.band_name)
            + " "
            + release_note(cases.public, cases.threshold, lang)
        )

try:
    with st.spinner(t("briefing.building", lang)):
        deck = get_deck(
            city.slug, lang, style, year, tuple(k for k in keys if k in chosen), scenario, cases
        )
except CjkFontMissingError as err:
    st.error(f"{t('briefing.font_missing', lang)} {err}")
    st.stop()

total = len(deck)
index = min(max(int(st.session_state.get(INDEX_KEY, 0)), 0), total - 1)
st.session_state[INDEX_KEY] = index


def _step(delta: int) -> None:
    st.session_state[INDEX_KEY] = min(max(st.session_state[INDEX_KEY] + delta, 0), total - 1)


def _toggle_presenting() -> None:
    st.session_state[PRESENT_KEY] = not st.session_state.get(PRESENT_KEY, False)


presenting = bool(st.session_state.get(PRESENT_KEY, False))
install_presenter_keys()
if presenting:
    st.markdown(PRESENT_STYLE + '<div class="brief-backdrop"></div>', unsafe_allow_html=True)

if refused_problems(city.slug):  # beside the controls, where the presenter starts the show;
    with st.container(key="briefing-refused"):  # the show itself hides it from the room
        st.warning(t("briefing.refused", lang), icon=":material/warning:")
nav = st.columns([3, 3, 3, 2], vertical_alignment="center")  # room for the key hints
nav[0].button(
    t("briefing.prev", lang),
    key="briefing.prev",
    on_click=_step,
    args=(-1,),
    disabled=index == 0,
    icon=":material/arrow_back:",
    shortcut="PageUp",
    width="stretch",
)
nav[1].markdown(
    f'<div class="brief-counter">{t("briefing.counter", lang, n=index + 1, total=total)}</div>',
    unsafe_allow_html=True,
    help=t("briefing.keys_help", lang),
)
nav[2].button(
    t("briefing.next", lang),
    key="briefing.next",
    on_click=_step,
    args=(1,),
    disabled=index == total - 1,
    icon=":material/arrow_forward:",
    icon_position="right",
    shortcut="PageDown",
    width="stretch",
)
nav[3].button(
    t("briefing.present_exit" if presenting else "briefing.present", lang),
    key="briefing.present",
    on_click=_toggle_presenting,
    icon=":material/fullscreen_exit:" if presenting else ":material/fullscreen:",
    help=t("briefing.present_help", lang),
    width="stretch",
)

with st.container(border=True, key="briefing-slide"):
    render_slide(
        deck.slides[index],
        lang,
        key=f"briefing.slide.{index}",
        file_stem=f"{city.slug}_briefing_{index + 1:02d}",
    )
    if presenting:
        number = t("briefing.slide_number", lang, n=index + 1, total=total)
        st.markdown(f'<div class="brief-slide-no">{number}</div>', unsafe_allow_html=True)

stem = f"{city.slug}_briefing_{year or 'all'}_{lang}"
downloads = st.columns(2)
downloads[0].download_button(
    t("briefing.download_pptx", lang),
    data=lambda: deck_pptx(deck),
    file_name=f"{stem}.pptx",
    mime=PPTX_MIME,
    key="briefing.download_pptx",
    icon=":material/slideshow:",
    width="stretch",
)
downloads[1].download_button(
    t("briefing.download_pdf", lang),
    data=lambda: deck_pdf(deck),
    file_name=f"{stem}.pdf",
    mime=PDF_MIME,
    key="briefing.download_pdf",
    icon=":material/picture_as_pdf:",
    width="stretch",
)
