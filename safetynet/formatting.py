"""How numbers and years are written for the dashboard's readers.

Directors think in ROC years (民國109年 = 2020); English readers may prefer
Gregorian years. Numbers carry thousands separators; percentages keep the
one decimal the sources print.

Every function here is total: whatever a column may hold (``None``, NaN,
``pd.NA``, infinities, huge or negative numbers, numpy scalars, text) comes
out as text and nothing raises, so one odd value cannot take a page down.
Missing values read 「無資料」; infinities ``∞``; text that is not a number
is shown as it is.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import SupportsFloat

import pandas as pd

ROC_OFFSET = 1911
NO_DATA = {"zh": "無資料", "en": "no data"}
INFINITY = "∞"
# Beyond this a number is written in powers of ten: its digits mean nothing to a reader.
HUGE = 1e15


def is_missing(value: object) -> bool:
    """True for ``None``, NaN and ``pd.NA``: a value the sources do not give."""
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):  # a list or an array: not one missing value
        return False


def _number(value: object) -> float | None:
    """``value`` as a float, or ``None`` when it is not a number (text, a list, a date)."""
    if isinstance(value, bool):
        return None
    # a numpy scalar has a dtype and converts; a pandas Series has a dtype and does not
    if isinstance(value, int | float | Decimal) or (
        hasattr(value, "dtype") and isinstance(value, SupportsFloat)
    ):
        try:
            return float(value)
        except (TypeError, ValueError, OverflowError):
            if isinstance(value, int):  # beyond a float: an integer of hundreds of digits
                return math.inf if value > 0 else -math.inf
            return None
    return None


def _non_finite(number: float) -> str:
    return INFINITY if number > 0 else f"-{INFINITY}"


def _text(value: object, lang: str) -> str:
    """Something that is not a number, shown as it is."""
    text = str(value).strip()
    return text or NO_DATA[lang]


def _year(value: object) -> int | None:
    number = _number(value)
    if number is None:
        try:
            number = float(str(value).strip())
        except ValueError:
            return None
    if not math.isfinite(number) or abs(number) > 1e6:
        return None
    return int(number)


def to_roc(year: int) -> int:
    return int(year) - ROC_OFFSET


def format_year(
    year: int | None, style: str = "roc", lang: str = "zh", basis: str = "calendar"
) -> str:
    """A year as the reader expects it: ``109年`` / ``2020``; school years as ``109學年度``."""
    if is_missing(year):
        return NO_DATA[lang]
    number = _year(year)
    if number is None:
        return _text(year, lang)
    year = number
    if basis == "school":
        if style == "roc":
            return f"{to_roc(year)}學年度" if lang == "zh" else f"school year ROC {to_roc(year)}"
        return (
            f"{year}–{(year + 1) % 100:02d} 學年度"
            if lang == "zh"
            else f"school year {year}–{(year + 1) % 100:02d}"
        )
    if style == "roc":
        return f"{to_roc(year)}年" if lang == "zh" else f"ROC {to_roc(year)}"
    return f"{year}年" if lang == "zh" else str(year)


def format_year_range(start: int, end: int, style: str = "roc", lang: str = "zh") -> str:
    """``107–109年`` / ``2018–2020``."""
    first, last = _year(start), _year(end)
    if first is None or last is None or first == last:
        if first is None or last is None:
            return f"{format_year(start, style, lang)}–{format_year(end, style, lang)}"
        return format_year(start, style, lang)
    start, end = first, last
    if style == "roc":
        span = f"{to_roc(start)}–{to_roc(end)}"
        return f"{span}年" if lang == "zh" else f"ROC {span}"
    return f"{start}–{end}年" if lang == "zh" else f"{start}–{end}"


def format_number(value: float | int | None, decimals: int | None = None, lang: str = "zh") -> str:
    """``10,452``; a float keeps up to ``decimals`` places (default: as few as needed, max 2)."""
    if is_missing(value):
        return NO_DATA[lang]
    number = _number(value)
    if number is None:
        return _text(value, lang)
    if math.isnan(number):
        return NO_DATA[lang]
    if math.isinf(number):
        return _non_finite(number)
    if abs(number) >= HUGE:
        return f"{number:.3g}"
    if decimals is None:
        shown = f"{number:.2f}".rstrip("0").rstrip(".")
        decimals = len(shown.partition(".")[2])
    return f"{number:,.{max(0, min(decimals, 10))}f}"


def format_pct(value: float | None, decimals: int = 1, lang: str = "zh") -> str:
    """``96.2%``."""
    if is_missing(value):
        return NO_DATA[lang]
    number = _number(value)
    if number is None:
        return _text(value, lang)
    return f"{format_number(number, decimals, lang)}%"


def format_value(value: float | None, unit: str | None, lang: str = "zh") -> str:
    """A figure with its unit: ``10,452 戶``, ``43%``, ``4.96 次/人``."""
    if is_missing(value):
        return NO_DATA[lang]
    if unit in PERCENT_UNITS:
        number = _number(value)
        if number is None or not math.isfinite(number):
            return format_pct(value, lang=lang)
        shown = f"{number:g}"
        places = 0 if "e" in shown else len(shown.partition(".")[2])
        return format_pct(number, places, lang)
    text = format_number(value, lang=lang)
    return f"{text} {unit}" if unit else text


PERCENT_UNITS = ("%", "％", "percent")


def format_kpi(value: float | None, unit: str | None, lang: str = "zh") -> tuple[str, str | None]:
    """A card's big figure and the unit for its label: ``("10,452", "戶")``, ``("96.2%", None)``.

    Units other than percent move to the label so the figure stays whole on a narrow card.
    """
    if unit in PERCENT_UNITS:
        return format_value(value, unit, lang), None
    return format_number(value, lang=lang), unit or None


def with_unit(label: str, unit: str | None, lang: str = "zh") -> str:
    """``脆弱家庭服務戶數（戶）`` / ``Households served (households)``; also for a period."""
    if not unit:
        return label
    return f"{label}（{unit}）" if lang == "zh" else f"{label} ({unit})"


def format_signed_pct(value: float | None, decimals: int = 1, lang: str = "zh") -> str:
    """A change in percent with its sign: ``+20.0%``, ``-3.5%``; unknown → 無資料."""
    if is_missing(value):
        return NO_DATA[lang]
    return f"{_signed(value, decimals, lang)}%"


def format_pp(value: float | None, lang: str = "zh", decimals: int = 1) -> str:
    """A change in percentage points: ``+2.0 個百分點`` / ``+2.0 pp``; unknown → 無資料."""
    if is_missing(value):
        return NO_DATA[lang]
    unit = "個百分點" if lang == "zh" else "pp"
    return f"{_signed(value, decimals, lang)} {unit}"


def _signed(value: object, decimals: int, lang: str) -> str:
    """A number with its sign (``+2.0``, ``-3.5``, ``+∞``); text as it is."""
    number = _number(value)
    if number is None:
        return _text(value, lang)
    text = format_number(number, decimals, lang)
    return text if text.startswith("-") or text == NO_DATA[lang] else f"+{text}"


# Columns whose whole numbers are not quantities: codes and entry numbers keep their digits,
# and so do years (a column named for years whose values are all years: 2020, not 2,020).
_CODE_WORDS = ("code", "代碼", "id", "編號", "entry")
_YEAR_WORDS = ("year", "年")


def _is_quantity_column(name: object, values: pd.Series) -> bool:
    text = str(name).lower()
    if any(word in text for word in _CODE_WORDS):
        return False
    if any(word in text for word in _YEAR_WORDS):
        present = values.dropna()
        return not (len(present) and present.between(1000, 2200).all())
    return True


def _decimals_needed(values: pd.Series, most: int = 2) -> int:
    """The fewest decimals (up to ``most``) that show every value of ``values`` as it is."""
    needed = 0
    for value in values:
        shown = f"{float(value):.{most}f}".rstrip("0").rstrip(".")
        needed = max(needed, len(shown.partition(".")[2]))
    return needed


def table_for_display(
    frame: pd.DataFrame, lang: str = "zh", missing: str | None = None
) -> tuple[pd.DataFrame, dict[str, str | None]]:
    """A table ready to show: no 「None」/「nan」 cells, quantities in one number style.

    Returns the table and, per number column, a printf format with thousands
    separators (``"%,d"``, ``"%,.1f"``) for the grid, so 1,006 reads the same in a
    table as on a card. A number column with missing cells becomes text written
    by :func:`format_number` (its format is ``None``: text to align right); a
    missing cell reads ``missing`` (「無資料」 by default, ``""`` where an empty
    cell means nothing to show, e.g. a zero in a matrix).
    Years, codes and entry numbers keep their digits unseparated.
    """
    placeholder = NO_DATA[lang] if missing is None else missing
    shown = frame.copy()
    formats: dict[str, str | None] = {}
    for column in shown.columns:
        values = shown[column]
        is_number = pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values)
        gaps = values.isna()
        if is_number and _is_quantity_column(column, values):
            present = values[~gaps].astype(float)
            finite = present[present.map(math.isfinite)]
            decimals = _decimals_needed(finite) if len(finite) else 0
            if gaps.any() or len(finite) < len(present):
                formats[str(column)] = None  # numbers written as text: still aligned right
                shown[column] = [
                    placeholder if gap else format_number(value, decimals, lang)
                    for gap, value in zip(gaps, values, strict=True)
                ]
            else:
                formats[str(column)] = "%,d" if decimals == 0 else f"%,.{decimals}f"
        elif gaps.any():
            shown[column] = [
                placeholder if gap else _plain(value) if is_number else value
                for gap, value in zip(gaps, values, strict=True)
            ]
    return shown, formats


def _plain(value: object) -> str:
    """A year or a code as its digits: ``2020``, not ``2020.0`` or ``2,020``."""
    number = _number(value)
    if number is not None and math.isfinite(number) and number.is_integer():
        return str(int(number))
    return str(value)


LOCAL_TIMEZONE = "Asia/Taipei"


def format_local_time(stamp: object, lang: str = "zh", zone: str = LOCAL_TIMEZONE) -> str:
    """A stored UTC ISO time as the reader's clock shows it: ``2026-12-01 14:05``.

    The store writes UTC (``2026-12-01T06:05:09+00:00``); the bureau reads Taipei
    time. A time without zone is taken as UTC; text that is not a time stays as it is.
    """
    if is_missing(stamp):
        return NO_DATA[lang]
    try:
        moment = pd.Timestamp(str(stamp).strip())
    except (ValueError, TypeError, OverflowError):
        return _text(stamp, lang)
    if moment is pd.NaT:
        return NO_DATA[lang]
    if moment.tzinfo is None:
        moment = moment.tz_localize("UTC")
    return moment.tz_convert(zone).strftime("%Y-%m-%d %H:%M")


# A note's mark in a table: ① … ⑳, ㉑ … ㊿, then the number in brackets.
_CIRCLED = (
    [chr(c) for c in range(0x2460, 0x2474)]
    + [chr(c) for c in range(0x3251, 0x3260)]
    + [chr(c) for c in range(0x32B1, 0x32C0)]
)


def note_mark(number: int) -> str:
    """The mark of note ``number`` (from 1): 「①」, or 「(51)」 past the circled numbers."""
    return _CIRCLED[number - 1] if 1 <= number <= len(_CIRCLED) else f"({number})"


@dataclass(frozen=True)
class MarkedGrid:
    """A table as a page's grid shows it, one line a row: a column of marks (「① ③」) in
    place of long notes or sources, and ``notes`` the text of each mark, in order (listed
    under the grid; the CSV keeps the whole table)."""

    table: pd.DataFrame
    notes: tuple[str, ...]
    # a short header's full name, shown as its tooltip (a text column's)
    headers: Mapping[str, str] = field(default_factory=dict)


def marked_notes(rows: Iterable[Iterable[str]]) -> tuple[list[str], tuple[str, ...]]:
    """Each row's notes as marks (「① ③」), and the notes in the order of their marks.

    A long note would make every row of a grid as tall as itself: the grid shows the
    marks, the notes are listed below it. The same note on many rows is one mark;
    an empty note has none.
    """
    numbers: dict[str, int] = {}
    marks = []
    for parts in rows:
        shown = [p for p in dict.fromkeys(parts) if p]
        for note in shown:
            numbers.setdefault(note, len(numbers) + 1)
        marks.append(" ".join(note_mark(numbers[note]) for note in shown))
    return marks, tuple(numbers)


def marked_columns(
    frame: pd.DataFrame, texts: Mapping[str, Iterable[str]], headers: Mapping[str, str]
) -> MarkedGrid:
    """``frame`` with each column of ``texts`` (a source, a note: long text) as marks
    (「①」), one numbering for all of them, row by row; the columns and their names stay.

    ``texts`` holds each marked column's texts as listed under the grid (a source as its
    source line, 「來源：…」), in ``frame``'s row order, ``""`` where a row has none;
    ``headers`` the tooltip of each marked column.
    """
    columns = list(texts)
    rows = [[[text] for text in row] for row in zip(*texts.values(), strict=True)]
    marks, notes = marked_notes(cell for row in rows for cell in row)
    table = frame.copy()
    for i, column in enumerate(columns):
        table[column] = marks[i :: len(columns)]
    return MarkedGrid(table, notes, dict(headers))
