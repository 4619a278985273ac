"""The planner's 「從個案資料帶入目前案量」: a caseload from the case records for a line.

The user picks the year, how the caseload is counted (open at year end, or
served in the year) and the service line; the count is written into that
line's caseload with where it came from (the demo data labelled as such).
Without case records, the option says so and where to import them.
"""

from __future__ import annotations

import streamlit as st

from components.case_data import active_dataset, case_revision, locked_engine, period
from components.planner_inputs import picker_key
from safetynet.cases.engine import DEMO, CaseStoreBusyError, CaseStoreNotSetUpError
from safetynet.formatting import format_number, format_year
from safetynet.i18n import t
from safetynet.staffing.caseload import BASES, case_years, caseload_from_cases


@st.cache_data(max_entries=64, show_spinner=False)
def _reading(city: str, dataset: str, year: int, basis: str, revision: int):  # noqa: ARG001  (cache key)
    with locked_engine() as engine:
        return caseload_from_cases(engine, city, dataset, year, basis)


def _apply(city: str, lang: str, style: str) -> None:
    from components.planner_inputs import set_caseload

    reading = st.session_state.get("planner.cases.reading")
    uid = st.session_state.get("planner.cases.line")
    if reading is None or uid is None:
        return
    what = t(
        f"planner.cases.basis_value.{reading.basis}",
        lang,
        year=format_year(reading.year, style, lang),
        n=format_number(reading.cases),
    )
    dataset = t(f"cases.dataset.{reading.dataset}", lang)
    set_caseload(city, uid, float(reading.cases), what, dataset)


def render_caseload_from_cases(city: str, state: dict, lang: str, style: str) -> None:
    """The expander that takes a line's current caseload from the case records."""
    with st.expander(t("planner.cases.title", lang), icon=":material/folder_shared:"):
        try:
            revision = case_revision()
            dataset = active_dataset(city, revision)
        except (CaseStoreBusyError, CaseStoreNotSetUpError):
            dataset, revision = None, 0
        if dataset is None:
            st.info(t("planner.cases.none", lang), icon=":material/info:")
            return
        span = period(city, dataset, revision)
        if span is None:
            st.info(t("planner.cases.none", lang), icon=":material/info:")
            return
        if dataset == DEMO:
            st.warning(t("planner.cases.demo", lang), icon=":material/science:")
        st.caption(t("planner.cases.intro", lang))
        cols = st.columns([1, 1, 2])  # line names can be long (Keelung's)
        years = case_years(*span)
        if st.session_state.get("planner.cases.year") not in years:
            st.session_state["planner.cases.year"] = years[0]
        year = cols[0].selectbox(
            t("planner.cases.year", lang),
            years,
            format_func=lambda y: format_year(y, style, lang),
            key="planner.cases.year",
        )
        basis = cols[1].radio(
            t("planner.cases.basis", lang),
            BASES,
            format_func=lambda b: t(f"planner.cases.basis.{b}", lang),
            key="planner.cases.basis",
        )
        uids = [line["uid"] for line in state["lines"]]
        names = {line["uid"]: f"{i}. {line['name']}" for i, line in enumerate(state["lines"], 1)}
        # the line whose inputs are shown, again whenever another line is picked
        picked = st.session_state.get(picker_key(city), uids[0])
        if (
            st.session_state.get("planner.cases.picked") != picked
            or st.session_state.get("planner.cases.line") not in uids
        ):
            st.session_state["planner.cases.picked"] = picked
            st.session_state["planner.cases.line"] = picked if picked in uids else uids[0]
        cols[2].selectbox(
            t("planner.cases.line", lang),
            uids,
            format_func=names.__getitem__,
            key="planner.cases.line",
        )
        reading = _reading(city, dataset, int(year), str(basis), revision)
        st.session_state["planner.cases.reading"] = reading
        st.markdown(
            t(
                f"planner.cases.basis_value.{reading.basis}",
                lang,
                year=format_year(reading.year, style, lang),
                n=format_number(reading.cases),
            )
            + ("" if dataset != DEMO else f" · {t('cases.dataset.demo', lang)}")
        )
        st.button(
            t("planner.cases.apply", lang),
            key="planner.cases.apply",
            on_click=_apply,
            args=(city, lang, style),
            icon=":material/input:",
        )
