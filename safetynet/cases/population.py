"""Rates per 10,000 residents: a count divided by the residents it was drawn from.

The residents come from the main store's ``population`` table (district,
year, an age range or all ages, a sex or both; see ``data/README.md``). A
rate is given only where that very population is in the data, never
estimated: no other year's figure, no share of a city total.

What each entry of a table is divided by:

- **where**: the row's or column's district; a centre or precinct: the
  districts it serves, when none of them is shared with another centre
  (precinct); otherwise the districts the scope is filtered to, or the
  whole city;
- **when**: the row's or column's referral year; otherwise the one
  calendar year the scope lies in (a period within a year, or the day of
  an ``open_at`` count). By month there is no rate;
- **whom**: the row's or column's age band and sex; otherwise every age
  (persons: every age of the band set) and both sexes.

A total across a district, year, age band or sex dimension is divided by
the sum of its cells' populations (a total over years is per person-year);
a total across any other dimension by the same population as its cells.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from safetynet.cases.analysis import TOTAL, CountTable, Relations, Scope
from safetynet.cases.bands import MAX_AGE, AgeBand, BandSet

PER = 10_000
# Dimensions a population is broken down by.
GEOGRAPHY = ("district", "centre", "precinct")
DENOMINATOR_DIMENSIONS = (*GEOGRAPHY, "year", "age_band", "sex")


@dataclass
class PopulationIndex:
    """The population table of one city, for lookups (memoised)."""

    frame: pd.DataFrame
    _memo: dict[tuple[object, ...], float | None] = field(default_factory=dict, repr=False)

    @classmethod
    def from_table(cls, population: pd.DataFrame) -> PopulationIndex:
        frame = population.copy()
        frame["sex"] = frame["sex"].astype(object).where(frame["sex"].notna(), "")
        frame["age_from"] = frame["age_from"].astype("Int64")
        frame["age_to"] = frame["age_to"].astype("Int64")
        frame["town_code"] = frame["town_code"].astype(str)
        frame["year"] = frame["year"].astype(int)
        return cls(frame)

    @property
    def empty(self) -> bool:
        return self.frame.empty

    @property
    def years(self) -> list[int]:
        return sorted({int(y) for y in self.frame["year"]})

    def get(self, town: str, year: int, band: AgeBand | None, sex: str | None) -> float | None:
        """Residents of a district in a year, of an age band (``None``: all ages) and a sex
        (``None``: both); ``None`` when the table does not give exactly that."""
        key = (town, year, band, sex)
        if key not in self._memo:
            self._memo[key] = self._get(town, year, band, sex)
        return self._memo[key]

    def _get(self, town: str, year: int, band: AgeBand | None, sex: str | None) -> float | None:
        rows = self.frame[(self.frame["town_code"] == town) & (self.frame["year"] == year)]
        if rows.empty:
            return None
        chosen = rows[rows["sex"] == (sex or "")]
        found = _ages(chosen, band)
        if found is None and sex is None:  # both sexes: men and women added
            men, women = self.get(town, year, band, "M"), self.get(town, year, band, "F")
            found = None if men is None or women is None else men + women
        return found


def _ages(rows: pd.DataFrame, band: AgeBand | None) -> float | None:
    """The rows' residents of exactly ``band``: one row, or rows tiling it without gap."""
    if band is None:
        whole = rows[rows["age_from"].isna()]
        if len(whole):
            return float(whole["count"].iloc[0])
        band = AgeBand(0, None)
    parts = rows[rows["age_from"].notna()].sort_values("age_from")
    high = band.top if band.high is not None else MAX_AGE
    inside = parts[
        (parts["age_from"] >= band.low) & (parts["age_to"].fillna(MAX_AGE).astype(int) <= high)
    ]
    if inside.empty:
        return None
    lows = [int(v) for v in inside["age_from"]]
    tops = [None if pd.isna(v) else int(v) for v in inside["age_to"]]
    if lows[0] != band.low:
        return None
    for top, low in zip(tops, lows[1:], strict=False):
        if top is None or top + 1 != low:
            return None
    last = tops[-1]
    if (band.high is None) != (last is None) or (band.high is not None and last != band.high):
        return None
    return float(inside["count"].sum())


@dataclass(frozen=True)
class Rates:
    """Rates per 10,000 residents laid out like the table's entries (NaN: no population)."""

    values: np.ndarray  # (R + 1) × (C + 1), as :class:`~safetynet.cases.suppression.Suppressed`
    population: np.ndarray

    @property
    def any(self) -> bool:
        return bool(np.isfinite(self.values).any())


class _Denominators:
    def __init__(
        self,
        table: CountTable,
        index: PopulationIndex,
        scope: Scope,
        bands: BandSet,
        relations: Relations,
    ) -> None:
        self.table, self.index, self.scope, self.bands = table, index, scope, bands
        self.relations = relations

    def _districts(self, dim: str | None, key: object) -> list[str] | None:
        rel, scope = self.relations, self.scope
        if dim == "district":
            return [str(key)]
        if dim in ("centre", "precinct"):
            pairs = rel.district_centres if dim == "centre" else rel.district_precincts
            return _exclusive(pairs, str(key))
        if scope.districts:
            return list(scope.districts)
        if scope.centres:
            towns: list[str] = []
            for centre in scope.centres:
                served = _exclusive(rel.district_centres, centre)
                if served is None:
                    return None
                towns += served
            return towns
        return list(rel.districts)

    def _bands(self, key: object | None) -> list[AgeBand | None]:
        if key is not None:
            return [self.bands.band(str(key))]
        if self.table.measure == "persons" and not self.bands.covers_all_ages:
            return list(self.bands.bands)
        return [None]

    def of(self, keys: dict[str, object]) -> float:
        """The population of one entry, given its key along each dimension (``None``: total)."""
        year = keys.get("year", self.scope.year)
        # a month's population is not given; a year key is a whole number (int or numpy's)
        if not isinstance(year, int | np.integer) or "month" in keys:
            return np.nan
        geo = next((d for d in GEOGRAPHY if d in keys), None)
        towns = self._districts(geo, keys.get(geo)) if geo else self._districts(None, None)
        if towns is None:
            return np.nan
        total = 0.0
        for town in towns:
            for band in self._bands(keys.get("age_band")):
                sex = keys.get("sex")
                if sex == "U":
                    return np.nan
                found = self.index.get(town, int(year), band, None if sex is None else str(sex))
                if found is None:
                    return np.nan
                total += found
        return total


def _exclusive(pairs: Sequence[tuple[str, str]], unit: str) -> list[str] | None:
    """The districts ``unit`` serves, if no other unit shares any of them."""
    towns = [t for t, u in pairs if u == unit]
    shared = {t for t, u in pairs if u != unit}
    if not towns or set(towns) & shared:
        return None
    return towns


def rates(
    table: CountTable,
    population: pd.DataFrame | PopulationIndex,
    scope: Scope,
    bands: BandSet,
    relations: Relations,
    per: int = PER,
) -> Rates:
    """Rates per ``per`` residents of every entry of ``table`` (cells and totals)."""
    index = (
        population
        if isinstance(population, PopulationIndex)
        else PopulationIndex.from_table(population)
    )
    den = _Denominators(table, index, scope, bands, relations)
    rows, cols = len(table.row_keys), len(table.col_keys)
    if index.empty:
        nothing = np.full((rows + 1, cols + 1), np.nan)
        return Rates(nothing, nothing.copy())

    def keys(dim: str | None, key: object | None) -> dict[str, object]:
        return {} if dim is None or key is None or key == TOTAL else {dim: key}

    def options(dim: str | None, all_keys: tuple[object, ...], key: object | None) -> list:
        if key is not None:
            return [key]
        return list(all_keys) if dim in DENOMINATOR_DIMENSIONS else [None]

    def entry(r: object | None, c: object | None) -> float:
        """A total over a population dimension is over the sum of its cells' populations."""
        return float(
            np.sum(
                [
                    den.of({**keys(table.row_dim, a), **keys(table.col_dim, b)})
                    for a in options(table.row_dim, table.row_keys, r)
                    for b in options(table.col_dim, table.col_keys, c)
                ]
            )
        )

    row_keys: list[object | None] = [*table.row_keys, None]
    col_keys: list[object | None] = [*table.col_keys, None]
    pop = np.array([[entry(r, c) for c in col_keys] for r in row_keys], dtype=float)
    counts = np.zeros(pop.shape)
    counts[:rows, :cols] = table.cells
    counts[:rows, cols] = table.cells.sum(axis=1)
    counts[rows, :cols] = table.cells.sum(axis=0)
    counts[rows, cols] = table.cells.sum()
    with np.errstate(divide="ignore", invalid="ignore"):
        values = np.where(pop > 0, counts * per / pop, np.nan)
    return Rates(values, pop)
