"""How numbers and years are written for the dashboard's readers.

Directors think in ROC years (民國109年 = 2020); English readers may prefer
Gregorian years. Numbers carry thousands separators; percentages keep the
one decimal the sources print.
"""

from __future__ import annotations

import pandas as pd

ROC_OFFSET = 1911
NO_DATA = {"zh": "無資料", "en": "no data"}


def is_missing(value: object) -> bool:
    """True for ``None``, NaN and ``pd.NA``: a value the sources do not give."""
    return value is None or bool(pd.isna(value))


def to_roc(year: int) -> int:
    return int(year) - ROC_OFFSET


def format_year(
    year: int | None, style: str = "roc", lang: str = "zh", basis: str = "calendar"
) -> str:
    """A year as the reader expects it: ``109年`` / ``2020``; school years as ``109學年度``."""
    if is_missing(year):
        return NO_DATA[lang]
    year = int(year)  # type: ignore[arg-type]
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
    if start == end:
        return format_year(start, style, lang)
    if style == "roc":
        span = f"{to_roc(start)}–{to_roc(end)}"
        return f"{span}年" if lang == "zh" else f"ROC {span}"
    return f"{start}–{end}年" if lang == "zh" else f"{start}–{end}"


def format_number(value: float | int | None, decimals: int | None = None, lang: str = "zh") -> str:
    """``10,452``; a float keeps up to ``decimals`` places (default: as few as needed, max 2)."""
    if is_missing(value):
        return NO_DATA[lang]
    number = float(value)  # type: ignore[arg-type]
    if decimals is None:
        decimals = (
            0 if number.is_integer() else min(2, len(f"{number:.2f}".rstrip("0").split(".")[1]))
        )
    return f"{number:,.{decimals}f}"


def format_pct(value: float | None, decimals: int = 1, lang: str = "zh") -> str:
    """``96.2%``."""
    if is_missing(value):
        return NO_DATA[lang]
    return f"{float(value):,.{decimals}f}%"  # type: ignore[arg-type]


def format_value(value: float | None, unit: str | None, lang: str = "zh") -> str:
    """A figure with its unit: ``10,452 戶``, ``43%``, ``4.96 次/人``."""
    if is_missing(value):
        return NO_DATA[lang]
    if unit in PERCENT_UNITS:
        number = float(value)  # type: ignore[arg-type]
        return format_pct(number, 0 if number.is_integer() else len(f"{number:g}".split(".")[1]))
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
    return f"{float(value):+,.{decimals}f}%"  # type: ignore[arg-type]


def format_pp(value: float | None, lang: str = "zh", decimals: int = 1) -> str:
    """A change in percentage points: ``+2.0 個百分點`` / ``+2.0 pp``; unknown → 無資料."""
    if is_missing(value):
        return NO_DATA[lang]
    unit = "個百分點" if lang == "zh" else "pp"
    return f"{float(value):+.{decimals}f} {unit}"  # type: ignore[arg-type]
