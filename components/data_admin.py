"""The pieces of the data management page: table editor, import, export, history.

Every function that can write takes the logged-in :class:`Editor`; the page
calls them only when there is one. Text from the data is shown only in
tables and plain text, never as HTML or Markdown.

``st.data_editor`` traps avoided here: the table handed to the editor is a
snapshot kept in session state (with a fresh RangeIndex) and never replaced
by the editor's result, so edits do not revert; the editor is not in a form,
so added rows are not dropped; after a save a new snapshot gets a new key.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from components.data import get_store, load_tables, report_write_error
from components.tables import SHOWN_ROWS, render_marked_grid, render_table, show_dataframe
from safetynet.auth import Editor
from safetynet.editing.exports import (
    build_csv_zip,
    build_template_csv,
    build_template_xlsx,
    build_workbook,
)
from safetynet.editing.history import history_table, revert_options, row_key
from safetynet.editing.importing import prepare_import
from safetynet.editing.normalise import describe_notes, describe_proposal
from safetynet.editing.plans import EditPlan, commit, plan_revert, plan_table_edit, to_raw
from safetynet.formatting import MarkedGrid, is_missing, marked_columns, table_for_display
from safetynet.i18n import t
from safetynet.sources import source_label, source_line
from safetynet.storage.schemas import TABLES
from safetynet.storage.store import ConflictError
from safetynet.table_fit import BUDGET_PX, fit_table
from safetynet.text_safety import escape_markdown

FLASH_KEY = "data.flash"
IMPORT_PLAN_KEY = "data.import.plan"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The stored columns of long text the read-only view may show as marks (「①」).
MARKED_COLUMNS = ("source", "note")
# ... as long as the rows shown cite no more texts than this: a longer list under the
# grid reads worse than a grid scrolled sideways.
MAX_MARKED_TEXTS = 60


def _lines(lines: list[str], header: str) -> None:
    """A list of messages as a plain table (data text inside stays text)."""
    show_dataframe(pd.DataFrame({header: lines}))


def show_flash() -> None:
    message = st.session_state.pop(FLASH_KEY, None)
    if message:
        st.success(message, icon=":material/check_circle:")


def _show_problems(plan: EditPlan, lang: str) -> None:
    st.error(t("data.problems", lang, n=len(plan.problems)), icon=":material/error:")
    _lines(plan.messages(lang), t("data.col.problem", lang))


def _show_conflict(err: ConflictError, lang: str) -> None:
    st.error(t("data.conflict", lang), icon=":material/sync_problem:")
    rows = [
        t(
            "data.conflict_row",
            lang,
            row=", ".join(f"{k}={v}" for k, v in c.key.items()),
            who=c.who or t("data.someone", lang),
            at=c.at or "",
        )
        for c in err.conflicts
    ]
    _lines(rows, t("data.col.key", lang))


def _counts(plan: EditPlan) -> dict[str, int]:
    return {
        "added": len(plan.of("add")),
        "changed": len(plan.of("change")),
        "deleted": len(plan.of("delete")),
    }


def _saved(city: str, name: str, message: str) -> None:
    # The save advanced the store's revision: every cached loader reads afresh.
    gen_key = f"data.gen.{city}.{name}"
    st.session_state[gen_key] = st.session_state.get(gen_key, 0) + 1
    st.session_state[FLASH_KEY] = message
    st.rerun()


def _shadowed_note(city: str, name: str, lang: str) -> None:
    keys = get_store().shadowed(city, name)
    if keys:
        shown = "；".join(", ".join(f"{k}={v}" for k, v in key.items()) for key in keys[:10])
        st.warning(
            escape_markdown(t("data.shadowed", lang, n=len(keys), keys=shown)),
            icon=":material/info:",
        )


# -- view and edit -------------------------------------------------------------
def editor_frame(frame: pd.DataFrame, name: str) -> tuple[pd.DataFrame, list[str]]:
    """The table for the editor, its number columns as text; and those columns.

    The browser's number cells turn what they cannot parse (「abc」) into 0 or
    empty before the server sees it; as text, what the editor typed arrives
    as typed and is checked like an import (「abc」 is refused with its row
    and column, never saved as 0).
    """
    numbers = [c.name for c in TABLES[name].columns if c.dtype in {"int", "float"}]
    shown = frame.copy()
    if numbers:
        shown[numbers] = to_raw(frame[numbers])
    return shown, numbers


def marked_view(frame: pd.DataFrame, lang: str) -> MarkedGrid | None:
    """A stored table whose sources and notes, in full, push its last columns off a
    laptop's page (計畫期程: a note of 200 characters): those columns as marks (「①」),
    their texts listed under the grid; ``None`` when the table fits as it is, or when its
    shown rows hold more texts than a list under a grid can take.

    The columns stay the stored ones, by their stored names; the CSV holds every text.
    """
    marked = [c for c in MARKED_COLUMNS if c in frame.columns]
    if not marked or frame.empty:
        return None
    shown = frame.head(SHOWN_ROWS)
    labels = shown.copy()
    if "source" in labels.columns:
        labels["source"] = labels["source"].map(lambda s: source_label(s, lang))
    display, formats = table_for_display(labels, lang, "")
    if sum(fit_table(display, formats).widths.values()) <= BUDGET_PX:
        return None
    texts = {
        c: [
            "" if is_missing(v) else source_line(v, lang) if c == "source" else str(v).strip()
            for v in shown[c]
        ]
        for c in marked
    }
    grid = marked_columns(shown, texts, {c: t("data.marks_help", lang) for c in marked})
    return grid if len(grid.notes) <= MAX_MARKED_TEXTS else None


def render_view(city: str, name: str, lang: str) -> None:
    """The table as stored, read-only, with its CSV download (every row, built on click)."""
    frame = load_tables(city, name)[name]
    st.caption(t("data.rows", lang, n=len(frame)))
    # An empty cell in a stored table means the source gives no value: shown empty.
    key, file_name = f"data.view.{name}", f"{city}_{name}.csv"
    grid = marked_view(frame, lang)
    if grid is None:
        render_table(frame, key=key, file_name=file_name, lang=lang, missing="")
        return
    render_marked_grid(
        grid,
        frame,
        key=key,
        file_name=file_name,
        lang=lang,
        heading=t("data.marks", lang),
        missing="",
        rows=len(frame),
    )


def render_editor(city: str, name: str, lang: str, editor: Editor) -> None:
    """Edit the table in ``st.data_editor``; check the whole table, then save in one go."""
    gen = st.session_state.get(f"data.gen.{city}.{name}", 0)
    snap_key = f"data.snapshot.{city}.{name}.{gen}"
    # Only the table being edited is kept: another table's snapshot (and its unsaved
    # edits, which Streamlit drops with its editor widget) would only hold memory.
    for stale in [k for k in st.session_state if str(k).startswith("data.snapshot.")]:
        if stale != snap_key:
            del st.session_state[stale]
    if snap_key not in st.session_state:
        st.session_state[snap_key] = get_store().read_versioned(city, name)
    before: pd.DataFrame = st.session_state[snap_key]
    _shadowed_note(city, name, lang)
    st.caption(t("data.editor_help", lang))
    shown, number_columns = editor_frame(before.drop(columns=["version"]), name)
    edited = st.data_editor(
        shown,
        num_rows="dynamic",
        hide_index=True,
        width="stretch",
        key=f"data.editor.{city}.{name}.{gen}",
        column_config={
            column: st.column_config.TextColumn(
                alignment="right", help=t("data.editor.number_help", lang)
            )
            for column in number_columns
        },
    )
    reason = st.text_input(t("data.reason", lang), key=f"data.reason.{city}.{name}.{gen}")
    save, discard = st.columns([1, 1])
    if discard.button(t("data.discard", lang), key="data.discard", icon=":material/undo:"):
        st.session_state.pop(snap_key, None)
        _saved(city, name, "")
    if not save.button(
        t("data.save", lang), key="data.save", type="primary", icon=":material/save:"
    ):
        return
    store = get_store()
    plan = plan_table_edit(city, name, before, edited, store.read_city(city), who=editor.name)
    if not plan.ok:
        _show_problems(plan, lang)
        return
    if not plan.changes:
        st.info(t("data.no_changes", lang))
        return
    try:
        commit(store, plan, who=editor.name, reason=reason)
    except ConflictError as err:
        _show_conflict(err, lang)
        return
    except SQLAlchemyError as err:
        report_write_error(err, lang)
        return
    st.session_state.pop(snap_key, None)
    _saved(city, name, t("data.saved", lang, **_counts(plan)))


# -- import ----------------------------------------------------------------------


def _shown(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Rows of a stored table as the preview shows them: an empty cell empty, never None."""
    return table_for_display(frame, lang, missing="")[0]


def _cell(value: object) -> str:
    """One stored value in the changes preview; an empty cell stays empty (not 「None」)."""
    return "" if is_missing(value) else str(value)


def _preview(plan: EditPlan, lang: str) -> None:
    st.write(t("data.import.summary", lang, **_counts(plan), unchanged=plan.unchanged))
    columns = TABLES[plan.table].column_names
    added = [c.new for c in plan.of("add")]
    if added:
        st.markdown(f"**{t('data.preview.added', lang)}**")
        show_dataframe(_shown(pd.DataFrame(added, columns=columns), lang))
    changed = [
        {
            t("data.col.key", lang): ", ".join(f"{k}={v}" for k, v in c.key.items()),
            t("data.col.columns", lang): column,
            t("data.col.old", lang): _cell(c.old.get(column)),
            t("data.col.new", lang): _cell(c.new.get(column)),
        }
        for c in plan.of("change")
        for column in columns
        if c.old is not None and c.new is not None and c.old.get(column) != c.new.get(column)
    ]
    if changed:
        st.markdown(f"**{t('data.preview.changed', lang)}**")
        show_dataframe(pd.DataFrame(changed))
    deleted = [c.old for c in plan.of("delete")]
    if deleted:
        st.markdown(f"**{t('data.preview.deleted', lang)}**")
        show_dataframe(_shown(pd.DataFrame(deleted, columns=columns), lang))


def render_import(city: str, name: str, lang: str, editor: Editor) -> None:
    """Upload a file for the table, see what it would do, confirm to write it."""
    gen = st.session_state.get(f"data.gen.{city}.{name}", 0)
    upload = st.file_uploader(
        t("data.import.file", lang), type=["csv", "xlsx"], key=f"data.upload.{city}.{name}.{gen}"
    )
    replace = st.checkbox(t("data.import.replace", lang), key="data.import.replace")
    if upload is None:
        return
    accept = bool(st.session_state.get("data.import.accept", False))
    store = get_store()
    # Every widget on the page reruns it; the file is read and checked once per
    # upload, option and store revision, not on each keystroke in the reason.
    plan_key = (city, name, upload.file_id, accept, replace, editor.name, store.revision())
    cached = st.session_state.get(IMPORT_PLAN_KEY)
    if cached is not None and cached[0] == plan_key:
        plan = cached[1]
    else:
        plan = prepare_import(
            store,
            city,
            name,
            upload.name,
            upload,  # read within the size limit, after its size is checked
            who=editor.name,
            accept_corrections=accept,
            replace_table=replace,
        )
        st.session_state[IMPORT_PLAN_KEY] = (plan_key, plan)
    if plan.extra.get("encoding"):
        st.caption(t("norm.encoding", lang, encoding=plan.extra["encoding"]))
    notes = describe_notes(plan.notes, lang, plan.unit)
    if notes:
        st.info(t("data.import.normalised", lang), icon=":material/auto_fix_high:")
        _lines(notes, t("data.import.normalised", lang))
    if plan.proposals:
        st.warning(t("data.import.proposals", lang), icon=":material/spellcheck:")
        proposals = [describe_proposal(p, lang, plan.unit) for p in plan.proposals]
        _lines(proposals, t("data.import.proposals", lang))
        st.checkbox(t("data.import.accept", lang), key="data.import.accept")
    if not plan.ok:
        _show_problems(plan, lang)
        return
    st.subheader(t("data.import.preview", lang))
    _preview(plan, lang)
    if not plan.changes:
        return
    reason = st.text_input(t("data.reason", lang), key="data.import.reason")
    if st.button(t("data.import.confirm", lang), key="data.import.confirm", type="primary"):
        try:
            commit(store, plan, who=editor.name, reason=reason or f"import {plan.file}")
        except ConflictError as err:
            _show_conflict(err, lang)
            return
        except SQLAlchemyError as err:
            report_write_error(err, lang)
            return
        st.session_state.pop("data.import.accept", None)
        st.session_state.pop(IMPORT_PLAN_KEY, None)
        _saved(city, name, t("data.import.done", lang, **_counts(plan)))


# -- export ----------------------------------------------------------------------
def render_export(city: str, name: str, lang: str) -> None:
    """Downloads for everyone: the city's whole store and a blank template of the table.

    Every file is built when its button is clicked (on the server, in its own
    thread), read straight from the store: nothing is built on a rerun, and the
    whole city is never held in the page's caches.
    """
    st.caption(t("data.export.help", lang))
    store = get_store()  # the callables below run outside the page's script thread
    left, right = st.columns(2)
    downloads = (  # (column, key, data, file name, type, icon)
        (left, "xlsx", lambda: build_workbook(store.read_city(city)),
         f"safetynet_{city}.xlsx", XLSX_MIME, "download"),
        (right, "zip", lambda: build_csv_zip(store.read_city(city)),
         f"safetynet_{city}_csv.zip", "application/zip", "download"),
        (left, "template", lambda: build_template_csv(name),
         f"template_{name}.csv", "text/csv", "description"),
        (right, "template_xlsx", lambda: build_template_xlsx(name),
         f"template_{name}.xlsx", XLSX_MIME, "description"),
    )  # fmt: skip
    for column, key, data, file_name, mime, icon in downloads:
        column.download_button(
            t(f"data.export.{key}", lang),
            data=data,
            file_name=file_name,
            mime=mime,
            key=f"data.export.{key}",
            icon=f":material/{icon}:",
        )


# -- history ---------------------------------------------------------------------
def render_history(city: str, name: str, lang: str, editor: Editor | None) -> None:
    """The audit log of the table; editors can revert an entry."""
    entries = get_store().history(city, name)  # newest first
    frame = history_table(entries, lang, t("data.col.key", lang), row_key)
    if frame.empty:
        st.info(t("data.history.empty", lang))
        return
    render_table(
        frame,
        key=f"data.history.{name}",
        file_name=f"{city}_{name}_history.csv",
        lang=lang,
        missing="",
    )
    if editor is None:
        return
    st.subheader(t("data.history.revert", lang))
    options = revert_options(entries, lang, row_key)
    newest = next(iter(options))
    # Keyed by the newest entry: after any change the picker starts again at the newest.
    entry_id = st.selectbox(
        t("data.history.pick", lang),
        options=list(options),
        format_func=options.__getitem__,
        index=0,
        key=f"data.revert.pick.{city}.{name}.{newest}",
    )
    reason = st.text_input(t("data.reason", lang), key="data.revert.reason")
    if not st.button(t("data.history.revert_button", lang), key="data.revert.button"):
        return
    store = get_store()
    plan = plan_revert(store, int(entry_id))
    if not plan.ok:
        _show_problems(plan, lang)
        return
    try:
        commit(store, plan, who=editor.name, reason=reason or None)
    except ConflictError as err:
        _show_conflict(err, lang)
        return
    except SQLAlchemyError as err:
        report_write_error(err, lang)
        return
    _saved(city, name, t("data.history.reverted", lang, entry=entry_id))
