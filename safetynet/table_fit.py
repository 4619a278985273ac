"""Column widths that fit a table's text, for a grid that cuts what does not fit.

The dashboard's grid (Streamlit's st.dataframe) cuts a header or cell wider than its
column. These widths are estimated from the text alone, in "units" of a Latin character;
a wide (CJK, full-width) character counts two. A column of long text (a note) does not
get the width of its longest cell: it gets :data:`WRAP_PX` and the table's rows grow
tall enough for the text to wrap on a few lines (the grid wraps text only in rows taller
than 4 rem), breaking between words as the grid does. Pure Python: the page turns the
widths and the row height into its grid's settings.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

# The grid's font is 14.875 px (17 px root × 0.875): a Chinese character is one em,
# a Latin letter or digit at most 0.55 em; one unit is taken a little wider than half an em.
UNIT_PX = 8.2
# 9 px of padding each side of the text, and room for the sort arrow a header may show.
PADDING_PX = 30
MIN_PX = 60
# Rows read to size a column: enough to meet the long values of any table shown.
SAMPLE_ROWS = 2_000
# A column of text needing more than this wraps instead: a note of 150 characters would
# otherwise push the table's other columns off a laptop screen.
WRAP_PX = 420
# The main column at 1366×768 with the sidebar open (about 880 px): a wider table wraps
# its text columns narrower, in these steps, before anything goes off to the side.
BUDGET_PX = 860
NARROWER_WRAPS_PX = (360, 300, 250, 200, 160, 120)
MIN_WRAP_PX = NARROWER_WRAPS_PX[-1]
# ... but not past this many lines a row (every row of a grid is as tall as its tallest):
# a table with a long note keeps its width and scrolls sideways instead.
MAX_BUDGET_LINES = 5
# A unit when counting wrapped lines: a Latin character of the grid's 14.875 px font is
# 7.4 px on average, a Chinese one 14.875 px (two units).
WRAP_UNIT_PX = 7.6
# The grid's padding left and right of a cell's text (no sort arrow inside a cell).
CELL_PADDING_PX = 18
# Wrapped text: the first line's glyphs, each further line at the grid's 1.4 line height,
# and the cell's padding above and below, rounded up from the grid's theme.
FIRST_LINE_PX = 18
LINE_PX = 22
ROW_PADDING_PX = 12
# The grid wraps text only when a row is taller than 4 rem (68 px at the 17 px root).
MIN_WRAP_ROW_PX = 70


# A table's cells repeat from one page run to the next (and from one session to another):
# a cell's units and wrapped lines are counted once, a character at a time, then looked up.
MEASURED_TEXTS = 65_536


@functools.lru_cache(maxsize=MEASURED_TEXTS)
def text_units(text: str) -> int:
    """The width of ``text`` in units: 2 per wide (East Asian) character, 1 otherwise."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def width_px(texts: Iterable[str]) -> int:
    """Pixels a column needs to show the widest of ``texts`` without cutting it."""
    widest = max((text_units(t) for t in texts), default=0)
    return max(MIN_PX, math.ceil(widest * UNIT_PX + PADDING_PX))


@functools.lru_cache(maxsize=MEASURED_TEXTS)
def wrapped_lines(text: str, width: int) -> int:
    """Lines ``text`` takes in a cell ``width`` px wide, broken as the grid breaks it.

    The grid fills a line with as many characters as fit, then steps back to the last
    space on that line (so a Latin word, or the Chinese run after a space, moves down
    whole); a line with no space breaks where it is full, which between two Chinese
    characters is where Chinese text breaks anyway.
    """
    # Counted closer to the font than a column's width (a line short by a few pixels only
    # moves a word down; the browser test checks the real lines fit the row).
    room = max(1.0, (width - CELL_PADDING_PX) / WRAP_UNIT_PX)
    lines = 0
    for paragraph in text.split("\n"):
        rest = paragraph.strip()
        lines += 1
        while text_units(rest) > room:
            fit, used = 0, 0
            for ch in rest:
                used += text_units(ch)
                if used > room:
                    break
                fit += 1
            fit = max(fit, 1)
            if rest[fit] != " ":
                space = rest.rfind(" ", 0, fit + 1)
                if space > 0:
                    fit = space
            rest = rest[fit:].strip()
            lines += 1
    return lines


def longest_word_px(text: str) -> int:
    """Pixels the longest Latin word (or number) of ``text`` needs on one line of a cell."""
    words = [w for w in text.split() if not any(text_units(ch) == 2 for ch in w)]
    return math.ceil(max((text_units(w) for w in words), default=0) * UNIT_PX) + CELL_PADDING_PX


def row_height_px(lines: int) -> int:
    """A row tall enough for ``lines`` lines of wrapped text (and tall enough to wrap)."""
    return max(MIN_WRAP_ROW_PX, FIRST_LINE_PX + LINE_PX * (lines - 1) + ROW_PADDING_PX)


@dataclass(frozen=True)
class TableFit:
    """Each column's width in pixels, and the rows' height when a column wraps
    (``None``: one line per row, the grid's own height)."""

    widths: dict[str, int]
    row_height: int | None
    wrapped: tuple[str, ...]


def fit_table(
    frame: pd.DataFrame,
    formats: dict[str, str | None] | None = None,
    wrap_px: int = WRAP_PX,
    budget_px: int | None = BUDGET_PX,
    max_lines: int = MAX_BUDGET_LINES,
) -> TableFit:
    """Widths for ``frame``'s columns; a column wider than ``wrap_px`` wraps.

    A wrapping column is ``wrap_px`` wide (or as wide as its header, or its longest
    word, so no word is broken); the row height fits its longest cell's lines.
    A table wider than ``budget_px`` wraps its text columns narrower (down to
    :data:`MIN_WRAP_PX`) until it fits, so its last columns (a scorecard's status)
    are not off to the side of a laptop's screen, as long as its rows need no more
    than ``max_lines`` lines (or the lines they need anyway) and the wrapping text is
    not Chinese with a number or Latin word in it.
    """
    # each cell as shown, read once: the narrower fits below measure the same text
    formats = formats or {}
    sample = frame.head(SAMPLE_ROWS)
    cells = {
        str(column): [_shown(v, formats.get(str(column))) for v in sample[column].tolist()]
        for column in sample.columns
    }
    fit = _fit(cells, formats, wrap_px)
    breakable = any(_breakable_text(cells[name]) for name in fit.wrapped)
    if budget_px is None or breakable:
        # Chinese text wraps between any two characters, numbers too (「11 / 0年」): it
        # keeps the width where the grid breaks it well; it is compact anyway
        return fit
    tallest = max(fit.row_height or 0, row_height_px(max_lines))
    for narrower in (w for w in NARROWER_WRAPS_PX if w < wrap_px):
        if sum(fit.widths.values()) <= budget_px:
            break
        closer = _fit(cells, formats, narrower)
        if (closer.row_height or 0) > tallest:  # every row that tall: fewer rows in view
            break
        fit = closer
    return fit


def _fit(cells: dict[str, list[str]], formats: dict[str, str | None], wrap_px: int) -> TableFit:
    """Widths for columns of ``cells`` (each column's cells as shown, by header)."""
    widths: dict[str, int] = {}
    wrapped: list[str] = []
    lines = 1
    for name, column_cells in cells.items():
        need = width_px([name, *column_cells])
        if need <= wrap_px or formats.get(name):
            widths[name] = need
            continue
        width = max(
            wrap_px, width_px([name]), max((longest_word_px(c) for c in column_cells), default=0)
        )
        if width >= need:  # its header or a word is as wide: wrapping gains nothing
            widths[name] = need
            continue
        widths[name] = width
        wrapped.append(name)
        lines = max(lines, max((wrapped_lines(c, width) for c in column_cells), default=1))
    return TableFit(widths, row_height_px(lines) if wrapped else None, tuple(wrapped))


# A number or Latin word of two characters or more, which the grid may break in Chinese text.
_LATIN_RUN = re.compile(r"[A-Za-z0-9][A-Za-z0-9.,%]+")


def _breakable_text(cells: list[str]) -> bool:
    """Whether a column holds Chinese text with a number or Latin word in it: the grid
    breaks Chinese text between any two characters, and so such a number (「11 / 0年」)."""
    return any(text_units(text) != len(text) and _LATIN_RUN.search(text) for text in cells)


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
