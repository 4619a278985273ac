"""Tables with their CSV download: every table a chart or card is built from can be taken away."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Literal

import pandas as pd
import streamlit as st

from safetynet.editing.exports import to_csv_bytes
from safetynet.formatting import table_for_display
from safetynet.i18n import t
from safetynet.sources import source_label

# Rows a table shows on the page; more cannot be read, and would only slow every rerun.
SHOWN_ROWS = 2_000


def render_table(
    frame: pd.DataFrame,
    *,
    key: str,
    file_name: str,
    lang: str,
    column_config: dict | None = None,
    height: int | Literal["auto", "content", "stretch"] = "auto",
    missing: str | None = None,
    rows: int | None = None,
    csv: Callable[[], bytes] | None = None,
) -> None:
    """Show ``frame`` and a button that downloads it as CSV.

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
    shown, formats = table_for_display(frame.head(SHOWN_ROWS), lang, missing)
    for source_col in {t("source", lang), "source"} & set(shown.columns):
        shown[source_col] = shown[source_col].map(lambda s: source_label(s, lang))
    config = {
        c: st.column_config.NumberColumn(format=f)
        if f
        else st.column_config.TextColumn(alignment="right")
        for c, f in formats.items()
    }
    config.update(column_config or {})
    st.dataframe(shown, hide_index=True, width="stretch", column_config=config, height=height)
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
