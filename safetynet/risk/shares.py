"""Shares of the six official vulnerable-family risk types (脆弱家庭六大風險類型).

The shares of one year must add up to 100 % within what rounding of the printed
figures can explain. A year that does not is a data error: it is reported with
its file, lines and column and never silently renormalised.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from safetynet.formatting import format_number
from safetynet.i18n import t
from safetynet.risk.types import RISK_TYPE_CODES, RISK_TYPES_BY_CODE
from safetynet.validation.rules import ShareSumError, find_share_sum_errors

# Service outcomes shown with the risk types: the figures any city's outcomes.csv
# holds about vulnerable-family (or high-risk family) services, in reading order.
RISK_OUTCOME_METRICS: tuple[str, ...] = (
    "households_served",
    "households_proactively_found_pct",
    "closed_goals_met_pct",
    "vulnerability_reduced_pct",
    "family_function_improved_pct",
    "vulnerability_decrease_pct",
    "risk_cases_per_month",
    "cases_in_service",
    "children_in_service",
)


@dataclass(frozen=True)
class RiskShareParams:
    """Which year to show and which year to compare it with.

    ``year`` defaults to the latest valid year. With ``compare_year`` left at
    ``None``, the comparison is the latest valid year before ``year`` when
    ``compare_previous`` is true, and none otherwise.
    """

    year: int | None = None
    compare_year: int | None = None
    compare_previous: bool = True


@dataclass(frozen=True)
class RiskShareResult:
    """Shares of one year, sorted largest first, with the change against another year.

    ``shares`` has one row per type: code, short and full names (zh/en), share,
    rank, ``change_pp`` (percentage points since ``compare_year``, missing when
    there is no comparison or the type is absent that year), source and note.
    ``errors`` lists years the data refuses; those years are never shown.
    """

    years: tuple[int, ...]
    year: int | None
    compare_year: int | None
    shares: pd.DataFrame
    errors: tuple[ShareSumError, ...]
    sources: tuple[str, ...]

    @property
    def has_data(self) -> bool:
        return not self.shares.empty

    @property
    def notes(self) -> tuple[str, ...]:
        """The distinct notes of the shown rows (e.g. that the basis of the shares is unknown)."""
        return tuple(dict.fromkeys(n for n in self.shares["note"] if isinstance(n, str) and n))


SHARE_COLUMNS = [
    "risk_type",
    "short_zh",
    "short_en",
    "name_zh",
    "name_en",
    "share_pct",
    "rank",
    "change_pp",
    "source",
    "note",
]


def compute_risk_shares(
    risk_shares: pd.DataFrame, params: RiskShareParams | None = None
) -> RiskShareResult:
    """The shares of ``params.year`` (default: the latest valid year), sorted, with changes.

    Years whose shares fail :func:`find_share_sum_errors` are left out and
    returned in ``errors``, so a page can show the data error instead of a chart.
    The comparison year defaults to the latest valid year before ``year``.
    """
    params = params or RiskShareParams()
    errors = tuple(find_share_sum_errors(risk_shares))
    bad_years = {e.year for e in errors}
    valid = risk_shares[~risk_shares["year"].isin(bad_years)]
    years = tuple(sorted(int(y) for y in valid["year"].dropna().unique()))
    empty = pd.DataFrame(columns=SHARE_COLUMNS)
    if not years:
        return RiskShareResult((), None, None, empty, errors, ())
    year = params.year if params.year in years else years[-1]
    earlier = [y for y in years if y < year]
    if params.compare_year in years and params.compare_year != year:
        compare = params.compare_year
    elif params.compare_year is None and params.compare_previous and earlier:
        compare = earlier[-1]
    else:
        compare = None

    rows = valid[valid["year"] == year].copy()
    order = {code: i for i, code in enumerate(RISK_TYPE_CODES)}
    rows["_order"] = rows["risk_type"].map(order).fillna(len(order))
    rows = rows.sort_values(["share_pct", "_order"], ascending=[False, True], kind="stable")
    before = (
        valid[valid["year"] == compare].set_index("risk_type")["share_pct"]
        if compare is not None
        else pd.Series(dtype=float)
    )
    shares = pd.DataFrame(
        {
            "risk_type": rows["risk_type"],
            "short_zh": [
                _short(c, "zh", z) for c, z in zip(rows["risk_type"], rows["type_zh"], strict=True)
            ],
            "short_en": [
                _short(c, "en", e) for c, e in zip(rows["risk_type"], rows["type_en"], strict=True)
            ],
            "name_zh": rows["type_zh"],
            "name_en": rows["type_en"],
            "share_pct": rows["share_pct"].astype(float),
            # equal shares share a rank (6 %, 6 % → 4, 4, then 6)
            "rank": rows["share_pct"].rank(method="min", ascending=False).astype(int),
            "change_pp": [
                float(s - before[c]) if c in before.index else float("nan")
                for c, s in zip(rows["risk_type"], rows["share_pct"], strict=True)
            ],
            "source": rows["source"],
            "note": rows["note"],
        }
    ).reset_index(drop=True)
    sources = tuple(dict.fromkeys(shares["source"]))
    return RiskShareResult(years, year, compare, shares, errors, sources)


# Types a chart shows one by one at most (the official six always fit); the smaller ones
# are added up as one 「其他」 bar, a share of the same whole.
CHART_TYPES = 12


def fold_shares(shares: pd.DataFrame, limit: int = CHART_TYPES) -> pd.DataFrame:
    """:attr:`RiskShareResult.shares` with at most ``limit`` rows: the largest shares, then
    the rest added up as 「其他（N 類）」 (its change is the sum of theirs)."""
    if len(shares) <= limit:
        return shares
    keep, rest = shares.iloc[: limit - 1], shares.iloc[limit - 1 :]
    n = format_number(len(rest))
    change = rest["change_pp"]
    other = {
        "risk_type": None,
        "short_zh": t("chart.other_types", "zh", n=n),
        "short_en": t("chart.other_types", "en", n=n),
        "name_zh": t("chart.other_types", "zh", n=n),
        "name_en": t("chart.other_types", "en", n=n),
        "share_pct": round(float(rest["share_pct"].sum()), 3),
        "rank": int(rest["rank"].min()),
        "change_pp": float(change.sum()) if change.notna().all() else float("nan"),
        "source": None,
        "note": None,
    }
    return pd.concat([keep, pd.DataFrame([other])], ignore_index=True)


def _short(code: str, lang: str, printed: str) -> str:
    risk = RISK_TYPES_BY_CODE.get(code)
    if risk is None:
        return printed
    return risk.short_zh if lang == "zh" else risk.short_en
