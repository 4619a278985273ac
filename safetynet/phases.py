"""The programme's phases as data: which phases exist, their years and names.

Phases live in each city's ``phases`` table (number, names, first and last
year, source), so a new phase is an import, not a code change. Everything
that knows phases reads them from there: staffing periods (``phase3``,
``phase1_2``), the indicators' and network agencies' ``phase`` column, the
planner's horizon, the current phase on the overview. A phase's national
figures (``phase_national_figures``) are national context, never the city's
own targets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd

from safetynet.cards import Card
from safetynet.formatting import format_year, format_year_range, is_missing
from safetynet.i18n import t

_PHASE_PERIOD = re.compile(r"^phase([1-9][0-9]*(?:_[1-9][0-9]*)*)$")
_YEAR_PERIOD = re.compile(r"^y([0-9]{4})$")
_ZH_NUMERALS = "〇一二三四五六七八九"


@dataclass(frozen=True)
class Phase:
    """One phase of the programme: its number, names and years (inclusive)."""

    number: int
    name_zh: str
    name_en: str
    year_from: int
    year_to: int
    source: str = ""

    def name(self, lang: str) -> str:
        return self.name_zh if lang == "zh" else self.name_en

    def covers(self, year: int) -> bool:
        return self.year_from <= year <= self.year_to


def load_phases(frame: pd.DataFrame | None) -> tuple[Phase, ...]:
    """The phases of a ``phases`` table, in number order (none for an empty or missing table)."""
    if frame is None or frame.empty:
        return ()
    rows = frame.sort_values("phase", kind="stable")
    return tuple(
        Phase(
            int(r["phase"]),
            str(r["name_zh"]),
            str(r["name_en"]),
            int(r["year_from"]),
            int(r["year_to"]),
            str(r["source"]),
        )
        for r in rows.to_dict("records")
    )


def phase_years(frame: pd.DataFrame | None) -> dict[int, tuple[int, int]]:
    """``{phase number: (first year, last year)}`` of a ``phases`` table."""
    return {p.number: (p.year_from, p.year_to) for p in load_phases(frame)}


def phase_on(phases: tuple[Phase, ...], day: date) -> Phase | None:
    """The phase running on ``day`` (by its calendar year), if any."""
    return next((p for p in phases if p.covers(day.year)), None)


def current_phase_card(phases: tuple[Phase, ...], today: date, lang: str, style: str) -> Card:
    """The phase running on ``today`` as a card: its name, years and source, or that none runs."""
    caption = t("phase.current_caption", lang, today=format_year(today.year, style, lang))
    current = phase_on(phases, today)
    if current is None:
        return Card(t("phase.current", lang), t("phase.none_current", lang), detail=caption)
    years = format_year_range(current.year_from, current.year_to, style, lang)
    return Card(
        t("phase.current", lang),
        current.name(lang),
        raw=current.number,
        source=current.source,
        detail=f"{years} · {caption}",
    )


def last_phase_year(phases: tuple[Phase, ...]) -> int | None:
    """The last year of any phase: how far plans reach."""
    return max((p.year_to for p in phases), default=None)


def period_phases(period: str) -> tuple[int, ...] | None:
    """The phase numbers a staffing period names (``phase1_2`` → (1, 2)); ``None`` if none."""
    match = _PHASE_PERIOD.match(period)
    return None if match is None else tuple(int(n) for n in match.group(1).split("_"))


def period_year(period: str) -> int | None:
    """The year of a yearly staffing period (``y2019`` → 2019), else ``None``."""
    match = _YEAR_PERIOD.match(period)
    return None if match is None else int(match.group(1))


def phase_word(number: int, lang: str) -> str:
    """「第二期」 / "Phase 2": the generic name of a phase number (when no name is stored)."""
    if lang != "zh":
        return t("phase.generic", lang, n=number)
    if number < 10:
        word = _ZH_NUMERALS[number]
    elif number < 20:
        word = "十" + (_ZH_NUMERALS[number % 10] if number % 10 else "")
    else:
        word = str(number)
    return t("phase.generic", lang, n=word)


def _joined_words(numbers: tuple[int, ...], lang: str) -> str:
    if lang == "zh":
        words = [phase_word(n, lang).removeprefix("第").removesuffix("期") for n in numbers]
        return f"第{'、'.join(words)}期"
    consecutive = list(numbers) == list(range(numbers[0], numbers[-1] + 1))
    listed = f"{numbers[0]}–{numbers[-1]}" if consecutive else ", ".join(map(str, numbers))
    return t("phase.generic_many", lang, n=listed)


def phase_name(number: int, phases: tuple[Phase, ...], lang: str) -> str:
    """A phase's stored name in ``lang``, or its generic name when the table lacks it."""
    found = next((p for p in phases if p.number == number), None)
    return found.name(lang) if found is not None else phase_word(number, lang)


def period_label(period: str, lang: str, phases: tuple[Phase, ...] = ()) -> str:
    """A staffing period as a reader names it: a phase's name, phases joined, 現有人力, a year."""
    numbers = period_phases(period)
    if numbers is not None:
        names = [phase_name(n, phases, lang) for n in numbers]
        if len(names) > 1 and names == [phase_word(n, lang) for n in numbers]:
            return _joined_words(numbers, lang)  # 「第一、二期」, "Phases 1–2"
        return t("phase.join", lang).join(names)
    year = period_year(period)
    if year is not None:
        return str(year)
    return t(f"period.{period}", lang)


def phases_table(
    phases: tuple[Phase, ...], lang: str, year_style: str, today: date
) -> pd.DataFrame:
    """The phases as a reader sees them: number, name, years, whether it runs today, source."""
    current = phase_on(phases, today)
    return pd.DataFrame(
        {
            t("phase.col.number", lang): [p.number for p in phases],
            t("phase.col.name", lang): [p.name(lang) for p in phases],
            t("col.years", lang): [
                format_year_range(p.year_from, p.year_to, year_style, lang) for p in phases
            ],
            t("phase.col.status", lang): [
                t("phase.status.current", lang)
                if p == current
                else t("phase.status.past" if p.year_to < today.year else "phase.status.next", lang)
                for p in phases
            ],
            t("source", lang): [p.source for p in phases],
        }
    )


@dataclass(frozen=True)
class NationalFigure:
    """One national figure of a phase (or, without a value, one of its named strategies)."""

    figure_id: str
    label_zh: str
    label_en: str
    value: float | None
    unit: str | None
    unit_en: str | None
    year: int | None
    source: str
    note: str | None

    def label(self, lang: str) -> str:
        return self.label_zh if lang == "zh" else self.label_en

    def unit_in(self, lang: str) -> str:
        return (self.unit if lang == "zh" else self.unit_en) or ""


def national_figures(frame: pd.DataFrame | None, phase: int) -> tuple[NationalFigure, ...]:
    """The stored national figures of ``phase``, in table order."""
    if frame is None or frame.empty:
        return ()
    rows = frame[frame["phase"] == phase]

    def opt(value: object) -> Any:
        return None if is_missing(value) else value

    return tuple(
        NationalFigure(
            str(r["figure_id"]),
            str(r["label_zh"]),
            str(r["label_en"]),
            None if opt(r["value"]) is None else float(r["value"]),
            opt(r["unit"]),
            opt(r["unit_en"]),
            None if opt(r["year"]) is None else int(r["year"]),
            str(r["source"]),
            opt(r["note"]),
        )
        for r in rows.to_dict("records")
    )


@dataclass(frozen=True)
class CityPhaseFigures:
    """What the city itself has entered for a phase; ``None`` where it has entered nothing."""

    phase: int
    approved_posts: int | None  # approved or new posts of the phase, over its agencies
    indicators: int | None  # indicators of the phase


def city_phase_figures(
    staffing: pd.DataFrame, indicators: pd.DataFrame, phase: int
) -> CityPhaseFigures:
    """The city's own posts and indicators of ``phase`` (無資料 until an editor enters them).

    Either table may be added up per group (a ``rows`` column, as
    :meth:`~safetynet.storage.store.Store.summary` gives: ``staffing`` with its posts
    summed per period and measure, ``indicators`` per phase): the same figures.
    """
    period = f"phase{phase}"
    rows = staffing[(staffing["period"] == period) & staffing["measure"].isin(("approved", "new"))]
    if not len(indicators):
        count = 0
    elif "rows" in indicators:
        count = int(indicators.loc[indicators["phase"] == phase, "rows"].sum())
    else:
        count = int((indicators["phase"] == phase).sum())
    return CityPhaseFigures(
        phase=phase,
        approved_posts=int(rows["posts"].sum()) if len(rows) else None,
        indicators=count or None,
    )


@dataclass(frozen=True)
class PhaseContext:
    """A phase with national figures: those figures and the city's own of that phase."""

    phase: Phase
    national: tuple[NationalFigure, ...]
    own: CityPhaseFigures


def phase_contexts(
    phases: pd.DataFrame,
    national: pd.DataFrame,
    staffing: pd.DataFrame,
    indicators: pd.DataFrame,
) -> tuple[PhaseContext, ...]:
    """Every phase that has national figures, in phase order, with the city's own figures
    beside them (see :func:`city_phase_figures` for the two tables' accepted shapes).

    One pure function of the four tables, so a page computes it once per store revision
    instead of filtering the tables for every phase on every rerun."""
    contexts = []
    for phase in load_phases(phases):
        figures = national_figures(national, phase.number)
        if figures:
            own = city_phase_figures(staffing, indicators, phase.number)
            contexts.append(PhaseContext(phase, figures, own))
    return tuple(contexts)
