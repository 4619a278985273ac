"""績效指標 / What a briefing's scorecard shows of every year, computed in one pass.

The indicators page keeps every indicator's status in every year it is tracked (the
status table of :class:`~safetynet.indicators.tables.TrackerTables`: 5 million rows for
a million indicators). A briefing shows one year of it: the counts per status and per
strategy, the most urgent indicators (a few slides' rows) and the targets in doubt.
:class:`YearScorecards` computes the statuses one part of the indicators at a time, as
the tracker does (:func:`~safetynet.indicators.tracker.compute_status_table` of each
part), and keeps of every year only those counts and the few indicators its slides can
list; their tracks are built when shown, from their own rows read by id. Every year is
kept (a few hundred rows in all), so that a change of the briefing's year does not
compute the statuses again.

Its answers are those of :class:`TrackerTables` for the briefing's choices (every
agency, at most ``limit`` rows): tests/test_briefing_page.py builds both decks.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from safetynet import cards
from safetynet.indicators.tables import (
    RowSource,
    TrackerTables,
    _fetch,
    _stream,
    _typed,
    read_rows,
)
from safetynet.indicators.tracker import (
    BEHIND,
    MET,
    MISSED,
    NO_DATA,
    STATUS_CODES,
    STATUSES,
    Scorecard,
    ScorecardParams,
    Summary,
    Track,
    TrackerParams,
    compute_status_table,
    scorecard_of,
)
from safetynet.indicators.views import doubted_orders, strategy_summary_table
from safetynet.storage.store import Store

# A status's urgency as ``scorecard_orders`` ranks them (missed, behind, no data, met),
# by its code in :data:`STATUSES`.
URGENCY = np.array([{MISSED: 0, BEHIND: 1, NO_DATA: 2, MET: 3}[s] for s in STATUSES])
# The columns of the indicators kept per year: the most urgent, the targets in doubt.
KEPT = ["year", "urgency", "order", "phase", "strategy", "indicator_id"]


@dataclass(frozen=True, eq=False)
class YearScorecards:
    """Of every year: the counts per strategy and status (``counts``: ``year``,
    ``phase``, ``strategy``, each status, ``order`` and ``indicator_id`` of the
    strategy's first indicator), the ``limit`` most urgent indicators (``urgent``), the
    first ``limit`` targets in doubt in scorecard order (``doubted``) and how many there
    are (``doubted_total``); of the city: how many indicators, their distinct sources in
    order, the scorecard's opening year and whether any indicator has an actual."""

    limit: int
    indicators: int
    sources: tuple[str, ...]
    counts: pd.DataFrame
    urgent: pd.DataFrame
    doubted: pd.DataFrame
    doubted_total: dict[int, int]
    default_year: int | None
    has_actual: bool
    phases: pd.DataFrame | None
    rows_of: RowSource

    @classmethod
    def from_store(cls, store: Store, city: str, limit: int) -> YearScorecards:
        """From ``city``'s rows in force in ``store``, a part of the indicators at a time
        (as :meth:`TrackerTables.from_store` reads them)."""
        found = _Found(limit)
        with store.engine.connect() as conn:  # one read transaction: one snapshot
            phases = _typed(
                pd.DataFrame(_fetch(conn, store.in_force_query("phases", city))), "phases"
            )
            for part in _stream(conn, store, city, "indicators"):
                ids = part["indicator_id"].tolist()
                found.add(
                    TrackerParams(
                        part,
                        read_rows(conn, store, city, "indicator_targets", ids),
                        read_rows(conn, store, city, "indicator_actuals", ids),
                        None,
                        phases,
                    )
                )

        def rows_of(name: str, ids: Sequence[str]) -> pd.DataFrame:
            with store.engine.connect() as conn:
                return read_rows(conn, store, city, name, ids)

        return found.result(phases, rows_of)

    def opening_year(self, years: Sequence[int]) -> int | None:
        """:func:`safetynet.briefing.years.opening_year` of the city's status table."""
        if self.has_actual:
            return self.default_year
        return max(years) if years else None

    def sources_line(self) -> str:
        """The indicators' distinct sources on one line (``join_sources`` of them all)."""
        return cards.join_sources(self.sources)

    def _year_counts(self, card: ScorecardParams) -> pd.DataFrame:
        _check(card)
        counts = self.counts[self.counts["year"] == card.year]
        return counts.sort_values(["phase", "strategy"]).reset_index(drop=True)

    def summary(self, card: ScorecardParams) -> Summary:
        """How many indicators met, missed, are behind or have no data in ``card.year``."""
        counts = self._year_counts(card)
        return Summary(card.year, *(int(counts[s].sum()) for s in (MET, MISSED, BEHIND, NO_DATA)))

    def scorecard(self, card: ScorecardParams, limit: int | None) -> Scorecard:
        """:meth:`TrackerTables.scorecard` (``limit`` rows at most, no more than kept)."""
        if limit is None or limit > self.limit:
            raise ValueError(f"{self.limit} rows a year are kept, not {limit}")
        urgent = self.urgent[self.urgent["year"] == card.year].iloc[:limit]
        shown = urgent.sort_values(["phase", "strategy", "order"], kind="stable")
        return scorecard_of(card, self.summary(card), self._tracks(shown["indicator_id"]))

    def strategy_table(self, card: ScorecardParams, lang: str) -> pd.DataFrame:
        """:meth:`TrackerTables.strategy_table`: the counts per strategy, named by its
        first indicator."""
        counts = self._year_counts(card)
        firsts = self._shown(counts["indicator_id"]).params(range(len(counts))).indicators
        return strategy_summary_table(counts.assign(order=range(len(counts))), firsts, lang)

    def doubted_tracks(self, year: int, limit: int) -> tuple[tuple[Track, ...], int]:
        """The tracks of the first ``limit`` indicators of ``year`` whose target is in doubt,
        in scorecard order (phase, strategy, table order), and how many there are."""
        if limit > self.limit:
            raise ValueError(f"{self.limit} rows a year are kept, not {limit}")
        doubted = self.doubted[self.doubted["year"] == year].iloc[:limit]
        return self._tracks(doubted["indicator_id"]), self.doubted_total.get(year, 0)

    def _shown(self, ids: pd.Series) -> TrackerTables:
        # A tracker whose listing is these indicators alone: their tracks and rows are read
        # and built as the whole tracker reads and builds them (its status table is unused).
        listing = pd.DataFrame({"indicator_id": [str(i) for i in ids]})
        return TrackerTables(pd.DataFrame(), listing, self.phases, self.rows_of)

    def _tracks(self, ids: pd.Series) -> tuple[Track, ...]:
        return self._shown(ids).tracks(range(len(ids)))


def _check(card: ScorecardParams) -> None:
    if card.agency is not None:
        raise ValueError("a briefing's scorecard is of every agency")


class _Found:
    """What :class:`YearScorecards` keeps, gathered a part of the indicators at a time."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.offset = 0
        self.sources: dict[str, None] = {}
        self.counts: pd.DataFrame | None = None
        self.urgent: pd.DataFrame | None = None
        self.doubted: pd.DataFrame | None = None
        self.doubted_total: dict[int, int] = {}
        self.compared: int | None = None  # latest year of a met or missed status
        self.with_actual: int | None = None  # latest year with an actual
        self.first: int | None = None  # first tracked year

    def add(self, params: TrackerParams) -> None:
        """The statuses of ``params.indicators`` (the next rows of the ``indicators``
        table), with their targets and actuals."""
        part = params.indicators.reset_index(drop=True)
        for source in part["source"].dropna().unique():
            self.sources.setdefault(source)
        rows = compute_status_table(params)  # ``order``: the row of ``part``
        local = rows["order"].to_numpy()
        codes = rows["status"].cat.codes.to_numpy()
        rows = pd.DataFrame(
            {
                "year": rows["year"].to_numpy().astype(np.int64),
                "urgency": URGENCY[codes],
                "order": local.astype(np.int64) + self.offset,
                "phase": rows["phase"].to_numpy().astype(np.int64),
                "strategy": rows["strategy"].to_numpy().astype(np.int64),
                "indicator_id": part["indicator_id"].to_numpy()[local],
                "code": codes,
                "has_actual": rows["has_actual"].to_numpy(),
            }
        )
        self.offset += len(part)
        if rows.empty:
            return
        compared = rows[(codes == STATUS_CODES[MET]) | (codes == STATUS_CODES[MISSED])]
        self.compared = _latest(self.compared, compared["year"])
        self.with_actual = _latest(self.with_actual, rows.loc[rows["has_actual"], "year"])
        first = int(rows["year"].min())
        self.first = first if self.first is None else min(self.first, first)
        self._count(rows)
        self.urgent = _first_per_year(
            self.urgent, rows[KEPT], ["year", "urgency", "order"], self.limit
        )
        marked = rows[np.isin(local, doubted_orders(part, range(len(part))))]
        if marked.empty:
            return
        years, found = np.unique(marked["year"].to_numpy(), return_counts=True)
        for year, n in zip(years.tolist(), found.tolist(), strict=True):
            self.doubted_total[year] = self.doubted_total.get(year, 0) + n
        self.doubted = _first_per_year(
            self.doubted, marked[KEPT], ["year", "phase", "strategy", "order"], self.limit
        )

    def _count(self, rows: pd.DataFrame) -> None:
        """Add ``rows``' statuses to the counts per year, strategy and status."""
        keys = ["year", "phase", "strategy"]
        counts = pd.crosstab([rows[k] for k in keys], rows["code"]).reindex(
            columns=range(len(STATUSES)), fill_value=0
        )
        counts.columns = list(STATUSES)
        firsts = rows.sort_values("order").drop_duplicates(keys).set_index(keys)
        counts["order"] = firsts["order"]
        counts["indicator_id"] = firsts["indicator_id"]
        if self.counts is not None:  # the earlier parts' first indicators come first
            joined = pd.concat([self.counts, counts])
            totals = joined[list(STATUSES)].groupby(level=keys).sum()
            earliest = joined.sort_values("order")[["order", "indicator_id"]]
            earliest = earliest[~earliest.index.duplicated()]
            counts = totals.join(earliest)
        self.counts = counts

    def result(self, phases: pd.DataFrame | None, rows_of: RowSource) -> YearScorecards:
        counts = (
            pd.DataFrame(columns=["year", "phase", "strategy", *STATUSES, "order", "indicator_id"])
            if self.counts is None
            else self.counts.reset_index()
        )
        default: int | None = self.compared
        if default is None:
            default = self.with_actual if self.with_actual is not None else self.first
        empty = pd.DataFrame({c: pd.Series(dtype=object) for c in KEPT})
        return YearScorecards(
            self.limit,
            self.offset,
            tuple(self.sources),
            counts,
            empty if self.urgent is None else self.urgent,
            empty if self.doubted is None else self.doubted,
            self.doubted_total,
            default,
            self.with_actual is not None,
            phases,
            rows_of,
        )


def _latest(latest: int | None, years: pd.Series) -> int | None:
    if years.empty:
        return latest
    year = int(years.max())
    return year if latest is None else max(latest, year)


def _first_per_year(
    kept: pd.DataFrame | None, rows: pd.DataFrame, by: list[str], limit: int
) -> pd.DataFrame:
    """The first ``limit`` of ``kept`` and ``rows`` together in each year, in the order of
    columns ``by`` (unique within a year: ``order`` is one of them)."""
    joined = rows if kept is None else pd.concat([kept, rows], ignore_index=True)
    ordered = joined.sort_values(by, kind="stable")
    return ordered.groupby("year", sort=False).head(limit).reset_index(drop=True)
