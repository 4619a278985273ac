"""Read-only questions to the case store, each written once as an Ibis expression.

The same expression runs on DuckDB, on PostgreSQL and on any engine Ibis
compiles to (Trino, Spark …); the tests compare DuckDB and PostgreSQL on the
same data. Results are counts only: no function here returns a case key.
Every result is sorted on its dimensions, so two engines give equal frames.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import ibis
import pandas as pd

from safetynet.cases.bands import AgeBand
from safetynet.cases.engine import DEMO, IMPORTS, MEMBERS, REAL, RECORDS, RISKS, CaseEngine

PLATFORM_BANDS = (AgeBand(0, 17), AgeBand(18, None))  # the platform's own 兒少 / 成人
LIFE_STAGES = (AgeBand(0, 5), AgeBand(6, 11), AgeBand(12, 17), AgeBand(18, 64), AgeBand(65, None))

# Dimensions a count can be broken down by: of the case, or of the person.
CASE_DIMENSIONS = (
    "district_code",
    "centre_id",
    "year",
    "month",
    "referral_source",
    "main_risk_type",
    "vulnerability",
    "proactive",
)
PERSON_DIMENSIONS = ("age_band", "sex", "role", "disability", "indigenous")


def _cases(engine: CaseEngine, city: str, dataset: str) -> ibis.Table:
    r = engine.table(RECORDS)
    r = r.filter((r.city == city) & (r.dataset == dataset))
    return r.mutate(
        year=r.referral_date.year().cast("int32"),
        month=r.referral_date.truncate("M").cast("date"),
    )


def _band(age: ibis.Value, bands: Sequence[AgeBand]) -> ibis.Value:
    branches = [
        ((age >= b.low) if b.high is None else age.between(b.low, b.high), b.label) for b in bands
    ]
    return ibis.cases(*branches, else_=None)


def _frame(expr: ibis.Table, order: Sequence[str]) -> pd.DataFrame:
    frame = expr.order_by(list(order)).to_pandas() if order else expr.to_pandas()
    for column in frame.columns:
        if column in ("cases", "persons"):
            frame[column] = frame[column].astype("int64")
        elif column == "month":
            frame[column] = pd.to_datetime(frame[column])
        elif column == "year":
            frame[column] = frame[column].astype("int64")
    return frame.reset_index(drop=True)


def count_persons(
    engine: CaseEngine,
    city: str,
    dataset: str,
    by: Sequence[str],
    bands: Sequence[AgeBand] = LIFE_STAGES,
) -> pd.DataFrame:
    """Persons (case members) by any case and person dimensions, e.g. district × age band × year."""
    cases = _cases(engine, city, dataset)
    m = engine.table(MEMBERS)
    m = m.filter((m.city == city) & (m.dataset == dataset))
    m = m.mutate(age_band=_band(m.age, bands))
    case_dims = [d for d in by if d in CASE_DIMENSIONS]
    person_dims = [d for d in by if d in PERSON_DIMENSIONS]
    unknown = set(by) - set(case_dims) - set(person_dims)
    if unknown:
        raise ValueError(f"unknown dimensions: {sorted(unknown)}")
    joined = m.select("case_key", *person_dims).join(
        cases.select("case_key", *case_dims), "case_key"
    )
    expr = joined.group_by(list(by)).agg(persons=joined.count())
    return _frame(expr, by)


def count_cases(engine: CaseEngine, city: str, dataset: str, by: Sequence[str]) -> pd.DataFrame:
    """Cases by case dimensions; ``risk_type`` counts a case once under each of its risk types."""
    cases = _cases(engine, city, dataset)
    if "risk_type" in by:
        k = engine.table(RISKS)
        k = k.filter((k.city == city) & (k.dataset == dataset)).select("case_key", "risk_type")
        cases = cases.join(k, "case_key")
    expr = (
        cases.group_by(list(by)).agg(cases=cases.count()) if by else cases.agg(cases=cases.count())
    )
    return _frame(expr, by)


def open_cases(
    engine: CaseEngine, city: str, dataset: str, at: date, by: Sequence[str] = ()
) -> pd.DataFrame:
    """Cases open at the end of day ``at``: opened by then and not closed by then."""
    cases = _cases(engine, city, dataset)
    day = ibis.literal(at)
    cases = cases.filter(
        cases.opened_date.notnull()
        & (cases.opened_date <= day)
        & (cases.closed_date.isnull() | (cases.closed_date > day))
    )
    expr = (
        cases.group_by(list(by)).agg(cases=cases.count()) if by else cases.agg(cases=cases.count())
    )
    return _frame(expr, by)


def served_in_year(engine: CaseEngine, city: str, dataset: str, year: int) -> int:
    """Cases served in a year: opened on or before 31 December, not closed before 1 January."""
    cases = _cases(engine, city, dataset)
    start, end = ibis.literal(date(year, 1, 1)), ibis.literal(date(year, 12, 31))
    served = cases.filter(
        cases.opened_date.notnull()
        & (cases.opened_date <= end)
        & (cases.closed_date.isnull() | (cases.closed_date >= start))
    )
    return int(served.count().to_pandas())


def monthly_counts(engine: CaseEngine, city: str, dataset: str) -> pd.DataFrame:
    """Cases and persons per referral month: what an import can be checked against."""
    cases = count_cases(engine, city, dataset, ["month"])
    persons = count_persons(engine, city, dataset, ["month"])
    frame = cases.merge(persons, on="month", how="left")
    frame["persons"] = frame["persons"].fillna(0).astype("int64")
    return frame


def datasets(engine: CaseEngine, city: str) -> pd.DataFrame:
    """Per dataset stored for ``city`` (real, demo): cases, persons, first and last month."""
    r = engine.table(RECORDS)
    r = r.filter(r.city == city)
    cases = r.group_by("dataset").agg(
        cases=r.count(),
        first=r.referral_date.min(),
        last=r.referral_date.max(),
    )
    m = engine.table(MEMBERS)
    m = m.filter(m.city == city)
    persons = m.group_by("dataset").agg(persons=m.count())
    frame = cases.left_join(persons, "dataset").select(
        "dataset", "cases", "persons", "first", "last"
    )
    out = _frame(frame, ["dataset"])
    out["persons"] = out["persons"].fillna(0).astype("int64")
    return out


def active_dataset(engine: CaseEngine, city: str) -> str | None:
    """The dataset views should show: the real one when there is one, else the demo, else None."""
    return active_of(datasets(engine, city))


def active_of(sets: pd.DataFrame) -> str | None:
    """:func:`active_dataset` from the frame :func:`datasets` returned."""
    present = set(sets["dataset"])
    return REAL if REAL in present else DEMO if DEMO in present else None


def import_log(engine: CaseEngine, city: str, limit: int = 200) -> pd.DataFrame:
    """The city's imports and removals, newest first: who, when, which file, the counts."""
    t = engine.table(IMPORTS)
    expr = t.filter(t.city == city).order_by(ibis.desc("import_id")).limit(limit)
    return expr.to_pandas()
