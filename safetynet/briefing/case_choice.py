"""What the briefing's case-analysis section shows: the reader's choice (dataset, band set,
release) and the two views computed for it. The deck model holds these; the section
(:mod:`safetynet.briefing.sections.cases`) computes and draws them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from safetynet.cases.analysis import Scope, View
from safetynet.cases.bands import BandSet, parse_bands
from safetynet.cases.suppression import DEFAULT_THRESHOLD


@dataclass(frozen=True)
class CaseChoice:
    """What the briefing shows of the case records (hashable: part of the deck's cache key).

    ``band_name`` is the chosen band set's name as the reader sees it (a preset's
    name, 「已存：…」, 「自訂」); ``imported`` the day of the dataset's latest import
    (empty when unknown); ``revision`` the case store's revision.
    """

    dataset: str
    band_name: str
    bands_text: str
    public: bool = True
    threshold: int = DEFAULT_THRESHOLD
    imported: str = ""
    revision: int = 0

    @property
    def bands(self) -> BandSet:
        return parse_bands(self.bands_text)


@dataclass(frozen=True)
class CaseViews:
    """The two views the section shows, computed for one city, year and choice."""

    choice: CaseChoice
    scope: Scope
    persons: View  # persons by age band × sex
    cases: View  # cases by district
    period: tuple[date, date] | None = None  # the dataset's first and last referral day
