"""The briefing deck as PDF: the same slides, drawn offline with matplotlib.

One 16:9 page per slide, in the theme's layout, fonts and colours. Charts are
drawn from the slide's data (vector), tables as ruled grids, the map as its
picture. Chinese is set in Noto Sans CJK TC from the font file on this
machine (:func:`safetynet.theme.find_cjk_font`), embedded as Type 3 glyphs,
so the PDF shows no tofu boxes anywhere and its text stays searchable.
No network, no browser.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matplotlib.transforms import Bbox

import io
import math
import re

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
from safetynet.briefing.textfit import column_widths, fit_size, widest_line, wrap_text
from safetynet.i18n import t
from safetynet.sources import source_line

PDF_MIME = "application/pdf"
LEGEND_WIDTH_IN = 4.2
W, H = theme.SLIDE_WIDTH_IN, theme.SLIDE_HEIGHT_IN


def deck_pdf(deck: Deck) -> bytes:
    """The deck as a PDF file, one page per slide."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt
    from matplotlib.backends.backend_pdf import PdfPages

    out = io.BytesIO()
    total = len(deck.slides)
    with (
        matplotlib.rc_context(theme.matplotlib_rc()),
        PdfPages(out, metadata={"Title": deck.title, "Creator": t("app.title", deck.lang)}) as pdf,
    ):
        for number, slide in enumerate(deck.slides, start=1):
            fig = plt.figure(figsize=(W, H), facecolor=theme.BACKGROUND)
            try:
                _draw_slide(fig, slide, number, total, deck.lang)
                pdf.savefig(fig)
            finally:
                plt.close(fig)
    return out.getvalue()


def layout_problems(deck: Deck) -> list[str]:
    """Text that leaves the page, is cut by its chart's frame, or overlaps other text, on
    any page of the deck's PDF, from the boxes matplotlib lays the text out in (what a
    reader would see as overprinted or cut-off words). Empty when the layout is clean."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    problems: list[str] = []
    total = len(deck.slides)
    # matplotlib's stubs want literal rc keys; theme.matplotlib_rc() holds valid ones
    with matplotlib.rc_context(theme.matplotlib_rc()):  # type: ignore[arg-type]
        for number, slide in enumerate(deck.slides, start=1):
            fig = plt.figure(figsize=(W, H), facecolor=theme.BACKGROUND)
            try:
                _draw_slide(fig, slide, number, total, deck.lang)
                problems += [f"{number} {slide.title!r}: {p}" for p in _text_problems(fig)]
            finally:
                plt.close(fig)
    return problems


def _text_problems(fig) -> list[str]:
    from matplotlib.text import Text

    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    page = fig.bbox
    boxes = []
    for text in fig.findobj(Text):
        if not text.get_visible() or not text.get_text().strip():
            continue
        box = text.get_window_extent(renderer)
        label = text.get_text().replace("\n", " ")[:40]
        if (
            box.x0 < page.x0 - 1
            or box.y0 < page.y0 - 1
            or box.x1 > page.x1 + 1
            or box.y1 > page.y1 + 1
        ):
            boxes.append((label, box, f"off the page: {label!r}"))
            continue
        clip = text.get_clip_box() if text.get_clip_on() else None
        if clip is not None and not (
            clip.x0 - 1 <= box.x0
            and box.x1 <= clip.x1 + 1
            and clip.y0 - 1 <= box.y0
            and box.y1 <= clip.y1 + 1
        ):
            boxes.append((label, box, f"cut by its frame: {label!r}"))
            continue
        boxes.append((label, box, ""))
    found = [problem for _, _, problem in boxes if problem]
    found += _crossing_rules(fig, renderer, boxes)
    found += _out_of_its_box(fig, renderer)
    found += _split_from_its_number(fig)
    body = theme.BODY_BOX  # a legend stays beside its chart, never up by the title
    top, bottom = (1 - body.top / H) * page.y1, (1 - (body.top + body.height) / H) * page.y1
    legends = list(fig.legends) + [ax.get_legend() for ax in fig.axes if ax.get_legend()]
    for legend in legends:
        for text in legend.get_texts():
            box = text.get_window_extent(renderer)
            if box.y1 > top + 1 or box.y0 < bottom - 1:
                found.append(f"legend outside the chart area: {text.get_text()[:40]!r}")
    for i, (a, box_a, _) in enumerate(boxes):
        for b, box_b, _ in boxes[i + 1 :]:
            w = min(box_a.x1, box_b.x1) - max(box_a.x0, box_b.x0)
            h = min(box_a.y1, box_b.y1) - max(box_a.y0, box_b.y0)
            if w > 2 and h > 2:
                found.append(f"{a!r} overlaps {b!r}")
    return found


# A line that ends with a number, and the next that starts with a word: 「1,006」 / 「people」.
_ENDS_WITH_NUMBER = re.compile(r"\d[\d,.%]*$")
_STARTS_WITH_WORD = re.compile(r"^[A-Za-z]")
TABLE_CELL = "table-cell"
# The smallest size a table's text is set in (a long table, or long words).
MIN_TABLE_PT = 11


def _split_from_its_number(fig) -> list[str]:
    """Table cells whose text breaks between a number and the word after it (its unit):
    a reader sees 「1,006」 on one line and 「people」 on the next."""
    from matplotlib.text import Text

    found = []
    for text in fig.findobj(Text):
        if text.get_gid() != TABLE_CELL:
            continue
        lines = [line.strip() for line in text.get_text().split("\n")]
        for before, after in zip(lines, lines[1:], strict=False):
            if _ENDS_WITH_NUMBER.search(before) and _STARTS_WITH_WORD.match(after):
                found.append(f"a number split from its unit: {before!r} / {after!r}")
    return found


def _crossing_rules(fig, renderer, boxes) -> list[str]:
    """Text drawn across a rule of the page (the accent line under the title)."""
    from matplotlib.lines import Line2D

    found = []
    for line in fig.artists:
        if not isinstance(line, Line2D):
            continue
        extent = line.get_window_extent(renderer)
        y = (extent.y0 + extent.y1) / 2
        for label, box, _ in boxes:
            if box.y0 + 1 < y < box.y1 - 1 and min(box.x1, extent.x1) - max(box.x0, extent.x0) > 2:
                found.append(f"over the rule: {label!r}")
    return found


def _out_of_its_box(fig, renderer) -> list[str]:
    """Text that starts inside a card or a table cell but runs out of it (a card's value
    over its border, a bold header past its cell), on the slide's drawn boxes (the body
    axes without an axis: cards and tables; a chart's bars are not boxes for text)."""
    from matplotlib.patches import FancyBboxPatch, Rectangle

    found = []
    for ax in fig.axes:
        if ax.axison:
            continue
        cells = [
            p.get_window_extent(renderer)
            for p in ax.patches
            if isinstance(p, FancyBboxPatch | Rectangle) and p.get_fill()
        ]
        for text in ax.texts:
            if not text.get_text().strip():
                continue
            x, y = text.get_transform().transform(text.get_position())
            box = text.get_window_extent(renderer)
            for cell in cells:
                if not (cell.x0 <= x <= cell.x1 and cell.y0 <= y <= cell.y1):
                    continue
                if not (
                    cell.x0 - 1 <= box.x0
                    and box.x1 <= cell.x1 + 1
                    and cell.y0 - 1 <= box.y0
                    and box.y1 <= cell.y1 + 1
                ):
                    label = text.get_text().replace("\n", " ")[:40]
                    found.append(f"out of its box: {label!r}")
                break
    return found


# -- layout helpers -------------------------------------------------------------
def _body_axes(fig, box: theme.SlideBox):
    """Axes over ``box`` whose data units are inches, origin at the box's top-left."""
    ax = fig.add_axes((box.left / W, 1 - (box.top + box.height) / H, box.width / W, box.height / H))
    ax.set_xlim(0, box.width)
    ax.set_ylim(box.height, 0)
    ax.set_axis_off()
    return ax


def _fig_text(fig, x_in: float, y_in: float, text: str, size: float, **kwargs) -> None:
    fig.text(x_in / W, 1 - y_in / H, text, fontsize=size, **kwargs)


def _draw_slide(fig, slide: Slide, number: int, total: int, lang: str) -> None:
    if isinstance(slide, TitleSlide):
        title = wrap_text(slide.title, W - 1.5, 44, bold=True)
        below = 2.0 + (title.count("\n") + 1) * 0.8 + 0.25
        _fig_text(fig, 0.75, 2.0, title, 44, weight="bold", va="top")
        fig.add_artist(_hline(0.75, below, 4.0))
        _fig_text(
            fig, 0.75, below + 0.35, slide.subtitle, theme.SUBTITLE_PT, va="top", linespacing=1.6
        )
    else:
        box = theme.TITLE_BOX
        # a long title (the scorecard's sentence, a scenario's name) takes a smaller size
        # rather than growing over the rule below it or off the top of the page
        size = fit_size(slide.title, box.width, box.height - 0.05, theme.TITLE_PT, 22, bold=True)
        _fig_text(
            fig,
            box.left,
            box.top + box.height / 2,
            wrap_text(slide.title, box.width, size, bold=True),
            size,
            weight="bold",
            va="center",
        )
        fig.add_artist(_hline(box.left, box.top + box.height + 0.02, box.width))
        if isinstance(slide, KpiSlide):
            _draw_kpis(fig, slide)
        elif isinstance(slide, ChartSlide):
            _draw_chart(fig, slide, lang)
        elif isinstance(slide, TableSlide):
            _draw_table(fig, slide)
        elif isinstance(slide, ImageSlide):
            _draw_image(fig, slide)
        elif isinstance(slide, MessageSlide):
            ax = _body_axes(fig, theme.BODY_BOX)
            ax.text(
                theme.BODY_BOX.width / 2,
                theme.BODY_BOX.height / 2,
                wrap_text(slide.text, theme.BODY_BOX.width - 1, 28),
                fontsize=28,
                ha="center",
                va="center",
            )
    _draw_footer(fig, slide, number, total, lang)


FOOTER_MIN_PT = 9  # still readable in a printed handout
LINE_SPACING = 1.3  # a text line's height in em (matplotlib draws lines 1.2 em apart)


def _fitted_footer(parts: list[str], width_in: float, height_in: float) -> tuple[str, float]:
    """The caption and source lines wrapped to the footer's width, in the largest size
    (from SOURCE_PT down to FOOTER_MIN_PT) at which they fit its height; a long document
    name (the English ones) takes a smaller size rather than running off the page."""
    size = float(theme.SOURCE_PT)
    while True:
        text = "\n".join(wrap_text(p, width_in, size) for p in parts)
        if (text.count("\n") + 1) * size * LINE_SPACING / 72 <= height_in or size <= FOOTER_MIN_PT:
            return text, size
        size -= 0.5


def _hline(x_in: float, y_in: float, width_in: float):
    from matplotlib.lines import Line2D

    y = 1 - y_in / H
    return Line2D([x_in / W, (x_in + width_in) / W], [y, y], color=theme.ACCENT, linewidth=3)


def _draw_footer(fig, slide: Slide, number: int, total: int, lang: str) -> None:
    box = theme.FOOTER_BOX
    source = source_line(slide.source, lang)
    caption = getattr(slide, "caption", "")
    parts = [p for p in (caption, source) if p]
    if parts:
        text, size = _fitted_footer(parts, box.width, box.height)
        _fig_text(fig, box.left, box.top, text, size, va="top", color=theme.MUTED_TEXT)
    _fig_text(
        fig,
        theme.NUMBER_BOX.left + theme.NUMBER_BOX.width,
        theme.NUMBER_BOX.top,
        t("briefing.slide_number", lang, n=number, total=total),
        theme.SOURCE_PT,
        ha="right",
        va="top",
        color=theme.MUTED_TEXT,
    )


# -- slide kinds ----------------------------------------------------------------
def _draw_kpis(fig, slide: KpiSlide) -> None:
    from matplotlib.patches import FancyBboxPatch

    body = theme.BODY_BOX
    ax = _body_axes(fig, body)
    n = max(1, len(slide.cards))
    per_row = n if n <= 4 else 3
    rows = -(-n // per_row)
    gap = 0.3
    width = (body.width - gap * (per_row - 1)) / per_row
    height = min(3.6, (body.height - gap * (rows - 1)) / rows)
    top0 = (body.height - rows * height - gap * (rows - 1)) / 2
    for i, card in enumerate(slide.cards):
        left = (i % per_row) * (width + gap)
        top = top0 + (i // per_row) * (height + gap)
        ax.add_patch(
            FancyBboxPatch(
                (left, top),
                width,
                height,
                boxstyle="round,pad=0,rounding_size=0.15",
                facecolor=theme.CARD_FILL,
                edgecolor=theme.ACCENT,
                linewidth=2,
            )
        )
        cx = left + width / 2
        label_pt = theme.KPI_LABEL_PT
        label = wrap_text(card.label, width - 0.3, label_pt)
        if label.count("\n") >= 2:
            label_pt = theme.KPI_CAPTION_PT
            label = wrap_text(card.label, width - 0.3, label_pt)
        ax.text(cx, top + 0.2, label, fontsize=label_pt, ha="center", va="top")
        label_bottom = top + 0.2 + _lines_height(label, label_pt)
        caption_top = top + height - 0.15
        if card.caption:  # the caption takes what it needs at the bottom, in smaller type
            caption_pt = theme.KPI_CAPTION_PT
            caption = wrap_text(card.caption, width - 0.3, caption_pt)
            while caption.count("\n") >= 2 and caption_pt > 11:
                caption_pt -= 1
                caption = wrap_text(card.caption, width - 0.3, caption_pt)
            ax.text(cx, top + height - 0.15, caption, fontsize=caption_pt, ha="center", va="bottom")
            caption_top -= _lines_height(caption, caption_pt)
        # the value in the room left between label and caption, never over either
        room = max(caption_top - label_bottom - 0.2, 0.3)
        value_pt = min(theme.fit_size(card.value, width - 0.4, theme.KPI_VALUE_PT), room * 72 / 1.3)
        ax.text(
            cx,
            (label_bottom + caption_top) / 2,
            card.value,
            fontsize=value_pt,
            weight="bold",
            color=theme.ACCENT,
            ha="center",
            va="center",
        )


def _lines_height(text: str, size_pt: float) -> float:
    """Inches that ``text`` (with its line breaks) takes at ``size_pt``."""
    return (text.count("\n") + 1) * size_pt * 1.3 / 72


def _draw_chart(fig, slide: ChartSlide, lang: str) -> None:
    body = theme.BODY_BOX
    if slide.kind == "doughnut":
        _draw_doughnut(fig, slide, lang)
        return
    legend = len(slide.series) > 1
    bottom_room = 1.1
    left_room = 1.2
    legend_room = LEGEND_WIDTH_IN if legend else 0.1
    plot_width = body.width - left_room - legend_room
    ax = fig.add_axes(
        (
            (body.left + left_room) / W,
            1 - (body.top + body.height - bottom_room) / H,
            plot_width / W,
            (body.height - bottom_room - 0.45) / H,
        )
    )
    n = len(slide.categories)
    xs = list(range(n))
    values = [[math.nan if v is None else v for v in s.values] for s in slide.series]
    if slide.kind == "line":
        for i, s in enumerate(slide.series):
            ax.plot(
                xs,
                values[i],
                marker="o",
                markersize=10,
                linewidth=4,
                color=theme.series_colour(i),
                label=s.name,
            )
            points = list(zip(xs, s.values, strict=True))
            if len(slide.series) > theme.LINE_LABELS_MAX_SERIES:  # only the last value
                points = [p for p in points if p[1] is not None][-1:]
                for x, v in points:
                    ax.annotate(
                        slide.format_value(v, lang),
                        (x, v),
                        xytext=(10, 0),
                        textcoords="offset points",
                        ha="left",
                        va="center",
                        fontsize=theme.CHART_PT - 4,
                        weight="bold",
                    )
                continue
            for x, v in points:
                if v is not None:
                    ax.annotate(
                        slide.format_value(v, lang),
                        (x, v),
                        xytext=(0, 12),
                        textcoords="offset points",
                        ha="center",
                        fontsize=theme.CHART_PT,
                        weight="bold",
                    )
        many = len(slide.series) > theme.LINE_LABELS_MAX_SERIES
        ax.margins(x=0.15 if many else 0.08, y=0.2)
    elif slide.kind == "stacked_bar":
        base = [0.0] * n
        tallest = max((sum(v or 0 for v in col) for col in zip(*values, strict=True)), default=0)
        plot_height = (body.height - bottom_room - 0.45) * 72  # points
        # the smallest segment whose label fits inside it (the axis adds 12 % headroom)
        fits_label = tallest * 1.12 * (theme.CHART_PT * 1.4) / plot_height if tallest else 0
        for i, s in enumerate(slide.series):
            heights = [0.0 if math.isnan(v) else v for v in values[i]]
            bars = ax.bar(xs, heights, 0.6, bottom=base, color=theme.series_colour(i), label=s.name)
            for bar, v in zip(bars, s.values, strict=True):
                if v and v >= fits_label:  # a thin segment: its value is in the table
                    ax.text(
                        bar.get_x() + bar.get_width() / 2,
                        bar.get_y() + bar.get_height() / 2,
                        slide.format_value(v, lang),
                        ha="center",
                        va="center",
                        fontsize=theme.CHART_PT - 2,
                        color=_label_colour(theme.series_colour(i)),
                    )
            base = [b + h for b, h in zip(base, heights, strict=True)]
        for x, total in zip(xs, base, strict=True):
            ax.annotate(
                slide.format_value(total, lang),
                (x, total),
                xytext=(0, 4),
                textcoords="offset points",
                ha="center",
                va="bottom",
                fontsize=theme.CHART_PT,
                weight="bold",
            )
        ax.margins(y=0.12)
    else:  # grouped bar
        k = len(slide.series)
        width = 0.8 / k
        for i, s in enumerate(slide.series):
            offsets = [x - 0.4 + width * (i + 0.5) for x in xs]
            heights = [0.0 if math.isnan(v) else v for v in values[i]]
            bars = ax.bar(offsets, heights, width, color=theme.series_colour(i), label=s.name)
            for bar, v in zip(bars, s.values, strict=True):
                ax.annotate(
                    slide.format_value(v, lang),
                    (bar.get_x() + bar.get_width() / 2, bar.get_height()),
                    xytext=(0, 4),
                    textcoords="offset points",
                    ha="center",
                    va="bottom",
                    fontsize=theme.CHART_PT - 2,
                    weight="bold",
                )
        ax.margins(y=0.15)
    category_width = plot_width / max(n, 1)
    ax.set_xticks(
        xs, [wrap_text(c, category_width - 0.2, theme.CHART_PT - 2) for c in slide.categories]
    )
    ax.tick_params(labelsize=theme.CHART_PT - 2, length=0)
    ax.set_title(
        t("briefing.unit_label", lang, unit=slide.unit), loc="left", fontsize=theme.CHART_PT - 2
    )
    lowest = min((v for s in slide.series for v in s.values if v is not None), default=0)
    ax.set_ylim(bottom=0 if lowest >= 0 else ax.get_ylim()[0])  # no axis below 0 for counts
    ax.yaxis.set_major_formatter(_value_formatter(slide, lang))
    if slide.decimals == 0:
        from matplotlib.ticker import MaxNLocator

        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.grid(axis="y", color=theme.GRID, linewidth=0.8)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    if legend:
        handles, names = ax.get_legend_handles_labels()
        if slide.kind == "stacked_bar":  # top of the stack first, as the bars read
            handles, names = handles[::-1], names[::-1]
        # smaller type for many series, so the legend stays beside the plot
        plot_height = body.height - bottom_room - 0.45
        size = theme.CHART_PT - 2
        while True:
            wrapped = [wrap_text(name, LEGEND_WIDTH_IN - 0.9, size) for name in names]
            lines = sum(w.count("\n") + 1 for w in wrapped)
            needed = (lines * 1.25 + 0.9 * (len(wrapped) - 1)) * size / 72
            if needed <= plot_height or size <= 10:
                break
            size -= 1
        ax.legend(
            handles,
            wrapped,
            loc="center left",
            bbox_to_anchor=(1.02, 0.5),
            fontsize=size,
            frameon=False,
            labelspacing=0.9,
        )
    _drop_crowded_labels(fig, ax)


def _drop_crowded_labels(fig, ax) -> None:
    """Leave out value labels that would print over one already placed (lines close
    together); the slide's table and the CSV carry every value."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    placed: list[Bbox] = []
    for label in list(ax.texts):
        box = label.get_window_extent(renderer)
        if any(box.overlaps(other) for other in placed):
            label.remove()
        else:
            placed.append(box)


def _value_formatter(slide: ChartSlide, lang: str):
    from matplotlib.ticker import FuncFormatter

    return FuncFormatter(lambda v, _pos: slide.format_value(v, lang))


def _label_colour(fill: str) -> str:
    """Black or white, whichever reads better on ``fill``."""
    r, g, b = (int(fill[i : i + 2], 16) for i in (1, 3, 5))
    return theme.TEXT if 0.299 * r + 0.587 * g + 0.114 * b > 150 else "#FFFFFF"


def _draw_doughnut(fig, slide: ChartSlide, lang: str) -> None:
    body = theme.BODY_BOX
    ax = fig.add_axes(
        (body.left / W, 1 - (body.top + body.height) / H, body.width * 0.5 / W, body.height / H)
    )
    series = slide.series[0]
    shown = [(c, v) for c, v in zip(slide.categories, series.values, strict=True) if v]
    colours = [
        theme.series_colour(slide.categories.index(c)) for c, _ in shown
    ]  # same colour per category as PowerPoint
    wedges, _ = ax.pie(
        [v for _, v in shown],
        colors=colours,
        startangle=90,
        counterclock=False,
        wedgeprops={"width": 0.38, "edgecolor": "#FFFFFF", "linewidth": 2},
    )
    total = sum(v for _, v in shown)
    ax.text(
        0,
        0,
        slide.format_value(total, lang),
        ha="center",
        va="center",
        fontsize=theme.KPI_VALUE_PT - 16,
        weight="bold",
    )
    ax.set_aspect("equal")
    labels = [
        wrap_text(f"{c}　{slide.format_value(v, lang)}", body.width * 0.45, theme.CHART_PT)
        for c, v in zip(slide.categories, series.values, strict=True)
    ]
    from matplotlib.patches import Patch

    handles = [
        Patch(facecolor=theme.series_colour(i), label=label) for i, label in enumerate(labels)
    ]
    fig.legend(
        handles=handles,
        loc="center left",
        bbox_to_anchor=((body.left + body.width * 0.52) / W, 1 - (body.top + body.height / 2) / H),
        fontsize=theme.CHART_PT,
        frameon=False,
        labelspacing=1.0,
    )


def _draw_table(fig, slide: TableSlide) -> None:
    from matplotlib.patches import Rectangle

    body = theme.BODY_BOX
    ax = _body_axes(fig, body)
    n_rows = len(slide.rows) + 1
    size = theme.TABLE_PT if n_rows <= 8 else max(MIN_TABLE_PT, theme.TABLE_PT - (n_rows - 8))
    pad = 0.08
    grid = [list(slide.columns), *[list(r) for r in slide.rows]]
    widths = column_widths(slide.columns, slide.rows, size, pad, body.width)
    # A word (or a number with its unit, which never breaks) wider than its column: the
    # columns were squeezed to fit the page; a smaller size gives every word its room.
    while size > MIN_TABLE_PT and any(
        widest_line(cell, widths[c] - 2 * pad, size, bold=r == 0) > widths[c] - 2 * pad
        for r, row in enumerate(grid)
        for c, cell in enumerate(row)
    ):
        size -= 1
        widths = column_widths(slide.columns, slide.rows, size, pad, body.width)
    line_h = size * 1.35 / 72
    wrapped = [  # the header row is bold, and bold runs wider
        [wrap_text(cell, widths[c] - 2 * pad, size, bold=r == 0) for c, cell in enumerate(row)]
        for r, row in enumerate(grid)
    ]
    heights = [max(c.count("\n") + 1 for c in row) * line_h + 2 * pad for row in wrapped]
    scale = min(1.0, body.height / sum(heights))
    y = 0.0
    for r, row in enumerate(wrapped):
        h = heights[r] * scale
        x = 0.0
        for c, cell in enumerate(row):
            fill = (
                theme.TABLE_HEADER_FILL
                if r == 0
                else (theme.TABLE_BAND_FILL if r % 2 == 0 else theme.BACKGROUND)
            )
            ax.add_patch(
                Rectangle((x, y), widths[c], h, facecolor=fill, edgecolor=theme.GRID, linewidth=0.8)
            )
            right = c not in slide.label_columns and r > 0
            ax.text(
                x + widths[c] - pad if right else x + pad,
                y + h / 2,
                cell,
                fontsize=size * scale if scale < 1 else size,
                ha="right" if right else "left",
                va="center",
                weight="bold" if r == 0 else "normal",
                color=theme.TABLE_HEADER_TEXT if r == 0 else theme.TEXT,
                gid=TABLE_CELL,
            )
            x += widths[c]
        y += h


def _draw_image(fig, slide: ImageSlide) -> None:
    from PIL import Image

    body = theme.BODY_BOX
    ax = fig.add_axes(
        (body.left / W, 1 - (body.top + body.height) / H, body.width / W, body.height / H)
    )
    with Image.open(io.BytesIO(slide.png)) as image:
        ax.imshow(image.convert("RGB"), interpolation="lanczos")
    ax.set_axis_off()
    ax.set_anchor("N")
