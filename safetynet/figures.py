"""Single figures the sources print (outcomes.csv rows) and their cards and table.

A :class:`Figure` is one outcomes row at its latest year; :func:`figure_card`
words it as a :class:`~safetynet.cards.Card` with its period, note and ⚠ mark, so
the home page, the risk-types and referral pages, the staffing page and the
briefing show the same figure the same way.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from safetynet.cards import FLAG, Card, join_sources
from safetynet.formatting import format_kpi, format_value, format_year, format_year_range, with_unit
from safetynet.i18n import note_in, note_parts, t


@dataclass(frozen=True)
class Figure:
    """One headline figure with where it comes from; ``value`` is ``None`` when unknown."""

    key: str
    label_zh: str
    label_en: str
    value: float | None
    unit_zh: str | None
    unit_en: str | None
    source: str
    year: int | None = None
    year_basis: str = "calendar"
    note: str | None = None
    year_to: int | None = None

    @property
    def flagged(self) -> bool:
        """The source does not state this figure as stored: it is a reading (⚠ 推定)."""
        return any(zh.lstrip().startswith(FLAG) for zh, _en in note_parts(self.note))


def _optional_int(value: Any) -> int | None:
    return None if pd.isna(value) else int(value)


def figure_of_row(row: pd.Series) -> Figure:
    """The :class:`Figure` of one outcomes row."""
    return Figure(
        key=row["metric"],
        label_zh=row["label_zh"],
        label_en=row["label_en"],
        value=None if pd.isna(row["value"]) else float(row["value"]),
        unit_zh=row["unit"],
        unit_en=row["unit_en"],
        source=row["source"],
        year=_optional_int(row["year"]),
        year_basis=row["year_basis"],
        note=row["note"],
        year_to=_optional_int(row["year_to"]),
    )


def outcome_figures(outcomes: pd.DataFrame, metrics: Sequence[str]) -> tuple[Figure, ...]:
    """One figure per metric of ``metrics`` the table holds (its latest year), in that order.

    Metrics the table does not hold are skipped, so one list can serve every city.
    """
    figures = []
    for metric in metrics:
        rows = outcomes[outcomes["metric"] == metric]
        if rows.empty:
            continue
        figures.append(figure_of_row(rows.sort_values("year", na_position="first").iloc[-1]))
    return tuple(figures)


def figure_period(figure: Figure, lang: str, year_style: str) -> str:
    """When a figure applies: ``109年``, ``107–109年``, or "year not stated"."""
    if figure.year is None:
        return t("fig.no_year", lang)
    if figure.year_to is not None and figure.year_to != figure.year:
        return format_year_range(figure.year, figure.year_to, year_style, lang)
    return format_year(figure.year, year_style, lang, figure.year_basis or "calendar")


def figure_card(figure: Figure, lang: str, year_style: str, published: bool = False) -> Card:
    """A figure's card: label with unit, value, period, note and ⚠; for a figure the source
    prints without its counts (``published``), that it is published rather than computed.

    A published growth figure keeps its sign (``+176.58%``): it is a change, not a level.
    """
    label = figure.label_zh if lang == "zh" else figure.label_en
    unit = (figure.unit_zh if lang == "zh" else figure.unit_en) or ""
    value, label_unit = format_kpi(figure.value, unit, lang)
    if published and figure.key.endswith("_growth_pct") and (figure.value or 0) > 0:
        value = f"+{value}"
    return Card(
        label=with_unit(label, label_unit, lang),
        value=value,
        raw=figure.value,
        unit=unit,
        period=figure_period(figure, lang, year_style),
        source=figure.source,
        note=note_in(figure.note, lang),
        detail=t("fig.published", lang) if published else "",
        flagged=figure.flagged,
    )


def figure_cards(
    figures: Iterable[Figure], lang: str, year_style: str, published: bool = False
) -> tuple[Card, ...]:
    """:func:`figure_card` of each figure, in order."""
    return tuple(figure_card(f, lang, year_style, published) for f in figures)


def figure_sources(figures: Iterable[Figure]) -> str:
    """The figures' sources on one line."""
    return join_sources(f.source for f in figures)


def figures_display_table(figures: Sequence[Figure], lang: str, year_style: str) -> pd.DataFrame:
    """Single figures as a reader sees them: label, value with unit, year, source, note."""
    rows = []
    for f in figures:
        row = {
            t("fig.col.item", lang): f.label_zh if lang == "zh" else f.label_en,
            t("fig.col.value", lang): format_value(
                f.value, f.unit_zh if lang == "zh" else f.unit_en, lang
            ),
            t("fig.col.year", lang): figure_period(f, lang, year_style),
        }
        row[t("source", lang)] = f.source
        row[t("note", lang)] = note_in(f.note, lang)
        rows.append(row)
    return pd.DataFrame(rows)
