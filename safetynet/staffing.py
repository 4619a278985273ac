"""Staffing figures: totals per period and measure, and hiring (fill) rates.

The staffing table holds one row per agency, period and measure; totals and
rates are computed here, never stored, so they always agree with the rows.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from safetynet.formatting import format_year_range
from safetynet.i18n import t

YEAR_PERIODS = ("y2018", "y2019", "y2020")


def _sum(staffing: pd.DataFrame, periods: tuple[str, ...], measure: str) -> int | None:
    rows = staffing[staffing["period"].isin(periods) & (staffing["measure"] == measure)]
    return int(rows["posts"].sum()) if len(rows) else None


def expected_total(staffing: pd.DataFrame, period: str, measure: str) -> int | None:
    """What a printed total of ``measure`` for ``period`` should be, from the agency rows.

    ``None`` when the agency rows cannot confirm that total (no such rows).
    ``approved_total`` is phase-1 approved plus phase-2 new posts;
    ``cumulative`` is the baseline staff plus new posts up to that year;
    ``new_total`` is the new posts over the yearly periods.
    """
    if measure == "approved_total":
        approved = _sum(staffing, ("phase1",), "approved")
        new = _sum(staffing, ("phase2",), "new")
        return None if approved is None or new is None else approved + new
    if measure == "cumulative":
        existing = _sum(staffing, ("baseline",), "existing")
        if existing is None:
            return None
        if period == "baseline":
            return existing
        if period not in YEAR_PERIODS:
            return None
        upto = YEAR_PERIODS[: YEAR_PERIODS.index(period) + 1]
        return existing + (_sum(staffing, upto, "new") or 0)
    if measure == "new_total":
        return _sum(staffing, YEAR_PERIODS, "new")
    return _sum(staffing, (period,), measure)


@dataclass(frozen=True)
class HiringSummary:
    """Approved, hired and vacant posts of one period, with the fill rate."""

    period: str
    approved: int
    hired: int
    vacant: int

    @property
    def hiring_rate_pct(self) -> float | None:
        return round(100 * self.hired / self.approved, 1) if self.approved else None


def compute_hiring(staffing: pd.DataFrame) -> list[HiringSummary]:
    """Hiring summary for every period that has both approved and hired rows."""
    summaries = []
    for period in staffing["period"].drop_duplicates():
        approved = _sum(staffing, (period,), "approved")
        hired = _sum(staffing, (period,), "hired")
        if approved is None or hired is None:
            continue
        vacant = _sum(staffing, (period,), "vacant")
        summaries.append(
            HiringSummary(
                period, approved, hired, vacant if vacant is not None else approved - hired
            )
        )
    return summaries


def total_posts(staffing: pd.DataFrame, measure: str) -> int | None:
    """All posts of ``measure`` over every agency and period, or ``None`` if there are none."""
    rows = staffing[staffing["measure"] == measure]
    return int(rows["posts"].sum()) if len(rows) else None


def staffing_display_table(staffing: pd.DataFrame, lang: str, year_style: str) -> pd.DataFrame:
    """The staffing rows as a reader sees them: agency, period, years, measure, posts, source.

    Sorted as the source prints them (agency order kept), periods in time order.
    """
    frame = staffing.copy()
    frame["_agency_order"] = frame["agency_zh"].map(
        {a: i for i, a in enumerate(frame["agency_zh"].drop_duplicates())}
    )
    frame = frame.sort_values(["_agency_order", "year_from", "measure"], kind="stable")
    return pd.DataFrame(
        {
            t("col.agency", lang): frame[f"agency_{lang}"],
            t("col.period", lang): [t(f"period.{p}", lang) for p in frame["period"]],
            t("col.years", lang): [
                format_year_range(int(a), int(b), year_style, lang)
                for a, b in zip(frame["year_from"], frame["year_to"], strict=True)
            ],
            t("col.measure", lang): [t(f"measure.{m}", lang) for m in frame["measure"]],
            t("col.posts", lang): frame["posts"].astype(int),
            t("source", lang): frame["source"],
            t("note", lang): frame["note"].fillna(""),
        }
    ).reset_index(drop=True)
