"""The 個案資料 / Case records tab of the data page: what is stored, templates, import, log.

Everyone sees counts per referral month (never a case number), which
dataset they come from (real, or 示範資料 / synthetic data), the import log,
and can download the blank templates and the filled example. Editors upload
an export, read the preview (cases and members to add, change and remove per
month) and confirm; they load the demo dataset with one click on an empty
case store and remove it with one click.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial

import pandas as pd
import streamlit as st

from components.data import get_store
from components.sidebar import YEAR_STYLE_KEY
from components.tables import render_table, show_dataframe
from safetynet.auth import Editor
from safetynet.cases import queries
from safetynet.cases.demo import DemoRefused, load_demo
from safetynet.cases.engine import (
    DEMO,
    CaseEngine,
    CaseStoreBusyError,
    CaseStoreNotSetUpError,
    open_case_store,
)
from safetynet.cases.format import (
    CASES,
    MEMBERS,
    ROC_OFFSET,
    example_files,
    example_workbook,
    template_csv,
    template_workbook,
)
from safetynet.cases.repository import (
    CaseConflictError,
    CasePlan,
    case_revision,
    commit_case_import,
    prepare_case_import,
    reference_from_store,
    remove_dataset,
)
from safetynet.formatting import format_local_time
from safetynet.i18n import t

FLASH_KEY = "cases.flash"
PLAN_KEY = "cases.plan"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@contextlib.contextmanager
def _engine(lang: str) -> Iterator[CaseEngine | None]:
    try:
        engine = open_case_store()
    except CaseStoreBusyError:
        st.error(t("cases.busy", lang), icon=":material/lock:")
        yield None
        return
    except CaseStoreNotSetUpError:
        st.info(t("cases.not_set_up", lang), icon=":material/info:")
        yield None
        return
    try:
        yield engine
    finally:
        engine.close()


def _counts(frame: pd.DataFrame) -> dict:
    """Whole-number columns shown with thousands separators (the CSV keeps plain numbers)."""
    return {
        c: st.column_config.NumberColumn(format="localized")
        for c in frame.columns
        if pd.api.types.is_integer_dtype(frame[c])
    }


def _month(values: pd.Series, lang: str) -> list[str]:
    """Months in the reader's year style: ``114年12月`` / ``ROC 114-12`` or ``2025-12``."""
    stamps = pd.to_datetime(values)
    if st.session_state.get(YEAR_STYLE_KEY, "roc") != "roc":
        return [f"{m:%Y-%m}" for m in stamps]
    if lang == "zh":
        return [f"{m.year - ROC_OFFSET}年{m.month:02d}月" for m in stamps]
    return [f"ROC {m.year - ROC_OFFSET}-{m.month:02d}" for m in stamps]


def dataset_label(dataset: str, lang: str) -> str:
    return t(f"cases.dataset.{dataset}", lang)


def _done(message: str) -> None:
    st.session_state.pop(PLAN_KEY, None)
    gen = st.session_state.get("cases.gen", 0)
    st.session_state["cases.gen"] = gen + 1
    st.session_state[FLASH_KEY] = message
    st.rerun()


# -- what is stored ----------------------------------------------------------------------------
@dataclass(frozen=True)
class Stored:
    """What the tab shows of the store: the datasets, the active one's counts per month, the
    import log."""

    sets: pd.DataFrame
    active: str | None
    monthly: pd.DataFrame | None
    log: pd.DataFrame


@st.cache_data(show_spinner=False, max_entries=16)
def _stored(url: str, city: str, revision: int, _engine: CaseEngine) -> Stored:  # noqa: ARG001
    sets = queries.datasets(_engine, city)
    active = queries.active_of(sets)
    monthly = queries.monthly_counts(_engine, city, active) if active else None
    return Stored(sets, active, monthly, queries.import_log(_engine, city))


def stored(engine: CaseEngine, city: str) -> Stored:
    """The tab's reads, once per store, city and case revision (every import and removal
    advances it): a rerun reads one number, not the cases."""
    return _stored(engine.url, city, case_revision(engine), engine)


def _render_summary(stored: Stored, city: str, lang: str) -> None:
    sets, active = stored.sets, stored.active
    if sets.empty or active is None or stored.monthly is None:
        st.info(t("cases.empty", lang), icon=":material/folder_open:")
        return
    if active == DEMO:
        st.warning(t("cases.demo.banner", lang), icon=":material/science:")
    shown = pd.DataFrame(
        {
            t("cases.col.dataset", lang): [dataset_label(d, lang) for d in sets["dataset"]],
            t("cases.col.cases", lang): sets["cases"],
            t("cases.col.persons", lang): sets["persons"],
            t("cases.col.first", lang): _month(sets["first"], lang),
            t("cases.col.last", lang): _month(sets["last"], lang),
        }
    )
    show_dataframe(shown, column_config=_counts(shown))
    monthly = stored.monthly
    table = pd.DataFrame(
        {
            t("cases.col.month", lang): _month(monthly["month"], lang),
            t("cases.col.cases", lang): monthly["cases"],
            t("cases.col.persons", lang): monthly["persons"],
            t("cases.col.dataset", lang): dataset_label(active, lang),
        }
    ).iloc[::-1]
    st.caption(t("cases.monthly", lang, dataset=dataset_label(active, lang)))
    render_table(
        table,
        key=f"cases.monthly.{city}",
        file_name=f"{city}_cases_by_month_{active}.csv",
        lang=lang,
    )


def _render_log(log: pd.DataFrame, city: str, lang: str) -> None:
    st.subheader(t("cases.log", lang))
    if log.empty:
        st.info(t("cases.log.empty", lang))
        return
    frame = pd.DataFrame(
        {
            t("cases.col.entry", lang): log["import_id"],
            t("cases.col.at", lang): log["imported_at"].map(lambda v: format_local_time(v, lang)),
            t("cases.col.who", lang): log["who"],
            t("cases.col.dataset", lang): [dataset_label(d, lang) for d in log["dataset"]],
            t("cases.col.action", lang): [t(f"cases.action.{a}", lang) for a in log["action"]],
            t("cases.col.file", lang): log["file_name"].fillna(""),
            t("cases.col.period", lang): [
                "" if pd.isna(a) else "–".join(_month(pd.Series([a, b]), lang))
                for a, b in zip(log["period_from"], log["period_to"], strict=True)
            ],
            t("cases.col.added", lang): log["cases_added"],
            t("cases.col.changed", lang): log["cases_changed"],
            t("cases.col.removed", lang): log["cases_removed"],
            t("cases.col.members_added", lang): log["members_added"],
            t("cases.col.members_changed", lang): log["members_changed"],
            t("cases.col.members_removed", lang): log["members_removed"],
            t("cases.col.total", lang): log["cases_total"],
        }
    )
    render_table(
        frame,
        key=f"cases.log.{city}",
        file_name=f"{city}_case_imports.csv",
        lang=lang,
        column_config=_counts(frame.drop(columns=[t("cases.col.entry", lang)])),
    )


def _example_csv(name: str) -> bytes:
    return dict(example_files())[name]


def _render_downloads(lang: str) -> None:
    """The templates and the example, each made when its button is clicked (the workbooks
    take tens of milliseconds; every rerun of the page would pay them)."""
    st.subheader(t("cases.templates", lang))
    st.caption(t("cases.templates.help", lang))
    left, middle, right = st.columns(3)
    left.download_button(
        t("cases.template.cases", lang),
        data=partial(template_csv, CASES),
        file_name="cases_template.csv",
        mime="text/csv",
        key="cases.dl.template_cases",
        icon=":material/description:",
    )
    left.download_button(
        t("cases.template.members", lang),
        data=partial(template_csv, MEMBERS),
        file_name="case_members_template.csv",
        mime="text/csv",
        key="cases.dl.template_members",
        icon=":material/description:",
    )
    middle.download_button(
        t("cases.template.xlsx", lang),
        data=template_workbook,
        file_name="case_export_template.xlsx",
        mime=XLSX_MIME,
        key="cases.dl.template_xlsx",
        icon=":material/table:",
    )
    right.download_button(
        t("cases.example.xlsx", lang),
        data=example_workbook,
        file_name="case_export_example.xlsx",
        mime=XLSX_MIME,
        key="cases.dl.example_xlsx",
        icon=":material/table_view:",
    )
    right.download_button(
        t("cases.example.csv", lang),
        data=partial(_example_csv, "example_cases.csv"),
        file_name="example_cases.csv",
        mime="text/csv",
        key="cases.dl.example_cases",
        icon=":material/download:",
    )
    right.download_button(
        t("cases.example.members_csv", lang),
        data=partial(_example_csv, "example_case_members.csv"),
        file_name="example_case_members.csv",
        mime="text/csv",
        key="cases.dl.example_members",
        icon=":material/download:",
    )


# -- import (editors) ----------------------------------------------------------------------------
def _preview_table(plan: CasePlan, lang: str) -> pd.DataFrame:
    months = plan.months
    return pd.DataFrame(
        {
            t("cases.col.month", lang): _month(months["month"], lang),
            t("cases.col.added", lang): months["cases_added"],
            t("cases.col.changed", lang): months["cases_changed"],
            t("cases.col.removed", lang): months["cases_removed"],
            t("cases.col.unchanged", lang): months["cases_unchanged"],
            t("cases.col.members_added", lang): months["members_added"],
            t("cases.col.members_changed", lang): months["members_changed"],
            t("cases.col.members_removed", lang): months["members_removed"],
        }
    )


def _plan_for(engine: CaseEngine, city: str, uploads: list, lang: str) -> CasePlan:
    """The plan of these uploads, computed once per set of files (a large file takes seconds)."""
    files = [(u.name, u.getvalue()) for u in uploads]
    digest = hashlib.sha256()
    for name, data in files:
        digest.update(name.encode() + b"\0" + hashlib.sha256(data).digest())
    key = (city, digest.hexdigest())
    cached = st.session_state.get(PLAN_KEY)
    if cached is not None and cached[0] == key:
        return cached[1]
    with st.spinner(t("cases.checking", lang)):
        plan = prepare_case_import(engine, city, files, reference_from_store(get_store(), city))
    st.session_state[PLAN_KEY] = (key, plan)
    return plan


def _render_import(engine: CaseEngine, city: str, lang: str, editor: Editor) -> None:
    st.subheader(t("cases.import", lang))
    st.caption(t("cases.import.help", lang))
    uploads = st.file_uploader(
        t("cases.import.files", lang),
        type=["csv", "xlsx", "zip"],
        accept_multiple_files=True,
        key=f"cases.upload.{city}.{st.session_state.get('cases.gen', 0)}",
    )
    if not uploads:
        return
    plan = _plan_for(engine, city, uploads, lang)
    for file, encoding in plan.encodings.items():
        st.caption(t("cases.encoding", lang, file=file, encoding=encoding))
    for file, columns in plan.ignored_columns.items():
        st.caption(t("cases.ignored", lang, file=file, columns="、".join(columns)))
    if not plan.ok:
        st.error(t("cases.problems", lang, n=len(plan.problems)), icon=":material/error:")
        messages = pd.DataFrame({t("cases.col.problem", lang): plan.messages(lang)})
        show_dataframe(messages)
        return
    st.markdown(f"**{t('cases.preview', lang)}**")
    st.write(plan.summary(lang))
    preview = _preview_table(plan, lang)
    show_dataframe(preview, column_config=_counts(preview))
    if not plan.changes_anything:
        st.info(t("cases.preview.nothing", lang), icon=":material/check:")
        return
    if st.button(t("cases.import.confirm", lang), key="cases.import.confirm", type="primary"):
        try:
            commit_case_import(engine, plan, who=editor.name)
        except CaseConflictError:
            st.session_state.pop(PLAN_KEY, None)
            st.error(t("cases.conflict", lang), icon=":material/sync_problem:")
            return
        _done(t("cases.import.done", lang, n=f"{plan.total('cases_added'):,}"))


def _render_demo(engine: CaseEngine, city: str, lang: str, editor: Editor, stored: Stored):
    st.subheader(t("cases.demo", lang))
    if stored.active is None:
        st.caption(t("cases.demo.help", lang))
        if st.button(t("cases.demo.load", lang), key="cases.demo.load", icon=":material/science:"):
            with st.spinner(t("cases.checking", lang)):
                try:
                    load_demo(
                        engine, reference_from_store(get_store(), city), city, who=editor.name
                    )
                except DemoRefused:
                    st.error(t("cases.demo.refused", lang))
                    return
            _done(t("cases.demo.loaded", lang))
    elif DEMO in set(stored.sets["dataset"]):
        st.caption(t("cases.demo.remove_help", lang))
        if st.button(
            t("cases.demo.remove", lang), key="cases.demo.remove", icon=":material/delete:"
        ):
            remove_dataset(engine, city, DEMO, who=editor.name)
            _done(t("cases.demo.removed", lang))
    else:
        st.caption(t("cases.demo.not_offered", lang))


def render_case_records(city: str, lang: str, editor: Editor | None) -> None:
    """The whole tab: stored counts, downloads, import and demo (editors), the import log."""
    message = st.session_state.pop(FLASH_KEY, None)
    if message:
        st.success(message, icon=":material/check_circle:")
    st.caption(t("cases.intro", lang))
    with _engine(lang) as engine:
        if engine is None:
            return
        shown = stored(engine, city)
        _render_summary(shown, city, lang)
        _render_downloads(lang)
        if editor is None:
            st.info(t("cases.viewer_note", lang), icon=":material/visibility:")
        else:
            _render_import(engine, city, lang, editor)
            _render_demo(engine, city, lang, editor, shown)
        _render_log(shown.log, city, lang)
