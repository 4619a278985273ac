"""KPI cards for single figures from outcomes.csv, each with its year, note and source."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from components.kpi import render_kpi
from safetynet.formatting import format_kpi, with_unit
from safetynet.i18n import note_in, t
from safetynet.overview import Figure, figure_period


def figure_caption(figure: Figure, lang: str, year_style: str, published: bool = False) -> str:
    """Year (or "year not stated"), the note in the reader's language, and for a figure the
    source prints without its counts, that it is published rather than computed."""
    when = figure_period(figure, lang, year_style)
    parts = [t("fig.published", lang)] if published else []
    parts.append(when)
    note = note_in(figure.note, lang)
    if note and note != when:
        parts.append(note)
    return " · ".join(parts)


def render_figure_cards(
    figures: Sequence[Figure],
    *,
    lang: str,
    year_style: str,
    published: bool = False,
    per_row: int = 3,
) -> None:
    """Cards in rows of ``per_row``: label with unit, the figure, source on hover, caption."""
    for i, figure in enumerate(figures):
        if i % per_row == 0:
            cols = st.columns(per_row)
        label = figure.label_zh if lang == "zh" else figure.label_en
        unit = figure.unit_zh if lang == "zh" else figure.unit_en
        value, label_unit = format_kpi(figure.value, unit, lang)
        if published and figure.key.endswith("_growth_pct") and (figure.value or 0) > 0:
            value = f"+{value}"
        with cols[i % per_row]:
            render_kpi(
                with_unit(label, label_unit, lang),
                value,
                figure.source,
                caption=figure_caption(figure, lang, year_style, published),
            )
