"""What a page reads of a table: the whole table, only some of its rows (:class:`Rows`),
or the sums the database adds up (:class:`Summary`), and the read itself."""

from __future__ import annotations

from typing import NamedTuple

import pandas as pd

from safetynet.storage.store import Store


class Rows(NamedTuple):
    """Only the rows of ``table`` whose ``column`` holds one of ``values`` (e.g. the few
    ``outcomes`` metrics a page shows), read in place of the whole table."""

    table: str
    column: str
    values: tuple[object, ...]


class Summary(NamedTuple):
    """``table`` added up by the database per distinct ``by`` (:meth:`Store.summary`),
    in place of the whole table, for figures that only need the totals; a column of
    ``given`` is grouped by whether it is filled only."""

    table: str
    by: tuple[str, ...]
    sums: tuple[str, ...] = ()
    mins: tuple[str, ...] = ()
    maxs: tuple[str, ...] = ()
    given: tuple[str, ...] = ()


TableSpec = str | Rows | Summary


def table_name(spec: TableSpec) -> str:
    return spec if isinstance(spec, str) else spec.table


def read_spec(store: Store, city: str, spec: TableSpec) -> pd.DataFrame:
    """What ``spec`` names of ``city``'s table (the whole table, its :class:`Rows` or its
    :class:`Summary`), read from ``store`` now, without a cached copy."""
    if isinstance(spec, Rows):
        return store.read(city, spec.table, {spec.column: spec.values})
    if isinstance(spec, Summary):
        return store.summary(
            city, spec.table, spec.by, spec.sums, spec.mins, spec.maxs, given=spec.given
        )
    return store.read(city, spec)
