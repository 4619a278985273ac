"""Case analysis: counts of cases and of persons by any two dimensions, written once in Ibis.

**What is counted.** A *case* is a household served (one row of the export's
``cases`` table); *persons* are the members of the counted cases (the store
has no identity of a person across cases: someone in two cases counts
twice). Which cases count is the :class:`Scope`:

- ``referred`` (default): cases whose **referral date** (通報日期) lies in the
  period, first and last day included. A case "of" a month or year is a case
  referred in it; the ``year`` and ``month`` dimensions are always the
  referral year and month, whatever the basis.
- ``open_at``: cases **open at the end of a day**: opened (開案日期) on or
  before it and not closed (結案日期) on or before it. A case referred but
  not (yet) opened is not open.
- ``served``: cases **served in a period**: opened on or before its last day
  and not closed before its first day (the printed "households served in
  109年" is this, for the year).

Filters narrow the cases: the case's own district and centre (as the export
names them), and its risk types (a case with any of the chosen types).

**Dimensions.** Of the case: ``district``, ``centre``, ``precinct`` (through
the district's relation rows in the main store), ``year``, ``month``,
``risk_type``, ``referral_source``, ``vulnerability``, ``proactive``. Of the
person: ``age_band`` (age at referral, in the chosen :class:`BandSet`),
``sex``, ``role``. Persons are only counted within the band set: a set with
gaps (only children, say) counts the persons in its bands, everywhere.

A case can fall under several values of some dimensions: several risk types;
two precincts where a district is served by two; and, counting cases, several
age bands, sexes or roles (one per member). Such a dimension counts the case
under each of its values, and no total is taken across it (it would count a
case more than once); every other total is the sum of its cells, so a table
and its totals always agree (see :mod:`safetynet.cases.suppression`).

Results are counts only, sorted on their dimensions, so DuckDB and PostgreSQL
give equal frames (the tests compare them). Nothing here returns a case key.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

import ibis
import numpy as np
import pandas as pd

from safetynet.cases.bands import AgeBand, BandSet
from safetynet.cases.engine import MEMBERS, RECORDS, RISKS, CaseEngine
from safetynet.cases.format import load_vocabulary
from safetynet.cases.suppression import DEFAULT_THRESHOLD, Suppressed, suppress, unsuppressed

MEASURES = ("cases", "persons")
BASES = ("referred", "open_at", "served")
CASE_DIMENSIONS = (
    "district",
    "centre",
    "precinct",
    "year",
    "month",
    "risk_type",
    "referral_source",
    "vulnerability",
    "proactive",
)
PERSON_DIMENSIONS = ("age_band", "sex", "role")
DIMENSIONS = ("age_band", "sex", "role", *CASE_DIMENSIONS)
# Store columns of the dimensions read straight from a table.
_RECORD_COLUMN = {
    "district": "district_code",
    "centre": "centre_id",
    "referral_source": "referral_source",
    "vulnerability": "vulnerability",
    "proactive": "proactive",
}
LEVELS = ("high", "medium", "low")
SEXES = ("M", "F", "U")
TOTAL = "__total__"  # the key of a table's only column when it has one dimension


@dataclass(frozen=True)
class Scope:
    """Which cases count (see the module docstring): basis, dates and filters."""

    basis: str = "referred"
    start: date | None = None  # referred / served: first day
    end: date | None = None  # referred / served: last day
    at: date | None = None  # open_at: the day
    centres: tuple[str, ...] = ()
    districts: tuple[str, ...] = ()
    risk_types: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.basis not in BASES:
            raise ValueError(f"unknown basis {self.basis!r}; one of {BASES}")
        if self.basis == "open_at" and self.at is None:
            raise ValueError("open cases are counted at a date")
        if self.basis == "served" and (self.start is None or self.end is None):
            raise ValueError("cases served are counted over a period with a first and last day")

    @property
    def year(self) -> int | None:
        """The one calendar year the scope lies in, if it does (for rates per year)."""
        if self.basis == "open_at":
            return self.at.year if self.at else None
        if self.start is not None and self.end is not None and self.start.year == self.end.year:
            return self.start.year
        return None


@dataclass(frozen=True)
class Relations:
    """What the case analysis reads from the main store for one city (plain tuples, hashable).

    ``district_centres`` and ``district_precincts`` are (town code, id) pairs.
    """

    districts: tuple[str, ...]
    centres: tuple[str, ...]
    precincts: tuple[str, ...]
    district_centres: tuple[tuple[str, str], ...] = ()
    district_precincts: tuple[tuple[str, str], ...] = ()

    @classmethod
    def from_tables(cls, tables: dict[str, pd.DataFrame]) -> Relations:
        def pairs(frame: pd.DataFrame, column: str) -> tuple[tuple[str, str], ...]:
            return tuple(
                zip(frame["town_code"].astype(str), frame[column].astype(str), strict=True)
            )

        return cls(
            districts=tuple(tables["districts"]["town_code"].astype(str)),
            centres=tuple(tables["centres"]["centre_id"].astype(str)),
            precincts=tuple(tables["precincts"]["precinct_id"].astype(str)),
            district_centres=pairs(tables["district_centres"], "centre_id"),
            district_precincts=pairs(tables["district_precincts"], "precinct_id"),
        )

    @property
    def precinct_shared(self) -> bool:
        """Whether some district is served by more than one precinct (Kaohsiung: 三民區)."""
        towns = [town for town, _ in self.district_precincts]
        return len(towns) != len(set(towns))


def is_additive(dim: str | None, measure: str, relations: Relations) -> bool:
    """Whether every counted case (or person) falls under exactly one value of ``dim``,
    so that a total across it is the sum of its cells."""
    if dim is None:
        return True
    if dim == "risk_type":
        return False
    if dim == "precinct":
        return not relations.precinct_shared
    return not (measure == "cases" and dim in PERSON_DIMENSIONS)


# -- the query --------------------------------------------------------------------------------
def _scoped_cases(engine: CaseEngine, city: str, dataset: str, scope: Scope) -> ibis.Table:
    r = engine.table(RECORDS)
    r = r.filter((r.city == city) & (r.dataset == dataset))
    if scope.basis == "referred":
        if scope.start is not None:
            r = r.filter(r.referral_date >= ibis.literal(scope.start))
        if scope.end is not None:
            r = r.filter(r.referral_date <= ibis.literal(scope.end))
    elif scope.basis == "open_at":
        day = ibis.literal(scope.at)
        r = r.filter(
            r.opened_date.notnull()
            & (r.opened_date <= day)
            & (r.closed_date.isnull() | (r.closed_date > day))
        )
    else:
        first, last = ibis.literal(scope.start), ibis.literal(scope.end)
        r = r.filter(
            r.opened_date.notnull()
            & (r.opened_date <= last)
            & (r.closed_date.isnull() | (r.closed_date >= first))
        )
    if scope.centres:
        r = r.filter(r.centre_id.isin(list(scope.centres)))
    if scope.districts:
        r = r.filter(r.district_code.isin(list(scope.districts)))
    if scope.risk_types:
        k = engine.table(RISKS)
        k = k.filter((k.city == city) & (k.dataset == dataset) & k.risk_type.isin(scope.risk_types))
        r = r.filter(r.case_key.isin(k.case_key))
    return r


def _band_of(age: ibis.Value, bands: Sequence[AgeBand]) -> ibis.Value:
    branches = [
        ((age >= b.low) if b.high is None else age.between(b.low, b.high), b.label) for b in bands
    ]
    return ibis.cases(*branches, else_=None)


def count(
    engine: CaseEngine,
    city: str,
    dataset: str,
    measure: str,
    dims: Sequence[str],
    scope: Scope,
    bands: BandSet,
    relations: Relations | None = None,
) -> pd.DataFrame:
    """Cases or persons by ``dims`` (none, one or two of :data:`DIMENSIONS`): a tidy frame
    with a column per dimension and ``count``; combinations with no case are absent.

    ``relations`` (the main store's districts and their precincts) is needed for
    the ``precinct`` dimension.
    """
    if measure not in MEASURES:
        raise ValueError(f"unknown measure {measure!r}; one of {MEASURES}")
    dims = list(dict.fromkeys(dims))
    unknown = [d for d in dims if d not in DIMENSIONS]
    if unknown:
        raise ValueError(f"unknown dimensions: {unknown}")
    query_dims = list(dict.fromkeys("district" if d == "precinct" else d for d in dims))
    r = _scoped_cases(engine, city, dataset, scope)
    columns: dict[str, ibis.Value] = {"case_key": r.case_key}
    for dim in query_dims:
        if dim in _RECORD_COLUMN:
            columns[dim] = r[_RECORD_COLUMN[dim]]
        elif dim == "year":
            columns[dim] = r.referral_date.year().cast("int32")
        elif dim == "month":
            columns[dim] = r.referral_date.truncate("M").cast("date")
    cases = r.select(**columns)
    if "risk_type" in query_dims:
        k = engine.table(RISKS)
        k = k.filter((k.city == city) & (k.dataset == dataset)).select("case_key", "risk_type")
        cases = cases.join(k, "case_key")
    person_dims = [d for d in query_dims if d in PERSON_DIMENSIONS]
    if measure == "persons" or person_dims:
        m = engine.table(MEMBERS)
        m = m.filter((m.city == city) & (m.dataset == dataset))
        m = m.mutate(age_band=_band_of(m.age, bands.bands)).filter(lambda t: t.age_band.notnull())
        members = m.select("case_key", *person_dims)
        joined = cases.join(members, "case_key")
        value = joined.count() if measure == "persons" else joined.case_key.nunique()
        table = joined
    else:
        table = cases
        value = cases.count()
    expr = table.group_by(query_dims).agg(count=value) if query_dims else table.agg(count=value)
    frame = expr.to_pandas()
    frame = _typed(frame, query_dims)
    if "precinct" in dims:
        frame = _to_precincts(frame, dims, relations)
    return frame.sort_values(dims).reset_index(drop=True) if dims else frame


def _typed(frame: pd.DataFrame, dims: Sequence[str]) -> pd.DataFrame:
    frame = frame.copy()
    frame["count"] = frame["count"].astype("int64")
    for dim in dims:
        if dim == "year":
            frame[dim] = frame[dim].astype("int64")
        elif dim == "month":
            frame[dim] = pd.to_datetime(frame[dim]).astype("datetime64[ns]")
        elif dim == "proactive":
            frame[dim] = frame[dim].astype(bool)
        else:
            frame[dim] = frame[dim].astype(str)
    return frame[[*dims, "count"]]


def _to_precincts(
    frame: pd.DataFrame, dims: Sequence[str], relations: Relations | None
) -> pd.DataFrame:
    """Counts by district summed into the district's precincts (a case has one district, so
    the sum is exact; a district with two precincts counts under both)."""
    if relations is None:
        raise ValueError("the precinct dimension needs the district–precinct relation")
    links = pd.DataFrame(list(relations.district_precincts), columns=["district", "precinct"])
    merged = frame.merge(links, on="district", how="inner")
    out = merged.groupby(list(dims), as_index=False)["count"].sum()
    return out[[*dims, "count"]]


# -- the table a view shows --------------------------------------------------------------------
@dataclass(frozen=True)
class Categories:
    """Every value a dimension can take in a scope, in reading order (zeros included)."""

    relations: Relations
    bands: BandSet
    scope: Scope
    period: tuple[date, date] | None = None  # the data's first and last referral day

    def of(self, dim: str, found: Sequence[object] = ()) -> list[object]:
        """The values of ``dim``: the reference list, then any other value found in the data."""
        base: list[object]
        scope, rel = self.scope, self.relations
        if dim == "district":
            served = {t for t, c in rel.district_centres if c in scope.centres}
            chosen = scope.districts or [d for d in rel.districts if d in served]
            base = list(chosen or rel.districts)
        elif dim == "centre":
            serving = {c for t, c in rel.district_centres if t in scope.districts}
            chosen = scope.centres or [c for c in rel.centres if c in serving]
            base = list(chosen or rel.centres)
        elif dim == "precinct":
            base = list(self.relations.precincts)
        elif dim == "age_band":
            base = list(self.bands.labels)
        elif dim == "sex":
            base = ["M", "F"]
        elif dim == "role":
            base = load_vocabulary("member_roles").codes
        elif dim == "risk_type":
            base = list(self.scope.risk_types or load_vocabulary("risk_types").codes)
        elif dim == "referral_source":
            base = load_vocabulary("referral_sources").codes
        elif dim == "vulnerability":
            base = list(LEVELS)
        elif dim == "proactive":
            base = [True, False]
        elif dim in ("year", "month"):
            base = self._periods(dim)
        else:
            raise ValueError(f"unknown dimension {dim!r}")
        extra = [v for v in dict.fromkeys(found) if v not in set(base)]
        if dim in ("year", "month"):
            return sorted(set(base) | set(extra))
        return base + extra

    def _periods(self, dim: str) -> list[object]:
        """Every referral year or month the scope can hold (from the data's own period)."""
        scope, period = self.scope, self.period
        if scope.basis == "served":
            start, end = scope.start, scope.end
        elif period is None:
            return []
        elif scope.basis == "open_at":
            assert scope.at is not None  # Scope refuses open_at without a day
            start, end = period[0], min(period[1], scope.at)
        else:
            start, end = scope.start or period[0], scope.end or period[1]
        if start is None or end is None or start > end:
            return []
        if dim == "year":
            return list(range(start.year, end.year + 1))
        months = pd.period_range(start, end, freq="M").to_timestamp()
        return list(months.astype("datetime64[ns]"))


@dataclass(frozen=True)
class CountTable:
    """Counts as rows × columns, with whether each kind of total is shown.

    A table of one dimension has a single column (key :data:`TOTAL`); of none,
    a single cell. Totals are shown only across additive dimensions.
    """

    measure: str
    row_dim: str | None
    col_dim: str | None
    row_keys: tuple[object, ...]
    col_keys: tuple[object, ...]
    cells: np.ndarray = field(repr=False)
    row_totals: bool
    col_totals: bool

    @property
    def total(self) -> int:
        return int(self.cells.sum())


def build_table(
    tidy: pd.DataFrame,
    measure: str,
    row_dim: str | None,
    col_dim: str | None,
    categories: Categories,
) -> CountTable:
    """The tidy counts of :func:`count` laid out as a :class:`CountTable` with every category."""
    relations = categories.relations
    row_keys = categories.of(row_dim, tidy[row_dim]) if row_dim else [TOTAL]
    col_keys = categories.of(col_dim, tidy[col_dim]) if col_dim else [TOTAL]
    cells = np.zeros((len(row_keys), len(col_keys)), dtype=np.int64)
    row_at = {k: i for i, k in enumerate(row_keys)}
    col_at = {k: j for j, k in enumerate(col_keys)}
    rows = tidy[row_dim] if row_dim else [TOTAL] * len(tidy)
    cols = tidy[col_dim] if col_dim else [TOTAL] * len(tidy)
    for r, c, n in zip(rows, cols, tidy["count"], strict=True):
        cells[row_at[r], col_at[c]] += int(n)
    return CountTable(
        measure=measure,
        row_dim=row_dim,
        col_dim=col_dim,
        row_keys=tuple(row_keys),
        col_keys=tuple(col_keys),
        cells=cells,
        row_totals=col_dim is not None
        and row_dim is not None
        and is_additive(col_dim, measure, relations),
        col_totals=row_dim is not None and is_additive(row_dim, measure, relations),
    )


def release(table: CountTable, *, public: bool, threshold: int = DEFAULT_THRESHOLD) -> Suppressed:
    """The table as shown: suppressed for a public release, whole for staff."""
    if public:
        return suppress(
            table.cells,
            threshold=threshold,
            row_totals=table.row_totals,
            col_totals=table.col_totals,
        )
    return unsuppressed(
        table.cells, row_totals=table.row_totals, col_totals=table.col_totals, threshold=threshold
    )


@dataclass(frozen=True)
class ViewSpec:
    """One view of the case analysis: what to count, by what, over which cases, and how shown."""

    measure: str = "cases"
    rows: str | None = "district"
    cols: str | None = None
    scope: Scope = field(default_factory=Scope)
    public: bool = True
    threshold: int = DEFAULT_THRESHOLD


@dataclass(frozen=True)
class View:
    """A computed view: the counts and what a release shows of them."""

    spec: ViewSpec
    table: CountTable
    shown: Suppressed


def analyse(
    engine: CaseEngine,
    city: str,
    dataset: str,
    spec: ViewSpec,
    bands: BandSet,
    relations: Relations,
    period: tuple[date, date] | None = None,
) -> View:
    """One view in one call: count, lay out with every category, suppress if public."""
    dims = [d for d in (spec.rows, spec.cols) if d is not None]
    tidy = count(engine, city, dataset, spec.measure, dims, spec.scope, bands, relations)
    categories = Categories(relations, bands, spec.scope, period)
    table = build_table(tidy, spec.measure, spec.rows, spec.cols, categories)
    return View(spec, table, release(table, public=spec.public, threshold=spec.threshold))


def referral_period(engine: CaseEngine, city: str, dataset: str) -> tuple[date, date] | None:
    """The first and last referral day stored for city and dataset (``None``: no case)."""
    r = engine.table(RECORDS)
    r = r.filter((r.city == city) & (r.dataset == dataset))
    frame = r.agg(first=r.referral_date.min(), last=r.referral_date.max()).to_pandas()
    first, last = frame.loc[0, "first"], frame.loc[0, "last"]
    if pd.isna(first):
        return None
    return pd.Timestamp(first).date(), pd.Timestamp(last).date()


# -- one call each for the pages that come next (map, trends, planner, briefing) ------------------
@dataclass(frozen=True)
class DistrictCounts:
    """Per district of the city: the count, whether a release hides it, and its mark."""

    frame: pd.DataFrame  # town_code, count, hidden, mark (``<3`` / ``*`` / empty)
    total: int | None  # the city total, ``None`` when a release hides it
    public: bool
    threshold: int


def district_counts(
    engine: CaseEngine,
    city: str,
    dataset: str,
    relations: Relations,
    *,
    bands: BandSet,
    measure: str = "cases",
    scope: Scope | None = None,
    public: bool = True,
    threshold: int = DEFAULT_THRESHOLD,
) -> DistrictCounts:
    """Cases (or persons) per district for a scope (a year, a risk type, an age band set …),
    suppressed for a public release, with the city total: the map's measure layer in one call.

    For one age band, pass a :class:`BandSet` of that band alone with ``measure="persons"``.
    """
    spec = ViewSpec(measure, "district", None, scope or Scope(), public, threshold)
    view = analyse(engine, city, dataset, spec, bands, relations)
    shown = view.shown
    rows = len(view.table.row_keys)
    frame = pd.DataFrame(
        {
            "town_code": list(view.table.row_keys),
            "count": view.table.cells[:, 0],
            "hidden": shown.hidden[:rows, 0],
            "mark": [shown.mark(i, 0) or "" for i in range(rows)],
        }
    )
    total = None if shown.hidden[rows, 0] else int(shown.values[rows, 0])
    return DistrictCounts(frame, total, public, threshold)
