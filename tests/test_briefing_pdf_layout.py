"""The briefing PDF's layout: no text over other text, none cut by a chart's frame, none
off the page, on every page of every deck (both cities, both languages, every section,
the year the page opens on and all years)."""

from __future__ import annotations

import pytest

from safetynet.briefing.deck import (
    BriefingContext,
    Deck,
    KpiSlide,
    build_deck,
    default_year,
    section_keys,
)
from safetynet.briefing.pdf import layout_problems
from safetynet.cards import Card
from safetynet.cities import get_city
from safetynet.storage.store import Store


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    return Store.open(f"sqlite:///{tmp_path_factory.mktemp('pdf') / 'store.sqlite'}")


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("city", ["kaohsiung", "keelung"])
@pytest.mark.parametrize("opening_year", [True, False], ids=["opening-year", "all-years"])
def test_no_text_overlaps_or_leaves_the_page(store, city, lang, opening_year) -> None:
    tables = store.read_city(city)
    year = default_year(tables) if opening_year else None
    deck = build_deck(BriefingContext(get_city(city), tables, lang, "roc", year), section_keys())
    assert layout_problems(deck) == []


def test_the_check_sees_a_caption_over_a_big_number() -> None:
    """What the 服務成果 slide had: a long caption growing up into the value. With the
    value given the room left, the same card is clean; the check itself is shown to fail
    on text drawn over text and text off the page."""
    from matplotlib import pyplot as plt

    from safetynet.briefing import pdf

    caption = "109年 · ⚠ 推定：與「109年共服務10,452戶」同列，視為109年，原文未載年度" * 2
    card = KpiSlide(
        "服務成果", "來源", tuple(Card(f"指標{i}", "70%", detail=caption) for i in range(3))
    )
    assert layout_problems(Deck("kaohsiung", "zh", None, "t", (card,))) == []
    fig = plt.figure(figsize=(pdf.W, pdf.H))
    fig.text(0.5, 0.5, "10,452", fontsize=60)
    fig.text(0.5, 0.5, "說明文字說明文字", fontsize=20)
    fig.text(0.99, 0.5, "2,997 人", fontsize=20)
    problems = pdf._text_problems(fig)
    plt.close(fig)
    assert any("overlaps" in p for p in problems)
    assert any("off the page" in p and "2,997" in p for p in problems)
