"""Tables with their CSV download: every table a chart or card is built from can be taken away.

Every grid on a page is shown by :func:`show_dataframe`: each column as wide as its
header and its widest cell (:mod:`safetynet.table_fit`), a long text column wrapped on a
few lines in taller rows, so the grid never cuts a header, a number or a word.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import partial
from typing import Any, Literal

import pandas as pd
import streamlit as st

from safetynet.editing.exports import to_csv_bytes
from safetynet.formatting import MarkedGrid, format_number, note_mark, table_for_display
from safetynet.i18n import t
from safetynet.sources import source_label
from safetynet.table_fit import BUDGET_PX, MAX_BUDGET_LINES, TableFit, fit_table, width_px
from safetynet.text_safety import escape_markdown

# Rows a table shows on the page; more cannot be read, and would only slow every rerun.
SHOWN_ROWS = 2_000


Height = int | Literal["auto", "content", "stretch"]


@contextmanager
def expander_when_open(label: str, *, key: str, icon: str | None = None) -> Iterator[bool]:
    """An expander whose content is built only while it is open: ``with
    expander_when_open(...) as is_open: if is_open: ...``.

    The tables a chart is built from sit closed under the chart; built and sent on every
    rerun they were a fifth of the staffing page's CPU per run (issue 19). Opening or
    closing it reruns the page (its state is ``st.session_state[key]``)."""
    box = st.expander(label, key=key, icon=icon, on_change="rerun")
    with box:
        yield bool(box.open)


def render_table_when_open(
    label: str,
    build: Callable[[], pd.DataFrame],
    *,
    open_key: str,
    key: str,
    file_name: str,
    lang: str,
) -> None:
    """A chart's data table with its CSV download in an :func:`expander_when_open`:
    ``build()`` runs only while the expander is open."""
    with expander_when_open(label, key=open_key) as is_open:
        if is_open:
            render_table(build(), key=key, file_name=file_name, lang=lang)


# Fits kept, by the shown rows' content: a rerun shows the same tables, and measuring
# every cell's text (up to SHOWN_ROWS rows) took most of a warm rerun of a long table.
FIT_CACHE_ENTRIES = 256
# ... but only of a long table: hashing a frame for the cache key costs more than fitting
# one of a few hundred rows (2026-12-02: 20 rows fit 1.6 ms, hashed 5.1 ms; 300 rows
# 8.5 / 7.7 ms; 2,000 rows 53 / 20 ms).
FIT_CACHE_MIN_ROWS = 500


@st.cache_resource(max_entries=FIT_CACHE_ENTRIES, show_spinner=False)
def _fit(
    frame: pd.DataFrame,
    formats: tuple[tuple[str, str | None], ...],
    budget_px: int,
    max_lines: int,
) -> TableFit:
    """:func:`fit_table` of ``frame``, once per content and settings (shared: only read it)."""
    return fit_table(frame, dict(formats), budget_px=budget_px, max_lines=max_lines)


def fitted_column_config(
    frame: pd.DataFrame,
    column_config: Mapping[str, Any] | None = None,
    formats: dict[str, str | None] | None = None,
    max_lines: int = MAX_BUDGET_LINES,
) -> tuple[dict[str, Any], int | None]:
    """``column_config`` with a width for every column that fits its text, and the row
    height a wrapping column needs (``None``: the grid's own).

    A width the caller gives is kept (an image column) and its column not measured; a
    column renamed by its ``label`` is measured with the label as its header.
    """
    given: dict[str, Any] = {}
    for name, own in (column_config or {}).items():
        given[str(name)] = {"label": own} if isinstance(own, str) else own
    if formats is None:  # numbers as the caller's number columns show them
        formats = {
            name: "%,d" if own["type_config"].get("format") == "localized" else None
            for name, own in given.items()
            if own
            and isinstance(own.get("type_config"), Mapping)
            and own["type_config"].get("type") == "number"
        }
    labels = {name: own["label"] for name, own in given.items() if own and own.get("label")}
    # columns the caller hides (None) or sizes itself are not measured
    unsized = {name for name, own in given.items() if own is not None and own.get("width") is None}
    measured = [c for c in frame.columns if str(c) not in given or str(c) in unsized]
    # the columns the caller sizes (a picture) take their part of the page's width first
    sized = sum(own["width"] for own in given.values() if own and isinstance(own.get("width"), int))
    measure = frame[measured].rename(columns=labels)
    measured_formats = tuple((labels.get(k, k), f) for k, f in formats.items())
    budget = max(BUDGET_PX - sized, 0)
    fit = (
        _fit(measure, measured_formats, budget, max_lines)
        if len(measure) >= FIT_CACHE_MIN_ROWS
        else fit_table(measure, dict(measured_formats), budget_px=budget, max_lines=max_lines)
    )
    config: dict[str, Any] = dict(given)
    for name, own in given.items():  # a caller's width in pixels still fits the header
        if own is not None and isinstance(own.get("width"), int):
            header = str(own.get("label") or name)
            config[name] = {**own, "width": max(own["width"], width_px([header]))}
    for column in measured:
        name = str(column)
        config[name] = {**given.get(name, {}), "width": fit.widths[str(labels.get(name, name))]}
    return config, fit.row_height


def show_dataframe(
    frame: pd.DataFrame,
    *,
    column_config: Mapping[str, Any] | None = None,
    formats: dict[str, str | None] | None = None,
    height: Height = "auto",
    max_lines: int = MAX_BUDGET_LINES,
    min_row_height: int | None = None,
    **kwargs: Any,
) -> None:
    """``st.dataframe`` with columns that fit their text (see :func:`fitted_column_config`);
    ``formats`` are the number formats the grid shows, to measure numbers as shown.
    With ``column_order`` only those columns are sent to the browser (a hidden code
    column is not data a user can find in the grid). ``max_lines``: how many lines a
    row may take for the table to fit a laptop's page (see :func:`fit_table`);
    ``min_row_height``: rows at least this tall (px), for a picture in a cell."""
    order = kwargs.pop("column_order", None)
    if order is not None:  # only the columns shown are sent, and measured
        frame = frame[[c for c in order if c in frame.columns]]
    config, row_height = fitted_column_config(frame, column_config, formats, max_lines)
    if min_row_height is not None:
        row_height = max(row_height or 0, min_row_height)
    st.dataframe(
        frame,
        hide_index=True,
        width="stretch",
        column_config=config,
        height=height,
        row_height=row_height,
        **kwargs,
    )


def show_table(
    frame: pd.DataFrame,
    *,
    lang: str,
    column_config: dict | None = None,
    height: Height = "auto",
    missing: str | None = None,
) -> None:
    """``frame`` as users read it, without a download: no 「None」, numbers with
    separators, sources named by document (see :func:`render_table`)."""
    shown, formats = _shown(frame, lang, missing)
    config = {
        c: st.column_config.NumberColumn(format=f)
        if f
        else st.column_config.TextColumn(alignment="right")
        for c, f in formats.items()
    }
    for column, own in (column_config or {}).items():
        # settings without a column type (a tooltip: {"help": …}) add to the column's own
        typed = own is None or "type_config" in own
        config[column] = own if typed else {**config.get(column, {}), **own}
    show_dataframe(shown, column_config=config, formats=formats, height=height)


def show_notes(
    notes: Sequence[str], heading: str | None = None, numbers: Sequence[int] | None = None
) -> None:
    """The notes a grid marks 「①」「②」, listed below it in full (under ``heading``):
    ``notes`` in mark order, numbered from 1 (or by ``numbers``, when a grid shows only
    some of a longer list)."""
    if not notes:
        return
    numbers = list(numbers) if numbers is not None else list(range(1, len(notes) + 1))
    if heading:
        st.markdown(f"**{escape_markdown(heading)}**")
    st.markdown(
        "  \n".join(
            f"{note_mark(n)} {escape_markdown(note)}"
            for n, note in zip(numbers, notes, strict=True)
        )
    )


def _shown(
    frame: pd.DataFrame, lang: str, missing: str | None
) -> tuple[pd.DataFrame, dict[str, str | None]]:
    """``frame``'s first rows as shown, sources named by document, and its number formats."""
    shown, formats = table_for_display(frame.head(SHOWN_ROWS), lang, missing)
    for source_col in {t("source", lang), "source"} & set(shown.columns):
        shown[source_col] = shown[source_col].map(lambda s: source_label(s, lang))
    return shown, formats


def show_text_table(frame: pd.DataFrame, *, lang: str, missing: str | None = None) -> None:
    """A short table of prose (a document's name in a source column) as an HTML table:
    the browser wraps its Chinese lines by the 禁則 rule (no line starts with 「，」),
    which the grid (st.dataframe) cannot, for it breaks a line wherever it is full and
    shows a line break it is given as a space. Numbers read as on the cards."""
    shown, formats = _shown(frame, lang, missing)
    for column, number_format in formats.items():
        if number_format:
            shown[column] = shown[column].map(lambda v: format_number(v, lang=lang))
    st.table(shown, hide_index=True)


def render_table(
    frame: pd.DataFrame,
    *,
    key: str,
    file_name: str,
    lang: str,
    column_config: dict | None = None,
    height: Height = "auto",
    missing: str | None = None,
    rows: int | None = None,
    csv: Callable[[], bytes] | None = None,
    text: bool = False,
) -> None:
    """Show ``frame`` and a button that downloads it as CSV (``text``: a short table of
    prose, as :func:`show_text_table`).

    A long table shows its first :data:`SHOWN_ROWS` rows and says so; the CSV,
    written when the button is clicked (not on every rerun), holds every row.
    On the page a missing value reads ``missing`` (「無資料」 unless the caller says
    what an empty cell means, e.g. ``""``), never 「None」; quantities carry
    thousands separators as on the cards; a source column (「資料來源」, "Source",
    or ``source`` in a stored table) names the document, not the seed file. The
    CSV keeps the values as they are, file names included, so a figure can be traced.
    A page that holds only the first rows of a long table passes them with the
    table's length (``rows``) and ``csv``, which builds the whole table's CSV on click.
    """
    rows = len(frame) if rows is None else rows
    if rows > SHOWN_ROWS:
        st.caption(t("data.rows_shown", lang, shown=f"{SHOWN_ROWS:,}", n=f"{rows:,}"))
    if text:
        show_text_table(frame, lang=lang, missing=missing)
    else:
        show_table(frame, lang=lang, column_config=column_config, height=height, missing=missing)
    st.download_button(
        t("download_csv", lang),
        # Built on click; a partial holds the frame only (a closure made on a page
        # would hold the whole run's namespace for as long as the session lives).
        data=csv or partial(to_csv_bytes, frame),
        file_name=file_name,
        mime="text/csv",
        key=f"{key}.download",
        icon=":material/download:",
    )


def render_marked_grid(
    grid: MarkedGrid,
    whole: pd.DataFrame,
    *,
    key: str,
    file_name: str,
    lang: str,
    heading: str | None = None,
    missing: str | None = None,
    rows: int | None = None,
) -> None:
    """A table one line a row, its long notes and sources marked (「①」) and listed under
    it (:class:`~safetynet.formatting.MarkedGrid`); the CSV holds ``whole``, every note and
    source in full. ``rows``: the whole table's length, when the grid holds its first rows."""
    render_table(
        grid.table,
        key=key,
        file_name=file_name,
        lang=lang,
        column_config={
            short: st.column_config.TextColumn(help=full) for short, full in grid.headers.items()
        },
        missing=missing,
        rows=rows,
        csv=partial(to_csv_bytes, whole),
    )
    show_notes(grid.notes, heading)
