"""Tables on slides: how many rows a slide holds, how wide a cell is, and a long table
split into slides of rows that fit (the screen, the PowerPoint and the PDF share these)."""

from __future__ import annotations

import numbers
from collections.abc import Sequence

import pandas as pd

from safetynet.briefing.deck import TableSlide
from safetynet.formatting import (
    format_number,
    is_missing,
)
from safetynet.i18n import t

NOT_LISTED = "—"  # a table cell the source does not list
# Rows a table slide holds at most: more cannot be read from the back of a room.
TABLE_ROWS_PER_SLIDE = 8
# Slides one table takes at most; the rest of a longer table is in the pages' CSV downloads.
MAX_TABLE_SLIDES = 4


def split_table(
    title: str,
    source: str | Sequence[str],
    frame: pd.DataFrame,
    caption: str = "",
    per_slide: int = TABLE_ROWS_PER_SLIDE,
    max_slides: int = MAX_TABLE_SLIDES,
    lang: str = "zh",
) -> tuple[TableSlide, ...]:
    """``frame`` as table slides of at most ``per_slide`` rows; titles say ``(1/3)`` when split.

    ``source`` is one source line for every slide, or one per row of ``frame``
    (each slide then names the sources of its own rows). A table longer than
    ``max_slides`` slides shows its first rows, and the caption says how many of how
    many and where the rest is.
    """
    limit = per_slide * max_slides
    if len(frame) > limit:
        more = t("briefing.table_capped", lang, shown=limit, n=format_number(len(frame)))
        caption = f"{caption} {more}".strip()
        frame = frame.iloc[:limit]
        if not isinstance(source, str):
            source = list(source)[:limit]
    columns = tuple(str(c) for c in frame.columns)
    cells = [tuple(_cell(v) for v in row) for row in frame.itertuples(index=False, name=None)]
    chunks = _chunk_rows(columns, cells, per_slide)
    n = len(chunks)
    slides = []
    for i, chunk in enumerate(chunks):
        if isinstance(source, str):
            line = source
        else:
            line = " ; ".join(dict.fromkeys(s for s in source[chunk] if s))
        slides.append(
            TableSlide(
                title if n == 1 else t("briefing.part", lang, title=title, n=i + 1, total=n),
                line,
                columns,
                tuple(cells[chunk]),
                caption,
            )
        )
    return tuple(slides)


# A table slide's width in em of its type (a full-width slide table at the type size the
# screen, the PowerPoint and the PDF use), and the lines of type its rows may take.
TABLE_WIDTH_EM = 60
TABLE_LINES_PER_SLIDE = 11.2  # eight one-line rows with their padding
# A column whose every cell is at most this wide never wraps (無資料, 達成, 1,234, 110年).
SHORT_CELL_EM = 8.0


def text_em(text: str) -> float:
    """The width of ``text`` in em: a CJK character is one, a Latin letter or digit about half."""
    return sum(1.0 if ord(ch) > 0x2E7F else 0.55 for ch in text)


def short_columns(columns: Sequence[str], rows: Sequence[Sequence[str]]) -> tuple[bool, ...]:
    """For each column, whether all its cells are short enough never to wrap.

    Such a column is set on one line wherever the table is drawn, so that a word like
    「無資料」 is never split across two lines; the long ones share what width is left.
    """
    return tuple(
        all(text_em(str(row[i])) <= SHORT_CELL_EM for row in rows) for i in range(len(columns))
    )


def row_lines(columns: Sequence[str], rows: Sequence[Sequence[str]]) -> list[int]:
    """Lines each row takes in a :data:`TABLE_WIDTH_EM`-wide table: short columns at their
    width on one line, long ones sharing the rest in proportion to their longest cell."""
    if not rows:
        return []
    short = short_columns(columns, rows)
    natural = [
        max([text_em(str(c)) for c in (columns[i], *(r[i] for r in rows))]) + 1.0
        for i in range(len(columns))
    ]
    if sum(natural) <= TABLE_WIDTH_EM:
        return [1] * len(rows)
    fixed = sum(w for w, s in zip(natural, short, strict=True) if s)
    room = max(TABLE_WIDTH_EM - fixed, TABLE_WIDTH_EM * 0.3)
    long_total = sum(w for w, s in zip(natural, short, strict=True) if not s) or 1.0
    widths = [
        w if s else max(room * w / long_total - 1.0, 4.0)
        for w, s in zip(natural, short, strict=True)
    ]
    return [
        max(
            1 if short[i] else -(-int(text_em(str(cell)) * 100) // int(widths[i] * 100))
            for i, cell in enumerate(row)
        )
        for row in rows
    ]


def _chunk_rows(
    columns: Sequence[str], rows: Sequence[Sequence[str]], per_slide: int
) -> list[slice]:
    """Consecutive rows per slide: at most ``per_slide``, and fewer where long cells wrap,
    so that a slide's rows never take more than :data:`TABLE_LINES_PER_SLIDE` lines."""
    if not rows:
        return [slice(0, 0)]
    chunks: list[slice] = []
    start, used = 0, 0.0
    for i, lines in enumerate(row_lines(columns, rows)):
        cost = lines + 0.4  # a row's padding
        if i > start and (i - start >= per_slide or used + cost > TABLE_LINES_PER_SLIDE + 1e-9):
            chunks.append(slice(start, i))
            start, used = i, 0.0
        used += cost
    chunks.append(slice(start, len(rows)))
    return chunks


def _cell(value: object) -> str:
    """A table cell as text: numbers with thousands separators, nothing given as ``—``."""
    if is_missing(value):
        return NOT_LISTED
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        return format_number(value)
    return str(value)
