"""The planner's current caseload taken from the case records.

Two readings of "current caseload" for a year, the user picks one and the page
says which: the cases open at the end of the year (opened by 31 December and
not closed by then), or the cases served in the year (opened by 31 December
and not closed before 1 January). The case records are the vulnerable-family
cases of the city's service centres, so the count is of those cases.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from safetynet.cases import queries
from safetynet.cases.engine import CaseEngine

BASES = ("open_at_year_end", "served_in_year")


@dataclass(frozen=True)
class CaseloadReading:
    """A caseload counted from the case records: how, for which year, from which dataset."""

    year: int
    basis: str  # one of BASES
    dataset: str  # "real" or "demo"
    cases: int


def caseload_from_cases(
    engine: CaseEngine, city: str, dataset: str, year: int, basis: str
) -> CaseloadReading:
    """Count the city's cases of ``year`` on ``basis`` (open at year end, or served in the year)."""
    if basis not in BASES:
        raise ValueError(f"unknown caseload basis {basis!r}; expected one of {BASES}")
    if basis == "open_at_year_end":
        frame = queries.open_cases(engine, city, dataset, date(year, 12, 31))
        cases = int(frame["cases"].iloc[0]) if len(frame) else 0
    else:
        cases = queries.served_in_year(engine, city, dataset, year)
    return CaseloadReading(year, basis, dataset, cases)


def case_years(first: date, last: date) -> tuple[int, ...]:
    """The years the case records reach (first to last referral), newest first."""
    return tuple(range(last.year, first.year - 1, -1))
