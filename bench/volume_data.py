"""Synthetic Kaohsiung tables at a bureau's volume, in the shipped tables' layouts.

The growing tables (referrals, risk-type shares, outcomes, staffing,
indicators with their targets, actuals and definitions) get ``rows`` rows
each, with values that pass the tables' rules: keys unique, risk-type shares
of a year adding up to 100 %, hired ≤ approved, years inside each phase. The
city's geography (38 districts, 18 centres, 17 precincts and their
relations) is what it is and stays as shipped, and so does ``staffing_totals``
(the totals the source prints, per agency and for the city: they do not grow
with the agency rows).

The rows are written straight into the store's tables with one SQLAlchemy
``executemany`` per table (``origin = shipped``, replacing the city's
shipped rows), then the store's revision is advanced: the store's own user
write path is measured separately, by the importer's benchmark.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator

import sqlalchemy as sa

SOURCE = "000_a6c4c72a35a39901.txt · 合成資料（效能測試）"
YEARS = tuple(range(2001, 2026))  # 25 referral years
REPORTERS = ("社政", "醫衛", "教育", "警政")
AGENCIES = ("社會局", "衛生局", "教育局", "警察局", "勞工局", "民政局")
SCALED_TABLES = (
    "referrals",
    "risk_shares",
    "outcomes",
    "staffing",
    "indicators",
    "indicator_targets",
    "indicator_actuals",
    "indicator_definitions",
)

Row = dict[str, object]


def referral_rows(n: int) -> Iterator[Row]:
    """Types × 25 years × (a total row and four reporting sources)."""
    per_type = len(YEARS) * (1 + len(REPORTERS))
    made = 0
    for k in range(math.ceil(n / per_type)):
        for year in YEARS:
            total = 0
            parts = []
            for j, reporter in enumerate(REPORTERS):
                count = 50 + (k * 37 + year * 11 + j * 53) % 400
                total += count
                parts.append((reporter, count))
            for reporter, count in [(None, total), *parts]:
                if made == n:
                    return
                made += 1
                yield {
                    "year": year,
                    "referral_type": f"syn_type_{k:05d}",
                    "type_zh": f"合成通報類型{k:05d}",
                    "type_en": f"Synthetic referral type {k:05d}",
                    "reporter": reporter,
                    "count": count,
                    "unit": "件",
                    "unit_en": "reports",
                    "source": SOURCE,
                    "note": None,
                }


def risk_share_rows(n: int) -> Iterator[Row]:
    """Years 1990–2100, each with the same number of types whose shares add up to 100 %."""
    years = range(1990, 2101)
    per_year = max(1, math.ceil(n / len(years)))
    base, extra = divmod(100_000, per_year)  # thousandths of a percent
    made = 0
    for year in years:
        for k in range(per_year):
            if made == n:
                return
            made += 1
            share = (base + (1 if k < extra else 0)) / 1000
            yield {
                "year": year,
                "risk_type": f"syn_risk_{k:05d}",
                "type_zh": f"合成風險類型{k:05d}",
                "type_en": f"Synthetic risk type {k:05d}",
                "share_pct": share,
                "source": SOURCE,
                "note": None,
            }


def outcome_rows(n: int) -> Iterator[Row]:
    for i in range(n):
        yield {
            "metric": f"syn_metric_{i // len(YEARS):06d}",
            "label_zh": f"合成指標{i // len(YEARS):06d}",
            "label_en": f"Synthetic figure {i // len(YEARS):06d}",
            "year": YEARS[i % len(YEARS)],
            "year_to": None,
            "year_basis": "calendar",
            "value": float(i % 997),
            "unit": "人",
            "unit_en": "persons",
            "source": SOURCE,
            "note": None,
        }


def staffing_rows(n: int) -> Iterator[Row]:
    """Agencies with phase-1 approved, hired and vacant posts and phase-2 new posts."""
    for i in range(n):
        agency, measure = divmod(i, 4)
        approved = 10 + agency % 90
        hired = approved - agency % 7
        period, posts = (
            ("phase1", approved),
            ("phase1", hired),
            ("phase1", approved - hired),
            ("phase2", 5 + agency % 40),
        )[measure]
        yield {
            "agency_zh": f"合成單位{agency:06d}",
            "agency_en": f"Synthetic agency {agency:06d}",
            "period": period,
            "year_from": 2018 if period == "phase1" else 2021,
            "year_to": 2020 if period == "phase1" else 2025,
            "measure": ("approved", "hired", "vacant", "new")[measure],
            "posts": posts,
            "source": SOURCE,
            "note": None,
        }


RULES = ("by_target_year", "every_year", "relative_to_previous")


def indicator_rows(n: int) -> Iterator[Row]:
    for i in range(n):
        rule = RULES[i % len(RULES)]
        agency = AGENCIES[i % len(AGENCIES)]
        yield {
            "indicator_id": f"syn_{i:07d}",
            "phase": 2,
            "strategy": 1 + i % 4,
            "agency_zh": agency,
            "agency_en": f"Agency {AGENCIES.index(agency)}",
            "name_zh": f"合成績效指標{i:07d}",
            "name_en": f"Synthetic indicator {i:07d}",
            "unit": "%",
            "unit_en": "percent",
            "direction": "up" if i % 2 else "down",
            "target_rule": rule,
            "baseline": 40.0 if rule == "by_target_year" else None,
            "baseline_year": 2020 if rule == "by_target_year" else None,
            "target": 5.0 if rule == "relative_to_previous" else 60.0 + i % 30,
            "target_year": 2025 if rule != "relative_to_previous" else None,
            "source": SOURCE,
            "note": None,
        }


def indicator_target_rows(n: int) -> Iterator[Row]:
    for i in range(n):
        yield {
            "indicator_id": f"syn_{i:07d}",
            "year": 2022 + i % 3,
            "target": 50.0 + i % 20,
            "source": SOURCE,
            "note": None,
        }


def indicator_actual_rows(n: int) -> Iterator[Row]:
    for i in range(n):
        yield {
            "indicator_id": f"syn_{i:07d}",
            "year": 2021 + i % 4,
            "year_basis": "calendar",
            "value": float(35 + i % 50),
            "source": SOURCE,
            "note": None,
        }


def definition_rows(n: int) -> Iterator[Row]:
    for i in range(n):
        yield {
            "indicator_id": f"syn_{i:07d}",
            "definition_zh": f"合成指標{i:07d}之定義。",
            "definition_en": f"Definition of synthetic indicator {i:07d}.",
            "source": SOURCE,
            "note": None,
        }


GENERATORS: dict[str, Callable[[int], Iterator[Row]]] = {
    "referrals": referral_rows,
    "risk_shares": risk_share_rows,
    "outcomes": outcome_rows,
    "staffing": staffing_rows,
    "indicators": indicator_rows,
    "indicator_targets": indicator_target_rows,
    "indicator_actuals": indicator_actual_rows,
    "indicator_definitions": definition_rows,
}
BATCH = 50_000


def fill_store(url: str, city: str, rows: int) -> dict[str, float]:
    """Replace ``city``'s rows of the growing tables with ``rows`` synthetic rows each.

    Outcomes keep the shipped rows (the pages' KPI cards) and get the synthetic
    ones on top. Returns seconds per table.
    """
    import time

    from safetynet.storage.store import Store

    store = Store.open(url)
    times: dict[str, float] = {}
    with store.engine.begin() as conn:
        for name in SCALED_TABLES:
            start = time.perf_counter()
            table = store.tables[name]
            if name != "outcomes":
                conn.execute(sa.delete(table).where(table.c.city == city))
            batch: list[Row] = []
            for row in GENERATORS[name](rows):
                batch.append({**row, "city": city, "origin": "shipped", "version": 1})
                if len(batch) == BATCH:
                    conn.execute(sa.insert(table), batch)
                    batch = []
            if batch:
                conn.execute(sa.insert(table), batch)
            times[name] = time.perf_counter() - start
        store.next_revision(conn)  # readers key their caches on it
    store.engine.dispose()
    return times
