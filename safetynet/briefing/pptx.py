"""The briefing deck as PowerPoint: native charts and tables that staff can edit.

Charts are PowerPoint charts built from the slide's data (their numbers sit
in the embedded chart data sheet, so a number can be changed in PowerPoint),
tables are PowerPoint tables, the map is a picture. Every slide has its
title, its source line at the bottom and the source in the speaker notes.
Fonts and colours come from :mod:`safetynet.theme`; the file only names the
font (Noto Sans CJK TC), so nothing needs the font file here.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from lxml import etree
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION
from pptx.enum.shapes import MSO_SHAPE, MSO_SHAPE_TYPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml.ns import qn
from pptx.util import Inches, Pt

from safetynet import theme
from safetynet.briefing import textfit
from safetynet.briefing.deck import (
    ChartSlide,
    Deck,
    ImageSlide,
    KpiSlide,
    MessageSlide,
    Slide,
    TableSlide,
    TitleSlide,
)
from safetynet.briefing.slide_tables import short_columns
from safetynet.i18n import t
from safetynet.sources import source_line

PPTX_MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
CHART_TYPES = {
    "bar": XL_CHART_TYPE.COLUMN_CLUSTERED,
    "stacked_bar": XL_CHART_TYPE.COLUMN_STACKED,
    "line": XL_CHART_TYPE.LINE_MARKERS,
    "doughnut": XL_CHART_TYPE.DOUGHNUT,
}
# Layouts of python-pptx's default template.
LAYOUT_TITLE, LAYOUT_TITLE_ONLY = 0, 5


def _rgb(hex_colour: str) -> RGBColor:
    return RGBColor.from_string(hex_colour.lstrip("#"))


def _style_font(font, size: float, *, bold: bool = False, colour: str = theme.TEXT) -> None:
    """Theme font for Latin and East Asian text (python-pptx sets only Latin by itself)."""
    font.name = theme.FONT_FAMILY
    font.size = Pt(size)
    font.bold = bold
    font.color.rgb = _rgb(colour)
    rpr = font._rPr  # the run / paragraph properties element
    for tag in ("a:ea", "a:cs"):
        element = rpr.find(qn(tag))
        if element is None:
            element = etree.SubElement(rpr, qn(tag))
        element.set("typeface", theme.FONT_FAMILY)
    # a:latin, a:ea, a:cs must follow the fill in schema order; move them to the end.
    for tag in ("a:latin", "a:ea", "a:cs"):
        element = rpr.find(qn(tag))
        if element is not None:
            rpr.remove(element)
            rpr.append(element)


def _set_text(
    frame,
    text: str,
    size: float,
    *,
    bold: bool = False,
    colour: str = theme.TEXT,
    align: PP_ALIGN | None = None,
) -> None:
    """Replace a text frame's content with ``text`` (one paragraph per line), styled."""
    frame.clear()
    frame.word_wrap = True
    for i, line in enumerate(text.split("\n")):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        if align is not None:
            paragraph.alignment = align
        run = paragraph.add_run()
        run.text = line
        _style_font(run.font, size, bold=bold, colour=colour)


def _place(shape, box: theme.SlideBox) -> None:
    """Position a placeholder (all four values: a partial position would default to 0)."""
    shape.left, shape.top = Inches(box.left), Inches(box.top)
    shape.width, shape.height = Inches(box.width), Inches(box.height)


def _box(slide, box: theme.SlideBox):
    return slide.shapes.add_textbox(
        Inches(box.left), Inches(box.top), Inches(box.width), Inches(box.height)
    )


def _apply_theme_fonts(prs: Presentation) -> None:
    """Set the template theme's heading and body fonts, so text staff add later matches."""
    master = prs.slide_masters[0]
    part = master.part.part_related_by(RT.THEME)
    root = etree.fromstring(part.blob)
    for tag in ("a:majorFont", "a:minorFont"):
        for font in root.iter(qn(tag)):
            for child in ("a:latin", "a:ea"):
                element = font.find(qn(child))
                if element is not None:
                    element.set("typeface", theme.FONT_FAMILY)
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def deck_pptx(deck: Deck) -> bytes:
    """The deck as a .pptx file (16:9), one PowerPoint slide per deck slide."""
    prs = Presentation()
    prs.slide_width = Inches(theme.SLIDE_WIDTH_IN)
    prs.slide_height = Inches(theme.SLIDE_HEIGHT_IN)
    _apply_theme_fonts(prs)
    prs.core_properties.title = deck.title
    prs.core_properties.language = "zh-TW" if deck.lang == "zh" else "en"
    total = len(deck.slides)
    for number, slide in enumerate(deck.slides, start=1):
        _add_slide(prs, slide, number, total, deck.lang)
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


# A text frame's insets (python-pptx's and PowerPoint's defaults), in inches.
INSET_X_IN, INSET_Y_IN = 0.1, 0.05
FOOTER_MIN_PT = 10  # the source line still readable in a printed handout
TITLE_MIN_PT = 24
KPI_CARD_MAX_IN = 3.6


def _fitted(text: str, box: theme.SlideBox, max_pt: float, min_pt: float, *, bold=False) -> float:
    """The largest size at which ``text`` fits ``box`` (inside its insets)."""
    return textfit.fit_size(
        text, box.width - 2 * INSET_X_IN, box.height - 2 * INSET_Y_IN, max_pt, min_pt, bold=bold
    )


def _footer(slide: Slide, lang: str) -> tuple[str, float, theme.SlideBox]:
    """The footer's text (caption, then source), its size and box: the largest size down to
    :data:`FOOTER_MIN_PT` that fits the theme's footer box; a longer footer (English
    document names) grows the box upwards, and the slide's body gives up that room."""
    caption = getattr(slide, "caption", "")
    text = "\n".join(p for p in (caption, source_line(slide.source, lang)) if p)
    box = theme.FOOTER_BOX
    size = _fitted(text, box, theme.SOURCE_PT, FOOTER_MIN_PT)
    need = textfit.text_height(text, box.width - 2 * INSET_X_IN, size) + 2 * INSET_Y_IN + 0.02
    if need > box.height:
        box = theme.SlideBox(box.left, box.top + box.height - need, box.width, need)
    return text, size, box


def _body_above(footer: theme.SlideBox) -> theme.SlideBox:
    """The theme's body box, ending 0.1 in above the footer."""
    body = theme.BODY_BOX
    return theme.SlideBox(
        body.left, body.top, body.width, min(body.height, footer.top - 0.1 - body.top)
    )


def _add_slide(prs: Presentation, slide: Slide, number: int, total: int, lang: str) -> None:
    footer_text, footer_pt, footer_box = _footer(slide, lang)
    body = _body_above(footer_box)
    if isinstance(slide, TitleSlide):
        page = prs.slides.add_slide(prs.slide_layouts[LAYOUT_TITLE])
        title, subtitle = page.shapes.title, page.placeholders[1]
        title_box = theme.SlideBox(0.75, 1.6, theme.SLIDE_WIDTH_IN - 1.5, 2.0)
        subtitle_box = theme.SlideBox(0.75, 3.9, theme.SLIDE_WIDTH_IN - 1.5, 1.6)
        _place(title, title_box)
        _place(subtitle, subtitle_box)
        size = _fitted(slide.title, title_box, 44, 28, bold=True)
        _set_text(title.text_frame, slide.title, size, bold=True, align=PP_ALIGN.LEFT)
        title.text_frame.vertical_anchor = MSO_ANCHOR.BOTTOM
        size = _fitted(slide.subtitle, subtitle_box, theme.SUBTITLE_PT, 16)
        _set_text(subtitle.text_frame, slide.subtitle, size, align=PP_ALIGN.LEFT)
        subtitle.text_frame.vertical_anchor = MSO_ANCHOR.TOP
    else:
        page = prs.slides.add_slide(prs.slide_layouts[LAYOUT_TITLE_ONLY])
        title = page.shapes.title
        _place(title, theme.TITLE_BOX)
        size = _fitted(slide.title, theme.TITLE_BOX, theme.TITLE_PT, TITLE_MIN_PT, bold=True)
        _set_text(title.text_frame, slide.title, size, bold=True, align=PP_ALIGN.LEFT)
        title.text_frame.vertical_anchor = MSO_ANCHOR.MIDDLE
        if isinstance(slide, KpiSlide):
            _add_kpis(page, slide, body)
        elif isinstance(slide, ChartSlide):
            _add_chart(page, slide, body)
        elif isinstance(slide, TableSlide):
            _add_table(page, slide, body)
        elif isinstance(slide, ImageSlide):
            _add_image(page, slide, body)
        elif isinstance(slide, MessageSlide):
            frame = _box(page, body).text_frame
            _set_text(frame, slide.text, _fitted(slide.text, body, 28, 16))
    if footer_text:
        frame = _box(page, footer_box).text_frame
        _set_text(frame, footer_text, footer_pt, colour=theme.MUTED_TEXT)
        frame.vertical_anchor = MSO_ANCHOR.BOTTOM
    _set_text(
        _box(page, theme.NUMBER_BOX).text_frame,
        t("briefing.slide_number", lang, n=number, total=total),
        theme.SOURCE_PT,
        colour=theme.MUTED_TEXT,
        align=PP_ALIGN.RIGHT,
    )
    if slide.source:
        # the presenter's notes: the document by name, then the citation as stored (file name
        # and slide), so a figure can be traced to the source text
        source = source_line(slide.source, lang)
        page.notes_slide.notes_text_frame.text = f"{source}\n{slide.source}"


def _kpi_sizes(card, width: float, height: float) -> tuple[float, float, float]:
    """Label, value and caption sizes at which a card's three parts fit its box (inside its
    insets): the caption gives way first, then the label, then the value."""
    room_w, room_h = width - 2 * INSET_X_IN, height - 2 * INSET_Y_IN

    def fits(label_pt: float, value_pt: float, caption_pt: float) -> bool:
        need = textfit.text_height(card.label, room_w, label_pt)
        need += textfit.text_height(card.value, room_w, value_pt, bold=True)
        if card.caption:
            need += textfit.text_height(card.caption, room_w, caption_pt)
        return need <= room_h

    label_pt = float(theme.KPI_LABEL_PT)
    if textfit.line_count(card.label, room_w, label_pt) > 2:
        label_pt = theme.KPI_CAPTION_PT
    value_pt = textfit.fit_size(
        card.value, room_w - 0.2, height, theme.KPI_VALUE_PT, 20, bold=True, step=1
    )
    caption_pt = float(theme.KPI_CAPTION_PT)
    for floor in ((12, label_pt, value_pt), (11, 16, value_pt), (10, 14, 28), (10, 12, 20)):
        while not fits(label_pt, value_pt, caption_pt):
            if caption_pt > floor[0]:
                caption_pt -= 1
            elif label_pt > floor[1]:
                label_pt -= 1
            elif value_pt > floor[2]:
                value_pt -= 2
            else:
                break
    return label_pt, value_pt, caption_pt


def _add_kpis(page, slide: KpiSlide, body: theme.SlideBox) -> None:
    n = max(1, len(slide.cards))
    per_row = n if n <= 4 else 3
    rows = -(-n // per_row)
    gap = 0.3
    width = (body.width - gap * (per_row - 1)) / per_row
    height = min(KPI_CARD_MAX_IN, (body.height - gap * (rows - 1)) / rows)
    top0 = body.top + (body.height - rows * height - gap * (rows - 1)) / 2
    for i, card in enumerate(slide.cards):
        left = body.left + (i % per_row) * (width + gap)
        top = top0 + (i // per_row) * (height + gap)
        shape = page.shapes.add_shape(
            MSO_SHAPE.ROUNDED_RECTANGLE, Inches(left), Inches(top), Inches(width), Inches(height)
        )
        shape.fill.solid()
        shape.fill.fore_color.rgb = _rgb(theme.CARD_FILL)
        shape.line.color.rgb = _rgb(theme.ACCENT)
        shape.line.width = Pt(2)
        shape.shadow.inherit = False
        frame = shape.text_frame
        frame.clear()
        frame.word_wrap = True
        frame.vertical_anchor = MSO_ANCHOR.MIDDLE
        frame.margin_left = frame.margin_right = Inches(INSET_X_IN)
        frame.margin_top = frame.margin_bottom = Inches(INSET_Y_IN)
        label_pt, value_pt, caption_pt = _kpi_sizes(card, width, height)
        parts = [(card.label, label_pt, False), (card.value, value_pt, True)]
        if card.caption:
            parts.append((card.caption, caption_pt, False))
        for j, (text, size, bold) in enumerate(parts):
            paragraph = frame.paragraphs[0] if j == 0 else frame.add_paragraph()
            paragraph.alignment = PP_ALIGN.CENTER
            run = paragraph.add_run()
            run.text = textfit.bind_units(text)  # a number and its unit on one line
            _style_font(run.font, size, bold=bold, colour=theme.ACCENT if bold else theme.TEXT)


def _add_chart(page, slide: ChartSlide, body: theme.SlideBox) -> None:
    data = CategoryChartData(number_format=slide.number_format)
    data.categories = list(slide.categories)
    for series in slide.series:
        data.add_series(series.name, list(series.values), number_format=slide.number_format)
    frame = page.shapes.add_chart(
        CHART_TYPES[slide.kind],
        Inches(body.left),
        Inches(body.top),
        Inches(body.width),
        Inches(body.height),
        data,
    )
    chart = frame.chart
    chart.has_title = False  # the slide title names the chart
    _style_font(chart.font, theme.CHART_PT)
    multi = len(slide.series) > 1 or slide.kind == "doughnut"
    chart.has_legend = multi
    if multi:
        chart.legend.position = (
            XL_LEGEND_POSITION.RIGHT if slide.kind == "doughnut" else XL_LEGEND_POSITION.BOTTOM
        )
        chart.legend.include_in_layout = False
        _style_font(chart.legend.font, theme.CHART_PT)
    plot = chart.plots[0]
    plot.has_data_labels = True
    labels = plot.data_labels
    # Stacked segments of 0 get no label (the format's zero section is empty).
    hide_zero = slide.kind == "stacked_bar"
    labels.number_format = (
        f'{slide.number_format};-{slide.number_format};""' if hide_zero else slide.number_format
    )
    labels.number_format_is_linked = False
    labels.show_value = True
    _style_font(labels.font, theme.CHART_PT, bold=slide.kind != "stacked_bar")
    if slide.kind == "doughnut":
        for i in range(len(slide.categories)):
            point = plot.series[0].points[i]
            point.format.fill.solid()
            point.format.fill.fore_color.rgb = _rgb(theme.series_colour(i))
        labels.show_percentage = False
    else:
        if slide.kind == "line" and len(slide.series) > theme.LINE_LABELS_MAX_SERIES:
            _label_last_points(plot, len(slide.categories))
        elif slide.kind == "line":
            labels.position = XL_LABEL_POSITION.ABOVE
        elif slide.kind == "bar":
            labels.position = XL_LABEL_POSITION.OUTSIDE_END
        for i, series in enumerate(plot.series):
            fill = series.format.line if slide.kind == "line" else series.format.fill
            if slide.kind == "line":
                fill.color.rgb = _rgb(theme.series_colour(i))
                fill.width = Pt(4)
            else:
                fill.solid()
                fill.fore_color.rgb = _rgb(theme.series_colour(i))
        value_axis = chart.value_axis
        value_axis.has_major_gridlines = True
        value_axis.major_gridlines.format.line.color.rgb = _rgb(theme.GRID)
        value_axis.tick_labels.number_format = slide.number_format
        value_axis.tick_labels.number_format_is_linked = False
        value_axis.has_title = True
        _set_text(value_axis.axis_title.text_frame, slide.unit, theme.CHART_PT)
        _style_font(value_axis.tick_labels.font, theme.CHART_PT)
        _style_font(chart.category_axis.tick_labels.font, theme.CHART_PT)


def _label_last_points(plot, n: int) -> None:
    """Label only each line's last value, to its right (many lines: all labels would collide).

    The label still shows the linked value, so it follows an edit in the data sheet.
    """
    plot.has_data_labels = False
    for series in plot.series:
        series._element.get_or_add_dLbls().get_or_add_dLbl_for_point(n - 1)
        label = series.points[n - 1].data_label
        label.position = XL_LABEL_POSITION.RIGHT
        _style_font(label.font, theme.CHART_PT - 2, bold=True)


def _add_table(page, slide: TableSlide, body: theme.SlideBox) -> None:
    """A native table in the largest size (from TABLE_PT down) at which it fits the body
    with its short cells (無資料, 達成, numbers) on one line and no word broken; its
    rows are as tall as their text (PowerPoint would grow them anyway). A number and the
    word after it are joined by a no-break space (PowerPoint wraps the text itself)."""
    grid = [slide.columns, *slide.rows]
    n_rows, n_cols = len(grid), len(slide.columns)
    size, widths, heights = 10.0, [], []
    for pt in range(theme.TABLE_PT, 9, -1):
        size = float(pt)
        widths = textfit.column_widths(slide.columns, slide.rows, size, INSET_X_IN, body.width)
        heights = _row_heights(grid, widths, size)
        if sum(heights) <= body.height and not _table_breaks(slide, widths, size):
            break
    shape = page.shapes.add_table(
        n_rows,
        n_cols,
        Inches(body.left),
        Inches(body.top),
        Inches(body.width),
        Inches(sum(heights)),
    )
    table = shape.table
    for c, width in enumerate(widths):
        table.columns[c].width = Inches(width)
    for r, height in enumerate(heights):
        table.rows[r].height = Inches(height)
    for c, name in enumerate(slide.columns):
        cell = table.cell(0, c)
        cell.fill.solid()
        cell.fill.fore_color.rgb = _rgb(theme.TABLE_HEADER_FILL)
        _set_text(
            cell.text_frame,
            textfit.bind_units(name),
            size,
            bold=True,
            colour=theme.TABLE_HEADER_TEXT,
        )
    for r, row in enumerate(slide.rows, start=1):
        for c, value in enumerate(row):
            cell = table.cell(r, c)
            cell.fill.solid()
            cell.fill.fore_color.rgb = _rgb(
                theme.TABLE_BAND_FILL if r % 2 == 0 else theme.BACKGROUND
            )
            _set_text(
                cell.text_frame,
                textfit.bind_units(value),  # PowerPoint wraps it: 「16」 / 「centres」 no more
                size,
                align=PP_ALIGN.LEFT if c in slide.label_columns else PP_ALIGN.RIGHT,
            )


def _row_heights(grid, widths: list[float], size: float) -> list[float]:
    """Each row's height (in) at ``size`` pt: its tallest cell's wrapped text and insets
    (the header row is bold)."""
    heights = []
    for r, row in enumerate(grid):
        tallest = max(
            textfit.text_height(cell, width - 2 * INSET_X_IN, size, bold=r == 0)
            for cell, width in zip(row, widths, strict=True)
        )
        heights.append(tallest + 2 * INSET_Y_IN)
    return heights


def _table_breaks(slide: TableSlide, widths: list[float], size: float) -> bool:
    """Whether at ``size`` pt a short cell wraps or a word is wider than its column."""
    short = short_columns(slide.columns, slide.rows)
    for r, row in enumerate([slide.columns, *slide.rows]):
        for c, cell in enumerate(row):
            room = widths[c] - 2 * INSET_X_IN
            if textfit.widest_line(cell, room, size, bold=r == 0) > room:
                return True
            if r > 0 and short[c] and textfit.line_count(cell, room, size) > 1:
                return True
    return False


def _add_image(page, slide: ImageSlide, body: theme.SlideBox) -> None:
    from PIL import Image

    with Image.open(io.BytesIO(slide.png)) as image:
        ratio = image.width / image.height
    width, height = body.width, body.width / ratio
    if height > body.height:
        height, width = body.height, body.height * ratio
    left = body.left + (body.width - width) / 2
    picture = page.shapes.add_picture(
        io.BytesIO(slide.png), Inches(left), Inches(body.top), Inches(width), Inches(height)
    )
    # Alternative text for screen readers (the cNvPr "descr" attribute).
    picture._element.nvPicPr.cNvPr.set("descr", slide.alt)


# -- layout check -----------------------------------------------------------------
EMU_PER_IN = 914400
GAP_IN = 0.02  # boxes that share an edge, or overlap by less, do not collide


@dataclass(frozen=True)
class _Extent:
    """Where something is drawn on a slide, in inches: ``what`` names it in a problem."""

    what: str
    left: float
    top: float
    right: float
    bottom: float

    def overlaps(self, other: _Extent) -> bool:
        w = min(self.right, other.right) - max(self.left, other.left)
        h = min(self.bottom, other.bottom) - max(self.top, other.top)
        return w > GAP_IN and h > GAP_IN


def layout_problems(deck: Deck) -> list[str]:
    """Text that leaves the slide, runs out of its box or over other text, a chart or a
    picture, and table cells that break a word, on any slide of the deck's PowerPoint
    file, read back from the file as written (see :func:`file_layout_problems`)."""
    return file_layout_problems(deck_pptx(deck))


def file_layout_problems(data: bytes) -> list[str]:
    """Layout problems in a .pptx file, from its shapes' boxes and their text's estimated
    extent (:mod:`safetynet.briefing.textfit`: PowerPoint lays the text out on the
    viewer's PC, so it is estimated, not measured). Empty when the layout is clean."""
    prs = Presentation(io.BytesIO(data))
    # deck_pptx always sets the slide size; a file without one has no page to check.
    if prs.slide_width is None or prs.slide_height is None:
        return ["the file sets no slide size"]
    width, height = prs.slide_width / EMU_PER_IN, prs.slide_height / EMU_PER_IN
    problems: list[str] = []
    for number, page in enumerate(prs.slides, start=1):
        title = page.shapes.title.text_frame.text if page.shapes.title else ""
        found: list[str] = []
        drawn: list[_Extent] = []
        for shape in page.shapes:
            found += _shape_extents(shape, drawn)
        for extent in drawn:
            if (
                extent.left < -0.01
                or extent.top < -0.01
                or extent.right > width + 0.01
                or extent.bottom > height + 0.01
            ):
                found.append(f"off the slide: {extent.what}")
        for i, a in enumerate(drawn):
            found += [f"{a.what} overlaps {b.what}" for b in drawn[i + 1 :] if a.overlaps(b)]
        problems += [f"{number} {title[:40]!r}: {p}" for p in found]
    return problems


# A number and the word after it joined by a space PowerPoint may break at (「16」 /
# 「centres」): :func:`textfit.bind_units` makes it a no-break space in cells and cards.
_BREAKABLE_UNIT = re.compile(r"\d[\d,.%]* [A-Za-z]")


def _unit_may_split(text: str) -> list[str]:
    found = _BREAKABLE_UNIT.search(text)
    return [f"a number and its unit may split over two lines: {text[:40]!r}"] if found else []


def _inches(value) -> float:
    return (value or 0) / EMU_PER_IN


def _paragraphs(frame) -> list[tuple[str, float, bool, PP_ALIGN | None]]:
    """Each paragraph's text, size (pt), boldness and alignment, as the file sets them."""
    out = []
    for paragraph in frame.paragraphs:
        runs = paragraph.runs
        sizes = [r.font.size.pt for r in runs if r.font.size is not None]
        bold = any(r.font.bold for r in runs)
        out.append((paragraph.text, max(sizes, default=18.0), bold, paragraph.alignment))
    return out


def _shape_extents(shape, drawn: list[_Extent]) -> list[str]:
    """Add what ``shape`` draws to ``drawn``; return the problems inside the shape itself."""
    left, top = _inches(shape.left), _inches(shape.top)
    right, bottom = left + _inches(shape.width), top + _inches(shape.height)
    if shape.has_chart:
        drawn.append(_Extent("the chart", left, top, right, bottom))
        return []
    if shape.shape_type == MSO_SHAPE_TYPE.PICTURE:
        drawn.append(_Extent("the picture", left, top, right, bottom))
        return []
    if shape.has_table:
        return _table_extent(shape, drawn)
    if not shape.has_text_frame or not shape.text_frame.text.strip():
        return []
    frame = shape.text_frame
    inner_left = left + _inches(frame.margin_left)
    inner_right = right - _inches(frame.margin_right)
    inner_top = top + _inches(frame.margin_top)
    inner_bottom = bottom - _inches(frame.margin_bottom)
    room = inner_right - inner_left
    text_h, text_l, text_r = 0.0, inner_right, inner_left
    problems = []
    for text, size, bold, align in _paragraphs(frame):
        if shape.shape_type == MSO_SHAPE_TYPE.AUTO_SHAPE:  # a figure's card
            problems += _unit_may_split(text)
        text_h += textfit.text_height(text, room, size, bold=bold)
        line_w = textfit.widest_line(text, room, size, bold=bold)
        if line_w > room + 0.01:
            problems.append(
                f"a word wider than its box ({line_w:.2f} > {room:.2f} in): {text[:40]!r}"
            )
        if align == PP_ALIGN.CENTER:
            text_l = min(text_l, (inner_left + inner_right - line_w) / 2)
            text_r = max(text_r, (inner_left + inner_right + line_w) / 2)
        elif align == PP_ALIGN.RIGHT:
            text_l, text_r = min(text_l, inner_right - line_w), max(text_r, inner_right)
        else:
            text_l, text_r = min(text_l, inner_left), max(text_r, inner_left + line_w)
    anchor = frame.vertical_anchor
    if anchor == MSO_ANCHOR.MIDDLE:
        text_t = (inner_top + inner_bottom - text_h) / 2
    elif anchor == MSO_ANCHOR.BOTTOM:
        text_t = inner_bottom - text_h
    else:
        text_t = inner_top
    label = repr(frame.text.replace("\n", " ")[:40])
    if text_h > inner_bottom - inner_top + 0.01:
        problems.append(
            f"text taller than its box ({text_h:.2f} > {inner_bottom - inner_top:.2f} in): {label}"
        )
    drawn.append(_Extent(label, text_l, text_t, text_r, text_t + text_h))
    return problems


def _table_extent(shape, drawn: list[_Extent]) -> list[str]:
    """A table's rows grow to their text in PowerPoint: its drawn height is the sum of
    each row's set height or its tallest cell's text, whichever is more."""
    table = shape.table
    widths = [_inches(c.width) for c in table.columns]
    n_rows = len(table.rows)
    cells = [[table.cell(r, c).text_frame.text for c in range(len(widths))] for r in range(n_rows)]
    short = short_columns(cells[0], cells[1:])
    problems = []
    total = 0.0
    for r, row in enumerate(table.rows):
        tallest = 0.0
        for c, col_w in enumerate(widths):
            cell = table.cell(r, c)
            room = col_w - _inches(cell.margin_left) - _inches(cell.margin_right)
            inner = _inches(cell.margin_top) + _inches(cell.margin_bottom)
            for text, size, bold, _align in _paragraphs(cell.text_frame):
                problems += _unit_may_split(text)
                lines = textfit.line_count(text, room, size, bold=bold)
                tallest = max(tallest, lines * size * textfit.LINE_EM / 72 + inner)
                if textfit.widest_line(text, room, size, bold=bold) > room + 0.01:
                    problems.append(f"table cell breaks a word: {text[:40]!r}")
                elif lines > 1 and r > 0 and short[c]:
                    problems.append(f"short table cell on {lines} lines: {text[:40]!r}")
        total += max(_inches(row.height), tallest)
    left, top = _inches(shape.left), _inches(shape.top)
    drawn.append(_Extent("the table", left, top, left + sum(widths), top + total))
    return problems
