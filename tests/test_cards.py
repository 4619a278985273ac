"""One card per figure: wherever a figure shows (pages, slides, PowerPoint), its ⚠ mark,
note and year travel with it.

The pages and the deck are run for real; the expected text comes from the data
(the outcomes rows' notes), not from the code under test.
"""

from __future__ import annotations

import io

import pytest
from pptx import Presentation

from safetynet.briefing.deck import BriefingContext, KpiSlide, build_deck
from safetynet.briefing.pptx import deck_pptx
from safetynet.cards import Card
from safetynet.cities import get_city
from safetynet.figures import Figure, figure_card, outcome_figures
from safetynet.i18n import note_in

# The two figures of issue 16: a reading (⚠ 推定) and an undated figure.
FLAGGED = ("kaohsiung", "closed_goals_met_pct")
UNDATED = ("keelung", "population")
# pages that show outcome figures as cards
CARD_PAGES = ("app.py", "pages/risk_types.py", "pages/staffing.py", "pages/referrals.py")


def _plain(text: str) -> str:
    """Text as a reader sees it: Markdown escapes dropped."""
    return text.replace("\\", "")


def _latest_figures(store, city: str) -> dict[str, Figure]:
    outcomes = store.read(city, "outcomes")
    return {f.key: f for f in outcome_figures(outcomes, list(dict.fromkeys(outcomes["metric"])))}


def _noted(figures: dict[str, Figure]) -> dict[str, Figure]:
    return {k: f for k, f in figures.items() if f.note or f.flagged}


# -- the card itself -----------------------------------------------------------
def test_a_reading_is_flagged_in_both_languages(store) -> None:
    figure = _latest_figures(store, FLAGGED[0])[FLAGGED[1]]
    assert figure.flagged
    zh, en = figure_card(figure, "zh", "roc"), figure_card(figure, "en", "ad")
    assert zh.flagged and en.flagged
    assert zh.caption.startswith("109年 · ⚠ 推定")
    assert en.caption.startswith("2020 · ⚠ Inferred")
    assert (zh.label, zh.value, zh.raw) == ("服務後達成目標結案之家庭比率", "70%", 70.0)


def test_an_undated_figure_says_so_and_keeps_its_note(store) -> None:
    figure = _latest_figures(store, UNDATED[0])[UNDATED[1]]
    assert figure.year is None and not figure.flagged
    card = figure_card(figure, "en", "roc")
    assert card.period == "year not stated in the source"
    assert "reference year not stated (report dated 2018-06-26)" in card.caption
    assert card.value == "371,458" and card.label == "Total population (persons)"


@pytest.mark.parametrize(
    ("card", "caption"),
    [
        (Card("a", "1"), ""),
        (Card("a", "1", period="109年", note="⚠ 推定"), "109年 · ⚠ 推定"),
        (Card("a", "1", period="109年", flagged=True), "⚠ · 109年"),
        (Card("a", "1", detail="305 / 317", period="x", note="x"), "305 / 317 · x"),
    ],
)
def test_caption_joins_detail_period_and_note_once(card: Card, caption: str) -> None:
    assert card.caption == caption


# -- every page that shows a noted figure shows its note -------------------------------
@pytest.mark.parametrize("page", CARD_PAGES)
@pytest.mark.parametrize("city", ["kaohsiung", "keelung"])
def test_every_page_shows_the_note_and_mark_of_its_figures(app_test, store, page, city) -> None:
    at = app_test(page, **{"settings.city": city}).run()
    assert not at.exception, [e.message for e in at.exception]
    expected = {
        figure_card(f, "zh", "roc").label: f for f in _noted(_latest_figures(store, city)).values()
    }
    captions = [_plain(c.value) for c in at.caption]
    shown = [_plain(m.label) for m in at.metric if _plain(m.label) in expected]
    for label in shown:
        figure = expected[label]
        card = figure_card(figure, "zh", "roc")
        note = note_in(figure.note, "zh")
        assert any(note in c and card.period in c for c in captions), (page, label, note)
        if figure.flagged:
            assert any(c.find("⚠") >= 0 and note in c for c in captions), (page, label)
    seen = {(city, expected[label].key) for label in shown}
    if page in ("app.py", "pages/risk_types.py") and city == FLAGGED[0]:
        assert FLAGGED in seen
    if page == "app.py" and city == UNDATED[0]:
        assert UNDATED in seen


# -- every slide, on screen and in PowerPoint ------------------------------------------
@pytest.mark.parametrize("city", ["kaohsiung", "keelung"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_slide_card_of_a_noted_figure_shows_its_note(store, city, lang) -> None:
    tables = store.read_city(city)
    deck = build_deck(
        BriefingContext(get_city(city), tables, lang, "roc", None),
        ("overview", "referrals", "risk_types", "staffing"),
    )
    noted = _noted(_latest_figures(store, city))
    by_label = {figure_card(f, lang, "roc").label: f for f in noted.values()}
    cards = [c for s in deck.slides if isinstance(s, KpiSlide) for c in s.cards]
    checked = [c for c in cards if c.label in by_label]
    for card in checked:
        figure = by_label[card.label]
        assert note_in(figure.note, lang) in card.caption
        assert card.flagged == figure.flagged
        if figure.flagged:
            assert "⚠" in card.caption
    keys = {by_label[c.label].key for c in checked}
    if city == FLAGGED[0]:
        assert FLAGGED[1] in keys
    if city == UNDATED[0]:
        assert UNDATED[1] in keys

    # the PowerPoint draws the same captions (a number joined to its unit by a no-break
    # space, so that PowerPoint never puts them on two lines)
    pptx = Presentation(io.BytesIO(deck_pptx(deck)))
    text = "\n".join(
        shape.text_frame.text
        for slide in pptx.slides
        for shape in slide.shapes
        if shape.has_text_frame
    ).replace("\u00a0", " ")
    for card in checked:
        assert card.caption in text.replace("\n", " ") or all(
            part in text for part in card.caption.split(" · ")
        ), card.label
