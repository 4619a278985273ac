"""Age bands a user types, checked, with the presets a bureau reaches for first.

The national platform can only split its cases into 兒少 (0–17) and 成人
(18+); Kaohsiung's report asks for any range (「幾歲～幾歲」). A band set is
typed as a list, e.g. ``0-2, 3-5, 6-11, 12-17, 18-24, 25-64, 65+``, and read
the way people write it: full-width digits and punctuation, 「～」「~」「至」
「到」 between the ages, 「歲」 after them, 「以上」 or 「+」 for an open end,
separated by commas, 「、」, semicolons or new lines.

Ages are whole years at referral (what the case store keeps). A set is
checked as a whole:

- **errors** make it unusable: text that is not a band, a band whose first
  age is above its last or above :data:`MAX_AGE`, two bands that overlap (a
  person would be counted twice), more than :data:`MAX_BANDS` bands;
- **warnings** leave it usable but say who is left out: ages below the first
  band, between two bands (a gap), or above the last band when no band is
  open-ended. Persons outside every band are not counted, and every total
  of such a set is the total of its bands.

Every message names the bands it is about, in zh and en.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from safetynet.i18n import t

MAX_AGE = 120  # the oldest age the case format accepts
MAX_BANDS = 30


@dataclass(frozen=True, order=True)
class AgeBand:
    """Ages ``low``–``high`` in whole years at referral; ``high`` None is open-ended (65+)."""

    low: int
    high: int | None

    @property
    def label(self) -> str:
        """The band as typed and as stored in results: ``0-2``, ``65+``."""
        return f"{self.low}+" if self.high is None else f"{self.low}-{self.high}"

    def display(self, lang: str) -> str:
        """The band as a reader sees it: ``0–2歲`` / ``65歲以上``; ``0–2`` / ``65+`` in en."""
        if self.high is None:
            return f"{self.low}歲以上" if lang == "zh" else f"{self.low}+"
        if self.high == self.low:
            return f"{self.low}歲" if lang == "zh" else str(self.low)
        return f"{self.low}–{self.high}歲" if lang == "zh" else f"{self.low}–{self.high}"

    @property
    def top(self) -> int:
        """The band's last age (an open end reaches :data:`MAX_AGE`)."""
        return MAX_AGE if self.high is None else self.high


@dataclass(frozen=True)
class BandProblem:
    """One thing wrong with a band set; ``code`` is ``bands.problem.<code>`` in i18n."""

    code: str
    error: bool
    params: tuple[tuple[str, object], ...] = ()

    def text(self, lang: str) -> str:
        return t(f"bands.problem.{self.code}", lang, **dict(self.params))


@dataclass(frozen=True)
class BandSet:
    """Age bands in order, with the text they are typed as; usable when it has no errors."""

    bands: tuple[AgeBand, ...]
    problems: tuple[BandProblem, ...] = ()

    @property
    def ok(self) -> bool:
        return bool(self.bands) and not any(p.error for p in self.problems)

    @property
    def errors(self) -> list[BandProblem]:
        return [p for p in self.problems if p.error]

    @property
    def warnings(self) -> list[BandProblem]:
        return [p for p in self.problems if not p.error]

    @property
    def text(self) -> str:
        """The canonical text: ``0-2, 3-5, 65+`` (what is saved and shown in the editor)."""
        return ", ".join(b.label for b in self.bands)

    @property
    def labels(self) -> list[str]:
        return [b.label for b in self.bands]

    def display(self, label: str, lang: str) -> str:
        """A band's reader label from its stored label (``0-2`` → ``0–2歲``)."""
        for band in self.bands:
            if band.label == label:
                return band.display(lang)
        return label

    def band(self, label: str) -> AgeBand:
        return next(b for b in self.bands if b.label == label)

    @property
    def covers_all_ages(self) -> bool:
        return self.ok and not self.warnings


# -- reading what a user types -------------------------------------------------------------
_SEPARATORS = re.compile(r"[,;、\n\r\t]+")
_RANGE = re.compile(r"^(\d{1,3})(?:-|~|至|到)(\d{1,3})$")
_OPEN = re.compile(r"^(\d{1,3})(?:\+|以上|andover|andolder|orover|orolder)$")
_SINGLE = re.compile(r"^(\d{1,3})$")
_WORDS = re.compile(r"歲|岁|years?|yrs?|y\.?o\.?|及|\s")
# Dashes and waves NFKC leaves alone: en/em dashes, minus sign, wave dash 〜.
_DASHES = str.maketrans({"–": "-", "—": "-", "−": "-", "‒": "-", "〜": "~", "∼": "~"})


def _normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").translate(_DASHES).lower()


def _band_of_token(token: str) -> AgeBand | None:
    compact = _WORDS.sub("", token)
    if match := _RANGE.match(compact):
        return AgeBand(int(match[1]), int(match[2]))
    if match := _OPEN.match(compact):
        return AgeBand(int(match[1]), None)
    if match := _SINGLE.match(compact):
        return AgeBand(int(match[1]), int(match[1]))
    return None


def parse_bands(text: str) -> BandSet:
    """Read a typed band set and check it; the bands come back sorted by first age."""
    tokens = [s.strip() for s in _SEPARATORS.split(_normalise(text)) if s.strip()]
    problems: list[BandProblem] = []
    bands: list[AgeBand] = []
    for token in tokens:
        band = _band_of_token(token)
        if band is None:
            problems.append(BandProblem("unreadable", True, (("token", token),)))
        else:
            bands.append(band)
    if not tokens:
        problems.append(BandProblem("empty", True))
    return BandSet(tuple(sorted(bands)), tuple(problems) + tuple(check_bands(bands)))


def check_bands(bands: Sequence[AgeBand]) -> list[BandProblem]:
    """Errors and warnings of a set of bands (see the module docstring)."""
    problems: list[BandProblem] = []
    if len(bands) > MAX_BANDS:
        problems.append(BandProblem("too_many", True, (("n", len(bands)), ("max", MAX_BANDS))))
    valid = []
    for band in bands:
        if band.low > MAX_AGE or (band.high is not None and band.high > MAX_AGE):
            problems.append(BandProblem("too_old", True, (("band", band.label), ("max", MAX_AGE))))
        elif band.high is not None and band.low > band.high:
            problems.append(BandProblem("reversed", True, (("band", band.label),)))
        else:
            valid.append(band)
    ordered = sorted(valid)
    for a, b in zip(ordered, ordered[1:], strict=False):
        if b.low <= a.top:
            high = min(a.top, b.top)
            open_end = high == MAX_AGE and (a.high is None or b.high is None)
            ages = f"{b.low}+" if open_end else _ages(b.low, high)
            problems.append(
                BandProblem("overlap", True, (("a", a.label), ("b", b.label), ("ages", ages)))
            )
    if problems or not ordered:
        return problems
    first, last = ordered[0], ordered[-1]
    if first.low > 0:
        problems.append(
            BandProblem("below", False, (("band", first.label), ("ages", _ages(0, first.low - 1))))
        )
    for a, b in zip(ordered, ordered[1:], strict=False):
        if b.low > a.top + 1:
            problems.append(
                BandProblem(
                    "gap",
                    False,
                    (("a", a.label), ("b", b.label), ("ages", _ages(a.top + 1, b.low - 1))),
                )
            )
    if last.high is not None and last.high < MAX_AGE:
        problems.append(
            BandProblem("no_open_end", False, (("band", last.label), ("age", last.high + 1)))
        )
    return problems


def _ages(low: int, high: int) -> str:
    return str(low) if low == high else f"{low}–{high}"


def band_set(*labels: str) -> BandSet:
    """A band set from its labels, checked (for presets and tests): ``band_set("0-17", "18+")``."""
    return parse_bands(", ".join(labels))


# -- presets ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Preset:
    """A band set offered ready-made; its name is ``bands.preset.<key>`` in i18n."""

    key: str
    text: str

    @property
    def bands(self) -> BandSet:
        return parse_bands(self.text)


PRESETS: tuple[Preset, ...] = (
    # The national platform's own two groups (兒少 / 成人).
    Preset("platform", "0-17, 18+"),
    # Life stages: pre-school, primary, secondary, young adult, adult, older person.
    Preset("life_stages", "0-5, 6-11, 12-17, 18-24, 25-64, 65+"),
    # Five-year bands as population statistics are published (0–4 … 80–84, 85+).
    Preset("five_year", ", ".join([f"{a}-{a + 4}" for a in range(0, 85, 5)] + ["85+"])),
)
DEFAULT_PRESET = "life_stages"
PRESET_BY_KEY = {p.key: p for p in PRESETS}


def preset(key: str) -> BandSet:
    return PRESET_BY_KEY[key].bands
