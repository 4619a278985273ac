"""The map's measure layer: a figure per district (or per centre) from the case records.

Per district, for a referral year, any age band and any risk type: cases,
persons, either per 10,000 residents (only where that district's population
for that year is in the data), and the change in cases on the year before.
Per centre: cases open at the end of the year, and open cases per hired
worker where the staffing table gives a centre's hired posts (its agency
named as the centre), else the measure says it is not in the data.

A public release hides small counts exactly as the case analysis does
(:mod:`safetynet.cases.suppression`, the city total shown): a hidden count
has no number anywhere, and neither has a rate or change computed from it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from safetynet.cases.analysis import (
    Categories,
    Relations,
    Scope,
    build_table,
    count,
    release,
)
from safetynet.cases.bands import BandSet, parse_bands
from safetynet.cases.engine import CaseEngine
from safetynet.cases.population import rates
from safetynet.cases.suppression import DEFAULT_THRESHOLD

DISTRICT_MEASURES = ("cases", "persons", "cases_rate", "persons_rate", "change")
CENTRE_MEASURES = ("open_cases", "open_per_worker")
MEASURES = (*DISTRICT_MEASURES, *CENTRE_MEASURES)
ALL_AGES = "0+"


@dataclass(frozen=True)
class MeasureSpec:
    """What the layer shows: the measure, the year, one age band (``None``: all ages, or
    every band of the set for persons), one risk type, and the release."""

    measure: str
    year: int
    band: str | None = None
    risk_type: str | None = None
    public: bool = True
    threshold: int = DEFAULT_THRESHOLD

    def __post_init__(self) -> None:
        if self.measure not in MEASURES:
            raise ValueError(f"unknown measure {self.measure!r}; one of {MEASURES}")

    @property
    def unit(self) -> str:
        return "centre" if self.measure in CENTRE_MEASURES else "district"


@dataclass(frozen=True)
class MeasureValues:
    """One value per district (or centre); ``hidden`` ones have no value to show.

    ``frame``: ``key`` (town code or centre id), ``value`` (NaN: none), ``hidden``,
    ``mark`` (``<3`` / ``*`` for a hidden one). ``missing``: why the measure cannot be
    shown at all (``"population"``, ``"previous"``, ``"staffing"``), else ``None``.
    """

    spec: MeasureSpec
    frame: pd.DataFrame
    total: float | None
    missing: str | None = None

    @property
    def unit(self) -> str:
        return self.spec.unit


def _year_scope(year: int, risk_type: str | None) -> Scope:
    return Scope(
        start=date(year, 1, 1),
        end=date(year, 12, 31),
        risk_types=(risk_type,) if risk_type else (),
    )


def _bands(spec: MeasureSpec, bands: BandSet) -> BandSet:
    if spec.band:
        return parse_bands(bands.band(spec.band).label)
    return bands if spec.measure.startswith("persons") else parse_bands(ALL_AGES)


def _counted(
    engine: CaseEngine,
    city: str,
    dataset: str,
    relations: Relations,
    measure: str,
    dim: str,
    scope: Scope,
    bands: BandSet,
    spec: MeasureSpec,
):
    """The count table by ``dim`` (with the one band: cases with a member in it) and its release."""
    dims = [dim, "age_band"] if spec.band and measure == "cases" else [dim]
    tidy = count(engine, city, dataset, measure, dims, scope, bands, relations)
    if len(dims) == 2:
        tidy = tidy.groupby(dim, as_index=False)[["count"]].sum()
    table = build_table(tidy, measure, dim, None, Categories(relations, bands, scope))
    return table, release(table, public=spec.public, threshold=spec.threshold)


def _frame(keys, values, shown) -> pd.DataFrame:
    rows = len(keys)
    hidden = shown.hidden[:rows, 0]
    return pd.DataFrame(
        {
            "key": [str(k) for k in keys],
            "value": np.where(hidden, np.nan, np.asarray(values, dtype=float)),
            "hidden": hidden,
            "mark": [shown.mark(i, 0) or "" for i in range(rows)],
        }
    )


def _total(shown, value: float | None = None) -> float | None:
    rows = shown.shape[0]
    if shown.hidden[rows, 0]:
        return None
    return float(shown.values[rows, 0]) if value is None else value


def compute_measure(
    engine: CaseEngine,
    city: str,
    dataset: str,
    relations: Relations,
    spec: MeasureSpec,
    bands: BandSet,
    *,
    population: pd.DataFrame | None = None,
    staffing: pd.DataFrame | None = None,
    centre_names: pd.DataFrame | None = None,
    period: tuple[date, date] | None = None,
) -> MeasureValues:
    """The layer's values for ``spec`` (see the module docstring)."""
    used = _bands(spec, bands)
    scope = _year_scope(spec.year, spec.risk_type)
    if spec.measure in CENTRE_MEASURES:
        return _centre_measure(
            engine, city, dataset, relations, spec, used, staffing, centre_names, period
        )
    base = "persons" if spec.measure.startswith("persons") else "cases"
    table, shown = _counted(engine, city, dataset, relations, base, "district", scope, used, spec)
    keys = table.row_keys
    if spec.measure in ("cases", "persons"):
        return MeasureValues(spec, _frame(keys, table.cells[:, 0], shown), _total(shown))
    if spec.measure.endswith("_rate"):
        pop = population if population is not None else pd.DataFrame()
        if pop.empty:
            return MeasureValues(
                spec, _frame(keys, [np.nan] * len(keys), shown), None, "population"
            )
        found = rates(table, pop, scope, used, relations)
        values = found.values[: len(keys), 0]
        missing = None if np.isfinite(values).any() else "population"
        total = found.values[len(keys), 0]
        return MeasureValues(
            spec,
            _frame(keys, values, shown),
            _total(shown, float(total)) if np.isfinite(total) else None,
            missing,
        )
    # change on the year before: both years' counts must be shown, and the data must hold both
    if period is not None and period[0] > date(spec.year - 1, 1, 1):
        return MeasureValues(spec, _frame(keys, [np.nan] * len(keys), shown), None, "previous")
    before, before_shown = _counted(
        engine,
        city,
        dataset,
        relations,
        "cases",
        "district",
        _year_scope(spec.year - 1, spec.risk_type),
        used,
        spec,
    )
    rows = len(keys)
    frame = _frame(keys, table.cells[:, 0] - before.cells[:, 0], shown)
    gone = before_shown.hidden[:rows, 0]
    frame.loc[gone, "value"] = np.nan
    frame.loc[gone & ~frame["hidden"], "mark"] = [
        before_shown.mark(i, 0) or "" for i in np.flatnonzero(gone & ~frame["hidden"].to_numpy())
    ]
    frame["hidden"] = frame["hidden"] | gone
    now, then = _total(shown), _total(before_shown)
    total = None if now is None or then is None else now - then
    return MeasureValues(spec, frame, total)


def _centre_measure(
    engine: CaseEngine,
    city: str,
    dataset: str,
    relations: Relations,
    spec: MeasureSpec,
    bands: BandSet,
    staffing: pd.DataFrame | None,
    centre_names: pd.DataFrame | None,
    period: tuple[date, date] | None,
) -> MeasureValues:
    day = date(spec.year, 12, 31)
    if period is not None and period[1] < day:
        day = period[1]
    scope = Scope(basis="open_at", at=day, risk_types=(spec.risk_type,) if spec.risk_type else ())
    table, shown = _counted(engine, city, dataset, relations, "cases", "centre", scope, bands, spec)
    keys = table.row_keys
    if spec.measure == "open_cases":
        return MeasureValues(spec, _frame(keys, table.cells[:, 0], shown), _total(shown))
    hired = hired_per_centre(staffing, centre_names, spec.year)
    if not hired:
        return MeasureValues(spec, _frame(keys, [np.nan] * len(keys), shown), None, "staffing")
    values = [
        table.cells[i, 0] / hired[str(k)] if hired.get(str(k)) else np.nan
        for i, k in enumerate(keys)
    ]
    return MeasureValues(spec, _frame(keys, values, shown), None)


def hired_per_centre(
    staffing: pd.DataFrame | None, centre_names: pd.DataFrame | None, year: int
) -> dict[str, float]:
    """Hired posts per centre id in ``year``: staffing rows whose agency is a centre's name
    (zh), measure ``hired``, period covering the year (the narrowest period wins)."""
    if staffing is None or centre_names is None or staffing.empty:
        return {}
    by_name = dict(zip(centre_names["name_zh"], centre_names["centre_id"], strict=True))
    rows = staffing[
        staffing["agency_zh"].isin(list(by_name))
        & (staffing["measure"] == "hired")
        & (staffing["year_from"].astype(int) <= year)
        & (staffing["year_to"].astype(int) >= year)
    ]
    found: dict[str, float] = {}
    span = rows["year_to"].astype(int) - rows["year_from"].astype(int)
    for _, row in rows.assign(span=span).sort_values("span", ascending=False).iterrows():
        found[by_name[row["agency_zh"]]] = float(row["posts"])
    return found
