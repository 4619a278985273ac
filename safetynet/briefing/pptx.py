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
import math

from lxml import etree
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml.ns import qn
from pptx.util import Inches, Pt

from safetynet import theme
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


def render_pptx(deck: Deck) -> bytes:
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


def _add_slide(prs: Presentation, slide: Slide, number: int, total: int, lang: str) -> None:
    if isinstance(slide, TitleSlide):
        page = prs.slides.add_slide(prs.slide_layouts[LAYOUT_TITLE])
        title, subtitle = page.shapes.title, page.placeholders[1]
        _place(title, theme.SlideBox(0.75, 1.6, theme.SLIDE_WIDTH_IN - 1.5, 2.0))
        _place(subtitle, theme.SlideBox(0.75, 3.9, theme.SLIDE_WIDTH_IN - 1.5, 1.6))
        _set_text(title.text_frame, slide.title, 44, bold=True, align=PP_ALIGN.LEFT)
        title.text_frame.vertical_anchor = MSO_ANCHOR.BOTTOM
        _set_text(subtitle.text_frame, slide.subtitle, theme.SUBTITLE_PT, align=PP_ALIGN.LEFT)
        subtitle.text_frame.vertical_anchor = MSO_ANCHOR.TOP
    else:
        page = prs.slides.add_slide(prs.slide_layouts[LAYOUT_TITLE_ONLY])
        title = page.shapes.title
        _place(title, theme.TITLE_BOX)
        _set_text(title.text_frame, slide.title, theme.TITLE_PT, bold=True, align=PP_ALIGN.LEFT)
        title.text_frame.vertical_anchor = MSO_ANCHOR.MIDDLE
        if isinstance(slide, KpiSlide):
            _add_kpis(page, slide)
        elif isinstance(slide, ChartSlide):
            _add_chart(page, slide, lang)
        elif isinstance(slide, TableSlide):
            _add_table(page, slide)
        elif isinstance(slide, ImageSlide):
            _add_image(page, slide)
        elif isinstance(slide, MessageSlide):
            _set_text(_box(page, theme.BODY_BOX).text_frame, slide.text, 28)
    _add_footer(page, slide, number, total, lang)


def _add_footer(page, slide: Slide, number: int, total: int, lang: str) -> None:
    source = source_line(slide.source, lang)
    caption = getattr(slide, "caption", "")
    text = "\n".join(part for part in (caption, source) if part)
    if text:
        _set_text(
            _box(page, theme.FOOTER_BOX).text_frame, text, theme.SOURCE_PT, colour=theme.MUTED_TEXT
        )
    _set_text(
        _box(page, theme.NUMBER_BOX).text_frame,
        t("briefing.slide_number", lang, n=number, total=total),
        theme.SOURCE_PT,
        colour=theme.MUTED_TEXT,
        align=PP_ALIGN.RIGHT,
    )
    if slide.source:
        page.notes_slide.notes_text_frame.text = source


def _add_kpis(page, slide: KpiSlide) -> None:
    body = theme.BODY_BOX
    n = max(1, len(slide.cards))
    per_row = n if n <= 4 else 3
    rows = -(-n // per_row)
    gap = 0.3
    width = (body.width - gap * (per_row - 1)) / per_row
    height = min(3.6, (body.height - gap * (rows - 1)) / rows)
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
        label_pt = theme.KPI_LABEL_PT
        if theme.text_em(card.label) * label_pt / 72 > 2 * (width - 0.3):
            label_pt = theme.KPI_CAPTION_PT
        value_pt = theme.fit_size(card.value, width - 0.4, theme.KPI_VALUE_PT)
        parts = [(card.label, label_pt, False), (card.value, value_pt, True)]
        if card.caption:
            parts.append((card.caption, theme.KPI_CAPTION_PT, False))
        for j, (text, size, bold) in enumerate(parts):
            paragraph = frame.paragraphs[0] if j == 0 else frame.add_paragraph()
            paragraph.alignment = PP_ALIGN.CENTER
            run = paragraph.add_run()
            run.text = text
            _style_font(run.font, size, bold=bold, colour=theme.ACCENT if bold else theme.TEXT)


def _add_chart(page, slide: ChartSlide, lang: str) -> None:  # noqa: ARG001
    data = CategoryChartData(number_format=slide.number_format)
    data.categories = list(slide.categories)
    for series in slide.series:
        data.add_series(series.name, list(series.values), number_format=slide.number_format)
    body = theme.BODY_BOX
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


def _add_table(page, slide: TableSlide) -> None:
    body = theme.BODY_BOX
    n_rows, n_cols = len(slide.rows) + 1, len(slide.columns)
    first = min(4.0, max(2.2, body.width * 0.3)) if n_cols > 2 else body.width / 2
    widths = [first] + [(body.width - first) / max(n_cols - 1, 1)] * (n_cols - 1)
    grid = [slide.columns, *slide.rows]
    size = next(
        (
            pt
            for pt in range(theme.TABLE_PT, 9, -1)
            if _table_height(grid, widths, pt) <= body.height
        ),
        10,
    )
    row_height = (size * 1.25 + 10) / 72
    shape = page.shapes.add_table(
        n_rows,
        n_cols,
        Inches(body.left),
        Inches(body.top),
        Inches(body.width),
        Inches(row_height * n_rows),
    )
    table = shape.table
    for c, width in enumerate(widths):
        table.columns[c].width = Inches(width)
    for c, name in enumerate(slide.columns):
        cell = table.cell(0, c)
        cell.fill.solid()
        cell.fill.fore_color.rgb = _rgb(theme.TABLE_HEADER_FILL)
        _set_text(cell.text_frame, name, size, bold=True, colour=theme.TABLE_HEADER_TEXT)
    for r, row in enumerate(slide.rows, start=1):
        for c, value in enumerate(row):
            cell = table.cell(r, c)
            cell.fill.solid()
            cell.fill.fore_color.rgb = _rgb(
                theme.TABLE_BAND_FILL if r % 2 == 0 else theme.BACKGROUND
            )
            _set_text(
                cell.text_frame,
                value,
                size,
                align=PP_ALIGN.LEFT if c == 0 else PP_ALIGN.RIGHT,
            )


def _table_height(grid, widths: list[float], size: float) -> float:
    """Estimated height (in) of a table whose cells wrap at ``size`` pt (PowerPoint grows rows)."""
    line = size * 1.2 / 72
    total = 0.0
    for row in grid:
        lines = 1
        for cell, width in zip(row, widths, strict=True):
            per_line = max((width - 0.2) * 72 / size, 1.0)  # em that fit on one line
            lines = max(
                lines, sum(math.ceil(theme.text_em(p) / per_line) or 1 for p in cell.split("\n"))
            )
        total += lines * line + 0.1
    return total


def _add_image(page, slide: ImageSlide) -> None:
    from PIL import Image

    body = theme.BODY_BOX
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
