"""Validation's own arithmetic rules: what rounding allows a year's shares to miss 100 %
by, and what a printed staffing total should be from the agency rows.

The calculators use the same rules (a year that fails is left out of the charts), but
the rules do not depend on them: validation imports no calculator. Periods are read
with :mod:`safetynet.phases` (pure helpers on period codes, no calculator).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

import numpy as np
import pandas as pd

from safetynet.phases import period_phases, period_year
from safetynet.validation.problems import HEADER_LINES

_MAX_DECIMALS = 3


# -- shares of one whole (risk types) ------------------------------------------------
def printed_decimals(value: float) -> int:
    """How many decimals a printed share has: 43 → 0, 12.5 → 1."""
    for places in range(_MAX_DECIMALS + 1):
        if abs(round(value, places) - value) < 1e-9:
            return places
    return _MAX_DECIMALS


def rounding_tolerance(shares: pd.Series) -> float:
    """The most the shares' sum can miss 100 through rounding of the printed figures alone.

    A year's shares are printed to one precision, the finest that any of them
    shows (43 and 12.5 → one decimal; 6.0 is stored as 6). Each is off by at
    most half a unit of that last place, so ``n`` shares can together be off by
    ``n × 0.5 × 10^-d`` (six whole percentages: ±3). A larger gap cannot be
    rounding and is a data error.
    """
    values = shares.to_numpy(dtype=float)
    places = np.full(len(values), _MAX_DECIMALS)
    for p in range(_MAX_DECIMALS, -1, -1):  # fewest decimals that print each share exactly
        places[np.abs(np.round(values, p) - values) < 1e-9] = p
    return len(shares) * 0.5 * 10 ** -int(places.max(initial=0))


@dataclass(frozen=True)
class ShareSumError:
    """One year whose shares do not add up to 100 % within rounding."""

    year: int
    total: float
    tolerance: float
    lines: tuple[int, ...]

    def message(self) -> str:
        lines = ", ".join(str(n) for n in self.lines)
        return (
            f"shares for {self.year} add up to {self.total:g} %, not 100 % "
            f"(rounding allows ±{self.tolerance:g}); rows on lines {lines}"
        )


def find_share_sum_errors(risk_shares: pd.DataFrame) -> list[ShareSumError]:
    """Every year whose shares miss 100 % by more than rounding allows.

    ``risk_shares`` is the typed table in file order (row ``i`` is on CSV line
    ``i + 2``). Nothing is changed: the caller reports the errors.
    """
    errors = []
    frame = risk_shares.reset_index(drop=True)
    for year, group in frame.groupby("year", sort=True):
        total = round(float(group["share_pct"].sum()), _MAX_DECIMALS)
        tolerance = rounding_tolerance(group["share_pct"])
        if abs(total - 100) > tolerance + 1e-9:
            lines = tuple(int(i) + HEADER_LINES for i in group.index)
            errors.append(ShareSumError(int(cast(int, year)), total, tolerance, lines))
    return errors


# -- printed staffing totals ---------------------------------------------------------
def year_periods(staffing: pd.DataFrame) -> tuple[str, ...]:
    """The yearly periods (``y2019``) of the table, in year order."""
    periods = {p for p in staffing["period"].unique() if period_year(p) is not None}
    return tuple(sorted(periods, key=lambda p: period_year(p) or 0))


def staffing_sum(staffing: pd.DataFrame, periods: tuple[str, ...], measure: str) -> int | None:
    """All posts of ``measure`` in ``periods``, or ``None`` when there are no such rows."""
    rows = staffing[staffing["period"].isin(periods) & (staffing["measure"] == measure)]
    return int(rows["posts"].sum()) if len(rows) else None


def expected_total(
    staffing: pd.DataFrame, period: str, measure: str, agency: str | None = None
) -> int | None:
    """What a printed total of ``measure`` for ``period`` should be, from the agency rows.

    ``None`` when the agency rows cannot confirm that total (no such rows).
    ``approved_total`` of phases taken together (``phase1_2``) is the first
    phase's approved posts plus the later phases' new posts;
    ``cumulative`` is the baseline staff plus new posts up to that year;
    ``new_total`` is the new posts over the yearly periods. With ``agency``
    (an ``agency_zh``) only that agency's rows count: a printed total per agency
    (Kaohsiung's 第一、二期核定總計 column, Keelung's 合計 row); without, all do.
    """
    if agency is not None:
        staffing = staffing[staffing["agency_zh"] == agency]
    if measure == "approved_total":
        numbers = period_phases(period) or ()
        if len(numbers) < 2:
            return None
        approved = staffing_sum(staffing, (f"phase{numbers[0]}",), "approved")
        new = [staffing_sum(staffing, (f"phase{n}",), "new") for n in numbers[1:]]
        if approved is None or any(n is None for n in new):
            return None
        return approved + sum(n for n in new if n is not None)
    years = year_periods(staffing)
    if measure == "cumulative":
        existing = staffing_sum(staffing, ("baseline",), "existing")
        if existing is None:
            return None
        if period == "baseline":
            return existing
        if period not in years:
            return None
        upto = years[: years.index(period) + 1]
        return existing + (staffing_sum(staffing, upto, "new") or 0)
    if measure == "new_total":
        return staffing_sum(staffing, years, "new")
    return staffing_sum(staffing, (period,), measure)
