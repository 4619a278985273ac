"""Text from the data is shown as plain text, whatever it contains.

Names, notes and sources are typed by editors or imported from files, and
the pages show them through Markdown (``st.markdown``, captions, labels,
help text) and HTML (the folium map, the offline map, the briefing). A
centre named ``[請重新登入](http://…)`` must not become a link, an image
link must not make a viewer's browser fetch anything, and ``<img onerror=…>``
must not run. Every data value that reaches Markdown goes through
:func:`escape_markdown`, every one that reaches HTML through :func:`escape_html`.

Invisible control characters (bidirectional overrides such as U+202E,
zero-width spaces, other format and control characters) make a name look
different from what it is; :func:`invisible_characters` finds them so that
validation can refuse the cell (see :mod:`safetynet.validation.schema`).
"""

from __future__ import annotations

import html
import re
import unicodedata

# Any ASCII punctuation may be backslash-escaped in CommonMark. Escaped
# anywhere: what makes links, images, HTML, emphasis, code, tables, math and
# Streamlit's ``:red[…]`` (``[`` and ``]``); ``_`` inside a word cannot
# emphasise, so ``000_a6c4.txt`` stays as it is. Escaped at the start of a
# line only: what starts a heading, list or quote. Figures such as ``96.2%``
# stay as they are.
_MARKDOWN_ANYWHERE = re.compile(r"([\\`*\[\]<>~$|&@]|(?<![^\W_])_|_(?![^\W_]))")
_MARKDOWN_LINE_START = re.compile(
    r"^([ \t]*)(#{1,6}|[-+]|\d{1,9}[.)])(?=[ \t]|$)"  # heading, list item
    r"|^([ \t]*)([-=])(?=[-= \t]*$)",  # a line of - or =: heading underline, rule
    re.MULTILINE,
)
# GitHub Markdown links bare addresses (``http://…``, ``www.…``, ``a@b.c``) after
# escapes are resolved, so a backslash does not stop it; an invisible word
# joiner inside the address does, and the text reads the same.
_BARE_ADDRESS = re.compile(r"(?i)(?<=https)(?=:)|(?<=http)(?=:)|(?<=\bwww)(?=\.)|(?<=@)")
WORD_JOINER = "\u2060"
# Characters allowed in free-text columns that hold several lines.
LINE_BREAKS = frozenset("\t\n\r")
# Unicode categories that are invisible or change how text around them is
# shown: control (Cc), format (Cf, e.g. U+202E, U+200B, U+2066), line and
# paragraph separators (Zl, Zp).
INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp"})


def _text(value: object) -> str:
    return "" if value is None else str(value)


def escape_markdown(value: object) -> str:
    """``value`` as Markdown that renders to exactly its text: no link, image, markup or math."""
    text = _MARKDOWN_ANYWHERE.sub(r"\\\1", _text(value))
    text = _BARE_ADDRESS.sub(WORD_JOINER, text)
    return _MARKDOWN_LINE_START.sub(_escape_line_start, text)


def _escape_line_start(match: re.Match[str]) -> str:
    indent = match.group(1) if match.group(2) else match.group(3)
    marker = match.group(2) or match.group(4)
    if marker[-1] in ".)":  # an ordered list: 「1. 」 or 「1) 」
        return f"{indent}{marker[:-1]}\\{marker[-1]}"
    return f"{indent}\\{marker}"


def escape_html(value: object) -> str:
    """``value`` as HTML text (also safe in a quoted attribute).

    Line breaks become character references, so a value inside an HTML block
    of ``st.markdown(..., unsafe_allow_html=True)`` cannot end the block with
    a blank line and have the rest read as Markdown.
    """
    return html.escape(_text(value), quote=True).replace("\n", "&#10;").replace("\r", "&#13;")


# plotly draws ``<a href>`` in any label, name or category as a live link (it
# shows <img> and <script> as nothing); its other tags only style the text.
_CHART_LINK = re.compile(r"<(?=\s*/?\s*a[\s>])", re.IGNORECASE)


def unlink_chart_text(value: object) -> object:
    """A string for a plotly figure with any ``<a>`` tag shown as text, not drawn as a link."""
    return _CHART_LINK.sub("&lt;", value) if isinstance(value, str) else value


def unlink_chart(spec: object) -> object:
    """A plotly figure's JSON (dicts, lists, strings) with :func:`unlink_chart_text` applied."""
    if isinstance(spec, dict):
        return {key: unlink_chart(item) for key, item in spec.items()}
    if isinstance(spec, list | tuple):
        return [unlink_chart(item) for item in spec]
    return unlink_chart_text(spec)


def one_html_block(markup: str) -> str:
    """HTML for ``st.markdown(..., unsafe_allow_html=True)`` with no blank line in it.

    A blank line ends a Markdown HTML block; what follows would be read as
    Markdown (links, images). Line breaks inside cells of a table built by
    pandas are the usual way one gets there.
    """
    return re.sub(r"\n\s*\n", "\n", markup)


def invisible_characters(text: str, allowed: frozenset[str] = frozenset()) -> list[str]:
    """The invisible control characters in ``text`` (each once, in order), as ``U+202E``."""
    found: list[str] = []
    for char in text:
        if char in allowed or unicodedata.category(char) not in INVISIBLE_CATEGORIES:
            continue
        code = f"U+{ord(char):04X}"
        if code not in found:
            found.append(code)
    return found
