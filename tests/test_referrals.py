"""Referral trends: changes, growth, index and rates computed from the counts; published
figures carried as published; filters; per-source rows; nothing added across types."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from safetynet.referrals.trends import ReferralParams, compute_referral_trends, yearly_population
from safetynet.referrals.views import referral_series_table, referral_summary_table, summary_grid
from tests.helpers import outcomes, referrals

SOURCE = "003_8c0365bf83128a38.txt · 各類通報案件分析"


def row(trends, code: str, year: int) -> pd.Series:
    series = trends.series
    return series[(series["referral_type"] == code) & (series["year"] == year)].iloc[0]


# -- the shipped Keelung table ---------------------------------------------------


@pytest.mark.parametrize(
    ("code", "year", "count", "yoy_change", "yoy_pct", "index"),
    [
        ("domestic_violence", 2015, 1499, None, None, 100.0),
        ("domestic_violence", 2016, 1523, 24, 100 * 24 / 1499, 100 * 1523 / 1499),
        ("domestic_violence", 2017, 1798, 275, 100 * 275 / 1523, 100 * 1798 / 1499),
        ("suicide", 2017, 557, -42, 100 * -42 / 599, 100 * 557 / 566),
        ("sex_offender_treatment", 2016, 168, -20, 100 * -20 / 188, 100 * 168 / 188),
    ],
)
def test_keelung_changes_and_index(
    shipped_store, code, year, count, yoy_change, yoy_pct, index
) -> None:
    tables = shipped_store.read_city("keelung")
    trends = compute_referral_trends(tables["referrals"], tables["outcomes"])
    r = row(trends, code, year)
    assert r["count"] == count
    if yoy_change is None:
        assert pd.isna(r["yoy_change"]) and pd.isna(r["yoy_pct"])
    else:
        assert r["yoy_change"] == yoy_change
        assert r["yoy_pct"] == pytest.approx(yoy_pct)
    assert r["index"] == pytest.approx(index)


def test_keelung_growth_over_the_period_per_type(shipped_store) -> None:
    tables = shipped_store.read_city("keelung")
    trends = compute_referral_trends(tables["referrals"], tables["outcomes"])
    growth = {s.referral_type.code: s for s in trends.summaries}
    assert len(growth) == 8
    dv = growth["domestic_violence"]
    assert (dv.first_year, dv.last_year, dv.first_count, dv.last_count) == (2015, 2017, 1499, 1798)
    assert dv.change == 299
    assert dv.growth_pct == pytest.approx(100 * 299 / 1499)
    assert dv.latest_yoy_pct == pytest.approx(100 * 275 / 1523)
    assert growth["suicide"].growth_pct == pytest.approx(100 * (557 - 566) / 566)
    # one row per type and year: types are never added together
    assert len(trends.series) == 24
    assert not trends.series.duplicated(["referral_type", "year"]).any()


def test_keelung_has_no_rates_because_its_population_has_no_year(shipped_store) -> None:
    tables = shipped_store.read_city("keelung")
    trends = compute_referral_trends(tables["referrals"], tables["outcomes"])
    assert not trends.rates_available
    assert trends.series["rate_per_10k"].isna().all()
    assert trends.undated_population is not None
    assert trends.undated_population.value == 371458
    # the rate column is left out of the table rather than shown empty
    assert "每萬人口" not in referral_series_table(trends, "zh", "roc").columns


def test_keelung_published_figures_are_not_growth_rows(shipped_store) -> None:
    tables = shipped_store.read_city("keelung")
    trends = compute_referral_trends(tables["referrals"], tables["outcomes"])
    assert [f.key for f in trends.published] == [
        "referrals_jan_jun",
        "referral_rate_pct",
        "referral_rate_rank",
    ]
    assert trends.published_growth == ()


def test_keelung_types_differ_in_scale_so_facets_are_suggested(shipped_store) -> None:
    tables = shipped_store.read_city("keelung")
    trends = compute_referral_trends(tables["referrals"], tables["outcomes"])
    assert trends.scale_ratio == pytest.approx(2994 / 92)  # psychiatric caseload vs DV offenders
    assert trends.suggest_facets("count")
    assert not trends.suggest_facets("index")  # every index starts at 100
    close = compute_referral_trends(
        tables["referrals"],
        tables["outcomes"],
        ReferralParams(types=("domestic_violence", "child_protection")),
    )
    assert not close.suggest_facets("count")


# -- Kaohsiung: only a published growth figure -------------------------------------


def test_kaohsiung_has_no_counts_and_keeps_the_published_growth(shipped_store) -> None:
    tables = shipped_store.read_city("kaohsiung")
    trends = compute_referral_trends(tables["referrals"], tables["outcomes"])
    assert not trends.has_counts
    assert trends.series.empty
    [growth] = trends.published_growth
    assert growth.key == "vulnerable_family_referral_growth_pct"
    assert growth.value == 176.58
    assert growth.year is None  # the source states no comparison period
    summary = referral_summary_table(trends, "zh", "roc")
    assert summary.to_dict("records") == [
        {
            "類型": "脆弱家庭通報量提升",
            "單位": "無資料",
            "期間": "無資料",
            "首年數量": "無資料",
            "末年數量": "無資料",
            "期間增減": "無資料",
            "期間成長率": "+176.58%",
            "最近一年增減率": "無資料",
            "數值性質": "來源公布",
            "資料來源": growth.source,
            "備註": "來源未載比較期間；通報件數圖表未能擷取",
        }
    ]
    # on the page: one line a row; that it is published, its source and its note are
    # marked and listed below in full
    grid = summary_grid(summary, "zh")
    assert not {"數值性質", "資料來源", "備註"} & set(grid.table.columns)
    assert grid.table["附註"].tolist() == ["① ② ③"]
    assert grid.table["成長率"].tolist() == ["+176.58%"]
    assert grid.headers["成長率"] == "期間成長率"  # the short header's tooltip
    assert grid.notes[0] == "來源公布值（非本系統計算）"
    assert grid.notes[1].startswith("資料來源：高雄市") and ".txt" not in grid.notes[1]
    assert grid.notes[2] == "來源未載比較期間；通報件數圖表未能擷取"


# -- filters, gaps, zero bases, rates, per-source rows ------------------------------

SYNTHETIC = referrals(
    (2015, "a", 100),
    (2016, "a", 120),
    (2017, "a", 90),
    (2019, "a", 180),  # 2018 missing
    (2015, "b", 0),
    (2016, "b", 10),
    (2017, "b", 20),
)


@pytest.mark.parametrize(
    ("params", "years", "types", "rows"),
    [
        (ReferralParams(), (2015, 2019), ("a", "b"), 7),
        (ReferralParams(year_from=2016, year_to=2017), (2016, 2017), ("a", "b"), 4),
        (ReferralParams(year_from=2017, year_to=2016), (2016, 2017), ("a", "b"), 4),
        (ReferralParams(year_from=1990, year_to=2100), (2015, 2019), ("a", "b"), 7),
        (ReferralParams(types=("b",)), (2015, 2019), ("b",), 3),
        (ReferralParams(types=()), (2015, 2019), (), 0),
    ],
)
def test_filters(params, years, types, rows) -> None:
    trends = compute_referral_trends(SYNTHETIC, outcomes(), params)
    assert trends.years == years
    assert tuple(rt.code for rt in trends.types) == types
    assert len(trends.series) == rows
    # the options for the filters always come from the whole table
    assert trends.all_years == (2015, 2016, 2017, 2019)


def test_index_starts_at_the_first_selected_year() -> None:
    trends = compute_referral_trends(SYNTHETIC, outcomes(), ReferralParams(year_from=2016))
    assert row(trends, "a", 2016)["index"] == 100
    assert row(trends, "a", 2017)["index"] == pytest.approx(75)
    summary = next(s for s in trends.summaries if s.referral_type.code == "a")
    assert summary.growth_pct == pytest.approx(50)  # 120 → 180


def test_a_gap_year_gives_no_year_on_year_change() -> None:
    trends = compute_referral_trends(SYNTHETIC, outcomes())
    assert pd.isna(row(trends, "a", 2019)["yoy_change"])
    assert pd.isna(row(trends, "a", 2019)["yoy_pct"])
    a = next(s for s in trends.summaries if s.referral_type.code == "a")
    assert a.latest_yoy_pct is None


def test_a_zero_first_year_gives_no_index_and_no_growth() -> None:
    trends = compute_referral_trends(SYNTHETIC, outcomes())
    assert trends.series[trends.series["referral_type"] == "b"]["index"].isna().all()
    b = next(s for s in trends.summaries if s.referral_type.code == "b")
    assert b.growth_pct is None
    assert b.change == 20
    assert row(trends, "b", 2016)["yoy_pct"] is None or pd.isna(row(trends, "b", 2016)["yoy_pct"])
    assert row(trends, "b", 2017)["yoy_pct"] == pytest.approx(100)


@pytest.mark.parametrize(
    ("population_rows", "expected"),
    [
        # a rate only for a year whose population is in the data
        ([("population", 2016, None, 400_000.0)], {2016: 120 * 10_000 / 400_000}),
        (
            [("population", 2015, None, 500_000.0), ("population", 2017, None, 450_000.0)],
            {2015: 100 * 10_000 / 500_000, 2017: 90 * 10_000 / 450_000},
        ),
        ([("population", None, None, 371_458.0)], {}),  # no year: no rate
        ([("population", 2015, 2017, 400_000.0)], {}),  # a span is not one year's population
    ],
)
def test_rates_per_10000_only_where_that_years_population_exists(population_rows, expected) -> None:
    trends = compute_referral_trends(SYNTHETIC, outcomes(*population_rows))
    a = trends.series[trends.series["referral_type"] == "a"].set_index("year")["rate_per_10k"]
    got = {int(y): v for y, v in a.items() if not math.isnan(v)}
    assert got == pytest.approx(expected)
    assert trends.rates_available == bool(expected)


def test_reporter_rows_make_a_total_only_where_none_is_printed() -> None:
    data = referrals(
        (2016, "a", 50, "社政"),
        (2016, "a", 30, "醫衛"),
        (2017, "a", 100),  # printed total
        (2017, "a", 60, "社政"),
        (2017, "a", 30, "醫衛"),  # sources need not add up to the printed total
    )
    trends = compute_referral_trends(data, outcomes())
    assert row(trends, "a", 2016)["count"] == 80
    assert bool(row(trends, "a", 2016)["from_reporters"])
    assert row(trends, "a", 2017)["count"] == 100
    assert not bool(row(trends, "a", 2017)["from_reporters"])
    assert len(trends.reporters) == 4
    assert set(trends.reporters["reporter"]) == {"社政", "醫衛"}
    table = referral_series_table(trends, "en", "ad")
    assert "added up from the reporting sources" in table["Note"].iloc[0]


def test_yearly_population_keeps_single_years_only() -> None:
    pop = yearly_population(
        outcomes(
            ("population", 2016, None, 1.0),
            ("population", None, None, 2.0),
            ("area_km2", 2016, None, 3.0),
        )
    )
    assert pop[["year", "population"]].to_dict("records") == [{"year": 2016, "population": 1.0}]


@pytest.mark.parametrize(
    ("lang", "style", "year", "growth"),
    [("zh", "roc", "104年", "+19.9%"), ("en", "ad", "2015", "+19.9%")],
)
def test_tables_follow_language_and_year_style(shipped_store, lang, style, year, growth) -> None:
    tables = shipped_store.read_city("keelung")
    trends = compute_referral_trends(tables["referrals"], tables["outcomes"])
    series = referral_series_table(trends, lang, style)
    assert series.iloc[0, 1] == year
    summary = referral_summary_table(trends, lang, style)
    assert summary.iloc[0, 6] == growth
    assert summary.iloc[0, 3] == "1,499"
