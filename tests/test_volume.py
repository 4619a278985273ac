"""A bureau's real volume: the pages and views accept any valid table size without error,
and their charts stay bounded (a few panels, a few traces) however many categories come in.

Sizes are drawn from seeded random generators (reproducible: the seed is in the test id),
up to a few thousand rows per table; no timing is asserted here (speed is in bench/).
"""

from __future__ import annotations

import random

import pandas as pd
import pytest

from components.referral_charts import build_referral_figure, build_reporter_figure
from safetynet.editing import commit
from safetynet.importing import prepare_import
from safetynet.referrals import (
    DEFAULT_REPORTER_TYPES,
    MAX_CHART_TYPES,
    MAX_REPORTER_TYPES,
    ReferralParams,
    compute_referral_trends,
    reporter_chart,
)
from safetynet.store import Store
from tests.test_cases_pages import figures

SOURCE = "局內統計 · 年度通報來源統計"
REPORTERS = ["社政", "醫衛", "教育", "警政", "司法", "村里", "民眾", "其他單位"]


def referral_frame(
    n_types: int, n_sources: int, years: list[int], *, totals: bool = False
) -> pd.DataFrame:
    """Counts per type, year and source (and, with ``totals``, a printed total row)."""
    rows = []
    for k in range(n_types):
        for year in years:
            counts = [(f"來源{j:02d}", 10 + (k * 7 + year + j * 13) % 90) for j in range(n_sources)]
            if totals or not counts:
                rows.append((year, k, None, sum(c for _, c in counts) or 5 + k))
            rows += [(year, k, source, count) for source, count in counts]
    return pd.DataFrame(
        {
            "year": [r[0] for r in rows],
            "referral_type": [f"type_{r[1]:02d}" for r in rows],
            "type_zh": [f"類型{r[1]:02d}通報數" for r in rows],
            "type_en": [f"Type {r[1]:02d} reports" for r in rows],
            "reporter": [r[2] for r in rows],
            "count": [r[3] for r in rows],
            "unit": "件",
            "unit_en": "reports",
            "source": SOURCE,
            "note": None,
        }
    )


def empty_outcomes() -> pd.DataFrame:
    return pd.DataFrame(
        columns=["metric", "label_zh", "label_en", "year", "year_to", "value", "source", "note"]
    )


# -- the page: 12 types × 4 sources × 3 years, imported as a user would -------------------


def _import_referrals(frame: pd.DataFrame) -> None:
    store = Store.open()
    data = frame.to_csv(index=False).encode("utf-8")
    plan = prepare_import(store, "kaohsiung", "referrals", "referrals.csv", data, who="測試")
    assert plan.ok, plan.messages("zh")
    commit(store, plan, who="測試")
    store.engine.dispose()


def test_twelve_types_by_four_sources_show_the_source_chart(app_test) -> None:
    frame = referral_frame(12, 4, [2019, 2020, 2021])
    names = dict(zip([f"來源{j:02d}" for j in range(4)], REPORTERS[:4], strict=True))
    frame["reporter"] = frame["reporter"].map(names)
    _import_referrals(frame)
    at = app_test("pages/referrals.py").run()
    assert not at.exception
    trend, by_source = figures(at)
    assert len(trend.data) == 8  # the eight largest types to start with; the user adds more
    titles = [a.text for a in by_source.layout.annotations]
    assert len(titles) == DEFAULT_REPORTER_TYPES
    assert {tr.name for tr in by_source.data} == {"社政", "醫衛", "教育", "警政"}

    # every type with its sources, two sources one by one and the rest as 其他
    at.multiselect(key="referrals.reporter_types").set_value(
        [f"type_{k:02d}" for k in range(MAX_REPORTER_TYPES)]
    )
    at.number_input(key="referrals.top_sources").set_value(2).run()
    assert not at.exception
    _, by_source = figures(at)
    assert len(by_source.layout.annotations) == MAX_REPORTER_TYPES
    names = {tr.name for tr in by_source.data}
    assert len(names) == 3 and "其他（2 個來源）" in names
    # the sources table lists what the chart shows, by type, year and source
    table = next(d.value for d in at.dataframe if "通報來源" in d.value.columns)
    assert len(table) == MAX_REPORTER_TYPES * 4 * 3


def test_thirty_types_by_twenty_sources_stay_a_few_panels_and_traces() -> None:
    frame = referral_frame(30, 20, list(range(2015, 2022)))
    trends = compute_referral_trends(frame, empty_outcomes())
    fig = build_reporter_figure(trends, types=list(frame["referral_type"].unique()), top_sources=6)
    assert len(fig.layout.annotations) == MAX_REPORTER_TYPES
    assert len({tr.name for tr in fig.data}) == 7  # six sources and 其他
    other = [tr for tr in fig.data if tr.name.startswith("其他")][0]
    assert other.name == "其他（14 個來源）"
    # the 其他 part is the sum of the folded sources: nothing is lost
    chart = reporter_chart(trends.reporters, list(frame["referral_type"].unique()[:1]), 6)
    shown = frame[(frame["referral_type"] == "type_00") & frame["reporter"].notna()]
    assert chart.rows["count"].sum() == shown["count"].sum()
    trend = build_referral_figure(trends, facets=True)
    assert len(trend.data) == MAX_CHART_TYPES


# -- any size: referrals -----------------------------------------------------------------


@pytest.mark.parametrize("seed", range(12))
def test_referral_views_accept_any_size(seed: int) -> None:
    rng = random.Random(seed)
    n_types = rng.randint(1, 40)
    n_years = rng.randint(1, 12)
    n_sources = rng.randint(0, max(0, min(25, 3000 // (n_types * n_years) - 1)))
    first = rng.randint(2000, 2020)
    years = sorted(rng.sample(range(first, first + 20), n_years))
    frame = referral_frame(n_types, n_sources, years, totals=rng.random() < 0.5)
    everything = compute_referral_trends(frame, empty_outcomes())
    assert len(everything.all_types) == n_types
    codes = [rt.code for rt in everything.all_types]
    picked = tuple(rng.sample(codes, rng.randint(1, n_types)))
    trends = compute_referral_trends(
        frame, empty_outcomes(), ReferralParams(years[0], years[-1], picked)
    )
    assert len(trends.summaries) == len(picked)
    for measure in ("count", "index"):
        for facets in (False, True):
            fig = build_referral_figure(trends, measure=measure, facets=facets)
            assert len(fig.data) == min(len(picked), MAX_CHART_TYPES)
    top = rng.randint(1, 12)
    fig = build_reporter_figure(trends, types=list(picked), top_sources=top)
    if n_sources:
        assert len(fig.layout.annotations) == min(len(picked), MAX_REPORTER_TYPES)
        assert len({tr.name for tr in fig.data}) <= top + 1
    else:
        assert not fig.data
    fig.to_json()  # what reaches the browser is valid


def test_referral_series_match_the_counts_year_by_year() -> None:
    frame = referral_frame(3, 2, [2016, 2017, 2019], totals=True)
    trends = compute_referral_trends(frame, empty_outcomes())
    series = trends.series.set_index(["referral_type", "year"])
    totals = frame[frame["reporter"].isna()].set_index(["referral_type", "year"])["count"]
    assert series["count"].to_dict() == totals.to_dict()
    row = series.loc[("type_01", 2017)]
    before = totals[("type_01", 2016)]
    assert row["yoy_change"] == totals[("type_01", 2017)] - before
    assert row["index"] == pytest.approx(100 * totals[("type_01", 2017)] / before)
    assert pd.isna(series.loc[("type_01", 2019), "yoy_change"])  # 2018 is missing
