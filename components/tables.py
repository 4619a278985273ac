"""Tables with their CSV download: every table a chart or card is built from can be taken away."""

from __future__ import annotations

from functools import partial

import pandas as pd
import streamlit as st

from safetynet.editing.exports import to_csv_bytes
from safetynet.i18n import t

# Rows a table shows on the page; more cannot be read, and would only slow every rerun.
SHOWN_ROWS = 2_000


def render_table(
    frame: pd.DataFrame,
    *,
    key: str,
    file_name: str,
    lang: str,
    column_config: dict | None = None,
    height: int | str = "auto",
) -> None:
    """Show ``frame`` and a button that downloads it as CSV.

    A long table shows its first :data:`SHOWN_ROWS` rows and says so; the CSV,
    written when the button is clicked (not on every rerun), holds every row.
    """
    if len(frame) > SHOWN_ROWS:
        st.caption(t("data.rows_shown", lang, shown=f"{SHOWN_ROWS:,}", n=f"{len(frame):,}"))
    st.dataframe(
        frame.head(SHOWN_ROWS),
        hide_index=True,
        width="stretch",
        column_config=column_config,
        height=height,
    )
    st.download_button(
        t("download_csv", lang),
        # Built on click; a partial holds the frame only (a closure made on a page
        # would hold the whole run's namespace for as long as the session lives).
        data=partial(to_csv_bytes, frame),
        file_name=file_name,
        mime="text/csv",
        key=f"{key}.download",
        icon=":material/download:",
    )
