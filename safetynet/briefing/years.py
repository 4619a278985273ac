"""The years a briefing can be dated in, and the year it opens on."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd
import sqlalchemy as sa

from safetynet.briefing.sections.scorecard import INDICATOR_TABLES
from safetynet.indicators.tracker import (
    TrackerParams,
    compute_status_table,
    default_status_year,
)
from safetynet.storage.store import Store

# The tables whose years a briefing can be dated in.
YEAR_TABLES = ("outcomes", "referrals", "staffing", "indicator_actuals")


def available_years(tables: Mapping[str, pd.DataFrame]) -> list[int]:
    """Years the city's figures are dated in (outcomes, referrals, staffing, indicators)."""
    years: set[int] = set()
    for name, cols in (
        ("outcomes", ("year",)),
        ("referrals", ("year",)),
        ("staffing", ("year_from",)),
        ("indicator_actuals", ("year",)),
    ):
        frame = tables.get(name)
        if frame is None:
            continue
        for col in cols:
            if col in frame:
                years.update(int(y) for y in frame[col].dropna().unique())
    return sorted(years)


def default_year(tables: Mapping[str, pd.DataFrame]) -> int | None:
    """The year a briefing opens on: the latest year with indicator results (an actual
    compared with its target, as the indicators page opens on), else the latest year
    with an actual, else the latest year of :func:`available_years`."""
    statuses = compute_status_table(TrackerParams(*(tables[name] for name in INDICATOR_TABLES)))
    return opening_year(statuses, available_years(tables))


def opening_year(statuses: pd.DataFrame, years: Sequence[int]) -> int | None:
    """:func:`default_year` from the indicators' status table and the available years."""
    if len(statuses) and statuses["has_actual"].any():
        return default_status_year(statuses)  # the indicators page's default year
    return max(years) if years else None


# (table, column) pairs whose years a briefing can be dated in (see available_years)
YEAR_COLUMNS = (
    ("outcomes", "year"),
    ("referrals", "year"),
    ("staffing", "year_from"),
    ("indicator_actuals", "year"),
)


def stored_years(store: Store, city: str) -> list[int]:
    """:func:`available_years` of ``city``'s rows in force in ``store``, chosen in SQL
    (the distinct years only are read, not the tables)."""
    years: set[int] = set()
    with store.engine.connect() as conn:
        for name, column in YEAR_COLUMNS:
            rows = store.in_force_query(name, city).order_by(None).subquery()
            query = sa.select(rows.c[column]).where(rows.c[column].is_not(None)).distinct()
            years.update(int(y) for (y,) in conn.execute(query))
    return sorted(years)
