"""Saved scenarios on the planner page: save, reload, duplicate, delete, compare, export.

Everyone can reload, compare and export saved scenarios and read their
history; saving, duplicating, deleting and reverting need the editor role
(as every write does), and all go through :func:`write_scenario`, which
refuses a viewer and records the editor in the audit log.
"""

from __future__ import annotations

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from components.auth import current_editor, render_login
from components.charts import render_chart
from components.data import get_store, log_store_error
from components.planner_inputs import replace_state, state_from_params, state_key
from components.staffing_charts import build_scenario_comparison_figure
from components.tables import render_table, show_dataframe
from safetynet.editing.history import history_table, revert_options, scenario_name
from safetynet.formatting import format_local_time
from safetynet.i18n import t
from safetynet.staffing.planner import PlannerParams, PlannerResult, compute_plan
from safetynet.staffing.planner_views import (
    comparison_by_year,
    comparison_table,
)
from safetynet.staffing.scenarios import (
    ScenarioError,
    delete_scenario,
    duplicate_scenario,
    list_scenarios,
    load_scenario,
    revert_scenario,
    save_scenario,
    scenario_history,
    unique_copy_name,
)
from safetynet.text_safety import escape_markdown

FLASH = "planner.flash"
MAX_COMPARE = 3


def write_scenario(action: str, city: str, name: str, **kwargs: object) -> str:
    """The one place the planner writes to the store: save, duplicate, delete or revert.

    Returns the scenario name affected; raises :class:`ScenarioError` on refusal
    and :class:`PermissionError` when no editor is logged in. The editor's name
    is recorded with the scenario and in the audit log.
    """
    editor = current_editor()
    if editor is None:
        raise PermissionError("saving scenarios needs the editor role")
    store = get_store()
    who = editor.name
    if action == "save":
        return save_scenario(
            store,
            city,
            name,
            kwargs["params"],  # type: ignore[arg-type]
            who=who,
            overwrite=bool(kwargs.get("overwrite")),
        )
    if action == "duplicate":
        return duplicate_scenario(store, city, name, str(kwargs["new_name"]), who=who)
    if action == "delete":
        delete_scenario(store, city, name, who=who)
        return name
    if action == "revert":
        return revert_scenario(store, city, int(kwargs["entry"]), who=who)  # type: ignore[call-overload]
    raise ValueError(f"unknown scenario action {action!r}")


def _flash(kind: str, text: str) -> None:
    st.session_state[FLASH] = (kind, text)


def _error_text(err: ScenarioError, lang: str) -> str:
    return t(f"planner.scn.err.{err.code}", lang, name=err.name, detail=err.detail)


def _try_write(lang: str, action: str, city: str, name: str, **kwargs: object) -> str | None:
    """:func:`write_scenario`, with a refusal or a database failure flashed (``None`` then).

    A database failure shows a short sentence; its details go to the server log.
    """
    try:
        return write_scenario(action, city, name, **kwargs)
    except ScenarioError as err:
        _flash("error", _error_text(err, lang))
    except SQLAlchemyError as err:
        log_store_error(err)
        _flash("error", t("store_error.write", lang))
    return None


def _on_save(city: str, params: PlannerParams, lang: str) -> None:
    name = st.session_state.get("planner.scenario_name", "")
    overwrite = st.session_state.get("planner.overwrite", False)
    saved = _try_write(lang, "save", city, name, params=params, overwrite=overwrite)
    if saved is None:
        return
    st.session_state["planner.scenario"] = saved
    _flash("success", t("planner.scn.saved", lang, name=saved))


def _on_load(city: str, lang: str) -> None:
    name = st.session_state.get("planner.scenario")
    try:
        params = load_scenario(get_store(), city, name)
    except ScenarioError as err:
        _flash("error", _error_text(err, lang))
        return
    old = st.session_state.get(state_key(city)) or {}
    replace_state(city, state_from_params(city, params, old.get("next_id", 0)))
    st.session_state["planner.scenario_name"] = name
    _flash("success", t("planner.scn.loaded", lang, name=name))


def _on_duplicate(city: str, existing: list[str], lang: str) -> None:
    name = st.session_state.get("planner.scenario")
    copy = _try_write(lang, "duplicate", city, name, new_name=unique_copy_name(existing, name))
    if copy is None:
        return
    st.session_state["planner.scenario"] = copy
    _flash("success", t("planner.scn.duplicated", lang, name=name, copy=copy))


def _on_delete(city: str, lang: str) -> None:
    name = st.session_state.get("planner.scenario")
    if not st.session_state.get("planner.confirm_delete"):
        _flash("warning", t("planner.scn.confirm_first", lang))
        return
    if _try_write(lang, "delete", city, name) is None:
        return
    st.session_state["planner.confirm_delete"] = False
    compare = st.session_state.get("planner.compare") or []
    st.session_state["planner.compare"] = [n for n in compare if n != name]
    _flash("success", t("planner.scn.deleted", lang, name=name))


def render_scenarios(city: str, params: PlannerParams | None, lang: str, style: str) -> None:
    """The scenario panel: save the current inputs, manage saved ones, compare up to three."""
    flash = st.session_state.pop(FLASH, None)
    if flash:
        getattr(st, flash[0])(escape_markdown(flash[1]))  # may hold a scenario's name
    scenarios = list_scenarios(get_store(), city)
    names = [s.name for s in scenarios]
    editor = current_editor()
    if editor is None:
        st.info(t("planner.scn.viewer", lang), icon=":material/lock:")
        with st.expander(t("planner.scn.login", lang)):
            render_login(lang)
    else:
        cols = st.columns([3, 1, 1], vertical_alignment="bottom")
        cols[0].text_input(t("planner.scn.name", lang), key="planner.scenario_name", max_chars=80)
        cols[1].checkbox(t("planner.scn.overwrite", lang), key="planner.overwrite")
        cols[2].button(
            t("planner.scn.save", lang),
            key="planner.save",
            on_click=_on_save,
            args=(city, params, lang),
            disabled=params is None,
            help=None if params is not None else t("planner.scn.fix_first", lang),
            icon=":material/save:",
            type="primary",
        )
    if not names:
        st.caption(t("planner.scn.none", lang))
        render_history(city, lang, editor is not None)
        return
    if st.session_state.get("planner.scenario") not in names:
        st.session_state["planner.scenario"] = names[0]
    cols = st.columns([3, 1, 1, 1], vertical_alignment="bottom")
    cols[0].selectbox(t("planner.scn.saved_list", lang), names, key="planner.scenario")
    cols[1].button(
        t("planner.scn.load", lang),
        key="planner.load",
        on_click=_on_load,
        args=(city, lang),
        icon=":material/upload:",
    )
    if editor is not None:
        cols[2].button(
            t("planner.scn.duplicate", lang),
            key="planner.duplicate",
            on_click=_on_duplicate,
            args=(city, names, lang),
            icon=":material/content_copy:",
        )
        with cols[3]:
            st.checkbox(t("planner.scn.confirm_delete", lang), key="planner.confirm_delete")
            st.button(
                t("planner.scn.delete", lang),
                key="planner.delete",
                on_click=_on_delete,
                args=(city, lang),
                icon=":material/delete:",
            )
    info = next((s for s in scenarios if s.name == st.session_state.get("planner.scenario")), None)
    if info is not None and info.saved_by:
        st.caption(
            t(
                "planner.scn.saved_by",
                lang,
                name=info.name,
                who=info.saved_by,
                at=format_local_time(info.saved_at, lang),
            )
        )
    render_history(city, lang, editor is not None)
    render_comparison(city, names, lang, style)


def _on_revert(city: str, lang: str) -> None:
    entry = st.session_state.get("planner.revert_entry")
    name = _try_write(lang, "revert", city, "", entry=entry)
    if name is None:
        return
    _flash("success", t("planner.scn.reverted", lang, entry=entry, name=name))


def render_history(city: str, lang: str, can_revert: bool) -> None:
    """Who saved, replaced or deleted which scenario and when; editors can revert an entry."""
    entries = scenario_history(get_store(), city)
    with st.expander(t("planner.scn.history", lang), icon=":material/history:"):
        if not entries:
            st.caption(t("planner.scn.history_empty", lang))
            return
        frame = history_table(entries, lang, t("planner.scn.name", lang), scenario_name, False)
        show_dataframe(frame)
        if not can_revert:
            return
        cols = st.columns([3, 1], vertical_alignment="bottom")
        options = revert_options(entries, lang, scenario_name)  # newest first
        # The picker starts at the newest entry, and again after every change.
        newest = entries[0].entry_id
        if st.session_state.get("planner.revert_newest") != newest:
            st.session_state["planner.revert_newest"] = newest
            st.session_state["planner.revert_entry"] = newest
        cols[0].selectbox(
            t("planner.scn.revert_pick", lang),
            list(options),
            format_func=options.__getitem__,
            key="planner.revert_entry",
        )
        cols[1].button(
            t("planner.scn.revert", lang),
            key="planner.revert",
            on_click=_on_revert,
            args=(city, lang),
            icon=":material/undo:",
        )


def render_comparison(city: str, names: list[str], lang: str, style: str) -> None:
    """Two or three saved scenarios side by side: a table of the end year and a chart by year."""
    st.markdown(f"**{t('planner.cmp.title', lang)}**")
    chosen = [n for n in st.session_state.get("planner.compare") or [] if n in names]
    st.session_state["planner.compare"] = chosen
    chosen = st.multiselect(
        t("planner.cmp.choose", lang),
        names,
        key="planner.compare",
        max_selections=MAX_COMPARE,
    )
    if len(chosen) < 2:
        st.caption(t("planner.cmp.hint", lang))
        return
    results: dict[str, PlannerResult] = {}
    for name in chosen:
        try:
            results[name] = compute_plan(load_scenario(get_store(), city, name))
        except ScenarioError as err:
            st.error(escape_markdown(_error_text(err, lang)))
    if len(results) < 2:
        return
    by_year = comparison_by_year(results)
    render_chart(
        build_scenario_comparison_figure(by_year, lang, style),
        key="planner.compare_chart",
    )
    render_table(
        comparison_table(results, lang, style),
        key="planner.compare_table",
        file_name=f"{city}_scenario_comparison.csv",
        lang=lang,
    )
