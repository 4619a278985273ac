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
validation can refuse the cell (see :mod:`safetynet.validation`).
"""

from __future__ import annotations

import html
import re
import unicodedata

# Every ASCII punctuation character may be backslash-escaped in CommonMark;
# these are the ones Markdown, GitHub's extensions or Streamlit's own
# (``:red[…]``, ``:material/…:``, ``$math$``) give a meaning to.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&@=\"'^])")
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
    return _MARKDOWN_SPECIAL.sub(r"\\\1", _text(value))


def escape_html(value: object) -> str:
    """``value`` as HTML text (also safe in a quoted attribute).

    Line breaks become character references, so a value inside an HTML block
    of ``st.markdown(..., unsafe_allow_html=True)`` cannot end the block with
    a blank line and have the rest read as Markdown.
    """
    return html.escape(_text(value), quote=True).replace("\n", "&#10;").replace("\r", "&#13;")


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
