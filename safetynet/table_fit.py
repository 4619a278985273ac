"""Column widths that fit a table's text, for a grid that cuts what does not fit.

The dashboard's grid (Streamlit's st.dataframe) never wraps: a header or cell wider than
its column is cut on the screen. These widths are estimated from the text alone, in
"units" of a Latin character; a wide (CJK, full-width) character counts two. Pure Python:
the page turns the widths into its grid's column settings.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterable

import pandas as pd

# The grid's font is 14.875 px (17 px root × 0.875): a Chinese character is one em,
# a Latin letter or digit at most 0.55 em; one unit is taken a little wider than half an em.
UNIT_PX = 8.2
# 9 px of padding each side of the text, and room for the sort arrow a header may show.
PADDING_PX = 30
MIN_PX = 60
# Rows read to size a column: enough to meet the long values of any table shown.
SAMPLE_ROWS = 2_000


def text_units(text: str) -> int:
    """The width of ``text`` in units: 2 per wide (East Asian) character, 1 otherwise."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def width_px(texts: Iterable[str]) -> int:
    """Pixels a column needs to show the widest of ``texts`` without cutting it."""
    widest = max((text_units(t) for t in texts), default=0)
    return max(MIN_PX, math.ceil(widest * UNIT_PX + PADDING_PX))


def _shown(value: object, number_format: str | None) -> str:
    """A cell as the grid writes it: numbers with the table's thousands separators."""
    if number_format and isinstance(value, (int, float)) and math.isfinite(value):
        decimals = 0 if number_format == "%,d" else int(number_format.split(".")[1][0])
        return f"{value:,.{decimals}f}"
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return "" if value is None else str(value)


def column_widths(
    frame: pd.DataFrame, formats: dict[str, str | None] | None = None
) -> dict[str, int]:
    """Each column's width in pixels: its header or its widest cell, whichever is wider.

    ``formats`` are the printf number formats the grid shows (``"%,d"``, ``"%,.1f"``).
    """
    formats = formats or {}
    sample = frame.head(SAMPLE_ROWS)
    widths: dict[str, int] = {}
    for column in sample.columns:
        cells = (_shown(v, formats.get(str(column))) for v in sample[column].tolist())
        widths[str(column)] = width_px([str(column), *cells])
    return widths
