"""A city's indicator tracker at one store revision: computed once, kept compactly.

The indicators page and the briefing ask the tracker the same questions for every
year, agency and indicator a user picks. :class:`TrackerTables` answers them from
the status table (:func:`~safetynet.indicators.tracker.compute_status_table`,
computed once per city and store revision) and builds the tracks of the few
indicators shown from their own rows only. Read from a store
(:meth:`TrackerTables.from_store`), those rows are chosen by ``indicator_id`` in
SQL, and the status table is computed one part of the indicators at a time, so
nothing holds the city's whole indicator tables in memory: only the status table
and a listing of the indicators (id, names, agency, strategy, source, note).

Results are those of :func:`~safetynet.indicators.tracker.scorecard_from_status`
and :func:`~safetynet.indicators.tracker.build_tracks` on the whole tables.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pandas as pd
import sqlalchemy as sa

from safetynet.indicators.tracker import (
    Scorecard,
    ScorecardParams,
    StatusArrays,
    Track,
    TrackerParams,
    build_tracks,
    compute_status_table,
    default_status_year,
    scorecard_of,
    scorecard_orders,
    status_agencies,
    status_years,
    strategy_counts,
)
from safetynet.indicators.views import strategy_summary_table
from safetynet.storage.schemas import TABLES
from safetynet.storage.store import Store

# The columns of ``indicators`` kept for every indicator (the rest is read when shown).
LISTING_COLUMNS = (
    "indicator_id",
    "phase",
    "strategy",
    "name_zh",
    "name_en",
    "agency_zh",
    "agency_en",
    "source",
    "note",
)
# Of those, the texts a few values repeat over every indicator (agencies, sources, notes):
# kept as categories, a small code per indicator and each text once.
SHARED_COLUMNS = ("agency_zh", "agency_en", "source", "note")
# Indicators whose statuses are computed at a time (with their targets and actuals).
PART_ROWS = 5_000
# Indicator ids per SQL ``IN`` list.
ID_BATCH = 500
# (year, agency) choices whose indicator lists a tracker keeps.
LISTED_CHOICES = 8
# The tables an indicator's rows are read from, by ``indicator_id``.
ROW_TABLES = ("indicators", "indicator_targets", "indicator_actuals", "indicator_definitions")

# (table, indicator ids) -> those indicators' rows of the table, in table order
RowSource = Callable[[str, Sequence[str]], pd.DataFrame | None]


@dataclass(frozen=True, eq=False)
class TrackerTables:
    """The status table, a listing of the indicators (row ``order`` of ``listing`` is
    the indicator of ``order`` in ``statuses``) and where their own rows come from."""

    statuses: pd.DataFrame
    listing: pd.DataFrame
    phases: pd.DataFrame | None
    rows_of: RowSource
    _listed: dict[tuple[int, str | None], np.ndarray] = field(
        default_factory=dict, init=False, repr=False
    )

    @classmethod
    def from_params(cls, params: TrackerParams) -> TrackerTables:
        """From tables already in memory (a deck built from frames, tests)."""
        frames = {
            "indicators": params.indicators,
            "indicator_targets": params.targets,
            "indicator_actuals": params.actuals,
            "indicator_definitions": params.definitions,
        }

        def rows_of(name: str, ids: Sequence[str]) -> pd.DataFrame | None:
            frame = frames[name]
            return None if frame is None else frame[frame["indicator_id"].isin(ids)]

        listing = params.indicators.reset_index(drop=True)
        listing = listing[[c for c in LISTING_COLUMNS if c in listing]]
        return cls(compute_status_table(params), listing, params.phases, rows_of)

    @classmethod
    def from_store(cls, store: Store, city: str) -> TrackerTables:
        """From ``city``'s rows in force in ``store``, read one part at a time."""
        found = StatusArrays()
        with store.engine.connect() as conn:  # one read transaction: one snapshot
            phases = _typed(
                pd.DataFrame(_fetch(conn, store.in_force_query("phases", city))), "phases"
            )
            offset = 0
            parts: list[pd.DataFrame] = []
            for part in _stream(conn, store, city, "indicators"):
                ids = part["indicator_id"].tolist()
                found.add(
                    TrackerParams(
                        part,
                        read_rows(conn, store, city, "indicator_targets", ids),
                        read_rows(conn, store, city, "indicator_actuals", ids),
                        None,
                        phases,
                    ),
                    offset,
                )
                parts.append(_compact(part[list(LISTING_COLUMNS)]))
                offset += len(part)
        if parts:
            listing = _joined(parts)
        else:
            listing = _typed(pd.DataFrame(columns=list(LISTING_COLUMNS)), "indicators")

        def rows_of(name: str, ids: Sequence[str]) -> pd.DataFrame:
            with store.engine.connect() as conn:
                return read_rows(conn, store, city, name, ids)

        return cls(found.frame(listing), listing, phases, rows_of)

    @cached_property
    def years(self) -> tuple[int, ...]:
        """Every year some indicator is tracked in."""
        return status_years(self.statuses)

    def listed_orders(self, year: int, agency: str | None) -> list[int]:
        """The indicators of ``year`` (and agency) in scorecard order (phase, strategy,
        table order); every indicator when the year has none. Kept for a few choices:
        a page's rerun asks again."""
        key = (year, agency)
        found = self._listed.get(key)
        if found is None:
            statuses = self.statuses
            scored = statuses[statuses["year"] == year]
            if agency:
                scored = scored[scored["agency_zh"] == agency]
            if scored.empty:
                scored = statuses.drop_duplicates("order")
            ordered = scored.sort_values(["phase", "strategy", "order"], kind="stable")
            found = ordered["order"].to_numpy()
            if len(self._listed) >= LISTED_CHOICES:
                self._listed.pop(next(iter(self._listed)), None)
            self._listed[key] = found
        return found.tolist()

    @cached_property
    def agencies(self) -> tuple[tuple[str, str], ...]:
        """The responsible agencies as ``(zh, en)`` pairs, in order of first appearance."""
        return status_agencies(self.listing)

    @property
    def default_year(self) -> int | None:
        """The year the scorecard opens on (see ``default_status_year``)."""
        return default_status_year(self.statuses)

    def params(self, orders: Sequence[int]) -> TrackerParams:
        """The tables' rows of the indicators in rows ``orders`` of ``listing``; its
        ``indicators`` in the order of ``orders`` (an indicator no longer stored is left
        out)."""
        ids = [str(i) for i in self.listing["indicator_id"].to_numpy()[list(orders)]]
        frames = {name: self.rows_of(name, ids) for name in ROW_TABLES}
        indicators = frames["indicators"]
        assert indicators is not None
        by_id = indicators.set_index("indicator_id", drop=False)
        indicators = by_id.loc[[i for i in ids if i in by_id.index]].reset_index(drop=True)
        targets, actuals = frames["indicator_targets"], frames["indicator_actuals"]
        assert targets is not None and actuals is not None
        return TrackerParams(
            indicators, targets, actuals, frames["indicator_definitions"], self.phases
        )

    def tracks(self, orders: Sequence[int]) -> tuple[Track, ...]:
        """The tracks of the indicators in rows ``orders`` (as ``build_tracks``)."""
        if not len(orders):
            return ()
        params = self.params(orders)
        return build_tracks(params, list(range(len(params.indicators))))

    def scorecard(self, card: ScorecardParams, limit: int | None) -> Scorecard:
        """:func:`~safetynet.indicators.tracker.scorecard_from_status` of the whole tables:
        a selection from the status table, and the tracks of the rows it lists."""
        summary, orders = scorecard_orders(self.statuses, card, limit)
        return scorecard_of(card, summary, self.tracks(orders))

    def strategy_table(self, card: ScorecardParams, lang: str) -> pd.DataFrame:
        """How many indicators of each strategy met, missed, are behind or have no data."""
        counts = strategy_counts(self.statuses, card)
        firsts = self.params(list(counts["order"])).indicators
        return strategy_summary_table(counts.assign(order=range(len(counts))), firsts, lang)


def read_rows(
    conn: sa.Connection, store: Store, city: str, name: str, ids: Sequence[str]
) -> pd.DataFrame:
    """The rows in force of ``city``'s table ``name`` of indicators ``ids``, in table
    order within each batch of :data:`ID_BATCH` ids, typed as the store types them."""
    query = store.in_force_query(name, city)
    column = query.selected_columns["indicator_id"]
    parts = [
        pd.DataFrame(_fetch(conn, query.where(column.in_(ids[i : i + ID_BATCH]))))
        for i in range(0, len(ids), ID_BATCH)
    ]
    frame = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()
    if frame.empty:
        frame = pd.DataFrame(columns=list(TABLES[name].column_names))
    return _typed(frame, name)


def _fetch(conn: sa.Connection, query: sa.Select) -> dict[str, list[object]]:
    """The rows of ``query`` as columns (without ``version``)."""
    result = conn.execute(query)
    names = list(result.keys())
    rows = result.fetchall()
    return {c: [row[i] for row in rows] for i, c in enumerate(names) if c != "version"}


def _stream(conn: sa.Connection, store: Store, city: str, name: str) -> Iterator[pd.DataFrame]:
    """``city``'s rows in force of ``name``, :data:`PART_ROWS` at a time, typed."""
    query = store.in_force_query(name, city)
    result = conn.execute(query, execution_options={"stream_results": True})
    names = list(result.keys())
    while rows := result.fetchmany(PART_ROWS):
        columns = dict(zip(names, zip(*rows, strict=True), strict=True))
        columns.pop("version", None)
        yield _typed(pd.DataFrame({c: list(v) for c, v in columns.items()}), name)


def _typed(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    """``frame`` typed as :meth:`Store.read` types a table (only the columns it has)."""
    for col in TABLES[name].columns:
        if col.name not in frame:
            continue
        values = frame[col.name]
        if col.dtype == "int":
            frame[col.name] = pd.to_numeric(values).astype("Int64")
        elif col.dtype == "float":
            frame[col.name] = pd.to_numeric(values).astype(float)
        else:
            frame[col.name] = values.astype(object).where(values.notna(), None)
    return frame


def _compact(frame: pd.DataFrame) -> pd.DataFrame:
    """The texts of ``frame`` as pandas strings (one buffer per column, not an object
    per cell), those of :data:`SHARED_COLUMNS` as categories: a listing of a million
    indicators in tens of MB."""
    frame = frame.copy()
    for column in frame.columns:
        if frame[column].dtype == object:
            shared = column in SHARED_COLUMNS
            frame[column] = frame[column].astype("category" if shared else "str")
    return frame


def _joined(parts: list[pd.DataFrame]) -> pd.DataFrame:
    """The listing's ``parts`` (:func:`_compact`) one after the other, a column at a time,
    each part's column let go once joined (the whole listing is not held twice); the
    categories of a column are those of every part, sorted as ``astype("category")``
    sorts them. ``parts`` is emptied."""
    columns = list(parts[0].columns)
    joined: dict[str, object] = {}
    for column in columns:
        pieces = [part.pop(column) for part in parts]
        if isinstance(pieces[0].dtype, pd.CategoricalDtype):
            values: object = _united(pieces)
        else:
            values = pd.concat(pieces, ignore_index=True)
        del pieces
        joined[column] = values
    parts.clear()
    return pd.DataFrame(joined)


def _united(pieces: list[pd.Series]) -> pd.Categorical:
    """Categorical ``pieces`` one after the other, over the sorted texts of them all (a
    part without any text has categories of another type: ``union_categoricals`` refuses
    them)."""
    categories = pd.Index(sorted({str(c) for p in pieces for c in p.cat.categories}), dtype="str")
    codes = [
        np.append(categories.get_indexer(p.cat.categories.astype("str")), -1)[p.cat.codes]
        for p in pieces
    ]
    return pd.Categorical.from_codes(np.concatenate(codes), categories=categories)
