"""資料管理 / Data: view, export, and (for editors) edit, import and revert every table."""

from __future__ import annotations

import streamlit as st

from components.auth import render_login, render_login_history
from components.case_import import render_case_records
from components.data_admin import (
    render_editor,
    render_export,
    render_history,
    render_import,
    render_view,
    show_flash,
)
from components.page import start_page
from safetynet.i18n import t
from safetynet.storage.schemas import TABLES

page = start_page("nav.data", "data.intro")
lang, city = page.lang, page.city.slug
editor = render_login(lang)
show_flash()
name = st.selectbox(
    t("data.table", lang),
    options=list(TABLES),
    format_func=lambda n: TABLES[n].description,  # 「行政區 / districts」: both names, once
    key="data.table",
)
view, upload, export, history, cases = st.tabs(
    [
        t("data.tab.view", lang),
        t("data.tab.import", lang),
        t("data.tab.export", lang),
        t("data.tab.history", lang),
        t("cases.tab", lang),
    ]
)
with view:
    if editor is None:
        st.info(t("data.viewer_note", lang), icon=":material/visibility:")
        render_view(city, name, lang)
    else:
        render_editor(city, name, lang, editor)
with upload:
    if editor is None:
        st.info(t("data.viewer_note", lang), icon=":material/visibility:")
    else:
        render_import(city, name, lang, editor)
with export:
    render_export(city, name, lang)
with history:
    render_history(city, name, lang, editor)
    if editor is not None:
        render_login_history(lang)
with cases:
    render_case_records(city, lang, editor)
