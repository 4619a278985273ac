"""個案分析 / Case analysis: cases and persons by any age band, district, centre, risk type."""

from __future__ import annotations

import streamlit as st

from components.auth import render_login
from components.case_data import active_dataset, period, relations, revisions
from components.case_views import (
    ViewContext,
    render_band_picker,
    render_controls,
    render_flash,
    render_main_views,
    render_release_switch,
)
from components.page import start_page
from safetynet.cases.engine import DEMO, CaseStoreBusyError, CaseStoreNotSetUpError
from safetynet.i18n import t

page = start_page("nav.case_analysis", "analysis.intro")
lang, style, city = page.lang, page.year_style, page.city

try:
    case_rev, store_rev = revisions()
except CaseStoreBusyError:
    st.error(t("cases.busy", lang), icon=":material/lock:")
    st.stop()
except CaseStoreNotSetUpError:
    st.info(t("cases.not_set_up", lang), icon=":material/info:")
    st.stop()

editor = render_login(lang)
dataset = active_dataset(city.slug, case_rev)
# the first and last referral day; none when no dataset holds a case
data_period = None if dataset is None else period(city.slug, dataset, case_rev)
if dataset is None or data_period is None:
    st.info(t(f"analysis.empty.{'editor' if editor else 'viewer'}", lang), icon=":material/info:")
    if editor:
        st.page_link("pages/data_management.py", label=t("analysis.empty.link", lang), icon="➡️")
    st.stop()
if dataset == DEMO:
    st.warning(t("cases.demo.banner", lang), icon=":material/science:")

render_flash()
rel, names = relations(city.slug, store_rev)
bands = render_band_picker(city.slug, lang, editor, store_rev)
public, threshold = render_release_switch(lang, editor)
measure, rows, cols, scope = render_controls(
    lang=lang,
    style=style,
    relations=rel,
    names=names,
    period=data_period,
)
context = ViewContext(
    city=city.slug,
    city_name=city.name(lang),
    dataset=dataset,
    lang=lang,
    style=style,
    names=names,
    relations=rel,
    bands=bands,
    public=public,
    threshold=threshold,
    revisions=(case_rev, store_rev),
)
render_main_views(context, measure, rows, cols, scope)
