"""What the briefing's staffing slides add up, from the rows up to the briefing year.

The slides show totals per period and measure, a dozen agencies per chart with the
rest as 「其他」, and the agencies' names. :class:`StaffingParts` holds just that: the
posts summed per period, measure, first year and source, each agency's posts per
period and measure (one short row per agency, not the table's rows with their texts),
and the names of the agencies a slide names, looked up when asked for. They are
computed from the rows (:func:`staffing_parts`) or by the database
(:func:`stored_staffing_parts`), with the same result.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import pandas as pd
import sqlalchemy as sa

from safetynet.storage.store import READ_CHUNK_ROWS, Store, Where
from safetynet.validation.rules import year_periods

# The columns ``StaffingParts.sums`` adds the posts up by.
SUMS_BY = ("period", "measure", "year_from", "source")
PostsKey = tuple[str, str]  # (period, measure)


@dataclass(frozen=True)
class StaffingParts:
    """The staffing rows up to a year, as the briefing's staffing slides use them.

    ``sums``: ``posts`` summed and the latest ``year_to`` per ``period``, ``measure``,
    ``year_from`` and ``source``, in the order of each group's first row (as the rows'
    totals, periods, years and source lines need them). ``posts``: one row per agency
    (index ``agency_zh``, in the order of the agency's first row) and one column per
    (period, measure) of ``sums``: the agency's posts, ``<NA>`` where it has none.
    ``yearly``: the agencies with new posts in yearly periods, in the order of their
    first such row. :meth:`names` gives agencies' names (those of an agency's last row).
    """

    sums: pd.DataFrame
    posts: pd.DataFrame
    yearly: tuple[str, ...]
    name_rows: Callable[[Sequence[str]], pd.DataFrame] = field(repr=False, compare=False)

    def names(self, agencies: Sequence[str], lang: str) -> dict[str, str]:
        """``agencies`` (``agency_zh``) → their name in ``lang``, of each one's last row."""
        if not agencies:
            return {}
        rows = self.name_rows(list(dict.fromkeys(agencies)))
        return dict(zip(rows["agency_zh"], rows[f"agency_{lang}"], strict=True))


def _keys(sums: pd.DataFrame) -> list[PostsKey]:
    return list(dict.fromkeys(zip(sums["period"], sums["measure"], strict=True)))


def _yearly_periods(sums: pd.DataFrame) -> tuple[str, ...]:
    return year_periods(sums[sums["measure"] == "new"])


def staffing_parts(staffing: pd.DataFrame) -> StaffingParts:
    """:class:`StaffingParts` of ``staffing`` (the rows the slides show, e.g. up to a year)."""
    grouped = staffing.groupby(list(SUMS_BY), sort=False, dropna=False)
    sums = grouped.agg(posts=("posts", "sum"), year_to=("year_to", "max")).reset_index()
    agencies = pd.Index(staffing["agency_zh"].drop_duplicates(), name="agency_zh")
    columns = {}
    for period, measure in _keys(sums):
        rows = staffing[(staffing["period"] == period) & (staffing["measure"] == measure)]
        summed = rows.groupby("agency_zh", sort=False)["posts"].sum().astype("Int64")
        columns[(period, measure)] = summed.reindex(agencies)
    posts = pd.DataFrame(columns, index=agencies)
    yearly_rows = staffing[
        (staffing["measure"] == "new") & staffing["period"].isin(_yearly_periods(sums))
    ]
    yearly = tuple(yearly_rows["agency_zh"].drop_duplicates())

    def name_rows(chosen: Sequence[str]) -> pd.DataFrame:
        return staffing[staffing["agency_zh"].isin(chosen)]

    return StaffingParts(sums, posts, yearly, name_rows)


def stored_staffing_parts(store: Store, city: str, year: int | None) -> StaffingParts:
    """:func:`staffing_parts` of ``city``'s staffing rows up to ``year`` (``None``: all),
    added up by the database: the sums, one row of posts per agency and, when asked
    for, the rows of the agencies a slide names."""
    where: Where | None = None
    if year is not None:
        years = store.summary(city, "staffing", ("year_from",))["year_from"]
        where = {"year_from": [int(y) for y in years if y <= year]}
    sums = store.summary(city, "staffing", SUMS_BY, ("posts",), (), ("year_to",), where=where)
    sums = sums.drop(columns="rows")
    keys = _keys(sums)
    rows = store.in_force_query("staffing", city, where=where, order_column=True)
    inner = rows.order_by(None).subquery()
    per_key = [
        sa.func.sum(
            sa.case(((inner.c.period == period) & (inner.c.measure == measure), inner.c.posts))
        )
        for period, measure in keys
    ]
    yearly_new = (inner.c.measure == "new") & inner.c.period.in_(_yearly_periods(sums))
    yearly_first = sa.func.min(sa.case((yearly_new, inner.c._order)))
    query = (
        sa.select(inner.c.agency_zh, yearly_first, *per_key)
        .group_by(inner.c.agency_zh)
        .order_by(sa.func.min(inner.c._order))
    )
    columns: list[list[object]] = [[] for _ in range(len(keys) + 2)]
    with store.engine.connect() as conn:
        result = conn.execution_options(stream_results=True).execute(query)
        while chunk := result.fetchmany(READ_CHUNK_ROWS):
            for values, column in zip(zip(*chunk, strict=True), columns, strict=True):
                column.extend(values)
    agencies = pd.Index(columns[0], dtype=object, name="agency_zh")
    posts = pd.DataFrame(
        {
            key: pd.to_numeric(pd.Series(values, index=agencies, dtype=object)).astype("Int64")
            for key, values in zip(keys, columns[2:], strict=True)
        },
        index=agencies,
    )
    first = pd.Series(columns[1], index=agencies, dtype=object).dropna()
    yearly = tuple(first.astype("int64").sort_values(kind="stable").index)

    def name_rows(chosen: Sequence[str]) -> pd.DataFrame:
        return store.read(city, "staffing", {"agency_zh": list(chosen), **(where or {})})

    return StaffingParts(sums, posts, yearly, name_rows)
