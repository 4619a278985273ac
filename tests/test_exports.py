"""The exported files, reopened: PowerPoint with python-pptx, PDF with pdfium.

What a director would check: every slide is there with its title and source,
charts are PowerPoint charts whose data equal the deck's numbers (and sit in
an embedded, editable workbook), tables hold the same cells, Chinese comes
out as text in Noto Sans CJK, and the PDF's pages are not blank.
"""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE
from pptx.enum.shapes import MSO_SHAPE_TYPE

from safetynet import theme
from safetynet.briefing.deck import (
    BriefingContext,
    ChartSlide,
    Deck,
    ImageSlide,
    KpiSlide,
    MessageSlide,
    Series,
    TableSlide,
    TitleSlide,
    build_deck,
    section_keys,
)
from safetynet.briefing.pdf import deck_pdf
from safetynet.briefing.pptx import deck_pptx
from safetynet.cards import Card
from safetynet.cities import get_city
from safetynet.sources import source_label
from tests.ci_skips import missing
from tests.helpers import SCENARIO, import_or_skip

pdfium = import_or_skip("pypdfium2")


EXPECTED_TYPES = {
    "bar": XL_CHART_TYPE.COLUMN_CLUSTERED,
    "stacked_bar": XL_CHART_TYPE.COLUMN_STACKED,
    "line": XL_CHART_TYPE.LINE_MARKERS,
    "doughnut": XL_CHART_TYPE.DOUGHNUT,
}


@pytest.fixture(scope="module")
def font() -> None:
    """The PDF and the map picture need Noto Sans CJK; CI installs it (make browser)."""
    try:
        theme.find_cjk_font()
    except theme.CjkFontMissingError as err:
        missing(str(err))


@pytest.fixture(scope="module", params=[("kaohsiung", "zh"), ("keelung", "en")], ids=str)
def deck(request, shipped_store, font) -> Deck:
    city, lang = request.param
    tables = shipped_store.read_city(city)
    scenario = SCENARIO if city == "kaohsiung" else None  # Keelung: none saved
    ctx = BriefingContext(get_city(city), tables, lang, "roc", None, scenario)
    return build_deck(ctx, section_keys())


@pytest.fixture(scope="module")
def every_kind() -> Deck:
    """A deck with every slide and chart kind, including a value the source does not give."""
    slides = (
        TitleSlide("測試簡報", "副標題", "各頁資料來源列於該頁下方"),
        KpiSlide("指標", "來源甲", (Card("行政區", "38"), Card("進用率", "96.2%", period="109年"))),
        ChartSlide("長條圖", "來源乙", "bar", ("甲", "乙", "丙"), (Series("件數", (1200.0, None, 3.0)),), "件"),
        ChartSlide(
            "堆疊圖", "來源丙", "stacked_bar", ("甲", "乙"),
            (Series("已進用", (256.0, 43.0)), Series("未進用", (6.0, 6.0))), "人",
        ),
        ChartSlide("折線圖", "來源丁", "line", ("107年", "108年"), (Series("比率", (43.5, 51.0)),), "%", decimals=1),
        ChartSlide("環圈圖", "來源戊", "doughnut", ("社會局", "衛生局"), (Series("新增", (348.0, 247.0)),), "人"),
        TableSlide("計分表", "來源己", ("指標", "目標", "實績"), (("服務戶數", "10,000", "10,452"),)),
        MessageSlide("無資料段落", "", "無資料：來源文件未提供。"),
    )  # fmt: skip
    return Deck("kaohsiung", "zh", 2020, "測試簡報", slides)


def _pptx(deck: Deck):
    return Presentation(io.BytesIO(deck_pptx(deck)))


def _charts(page) -> list:
    return [s.chart for s in page.shapes if s.has_chart]


def test_pptx_has_every_slide_with_title_source_and_number(deck) -> None:
    prs = _pptx(deck)
    assert len(prs.slides) == len(deck.slides)
    assert prs.slide_width / prs.slide_height == pytest.approx(16 / 9, rel=0.01)
    for i, (page, slide) in enumerate(zip(prs.slides, deck.slides, strict=True), start=1):
        assert page.shapes.title.text_frame.text == slide.title
        texts = [s.text_frame.text for s in page.shapes if s.has_text_frame]
        assert f"{i} / {len(deck.slides)}" in texts
        if slide.source:
            # the slide names the document; the notes keep the file name, to trace the figure
            named = source_label(slide.source, deck.lang)
            assert any(named in text for text in texts), slide.title
            assert slide.source in page.notes_slide.notes_text_frame.text


def test_pptx_charts_are_native_with_the_deck_numbers(deck) -> None:
    prs = _pptx(deck)
    chart_slides = 0
    for page, slide in zip(prs.slides, deck.slides, strict=True):
        charts = _charts(page)
        if not isinstance(slide, ChartSlide):
            assert charts == []
            continue
        chart_slides += 1
        (chart,) = charts
        assert chart.chart_type == EXPECTED_TYPES[slide.kind]
        plot = chart.plots[0]
        assert tuple(plot.categories) == slide.categories
        assert [s.name for s in plot.series] == [s.name for s in slide.series]
        for got, want in zip(plot.series, slide.series, strict=True):
            assert tuple(got.values) == want.values
        # the numbers live in an embedded workbook PowerPoint opens for editing
        workbook = chart.part.chart_workbook.xlsx_part
        assert workbook is not None and workbook.blob.startswith(b"PK")
    assert chart_slides >= 2


def test_pptx_every_chart_kind_and_missing_values(every_kind) -> None:
    prs = _pptx(every_kind)
    types = [c.chart_type for page in prs.slides for c in _charts(page)]
    assert types == [EXPECTED_TYPES[k] for k in ("bar", "stacked_bar", "line", "doughnut")]
    bar = _charts(prs.slides[2])[0]
    assert tuple(bar.plots[0].series[0].values) == (1200.0, None, 3.0)
    line = _charts(prs.slides[4])[0]
    assert line.plots[0].data_labels.number_format == '#,##0.0"%"'
    message = [s.text_frame.text for s in prs.slides[7].shapes if s.has_text_frame]
    assert "無資料：來源文件未提供。" in message


def test_pptx_tables_are_native_tables_with_the_deck_cells(deck, every_kind) -> None:
    for d in (deck, every_kind):
        prs = _pptx(d)
        for page, slide in zip(prs.slides, d.slides, strict=True):
            if not isinstance(slide, TableSlide):
                continue
            (shape,) = [s for s in page.shapes if s.has_table]
            table = shape.table
            cells = [[table.cell(r, c).text for c in range(len(slide.columns))]
                     for r in range(len(slide.rows) + 1)]  # fmt: skip
            # a header written on two lines is two paragraphs: PowerPoint reads "\n" between
            assert [c.replace("\v", "\n") for c in cells[0]] == list(slide.columns)
            assert [tuple(r) for r in cells[1:]] == list(slide.rows)


def test_pptx_map_is_a_picture_and_text_is_set_in_noto_sans_cjk(deck) -> None:
    prs = _pptx(deck)
    for page, slide in zip(prs.slides, deck.slides, strict=True):
        pictures = [s for s in page.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
        assert len(pictures) == (1 if isinstance(slide, ImageSlide) else 0)
        if pictures:
            assert pictures[0].image.blob == slide.png
    with zipfile.ZipFile(io.BytesIO(deck_pptx(deck))) as package:
        slide_xml = package.read("ppt/slides/slide2.xml").decode()
        theme_xml = package.read("ppt/theme/theme1.xml").decode()
    assert f'<a:ea typeface="{theme.FONT_FAMILY}"/>' in slide_xml
    assert f'<a:latin typeface="{theme.FONT_FAMILY}"/>' in theme_xml


def test_pptx_chinese_titles_read_back(every_kind) -> None:
    prs = _pptx(every_kind)
    titles = [page.shapes.title.text_frame.text for page in prs.slides]
    assert titles == [s.title for s in every_kind.slides]
    assert titles[5] == "環圈圖"


def _pdf_fonts(data: bytes) -> set[str]:
    return {m.decode() for m in re.findall(rb"/BaseFont\s*/([A-Za-z0-9+\-_]+)", data)}


def test_pdf_has_a_page_per_slide_with_chinese_text_in_noto_sans_cjk(every_kind, font) -> None:
    data = deck_pdf(every_kind)
    assert data.startswith(b"%PDF")
    doc = pdfium.PdfDocument(data)
    assert len(doc) == len(every_kind.slides)
    fonts = _pdf_fonts(data)
    assert any("NotoSansCJK" in f for f in fonts), fonts
    for i, slide in enumerate(every_kind.slides):
        text = doc[i].get_textpage().get_text_range()
        assert slide.title in text.replace("\r\n", "").replace("\n", ""), (i, text[:200])
        if slide.source:
            assert slide.source in text
    # chart values are written as text from the deck's numbers
    assert "1,200" in doc[2].get_textpage().get_text_range()
    assert "無資料" in doc[7].get_textpage().get_text_range()


def _ink(page) -> float:
    """Share of pixels that are not (near) white."""
    image = page.render(scale=0.5).to_pil().convert("L")
    histogram = image.histogram()
    return 1 - sum(histogram[245:]) / (image.width * image.height)


def test_pdf_pages_are_drawn_not_blank(deck) -> None:
    data = deck_pdf(deck)
    doc = pdfium.PdfDocument(data)
    assert len(doc) == len(deck.slides)
    first = doc[0]
    assert _ink(first) > 0.005  # title slide: title, rule, subtitle
    assert deck.slides[0].title.split(" ")[0] in first.get_textpage().get_text_range()
    map_page = next(i for i, s in enumerate(deck.slides) if isinstance(s, ImageSlide))
    assert _ink(doc[map_page]) > 0.1  # the coloured districts
    assert any("NotoSansCJK" in f for f in _pdf_fonts(data))


def test_without_the_font_the_pdf_says_what_to_install(every_kind, monkeypatch) -> None:
    monkeypatch.setattr(theme, "CJK_FONT_CANDIDATES", (theme.Path("/nonexistent/font.ttc"),))
    theme.find_cjk_font.cache_clear()
    try:
        with pytest.raises(theme.CjkFontMissingError, match="fonts-noto-cjk"):
            deck_pdf(every_kind)
    finally:
        theme.find_cjk_font.cache_clear()


def _slide_of(prs, deck: Deck, title_start: str):
    """The PowerPoint slide and deck slide whose title starts with ``title_start``."""
    return next(
        (page, slide)
        for page, slide in zip(prs.slides, deck.slides, strict=True)
        if slide.title.startswith(title_start)
    )


def test_pptx_new_sections_are_native_charts_and_tables(deck) -> None:
    """Risk shares, referral lines, the scenario bars and the scorecard, read back."""
    prs = _pptx(deck)
    if deck.city == "kaohsiung":
        page, _ = _slide_of(prs, deck, "109年脆弱家庭風險類型比例")
        (chart,) = _charts(page)
        assert chart.chart_type == XL_CHART_TYPE.COLUMN_CLUSTERED
        assert tuple(chart.plots[0].categories)[:3] == (
            "經濟陷困",
            "兒少發展不利",
            "身障或傷病照顧",
        )
        assert tuple(chart.plots[0].series[0].values) == (43.0, 28.0, 12.0, 6.0, 6.0, 5.0)
        page, slide = _slide_of(prs, deck, "方案「基準方案」")
        (chart,) = _charts(page)
        assert chart.chart_type == XL_CHART_TYPE.COLUMN_CLUSTERED
        assert tuple(chart.plots[0].categories) == ("110年", "111年", "112年", "113年")
        assert [tuple(s.values) for s in chart.plots[0].series] == [s.values for s in slide.series]
        scorecard_title = "109年績效指標計分卡"
    else:
        page, slide = _slide_of(prs, deck, "Referrals by type")
        (chart,) = _charts(page)
        assert chart.chart_type == XL_CHART_TYPE.LINE_MARKERS
        assert tuple(chart.plots[0].categories) == ("ROC 104", "ROC 105", "ROC 106")
        assert len(chart.plots[0].series) == 8
        assert tuple(chart.plots[0].series[0].values) == (1499.0, 1523.0, 1798.0)
        # eight lines: each labels only its last value (all 24 labels would collide)
        for series in chart.plots[0].series:
            labelled = series._element.xpath("./c:dLbls/c:dLbl/c:idx/@val")
            assert labelled == ["2"]
        scorecard_title = "Indicator scorecard, ROC 107"
    page, slide = _slide_of(prs, deck, scorecard_title)
    (shape,) = [s for s in page.shapes if s.has_table]
    table = shape.table
    assert len(table.rows) == len(slide.rows) + 1 <= 9
    assert table.cell(1, 5).text == slide.rows[0][5]  # status: icon and word
    assert table.cell(1, 5).text[0] in "✔✖◐○"


def test_pdf_renders_the_new_sections_in_chinese(font, shipped_store) -> None:
    tables = shipped_store.read_city("kaohsiung")
    ctx = BriefingContext(get_city("kaohsiung"), tables, "zh", "roc", 2020, SCENARIO)
    keys = ["referrals", "risk_types", "staffing_scenario", "indicator_scorecard"]
    deck = build_deck(ctx, keys)
    data = deck_pdf(deck)
    doc = pdfium.PdfDocument(data)
    assert len(doc) == len(deck.slides)
    assert any("NotoSansCJK" in f for f in _pdf_fonts(data))
    texts = [doc[i].get_textpage().get_text_range() for i in range(len(doc))]
    for i, slide in enumerate(deck.slides):
        assert slide.title in texts[i].replace("\r\n", "").replace("\n", ""), slide.title
        assert _ink(doc[i]) > 0.005
    risk = next(i for i, s in enumerate(deck.slides) if s.title.endswith("風險類型比例"))
    assert "經濟陷困" in texts[risk] and "43%" in texts[risk]
    scorecard = next(i for i, s in enumerate(deck.slides) if s.title == "109年績效指標計分卡")
    assert "達成" in texts[scorecard] and "無資料" in texts[scorecard]
