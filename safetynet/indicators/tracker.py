"""Indicator targets tracker: a target for every year, the actuals, and a status per year.

The sources print only some targets: a final value ("逐年提升至57%" by the end
of the phase), a few yearly values, a value for every year ("每年低於"), or a
rule relative to last year's actual ("下降上一年度再被開案率之5%"). Directors
ask "are we on track this year?", so each indicator gets a target for every
year it is tracked. Every target says how it was obtained (``kind``):

- ``given``: printed in the source or entered by an editor (``indicator_targets``
  rows win over everything computed; the store already lets a user's row win
  over a shipped one),
- ``derived``: computed here, linear between a starting point and the next
  given target, or the last given target kept to the end of the phase,
- ``relative``: computed from the previous year's actual.

Nothing computed here is written back. The rules are described for data
maintainers in ``data/README.md``.
"""

from __future__ import annotations

import gc
import math
from array import array
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from safetynet.phases import Phase, load_phases, phase_word

# Units counted in whole numbers: derived targets for them are rounded to whole numbers.
COUNT_UNITS = frozenset({"人", "名", "處", "戶", "家", "案", "個", "場", "場次", "次"})

MET, MISSED, BEHIND, NO_DATA = "met", "missed", "behind", "no_data"
STATUSES = (MET, MISSED, BEHIND, NO_DATA)
GIVEN, DERIVED, RELATIVE = "given", "derived", "relative"

# How a year's target came about (``YearTarget.how``); the UI words each one.
HOW_TABLE = "table"  # a row of indicator_targets (printed yearly target or editor's)
HOW_FINAL = "final"  # indicators.target at indicators.target_year
HOW_EVERY_YEAR = "every_year"  # indicators.target, printed for every year
HOW_LINEAR = "linear"  # derived: linear from the previous point to the next given target
HOW_HOLD = "hold"  # derived: the last given target kept after its year
HOW_RELATIVE = "relative"  # computed from the previous year's actual
# ... and why a year has none
HOW_START_YEAR = "start_year"  # the year of the starting point itself
HOW_NO_START = "no_start"  # no baseline or earlier actual to derive from
HOW_NO_TARGET_YEAR = "no_target_year"  # the source gives no target year
HOW_NO_PREVIOUS = "no_previous_actual"  # relative target without last year's actual

_EPS = 1e-9
# The tables an indicator's track is built from.
INDICATOR_TABLES = (
    "indicators",
    "indicator_targets",
    "indicator_actuals",
    "indicator_definitions",
    "phases",
)


@dataclass(frozen=True, slots=True)
class Actual:
    """An achieved value for one year (``basis``: ``calendar`` or ``school`` year)."""

    year: int
    value: float
    basis: str = "calendar"
    source: str = ""
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Definition:
    """What the indicator counts, in the source's words."""

    text_zh: str
    text_en: str
    source: str
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Indicator:
    """One row of ``indicators`` (see data/README.md) plus its definition, if printed."""

    indicator_id: str
    phase: int
    strategy: int
    name_zh: str
    name_en: str
    unit: str
    unit_en: str
    direction: str
    target_rule: str
    target: float
    target_year: int | None = None
    baseline: float | None = None
    baseline_year: int | None = None
    agency_zh: str | None = None
    agency_en: str | None = None
    source: str = ""
    note: str | None = None
    definition: Definition | None = None
    # first and last year of its phase, from the ``phases`` table (None: phase not stored)
    phase_years: tuple[int, int] | None = None
    phase_names: tuple[str, str] | None = None  # (zh, en) from the ``phases`` table

    def phase_name(self, lang: str) -> str:
        """Its phase's stored name (「第二期計畫」), or 「第二期」 when the phase is not stored."""
        if self.phase_names is None:
            return phase_word(self.phase, lang)
        return self.phase_names[0] if lang == "zh" else self.phase_names[1]

    @property
    def is_count(self) -> bool:
        """True when the indicator counts things, so derived targets are whole numbers."""
        return self.unit in COUNT_UNITS

    def strategy_title(self) -> str:
        """The strategy's slide title from the source citation, without a ``(1/3)`` suffix."""
        _, _, title = self.source.partition(" · ")
        title = title.strip()
        if title.endswith(")") and " (" in title:
            title = title.rsplit(" (", 1)[0]
        return title


@dataclass(frozen=True, slots=True)
class YearTarget:
    """The target for one year; ``value`` is ``None`` when there is none (``how`` says why)."""

    year: int
    value: float | None
    kind: str | None
    how: str
    source: str | None = None
    note: str | None = None
    from_year: int | None = None  # linear: the year of the point the path starts from


@dataclass(frozen=True, slots=True)
class YearStatus:
    """An indicator's standing in one year.

    ``gap`` is actual − target of the compared year: the year itself, or for
    ``behind`` the year of the latest earlier actual (``compared_year``).
    """

    year: int
    status: str
    target: YearTarget
    actual: Actual | None
    gap: float | None
    compared_year: int | None


@dataclass(frozen=True, slots=True)
class StartPoint:
    """Where a derived path starts: the printed baseline or, without one, an actual."""

    year: int
    value: float
    from_baseline: bool


@dataclass(frozen=True, slots=True)
class Track:
    """One indicator over its years: targets, actuals, statuses."""

    indicator: Indicator
    years: tuple[int, ...]  # the years it is tracked (its phase, stretched to its targets)
    targets: tuple[YearTarget, ...]  # one per tracked year
    actuals: tuple[Actual, ...]  # by year, including years outside ``years``
    statuses: tuple[YearStatus, ...]  # one per tracked year
    start: StartPoint | None
    _by_year: dict[int, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_year", {y: i for i, y in enumerate(self.years)})

    def target_for(self, year: int) -> YearTarget | None:
        i = self._by_year.get(year)
        return None if i is None else self.targets[i]

    def status_for(self, year: int) -> YearStatus | None:
        i = self._by_year.get(year)
        return None if i is None else self.statuses[i]

    def actual_for(self, year: int) -> Actual | None:
        return next((a for a in self.actuals if a.year == year), None)

    @property
    def latest_actual(self) -> Actual | None:
        return self.actuals[-1] if self.actuals else None

    @property
    def chart_years(self) -> tuple[int, ...]:
        """Tracked years plus the years of the baseline and of every actual, in order."""
        extra = {a.year for a in self.actuals}
        if self.start is not None:
            extra.add(self.start.year)
        return tuple(sorted(set(self.years) | extra))

    @property
    def year_basis(self) -> str:
        """``school`` when the indicator's actuals are school years, else ``calendar``."""
        return "school" if any(a.basis == "school" for a in self.actuals) else "calendar"

    @property
    def final_target(self) -> YearTarget | None:
        """The last given target (the goal of the phase), if any."""
        given = [t for t in self.targets if t.kind == GIVEN]
        return given[-1] if given else None

    @property
    def gap_to_final(self) -> float | None:
        """Latest actual − final target; ``None`` if either is unknown or the target is relative."""
        final, latest = self.final_target, self.latest_actual
        if final is None or final.value is None or latest is None:
            return None
        if self.indicator.target_rule == "relative_to_previous":
            return None
        return latest.value - final.value

    @property
    def has_derived(self) -> bool:
        return any(t.kind == DERIVED for t in self.targets)


def meets(actual: float, target: float, direction: str) -> bool:
    """True when ``actual`` reaches ``target``: at least it (``up``) or at most it (``down``).

    Equal counts as met; the sources' 「低於」 is read as "at most".
    """
    tolerance = _EPS * max(1.0, abs(target))
    if direction == "up":
        return actual >= target - tolerance
    return actual <= target + tolerance


def _whole(value: float, direction: str) -> float:
    """A derived count target as a whole number, never easier than the exact path."""
    return float(math.ceil(value - _EPS) if direction == "up" else math.floor(value + _EPS))


def _years(ind: Indicator, given_years: Iterable[int]) -> tuple[int, ...]:
    first, last = ind.phase_years if ind.phase_years is not None else (None, None)
    years = set(given_years)
    if ind.target_year is not None:
        years.add(ind.target_year)
    if first is not None and last is not None:
        years |= set(range(first, last + 1))
    if not years:
        return ()
    return tuple(range(min(years), max(years) + 1))


def _start_point(
    ind: Indicator, actuals: tuple[Actual, ...], first_given: int | None
) -> StartPoint | None:
    if ind.baseline is not None and ind.baseline_year is not None:
        return StartPoint(ind.baseline_year, ind.baseline, from_baseline=True)
    earlier = [a for a in actuals if first_given is None or a.year < first_given]
    if earlier:
        return StartPoint(earlier[0].year, earlier[0].value, from_baseline=False)
    return None


def _given_targets(
    ind: Indicator, rows: Iterable[TargetRow], years: tuple[int, ...]
) -> dict[int, YearTarget]:
    given: dict[int, YearTarget] = {}
    if ind.target_rule == "every_year":
        last = ind.target_year if ind.target_year is not None else (years[-1] if years else None)
        for year in years:
            if last is None or year <= last:
                given[year] = YearTarget(year, ind.target, GIVEN, HOW_EVERY_YEAR, ind.source)
    elif ind.target_rule == "by_target_year" and ind.target_year is not None:
        given[ind.target_year] = YearTarget(
            ind.target_year, ind.target, GIVEN, HOW_FINAL, ind.source
        )
    for year, target, source, note in rows:
        given[year] = YearTarget(year, target, GIVEN, HOW_TABLE, source, note)
    return given


def _derive(
    ind: Indicator,
    years: tuple[int, ...],
    given: dict[int, YearTarget],
    start: StartPoint | None,
    actual_by_year: dict[int, Actual],
) -> tuple[YearTarget, ...]:
    anchors = sorted(given)
    targets = []
    for year in years:
        if year in given:
            targets.append(given[year])
            continue
        if ind.target_rule == "relative_to_previous":
            previous = actual_by_year.get(year - 1)
            if previous is None:
                targets.append(YearTarget(year, None, None, HOW_NO_PREVIOUS))
                continue
            sign = -1 if ind.direction == "down" else 1
            value = previous.value * (1 + sign * ind.target / 100)
            targets.append(YearTarget(year, value, RELATIVE, HOW_RELATIVE, ind.source))
            continue
        if not anchors:
            targets.append(YearTarget(year, None, None, HOW_NO_TARGET_YEAR))
            continue
        later = [a for a in anchors if a > year]
        if not later:
            last = given[anchors[-1]]
            targets.append(YearTarget(year, last.value, DERIVED, HOW_HOLD, from_year=last.year))
            continue
        if start is not None and start.year == year:
            targets.append(YearTarget(year, None, None, HOW_START_YEAR))
            continue
        earlier = [a for a in anchors if a < year]
        if earlier:
            from_year, from_value = earlier[-1], given[earlier[-1]].value
        elif start is not None and start.year < year:
            from_year, from_value = start.year, start.value
        else:
            targets.append(YearTarget(year, None, None, HOW_NO_START))
            continue
        to = given[later[0]]
        assert from_value is not None and to.value is not None
        value = from_value + (to.value - from_value) * (year - from_year) / (to.year - from_year)
        # Never ask for more than the next given target.
        value = min(value, to.value) if ind.direction == "up" else max(value, to.value)
        if ind.is_count:
            value = _whole(value, ind.direction)
        targets.append(YearTarget(year, value, DERIVED, HOW_LINEAR, from_year=from_year))
    return tuple(targets)


def _status(
    ind: Indicator,
    year: int,
    target: YearTarget,
    actual_by_year: dict[int, Actual],
    target_of: dict[int, YearTarget],
) -> YearStatus:
    actual = actual_by_year.get(year)
    if actual is not None:
        if target.value is None:
            return YearStatus(year, NO_DATA, target, actual, None, None)
        status = MET if meets(actual.value, target.value, ind.direction) else MISSED
        return YearStatus(year, status, target, actual, actual.value - target.value, year)
    earlier = [y for y in actual_by_year if y < year]
    if earlier:
        latest_year = max(earlier)
        latest = actual_by_year[latest_year]
        latest_target = target_of.get(latest_year)
        if (
            latest_target is not None
            and latest_target.value is not None
            and not meets(latest.value, latest_target.value, ind.direction)
        ):
            gap = latest.value - latest_target.value
            return YearStatus(year, BEHIND, target, None, gap, latest_year)
    return YearStatus(year, NO_DATA, target, None, None, None)


# One row of indicator_targets as (year, target, source, note), and of indicator_actuals.
TargetRow = tuple[int, float, str, str | None]


def _target_rows(targets: pd.DataFrame) -> dict[str, list[TargetRow]]:
    """``indicator_targets`` grouped by indicator in one pass, in table order."""
    rows: dict[str, list[TargetRow]] = {}
    notes = targets["note"].astype(object).where(targets["note"].notna(), None)
    for ind, year, target, source, note in zip(
        targets["indicator_id"],
        targets["year"].astype(int),
        targets["target"].astype(float),
        targets["source"],
        notes,
        strict=True,
    ):
        rows.setdefault(ind, []).append((int(year), float(target), source, note))
    return rows


def _actual_rows(actuals: pd.DataFrame) -> dict[str, list[Actual]]:
    """``indicator_actuals`` grouped by indicator in one pass, each sorted by year."""
    frame = actuals[actuals["value"].notna()].sort_values("year", kind="stable")
    notes = frame["note"].astype(object).where(frame["note"].notna(), None)
    rows: dict[str, list[Actual]] = {}
    for ind, year, value, basis, source, note in zip(
        frame["indicator_id"],
        frame["year"].astype(int),
        frame["value"].astype(float),
        frame["year_basis"],
        frame["source"],
        notes,
        strict=True,
    ):
        rows.setdefault(ind, []).append(Actual(int(year), float(value), basis, source, note))
    return rows


def build_track(indicator: Indicator, targets: pd.DataFrame, actuals: pd.DataFrame) -> Track:
    """One indicator's track from its rows of ``indicator_targets`` and ``indicator_actuals``.

    ``targets`` and ``actuals`` may hold other indicators' rows too; they are filtered here.
    For every indicator of a city at once, :func:`compute_tracker` groups the tables once.
    """
    own = indicator.indicator_id
    return _track(
        indicator,
        _target_rows(targets[targets["indicator_id"] == own]).get(own, []),
        _actual_rows(actuals[actuals["indicator_id"] == own]).get(own, []),
    )


def _track(indicator: Indicator, target_rows: list[TargetRow], actuals: list[Actual]) -> Track:
    actual_list = tuple(actuals)
    years = _years(indicator, (row[0] for row in target_rows))
    given = _given_targets(indicator, target_rows, years)
    first_given = min(given) if given else None
    start = (
        None
        if indicator.target_rule != "by_target_year"
        else _start_point(indicator, actual_list, first_given)
    )
    actual_by_year = {a.year: a for a in actual_list}
    year_targets = _derive(indicator, years, given, start, actual_by_year)
    target_of = {t.year: t for t in year_targets}
    statuses = tuple(_status(indicator, t.year, t, actual_by_year, target_of) for t in year_targets)
    return Track(indicator, years, year_targets, actual_list, statuses, start)


def _opt(value: object) -> object | None:
    return None if value is None or pd.isna(value) else value


def indicators_from_frame(
    indicators: pd.DataFrame,
    definitions: pd.DataFrame | None = None,
    phases: pd.DataFrame | None = None,
) -> tuple[Indicator, ...]:
    """The ``indicators`` table (and ``indicator_definitions``) as :class:`Indicator` objects;
    each is tracked over its phase's years from ``phases`` (the stored phases table)."""
    spans = {p.number: p for p in load_phases(phases)}
    defs: dict[str, Definition] = {}
    if definitions is not None:
        for r in definitions.itertuples(index=False):
            defs[r.indicator_id] = Definition(
                r.definition_zh,
                r.definition_en,
                r.source,
                _opt(r.note),  # type: ignore[arg-type]
            )
    out = []
    for r in indicators.itertuples(index=False):
        phase = spans.get(int(r.phase))  # type: ignore[arg-type]
        out.append(
            Indicator(
                indicator_id=r.indicator_id,
                phase=int(r.phase),
                strategy=int(r.strategy),
                name_zh=r.name_zh,
                name_en=r.name_en,
                unit=r.unit,
                unit_en=r.unit_en,
                direction=r.direction,
                target_rule=r.target_rule,
                target=float(r.target),
                target_year=None if pd.isna(r.target_year) else int(r.target_year),
                baseline=None if pd.isna(r.baseline) else float(r.baseline),
                baseline_year=None if pd.isna(r.baseline_year) else int(r.baseline_year),
                agency_zh=_opt(r.agency_zh),  # type: ignore[arg-type]
                agency_en=_opt(r.agency_en),  # type: ignore[arg-type]
                source=r.source,
                note=_opt(r.note),  # type: ignore[arg-type]
                definition=defs.get(r.indicator_id),
                phase_years=_span(phase),
                phase_names=_names(phase),
            )
        )
    return tuple(out)


def _span(phase: Phase | None) -> tuple[int, int] | None:
    return None if phase is None else (phase.year_from, phase.year_to)


def _names(phase: Phase | None) -> tuple[str, str] | None:
    return None if phase is None else (phase.name_zh, phase.name_en)


@dataclass(frozen=True, eq=False)
class TrackerParams:
    """A city's indicator tables as the store returns them."""

    indicators: pd.DataFrame
    targets: pd.DataFrame
    actuals: pd.DataFrame
    definitions: pd.DataFrame | None = None
    phases: pd.DataFrame | None = None


@dataclass(frozen=True)
class Tracker:
    """Every indicator's track, in the order of the ``indicators`` table."""

    tracks: tuple[Track, ...]
    _by_id: dict[str, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        ids = {tr.indicator.indicator_id: i for i, tr in enumerate(self.tracks)}
        object.__setattr__(self, "_by_id", ids)

    @property
    def years(self) -> tuple[int, ...]:
        """Every year some indicator is tracked in."""
        return tuple(sorted({y for tr in self.tracks for y in tr.years}))

    def track(self, indicator_id: str) -> Track:
        return self.tracks[self._by_id[indicator_id]]

    @property
    def agencies(self) -> tuple[tuple[str, str], ...]:
        """The responsible agencies as ``(zh, en)`` pairs, in order of first appearance."""
        seen: dict[str, str] = {}
        for tr in self.tracks:
            ind = tr.indicator
            if ind.agency_zh:
                seen.setdefault(ind.agency_zh, ind.agency_en or ind.agency_zh)
        return tuple(seen.items())


def compute_tracker(params: TrackerParams) -> Tracker:
    """Targets, actuals and statuses of every indicator of a city.

    The targets and actuals tables are grouped by indicator once (linear in rows),
    not filtered again for each indicator.
    """
    indicators = indicators_from_frame(params.indicators, params.definitions, params.phases)
    targets = _target_rows(params.targets)
    actuals = _actual_rows(params.actuals)
    with _bulk():
        return Tracker(
            tuple(
                _track(i, targets.get(i.indicator_id, []), actuals.get(i.indicator_id, []))
                for i in indicators
            )
        )


def default_year(tracker: Tracker) -> int | None:
    """The year to open the scorecard on: the latest with a met/missed status, else the
    latest with any actual, else the first tracked year (``None`` without indicators)."""
    compared = [s.year for tr in tracker.tracks for s in tr.statuses if s.status in (MET, MISSED)]
    if compared:
        return max(compared)
    with_actual = [y for tr in tracker.tracks for y in tr.years if tr.actual_for(y)]
    if with_actual:
        return max(with_actual)
    years = tracker.years
    return years[0] if years else None


@dataclass(frozen=True)
class ScorecardParams:
    """Which year, and optionally which responsible agency (``agency_zh``), to score."""

    year: int
    agency: str | None = None


@dataclass(frozen=True)
class ScorecardRow:
    track: Track
    status: YearStatus


@dataclass(frozen=True)
class Summary:
    """How many indicators met, missed, are behind or have no data in ``year``."""

    year: int
    met: int
    missed: int
    behind: int
    no_data: int

    @property
    def total(self) -> int:
        return self.met + self.missed + self.behind + self.no_data


@dataclass(frozen=True)
class Scorecard:
    year: int
    agency: str | None
    rows: tuple[ScorecardRow, ...]
    summary: Summary


def compute_scorecard(tracker: Tracker, params: ScorecardParams) -> Scorecard:
    """The indicators tracked in ``params.year`` (of one agency if given), grouped by
    phase and strategy, with their status that year and the summary counts."""
    rows = [
        ScorecardRow(tr, status)
        for tr in tracker.tracks
        if (status := tr.status_for(params.year)) is not None
        and (params.agency is None or tr.indicator.agency_zh == params.agency)
    ]
    rows.sort(key=lambda r: (r.track.indicator.phase, r.track.indicator.strategy))
    counts = {s: sum(r.status.status == s for r in rows) for s in STATUSES}
    summary = Summary(params.year, counts[MET], counts[MISSED], counts[BEHIND], counts[NO_DATA])
    return Scorecard(params.year, params.agency, tuple(rows), summary)


# -- the whole city at once, compactly --------------------------------------------
# A city with tens of thousands of indicators: one row per indicator and tracked year with
# its status, in plain columns, instead of a :class:`Track` object per indicator held in
# memory. Tracks are built only for the indicators shown (a scorecard page, a detail).
STATUS_CODES = {s: i for i, s in enumerate(STATUSES)}


@contextmanager
def _bulk() -> Iterator[None]:
    """Build many small objects without the cycle collector scanning the heap over and
    over (they hold no reference cycles); it runs again afterwards as usual."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def compute_status_table(params: TrackerParams) -> pd.DataFrame:
    """Every indicator's status in every year it is tracked, in one grouped pass.

    Columns: ``indicator_id``, ``order`` (row of the ``indicators`` table), ``phase``,
    ``strategy``, ``agency_zh``, ``agency_en``, ``year``, ``status`` and ``has_actual``.
    The statuses are those of :func:`compute_tracker`; only the figures are kept.
    """
    found = StatusArrays()
    found.add(params)
    return found.frame(params.indicators)


@dataclass(frozen=True, eq=False)
class StatusArrays:
    """The status table's figures as compact arrays, filled one part of the indicators
    at a time (:meth:`add`), then made a frame once (:meth:`frame`)."""

    orders: array[int] = field(default_factory=lambda: array("i"))
    years: array[int] = field(default_factory=lambda: array("h"))
    codes: array[int] = field(default_factory=lambda: array("b"))
    has_actual: array[int] = field(default_factory=lambda: array("b"))

    def add(self, params: TrackerParams, offset: int = 0) -> None:
        """The statuses of ``params.indicators``, whose first row is row ``offset`` of the
        city's ``indicators`` table; ``params`` holds (at least) their targets and actuals."""
        targets = _target_rows(params.targets)
        actuals = _actual_rows(params.actuals)
        with _bulk():
            for i, ind in enumerate(
                indicators_from_frame(params.indicators, phases=params.phases), start=offset
            ):
                track = _track(
                    ind, targets.get(ind.indicator_id, []), actuals.get(ind.indicator_id, [])
                )
                got = {a.year for a in track.actuals}
                for status in track.statuses:
                    self.orders.append(i)
                    self.years.append(status.year)
                    self.codes.append(STATUS_CODES[status.status])
                    self.has_actual.append(status.year in got)

    def frame(self, indicators: pd.DataFrame) -> pd.DataFrame:
        """The status table; ``indicators`` holds (at least) the columns ``indicator_id``,
        ``phase``, ``strategy``, ``agency_zh`` and ``agency_en`` of every indicator."""
        frame = indicators.reset_index(drop=True)
        order = (
            np.frombuffer(self.orders, dtype=np.int32)
            if self.orders
            else np.zeros(0, dtype=np.int32)
        )
        return pd.DataFrame(
            {
                "indicator_id": _categorical(frame["indicator_id"], order),
                "order": order,
                "phase": frame["phase"].to_numpy().astype(np.int16)[order],
                "strategy": frame["strategy"].to_numpy().astype(np.int16)[order],
                "agency_zh": _categorical(frame["agency_zh"], order),
                "agency_en": _categorical(frame["agency_en"], order),
                "year": np.frombuffer(self.years, dtype=np.int16)
                if self.years
                else np.zeros(0, dtype=np.int16),
                "status": pd.Categorical.from_codes(
                    np.asarray(self.codes, dtype=np.int8), STATUSES
                ),
                "has_actual": np.asarray(self.has_actual, dtype=bool),
            }
        )


def _categorical(values: pd.Series, order: np.ndarray) -> pd.Categorical:
    """``values`` at rows ``order`` as a categorical, as ``astype("category")`` makes it
    (sorted categories, a missing value missing), without a text per row in between.
    Strings each given once (the ids of a listing read from the store) are sorted as they
    are, not hashed: factorizing a million ids held hundreds of MB."""
    if len(values) > 1 and isinstance(values.dtype, pd.StringDtype) and values.notna().all():
        sorter = values.argsort(kind="stable").to_numpy()
        ordered = values.iloc[sorter].reset_index(drop=True)
        repeated = ordered.iloc[1:].reset_index(drop=True) == ordered.iloc[:-1].reset_index(
            drop=True
        )
        if not repeated.any():
            rank = np.empty(len(sorter), dtype=np.int32)
            rank[sorter] = np.arange(len(sorter))
            return pd.Categorical.from_codes(rank[order], categories=pd.Index(ordered))
    codes, categories = pd.factorize(values, sort=True)
    return pd.Categorical.from_codes(codes.astype(np.int32)[order], categories=categories)


def status_years(statuses: pd.DataFrame) -> tuple[int, ...]:
    """Every year some indicator is tracked in."""
    return tuple(sorted(int(y) for y in statuses["year"].unique()))


def status_agencies(indicators: pd.DataFrame) -> tuple[tuple[str, str], ...]:
    """The responsible agencies as ``(zh, en)`` pairs, in order of first appearance."""
    rows = indicators[indicators["agency_zh"].notna() & (indicators["agency_zh"] != "")]
    rows = rows.drop_duplicates("agency_zh")
    return tuple(
        (zh, en if isinstance(en, str) and en else zh)
        for zh, en in zip(rows["agency_zh"], rows["agency_en"], strict=True)
    )


def default_status_year(statuses: pd.DataFrame) -> int | None:
    """:func:`default_year` from the status table."""
    compared = statuses[statuses["status"].isin([MET, MISSED])]
    if len(compared):
        return int(compared["year"].max())
    with_actual = statuses[statuses["has_actual"]]
    if len(with_actual):
        return int(with_actual["year"].max())
    return int(statuses["year"].min()) if len(statuses) else None


def scorecard_from_status(
    params: TrackerParams, statuses: pd.DataFrame, card: ScorecardParams, limit: int | None
) -> Scorecard:
    """The scorecard of ``card.year`` (and agency): the summary counts every indicator;
    the rows are tracks built for at most ``limit`` indicators, missed, behind and no data
    before met, shown in phase and strategy order (all of them when ``limit`` is None)."""
    summary, orders = scorecard_orders(statuses, card, limit)
    return scorecard_of(card, summary, build_tracks(params, orders))


def scorecard_orders(
    statuses: pd.DataFrame, card: ScorecardParams, limit: int | None
) -> tuple[Summary, list[int]]:
    """What :func:`scorecard_from_status` shows, from the status table alone: the summary
    and the rows (of the ``indicators`` table) of the indicators it lists, in its order."""
    rows = statuses[statuses["year"] == card.year]
    if card.agency is not None:
        rows = rows[rows["agency_zh"] == card.agency]
    counts = rows["status"].value_counts()
    summary = Summary(card.year, *(int(counts.get(s, 0)) for s in (MET, MISSED, BEHIND, NO_DATA)))
    urgency = rows["status"].map({MISSED: 0, BEHIND: 1, NO_DATA: 2, MET: 3}).astype(int)
    chosen = rows.assign(_urgency=urgency.to_numpy()).sort_values(
        ["_urgency", "order"], kind="stable"
    )
    if limit is not None:
        chosen = chosen.iloc[:limit]
    chosen = chosen.sort_values(["phase", "strategy", "order"], kind="stable")
    return summary, [int(i) for i in chosen["order"]]


def scorecard_of(card: ScorecardParams, summary: Summary, tracks: Iterable[Track]) -> Scorecard:
    """The scorecard of ``card`` with a row per track (each tracked in ``card.year``)."""
    scored = []
    for track in tracks:
        status = track.status_for(card.year)
        assert status is not None
        scored.append(ScorecardRow(track, status))
    return Scorecard(card.year, card.agency, tuple(scored), summary)


def build_tracks(params: TrackerParams, orders: list[int]) -> tuple[Track, ...]:
    """The tracks of the indicators in rows ``orders`` of the ``indicators`` table."""
    frame = params.indicators.reset_index(drop=True).iloc[orders]
    ids = set(frame["indicator_id"])
    targets = _target_rows(params.targets[params.targets["indicator_id"].isin(ids)])
    actuals = _actual_rows(params.actuals[params.actuals["indicator_id"].isin(ids)])
    definitions = params.definitions
    if definitions is not None:
        definitions = definitions[definitions["indicator_id"].isin(ids)]
    return tuple(
        _track(ind, targets.get(ind.indicator_id, []), actuals.get(ind.indicator_id, []))
        for ind in indicators_from_frame(frame, definitions, params.phases)
    )


def strategy_counts(statuses: pd.DataFrame, card: ScorecardParams) -> pd.DataFrame:
    """Per phase and strategy, how many indicators have each status in ``card.year``:
    columns ``phase``, ``strategy``, ``order`` (its first indicator) and one per status."""
    rows = statuses[statuses["year"] == card.year]
    if card.agency is not None:
        rows = rows[rows["agency_zh"] == card.agency]
    counts = pd.crosstab([rows["phase"], rows["strategy"]], rows["status"])
    counts = counts.reindex(columns=list(STATUSES), fill_value=0)
    first = rows.groupby(["phase", "strategy"])["order"].min()
    counts.insert(0, "order", first)
    return counts.reset_index().sort_values(["phase", "strategy"]).reset_index(drop=True)
