"""How much room a text takes on a slide, estimated from character widths: shared by the
PowerPoint and PDF exports to wrap and size their text, and by the PowerPoint layout check.

PowerPoint lays text out on the viewer's PC, so the file cannot be measured here; the
estimate counts a CJK (or full-width) character as one em and any other as a little more
than half an em (:func:`safetynet.theme.text_em`), wraps Chinese between any two
characters and Latin words at spaces, and counts a line of Noto Sans CJK as
:data:`LINE_EM` em high (the font's ascent plus descent: PowerPoint's single spacing).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from safetynet import theme
from safetynet.briefing.slide_tables import short_columns, text_em

# Closing punctuation never starts a line, opening punctuation never ends one (a simple
# 禁則 rule).
NO_LINE_START = set("）)」』】〉》、，。：；！？,.:;!?%％")
NO_LINE_END = set("（(「『【〈《")
# A line of Noto Sans CJK at single spacing, in em (ascender 1.16 + descender 0.288).
LINE_EM = 1.45
# Bold glyphs run a little wider than the regular ones the widths are counted for.
BOLD_WIDTH = 1.06
# A number and the word after it (its unit: 「1,006 people」, 「16 centres」) stay on one
# line: the space between them is taken as a no-break space while the text is wrapped.
_NUMBER_AND_WORD = re.compile(r"(\d[\d,.%]*) (?=[A-Za-z])")
NO_BREAK_SPACE = "\u00a0"


def bind_units(text: str) -> str:
    """``text`` with a no-break space between a number and the word after it."""
    return _NUMBER_AND_WORD.sub(lambda m: m.group(1) + NO_BREAK_SPACE, text)


def em(text: str, *, bold: bool = False) -> float:
    """The estimated width of ``text`` in em."""
    return theme.text_em(text) * (BOLD_WIDTH if bold else 1.0)


def wrap_text(text: str, width_in: float, size_pt: float, *, bold: bool = False) -> str:
    """Break ``text`` into lines no wider than ``width_in`` at ``size_pt`` (CJK-aware).

    Chinese breaks between any two characters; Latin words break at spaces, but never
    between a number and its unit (:func:`bind_units`). A Latin word wider than the line
    stays whole (on a line of its own): see :func:`widest_line`.
    """
    limit = width_in * 72 / size_pt  # in em
    lines: list[str] = []
    for paragraph in bind_units(text).split("\n"):
        line = ""
        for ch in paragraph:
            if line and em(line + ch, bold=bold) > limit:
                if ch == " ":
                    lines.append(line)
                    line = ""
                    continue
                if theme.text_em(ch) < 1 and _in_word(line[-1]):  # inside a Latin word
                    start = len(line)
                    while start > 0 and _in_word(line[start - 1]):
                        start -= 1
                    while start > 1 and line[start - 1] in NO_LINE_END:  # 「（」 with it
                        start -= 1
                    if start > 0:  # the word moves down whole; alone, it stays whole
                        lines.append(line[:start].rstrip())
                        line = line[start:]
                elif ch in NO_LINE_START:  # the character before moves down with it
                    k = len(line) - 1
                    while k > 0 and (line[k] in NO_LINE_START or line[k - 1] in NO_LINE_END):
                        k -= 1
                    if k > 0:
                        lines.append(line[:k])
                        line = line[k:]
                else:  # an opening bracket moves down to what it opens
                    k = len(line)
                    while k > 1 and line[k - 1] in NO_LINE_END:
                        k -= 1
                    lines.append(line[:k])
                    line = line[k:]
            line += ch
        lines.append(line)
    return "\n".join(lines).replace(NO_BREAK_SPACE, " ")


def _in_word(ch: str) -> bool:
    """Whether ``ch`` belongs to a Latin word (or number), which breaks only at a space."""
    return ch != " " and theme.text_em(ch) < 1


def line_count(text: str, width_in: float, size_pt: float, *, bold: bool = False) -> int:
    """Lines ``text`` takes wrapped to ``width_in`` at ``size_pt``."""
    return wrap_text(text, width_in, size_pt, bold=bold).count("\n") + 1


def text_height(
    text: str, width_in: float, size_pt: float, *, bold: bool = False, spacing: float = LINE_EM
) -> float:
    """Inches ``text`` takes wrapped to ``width_in`` at ``size_pt``."""
    return line_count(text, width_in, size_pt, bold=bold) * size_pt * spacing / 72


def widest_line(text: str, width_in: float, size_pt: float, *, bold: bool = False) -> float:
    """Inches the widest line of ``text`` wrapped to ``width_in`` takes (more than
    ``width_in`` when a word does not fit: PowerPoint would then break it inside)."""
    lines = wrap_text(text, width_in, size_pt, bold=bold).split("\n")
    return max(em(line.strip(), bold=bold) for line in lines) * size_pt / 72


def fit_size(
    text: str,
    width_in: float,
    height_in: float,
    max_pt: float,
    min_pt: float,
    *,
    bold: bool = False,
    spacing: float = LINE_EM,
    step: float = 0.5,
) -> float:
    """The largest size from ``max_pt`` down to ``min_pt`` at which ``text`` wrapped to
    ``width_in`` fits ``height_in`` with no word wider than the line (``min_pt`` if none)."""
    size = max_pt
    while size > min_pt:
        fits_height = text_height(text, width_in, size, bold=bold, spacing=spacing) <= height_in
        if fits_height and widest_line(text, width_in, size, bold=bold) <= width_in:
            return size
        size -= step
    return min_pt


def column_widths(
    columns: Sequence[str], rows: Sequence[Sequence[str]], size: float, pad: float, total: float
) -> list[float]:
    """Column widths in inches: a short column (無資料, 達成, numbers) as wide as its widest
    cell and its header's longest word, so it never wraps; the long columns share the
    rest in proportion to their longest cell."""
    inch = size / 72  # one em
    short = short_columns(columns, rows)
    need, word = [], []  # widest cell; widest word (a column never narrower)
    for c, header in enumerate(columns):
        texts = [header, *(row[c] for row in rows)]
        # Latin words and numbers do not break; Chinese breaks between any two characters
        # (a number with its unit is one word)
        words = [w for text in texts for w in re.findall(r"[!-~\u00a0]+", bind_units(text))]
        words = words or [""]
        word.append(max(text_em(w) for w in words) * inch + 2 * pad + 0.06)
        widest = max(text_em(v) for v in texts[1:]) if len(rows) else 0.0
        head = min(text_em(header), 4.0) * inch + 2 * pad + 0.06  # a header on two lines at most
        need.append(max(widest * inch + 2 * pad + 0.06, word[-1], head))
    fixed = sum(w for w, s in zip(need, short, strict=True) if s)
    if fixed > total * 0.75 or all(short):  # every column at its width, stretched to fit
        return [w * total / sum(need) for w in need]
    room = total - fixed
    long_need = sum(w for w, s in zip(need, short, strict=True) if not s)
    widths = [
        w if s else max(room * w / long_need, m) for w, m, s in zip(need, word, short, strict=True)
    ]
    return [w * total / sum(widths) for w in widths]
