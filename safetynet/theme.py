"""The presentation theme, defined once: every export and the on-screen briefing use it.

High contrast (near-black on white), large type for the back of a briefing
room, Noto Sans CJK TC for Chinese and Latin alike, and a colour-blind-safe
series palette (Okabe–Ito). The PowerPoint export names the font; the PDF
export and the map image need the font file itself, found by
:func:`find_cjk_font` on this machine (``make fonts`` installs Debian's
``fonts-noto-cjk``); nothing is downloaded at run time.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

FONT_FAMILY = "Noto Sans CJK TC"
# CSS / plotly font stack: the same font first, then what a Taiwanese PC has.
FONT_STACK = f"'{FONT_FAMILY}', 'Noto Sans TC', 'Microsoft JhengHei', 'PingFang TC', sans-serif"

# Slide geometry (16:9), in inches, shared by the PowerPoint and PDF exports.
SLIDE_WIDTH_IN = 13.333
SLIDE_HEIGHT_IN = 7.5
MARGIN_IN = 0.5
TITLE_TOP_IN = 0.35
TITLE_HEIGHT_IN = 1.0
BODY_TOP_IN = 1.45
FOOTER_HEIGHT_IN = 0.75  # source line and slide number

# Type sizes in points (PowerPoint, PDF); the screen uses the same ratios.
TITLE_PT = 36
SUBTITLE_PT = 24
TABLE_PT = 18
KPI_VALUE_PT = 54
KPI_LABEL_PT = 22
KPI_CAPTION_PT = 16
CHART_PT = 18
# A line chart with more lines than this labels only each line's last value (more labels
# collide); every value stays in the chart's data sheet and its table.
LINE_LABELS_MAX_SERIES = 3
SOURCE_PT = 12

# Colours: text near-black on white, one strong accent, Okabe–Ito for series.
BACKGROUND = "#FFFFFF"
TEXT = "#111111"
MUTED_TEXT = "#333333"
ACCENT = "#0B5394"
CARD_FILL = "#EEF3F8"
TABLE_HEADER_FILL = "#0B5394"
TABLE_HEADER_TEXT = "#FFFFFF"
TABLE_BAND_FILL = "#F2F2F2"
GRID = "#BBBBBB"
SERIES_COLOURS = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#D55E00",  # vermillion
    "#F0E442",  # yellow
    "#000000",
)

# Debian's fonts-noto-cjk (what `make fonts` installs), then other common places.
CJK_FONT_CANDIDATES = (
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
    Path("/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc"),
    Path("/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc"),
    Path("/usr/share/fonts/opentype/noto/NotoSansCJKtc-Regular.otf"),
    Path("/Library/Fonts/NotoSansCJKtc-Regular.otf"),
    Path("C:/Windows/Fonts/NotoSansCJKtc-Regular.otf"),
    Path("C:/Windows/Fonts/NotoSansTC-VF.ttf"),
)


class CjkFontMissingError(RuntimeError):
    """No Noto Sans CJK font file on this machine: a PDF or map image would show tofu boxes."""

    def __init__(self) -> None:
        searched = ", ".join(str(p) for p in CJK_FONT_CANDIDATES)
        super().__init__(
            f"Noto Sans CJK TC font not found (searched {searched}); "
            "install it: make fonts (apt-get install fonts-noto-cjk)"
        )


@cache
def find_cjk_font() -> Path:
    """The Noto Sans CJK font file to render Chinese with; raises if there is none.

    Why a file: the PDF and the map picture are drawn here, so the font must be
    on this machine; PowerPoint only names the font and the viewer's PC draws it.
    """
    for path in CJK_FONT_CANDIDATES:
        if path.is_file():
            return path
    raise CjkFontMissingError()


@dataclass(frozen=True)
class SlideBox:
    """A rectangle on the slide in inches from the top-left corner."""

    left: float
    top: float
    width: float
    height: float


TITLE_BOX = SlideBox(MARGIN_IN, TITLE_TOP_IN, SLIDE_WIDTH_IN - 2 * MARGIN_IN, TITLE_HEIGHT_IN)
BODY_BOX = SlideBox(
    MARGIN_IN,
    BODY_TOP_IN,
    SLIDE_WIDTH_IN - 2 * MARGIN_IN,
    SLIDE_HEIGHT_IN - BODY_TOP_IN - FOOTER_HEIGHT_IN - 0.1,
)
FOOTER_BOX = SlideBox(
    MARGIN_IN,
    SLIDE_HEIGHT_IN - FOOTER_HEIGHT_IN,
    SLIDE_WIDTH_IN - 2 * MARGIN_IN - 1.0,
    FOOTER_HEIGHT_IN - 0.1,
)
NUMBER_BOX = SlideBox(
    SLIDE_WIDTH_IN - MARGIN_IN - 1.0, SLIDE_HEIGHT_IN - FOOTER_HEIGHT_IN, 1.0, 0.5
)


def text_em(text: str) -> float:
    """Approximate width of ``text`` in em: CJK and full-width characters 1 em, others ~0.56."""
    return sum(1.0 if ord(ch) >= 0x2E80 else 0.56 for ch in text)


def fit_size(text: str, width_in: float, max_pt: float, min_pt: float = 12) -> float:
    """The largest size up to ``max_pt`` at which ``text`` fits on one line ``width_in`` wide."""
    em = max(text_em(text), 0.1) * 1.08  # bold digits run a little wider
    return max(min_pt, min(max_pt, width_in * 72 / em))


def series_colour(i: int) -> str:
    """The i-th series colour, cycling through the palette."""
    return SERIES_COLOURS[i % len(SERIES_COLOURS)]


def matplotlib_rc() -> dict[str, object]:
    """matplotlib settings of the theme: the CJK font file registered and chosen, high contrast.

    PDF text is embedded as Type 3 glyphs (matplotlib's default): that form is
    valid for the CFF outlines of Noto Sans CJK, and the text stays searchable.
    """
    from matplotlib import font_manager

    path = find_cjk_font()
    font_manager.fontManager.addfont(str(path))
    return {
        "font.family": [FONT_FAMILY, "DejaVu Sans"],
        "pdf.fonttype": 3,
        "text.color": TEXT,
        "axes.labelcolor": TEXT,
        "axes.edgecolor": TEXT,
        "xtick.color": TEXT,
        "ytick.color": TEXT,
        "axes.unicode_minus": False,
        "svg.fonttype": "none",
    }
