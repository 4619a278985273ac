"""One view model for a headline figure: the card the pages, the briefing, the PowerPoint
and the PDF all show.

A :class:`Card` holds finished text in the reader's language plus the raw number
it was worded from, so every renderer shows the same label, value, period, note and
⚠ mark without formatting anything again. Feature view modules build cards
(:func:`safetynet.figures.figure_card`, :mod:`safetynet.overview`,
:mod:`safetynet.staffing.views`); ``components/kpi.py`` draws them on a page and
``safetynet/briefing`` puts them on slides.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

SOURCE_SEP = " ; "  # between two sources on one line
CAPTION_SEP = " · "  # between the parts of a card's caption
FLAG = "⚠"  # marks a reading (推定) rather than a figure the source states


@dataclass(frozen=True)
class Card:
    """One headline figure as the reader sees it.

    ``label`` carries the unit or period when the value cannot (``核定員額（第一期）``);
    ``value`` is the figure as shown (``96.2%``, ``無資料``); ``raw`` the number behind it
    (``None`` when unknown); ``period`` when it applies (``109年``, ``107–110年``,
    "year not stated"); ``detail`` a working line (``305 / 317``) or a kind
    ("published"); ``note`` the data's note in the reader's language; ``help`` what
    the figure means (shown with the source on hover); ``flagged`` that the figure is
    a reading (⚠ 推定), not stated by the source.
    """

    label: str
    value: str
    raw: float | None = None
    unit: str = ""
    period: str = ""
    source: str = ""
    note: str = ""
    detail: str = ""
    help: str = ""
    flagged: bool = False

    @property
    def caption(self) -> str:
        """The line under the figure: detail, period and note, each once; a flagged card
        whose note does not already start with ⚠ gets the mark first."""
        parts = list(dict.fromkeys(p for p in (self.detail, self.period, self.note) if p))
        if self.flagged and not any(p.lstrip().startswith(FLAG) for p in parts):
            parts.insert(0, FLAG)
        return CAPTION_SEP.join(parts)

    @property
    def hover(self) -> str:
        """What the figure means and where it comes from, for a help tooltip."""
        return CAPTION_SEP.join(p for p in (self.help, self.source) if p)


def join_sources(sources: Iterable[str | None]) -> str:
    """Distinct sources in their first order, joined on one line; blanks dropped."""
    return SOURCE_SEP.join(dict.fromkeys(s for s in sources if s))
