"""The briefing PDF's layout: no text over other text, none cut by a chart's frame, none
off the page, on every page of every deck (both cities, both languages, every section,
the year the page opens on and all years: ``shipped_deck``, the decks the PowerPoint
layout check reads too)."""

from __future__ import annotations

import pytest

from safetynet.briefing.deck import Deck, KpiSlide
from safetynet.briefing.pdf import layout_problems
from safetynet.cards import Card


def test_no_text_overlaps_or_leaves_the_page(shipped_deck) -> None:
    assert layout_problems(shipped_deck) == []


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


def test_the_check_sees_a_title_over_its_rule_and_text_out_of_its_box() -> None:
    """What the scenario slide had in English: a two-line title at full size, centred on
    the title box, running over the accent rule; and a value wider than its card."""
    from matplotlib import pyplot as plt
    from matplotlib.patches import Rectangle

    from safetynet import theme
    from safetynet.briefing import pdf

    fig = plt.figure(figsize=(pdf.W, pdf.H))
    box = theme.TITLE_BOX
    title = "Scenario '基準方案': posts to fund against posts now"
    pdf._fig_text(
        fig,
        box.left,
        box.top + box.height / 2,
        pdf.wrap_text(title, box.width * 0.7, theme.TITLE_PT),
        theme.TITLE_PT,
        weight="bold",
        va="center",
    )
    fig.add_artist(pdf._hline(box.left, box.top + box.height + 0.02, box.width))
    ax = pdf._body_axes(fig, theme.BODY_BOX)
    ax.add_patch(Rectangle((0, 0), 1.5, 1.0, facecolor=theme.CARD_FILL))
    ax.text(0.75, 0.5, "10,452,000", fontsize=54, ha="center", va="center")
    problems = pdf._text_problems(fig)
    plt.close(fig)
    assert any("over the rule" in p and "Scenario" in p for p in problems), problems
    assert any("out of its box" in p and "10,452,000" in p for p in problems), problems


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("city", ["kaohsiung", "keelung"])
def test_map_picture_names_do_not_overlap_and_the_core_is_named(shipped_store, city, lang) -> None:
    """The map picture of the deck (a PNG, so the PDF check cannot read its text): no
    district name over another or out of its frame, and in Kaohsiung every district of
    the dense core named in the inset (the English names are long: they used to pile up
    there)."""
    from matplotlib import pyplot as plt

    from safetynet import theme
    from safetynet.network import map_image
    from safetynet.network.geo import load_boundaries
    from safetynet.network.service_map import build_service_map_data

    data = build_service_map_data(city, shipped_store.read_city(city), load_boundaries(city))
    # matplotlib's stubs want literal rc keys; theme.matplotlib_rc() holds valid ones
    with plt.rc_context(theme.matplotlib_rc()):  # type: ignore[arg-type]  # see above
        fig = plt.figure(
            figsize=(map_image.MAP_WIDTH_IN, map_image.MAP_HEIGHT_IN), dpi=map_image.MAP_DPI
        )
        try:
            map_image.draw_service_map(fig, data, lang)
            problems = map_image.label_problems(fig)
            named = {text.get_text() for ax in fig.axes for text in ax.texts}
        finally:
            plt.close(fig)
    assert problems == []
    districts = data.districts
    tiny = districts[districts["area_km2"] < map_image.TINY_SHARE * districts["area_km2"].sum()]
    column = "district" if lang == "zh" else "district_en"
    suffix = "區" if lang == "zh" else " District"
    core = {name.removesuffix(suffix) for name in tiny[column]}
    if city == "kaohsiung":
        assert len(core) >= map_image.INSET_MIN_DISTRICTS
        assert core <= named, core - named
    assert len(named) >= {"kaohsiung": 20, "keelung": 7}[city]


def test_the_map_check_sees_names_piled_up() -> None:
    """Two names at one point (Yancheng and Qianjin as they were drawn) and one past the
    inset's frame are reported."""
    from matplotlib import pyplot as plt

    from safetynet.network import map_image

    fig = plt.figure(figsize=(4, 3), dpi=100)
    ax = fig.add_axes((0.1, 0.1, 0.5, 0.8))
    ax.annotate("Yancheng", (0.3, 0.5), fontsize=11, ha="center")
    ax.annotate("Qianjin", (0.35, 0.5), fontsize=11, ha="center")
    ax.annotate("Fengshan", (0.98, 0.2), fontsize=11, ha="center")
    fig.canvas.draw()
    problems = map_image.label_problems(fig)
    plt.close(fig)
    assert "'Yancheng' overlaps 'Qianjin'" in problems, problems
    assert "outside its map: 'Fengshan'" in problems, problems


def test_a_number_keeps_its_unit_on_its_line() -> None:
    """What the English scorecard table had: 「1,006」 at the end of a cell's line and
    「people」 starting the next. Wrapping keeps a number and its unit together, and the
    deck check (run on every deck above) reports a table cell that splits them."""
    from matplotlib import pyplot as plt

    from safetynet.briefing import pdf
    from safetynet.briefing.textfit import wrap_text

    narrow = wrap_text("served 1,006 people in 16 centres", 1.1, 18)
    lines = narrow.split("\n")
    assert "1,006 people" in lines and "16 centres" in lines, lines
    fig = plt.figure(figsize=(pdf.W, pdf.H))
    fig.text(0.1, 0.5, "served 1,006\npeople", fontsize=18, gid=pdf.TABLE_CELL)
    fig.text(0.5, 0.5, "in ROC 109\n(2020)", fontsize=18, gid=pdf.TABLE_CELL)
    problems = pdf._text_problems(fig)
    plt.close(fig)
    assert "a number split from its unit: 'served 1,006' / 'people'" in problems, problems
    assert not any("(2020)" in p for p in problems), problems


def test_a_chinese_line_never_starts_with_closing_or_ends_with_opening_punctuation() -> None:
    """禁則 on the slides: 「，」「）」 stay at the end of a line (the character before them
    moves down), 「（」 moves down to what it opens; nothing else changes."""
    from safetynet.briefing.textfit import NO_LINE_END, NO_LINE_START, wrap_text

    text = (
        "強化社會安全網第二期計畫（核定本），第12頁、第13頁；衛生福利部（111年），高雄市政府社會局"
    )
    for tenths in range(8, 40):
        lines = wrap_text(text, tenths / 10, 12).split("\n")
        assert "".join(lines) == text
        assert not [line for line in lines[1:] if line[:1] in NO_LINE_START], lines
        assert not [line for line in lines[:-1] if line[-1:] in NO_LINE_END], lines
