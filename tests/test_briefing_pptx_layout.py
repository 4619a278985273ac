"""The briefing PowerPoint's layout: no text over other text, a chart or a picture, none
running out of its box or off the slide, no table cell breaking a word or putting a short
cell (無資料, 達成) on two lines, on every slide of every deck (both cities, both
languages, every section, the year the page opens on and all years: ``shipped_deck``
in conftest.py).

PowerPoint lays text out on the viewer's PC, so the check reads the file back with
python-pptx and estimates each text's extent from its size, box and characters
(safetynet/briefing/textfit.py); the second test shows it fails on what it must see.
"""

from __future__ import annotations

import io

from pptx import Presentation
from pptx.util import Inches, Pt

from safetynet.briefing.pptx import deck_pptx, file_layout_problems, layout_problems


def test_no_text_overlaps_or_leaves_its_box_or_the_slide(shipped_deck) -> None:
    assert layout_problems(shipped_deck) == []
    # and the file holds every slide, each under its own title
    prs = Presentation(io.BytesIO(deck_pptx(shipped_deck)))
    titles = [page.shapes.title.text_frame.text for page in prs.slides]
    assert titles == [slide.title for slide in shipped_deck.slides]


def _file(build) -> bytes:
    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(13.333), Inches(7.5)
    page = prs.slides.add_slide(prs.slide_layouts[6])  # blank
    build(page.shapes)
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


def _text(shapes, left, top, width, height, text, size) -> None:
    frame = shapes.add_textbox(Inches(left), Inches(top), Inches(width), Inches(height)).text_frame
    frame.word_wrap = True
    run = frame.paragraphs[0].add_run()
    run.text = text
    run.font.size = Pt(size)


def test_the_check_sees_overlaps_overflow_and_broken_cells() -> None:
    source = (
        "Source: Keelung City Department of Social Affairs, report on the Strengthening "
        "Social Safety Net Programme (26 Jun 2018) · 策略1 布建社會福利服務中心"
    )
    caption = "Growth = (last year − first year) ÷ first year; types counted in different units"

    def footer_as_it_was(shapes) -> None:  # caption and source at 12 pt in the 0.65 in footer
        _text(shapes, 0.5, 6.75, 11.33, 0.65, f"{caption}\n{source}", 12)
        _text(shapes, 11.83, 6.75, 1.0, 0.5, "8 / 18", 12)

    problems = file_layout_problems(_file(footer_as_it_was))
    assert any("text taller than its box" in p for p in problems), problems
    assert any("off the slide" in p and "Growth" in p for p in problems), problems

    def overlapping(shapes) -> None:  # a caption growing up into the big number
        _text(shapes, 1, 2, 4, 1.2, "10,452", 54)
        _text(shapes, 1, 2.9, 4, 0.5, "109年 · ⚠ 推定：與「109年共服務10,452戶」同列" * 2, 16)

    problems = file_layout_problems(_file(overlapping))
    assert any("overlaps" in p and "10,452" in p for p in problems), problems

    def wide_word(shapes) -> None:  # an end label cut mid-number (「2,99」)
        _text(shapes, 1, 1, 1.0, 1.0, "2,997,000,000", 28)

    problems = file_layout_problems(_file(wide_word))
    assert any("a word wider than its box" in p for p in problems), problems

    def narrow_table(shapes) -> None:
        table = shapes.add_table(3, 2, Inches(0.5), Inches(1.5), Inches(3), Inches(1)).table
        table.columns[0].width, table.columns[1].width = Inches(2.4), Inches(0.6)
        for r, (name, status) in enumerate(
            [("指標", "狀態"), ("人力進用", "無資料"), ("x", "達成")]
        ):
            for c, text in enumerate((name, status)):
                run = table.cell(r, c).text_frame.paragraphs[0].add_run()
                run.text = text
                run.font.size = Pt(18)

    problems = file_layout_problems(_file(narrow_table))
    assert any("short table cell on 3 lines: '無資料'" in p for p in problems), problems

    def clean(shapes) -> None:
        _text(shapes, 0.5, 0.35, 12.3, 1.0, "服務成果", 36)
        _text(shapes, 0.5, 6.75, 11.33, 0.65, source, 10)
        _text(shapes, 11.83, 6.75, 1.0, 0.5, "8 / 18", 12)

    assert file_layout_problems(_file(clean)) == []


def test_a_number_keeps_its_unit_on_its_line_in_cells_and_cards() -> None:
    """PowerPoint wraps a cell's or a card's text itself: the space between a number and its
    unit (「16 centres」) is written as a no-break space, and the text still reads the same."""
    from safetynet.briefing.deck import Deck, KpiSlide, TableSlide
    from safetynet.cards import Card

    table = TableSlide(
        "Service centres",
        "",
        ("District", "Centres", "Served"),
        (("Sanmin District", "16 centres", "1,006 people"), ("Fengshan", "2 centres", "無資料")),
    )
    cards = KpiSlide("Outcomes", "", (Card("Centres opened", "16 centres"),))
    deck = Deck("kaohsiung", "en", 2020, "Briefing", (table, cards))
    prs = Presentation(io.BytesIO(deck_pptx(deck)))
    texts = []
    for page in prs.slides:
        for shape in page.shapes:
            if shape.has_table:
                texts += [cell.text_frame.text for row in shape.table.rows for cell in row.cells]
            elif shape.has_text_frame and shape.shape_type == 1:  # an auto shape: a card
                texts += shape.text_frame.text.split("\n")
    assert "16\u00a0centres" in texts and "1,006\u00a0people" in texts, texts
    assert "Centres opened" in texts  # a label with no number is left as it is
    assert " ".join(texts).replace("\u00a0", " ").count("16 centres") == 2
    assert layout_problems(deck) == []


def test_the_check_sees_a_number_that_may_leave_its_unit() -> None:
    def breakable(shapes) -> None:
        table = shapes.add_table(2, 1, Inches(0.5), Inches(1.5), Inches(3), Inches(1)).table
        for r, text in enumerate(("Centres", "16 centres")):
            table.cell(r, 0).text_frame.paragraphs[0].add_run().text = text

    problems = file_layout_problems(_file(breakable))
    assert any("a number and its unit may split" in p for p in problems), problems
