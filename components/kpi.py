"""KPI cards: a headline figure, large, with its source on hover and its caption under it.

Every page draws :class:`safetynet.cards.Card` objects with :func:`render_cards`, so
a figure's period, note and ⚠ mark show wherever the figure does.
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from components.sidebar import LANG_KEY
from safetynet.cards import Card
from safetynet.i18n import DEFAULT_LANG
from safetynet.sources import source_label
from safetynet.text_safety import escape_markdown


def render_card(card: Card, lang: str | None = None) -> None:
    """One card: label, figure, caption (detail · period · note, ⚠ first when flagged),
    what it means and its source on hover of the help icon.

    The source reads as the document's name (:func:`safetynet.sources.source_label`)
    in ``lang``, by default the language chosen in the sidebar.

    Label, figure, source and caption hold names, units and citations from the data;
    Streamlit renders each as Markdown, so each is escaped to show as typed.
    """
    lang = lang or st.session_state.get(LANG_KEY, DEFAULT_LANG)
    with st.container(border=True):
        st.metric(
            escape_markdown(card.label),
            escape_markdown(card.value),
            help=escape_markdown(source_label(card.hover, lang)) or None,
        )
        if card.caption:
            st.caption(escape_markdown(card.caption))


def render_cards(cards: Sequence[Card], per_row: int = 3, lang: str | None = None) -> None:
    """Cards in rows of ``per_row`` (3 keeps long labels and units whole on a projector)."""
    for i, card in enumerate(cards):
        if i % per_row == 0:
            cols = st.columns(per_row)
        with cols[i % per_row]:
            render_card(card, lang)


def render_kpi(
    label: str, value: str, source: str, caption: str | None = None, lang: str | None = None
) -> None:
    """A card of a figure that has no card builder in safetynet yet (the planner results)."""
    render_card(Card(label, value, source=source, detail=caption or ""), lang)
