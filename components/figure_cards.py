"""KPI cards for single figures from outcomes.csv, each with its year, note and source."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from components.kpi import render_kpi
from safetynet.overview import Figure, figure_card_text


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
        label, value, caption = figure_card_text(figure, lang, year_style, published)
        with cols[i % per_row]:
            render_kpi(label, value, figure.source, caption=caption)
