"""通報趨勢 from the case records: the dozen hand-counted cases, on DuckDB and on PostgreSQL.

Every expected number was counted by hand from the table in
``tests/case_analysis_fixtures.py`` (referral month, risk types, source of each
case); none is computed by the code under test.
"""

# Fixtures are imported from cases_fixtures; test arguments then share their names.
# ruff: noqa: F811

from __future__ import annotations

import pandas as pd
import pytest

from safetynet.cases.repository import commit_case_import, prepare_case_import
from safetynet.referrals import from_cases as fc
from tests.case_analysis_fixtures import dozen_files
from tests.cases_fixtures import (  # noqa: F401 - fixtures are used by name
    TODAY,
    case_engine,
    postgres_url,
    reference,
)
from tests.suppression_attack import pinned

ECON, CHILD, CRISIS, CONFLICT = (
    "economic_hardship",
    "child_development",
    "family_crisis",
    "family_conflict",
)
SOCIAL, HEALTH, EDUCATION, POLICE, PUBLIC = (
    "social_affairs",
    "health",
    "education",
    "police",
    "public",
)

# By hand from the table: (year, category) → cases referred.
YEARLY_BY_TYPE = {
    (2021, ECON): 3, (2021, CHILD): 2, (2021, CRISIS): 1, (2021, CONFLICT): 1,  # C01 C02 C05 | C02 C03 | C04 | C06
    (2022, ECON): 3, (2022, CHILD): 2, (2022, CRISIS): 1, (2022, CONFLICT): 2,  # C07 C09 C10 | C08 C09 | C11 | C07 C12
}  # fmt: skip
YEARLY_BY_SOURCE = {
    (2021, SOCIAL): 2, (2021, HEALTH): 1, (2021, EDUCATION): 1, (2021, POLICE): 1, (2021, PUBLIC): 1,
    (2022, SOCIAL): 3, (2022, HEALTH): 1, (2022, EDUCATION): 1, (2022, POLICE): 1, (2022, PUBLIC): 0,
    (2021, fc.TOTAL): 6, (2022, fc.TOTAL): 6,
}  # fmt: skip
# (month, category) → cases; every other month of 2021-01 … 2022-12 is 0.
MONTHLY_BY_TYPE = {
    ("2021-01", ECON): 1,
    ("2021-02", ECON): 1, ("2021-02", CHILD): 1,
    ("2021-03", CHILD): 1, ("2021-03", CRISIS): 1,
    ("2021-07", ECON): 1,
    ("2021-11", CONFLICT): 1,
    ("2022-01", ECON): 1, ("2022-01", CONFLICT): 1,
    ("2022-02", CHILD): 1,
    ("2022-04", CHILD): 1, ("2022-04", ECON): 1,
    ("2022-06", ECON): 1,
    ("2022-08", CRISIS): 1,
    ("2022-12", CONFLICT): 1,
}  # fmt: skip
MONTHLY_BY_SOURCE = {
    ("2021-01", SOCIAL): 1, ("2021-02", HEALTH): 1, ("2021-03", EDUCATION): 1,
    ("2021-03", POLICE): 1, ("2021-07", SOCIAL): 1, ("2021-11", PUBLIC): 1,
    ("2022-01", SOCIAL): 1, ("2022-02", HEALTH): 1, ("2022-04", EDUCATION): 1,
    ("2022-06", SOCIAL): 1, ("2022-08", SOCIAL): 1, ("2022-12", POLICE): 1,
}  # fmt: skip


@pytest.fixture
def dozen(case_engine, reference):
    plan = prepare_case_import(case_engine, "kaohsiung", dozen_files(), reference, today=TODAY)
    assert plan.ok, plan.messages("en")
    commit_case_import(case_engine, plan, who="測試")
    return case_engine


def staff(engine, dim: str) -> fc.CaseTrend:
    counts = fc.count_case_referrals(engine, "kaohsiung", "real")
    return fc.build_case_trend(counts, dim, public=False)


def yearly(trend: fc.CaseTrend) -> dict:
    return {(r.year, r.category): r.count for r in trend.yearly.itertuples()}


def monthly_nonzero(trend: fc.CaseTrend) -> dict:
    return {
        (f"{r.month:%Y-%m}", r.category): r.count
        for r in trend.monthly.itertuples()
        if r.count and r.category != fc.TOTAL
    }


def test_yearly_counts_by_type_and_by_source_equal_the_hand_counts(dozen) -> None:
    by_type = staff(dozen, "risk_type")
    assert yearly(by_type) == YEARLY_BY_TYPE
    assert by_type.categories == (ECON, CRISIS, CONFLICT, CHILD)  # the vocabulary's order
    by_source = staff(dozen, "referral_source")
    assert yearly(by_source) == YEARLY_BY_SOURCE
    assert set(by_type.yearly["months"]) == {12}  # 2021-01 … 2022-12: two whole years


def test_monthly_counts_by_type_and_by_source_equal_the_hand_counts(dozen) -> None:
    by_type = staff(dozen, "risk_type")
    months = by_type.monthly["month"].drop_duplicates()
    assert len(months) == 24 and f"{months.iloc[0]:%Y-%m}" == "2021-01"
    assert monthly_nonzero(by_type) == MONTHLY_BY_TYPE
    assert fc.TOTAL not in set(by_type.monthly["category"])  # types are not added up
    by_source = staff(dozen, "referral_source")
    assert monthly_nonzero(by_source) == MONTHLY_BY_SOURCE
    totals = by_source.monthly[by_source.monthly["category"] == fc.TOTAL]
    assert (
        dict(zip(totals["month"].dt.strftime("%Y-%m"), totals["count"], strict=True))["2021-03"]
        == 2
    )  # C03 and C04
    assert not by_source.hidden_any and not by_type.hidden_any  # staff: nothing hidden


def test_duckdb_and_postgresql_give_identical_counts(postgres_url, reference, tmp_path) -> None:
    from safetynet.cases.engine import open_case_store
    from tests.cases_fixtures import fresh_database

    key_file = tmp_path / "case_key"
    duck = open_case_store(f"duckdb:///{tmp_path / 'c.duckdb'}", key_file)
    url, drop = fresh_database(postgres_url)
    pg = open_case_store(url, key_file)
    try:
        for engine in (duck, pg):
            plan = prepare_case_import(engine, "kaohsiung", dozen_files(), reference, today=TODAY)
            commit_case_import(engine, plan, who="x")
        one = fc.count_case_referrals(duck, "kaohsiung", "real")
        two = fc.count_case_referrals(pg, "kaohsiung", "real")
        for dim in fc.DIMENSIONS:
            assert len(one.by_dim[dim]) > 0
            pd.testing.assert_frame_equal(one.by_dim[dim], two.by_dim[dim], obj=dim)
            for public in (False, True):
                a = fc.build_case_trend(one, dim, public=public)
                b = fc.build_case_trend(two, dim, public=public)
                pd.testing.assert_frame_equal(a.monthly, b.monthly, obj=f"{dim} monthly")
                pd.testing.assert_frame_equal(a.yearly, b.yearly, obj=f"{dim} yearly")
    finally:
        duck.close()
        pg.close()
        drop()


# -- public release ------------------------------------------------------------------------------
def test_public_release_hides_every_small_count_and_nothing_can_be_worked_out(dozen) -> None:
    counts = fc.count_case_referrals(dozen, "kaohsiung", "real")
    for dim in fc.DIMENSIONS:
        trend = fc.build_case_trend(counts, dim, public=True)
        months = trend.monthly[trend.monthly["category"] != fc.TOTAL]
        assert (months.loc[months["count"].between(1, 2), "mark"] == "<3").all(), dim
        for frame in (trend.monthly, trend.yearly):  # a small total is hidden as 「*」
            assert frame.loc[frame["count"].between(1, 2), "mark"].notna().all(), dim
            assert frame.loc[frame["count"] == 0, "mark"].isna().all()  # zeros stay 0
        # each year is one table (months × categories, the year as its totals): safe
        assert [year for year, _ in trend.released] == [2021, 2022]
        for _year, table in trend.released:
            assert pinned(table) == []
        # the yearly 3 of 經濟陷困 in 2021 is the sum of three hidden 1s: hidden too
        if dim == "risk_type":
            row = trend.yearly.set_index(["year", "category"]).loc[(2021, ECON)]
            assert row["mark"] == "*"


def test_a_hidden_count_is_never_shown_as_a_number(dozen) -> None:
    counts = fc.count_case_referrals(dozen, "kaohsiung", "real")
    trend = fc.build_case_trend(counts, "referral_source", public=True)
    table = fc.yearly_table(trend, None, [2021, 2022], "zh", "roc")
    shown = table.set_index(["年度", "通報來源"])["個案計算件數"]
    assert shown.loc[("110年", "醫衛")] == "*"  # 1: a total of hidden months, marked 「*」
    assert shown.loc[("111年", "民眾")] == "0"
    assert not set(shown) & {"1", "2"}
    months = fc.monthly_table(trend, [2021], "en", "ad")
    assert list(months["Month"])[:3] == ["2021-01", "2021-02", "2021-03"]
    assert not set(months.drop(columns="Month").to_numpy().ravel()) & {"1", "2"}
    points = fc.chart_values(trend, "month", [2021])
    assert points.loc[points["mark"].notna(), "value"].isna().all()  # not drawn either


# -- the printed figures beside -------------------------------------------------------------------
def printed_rows(rows: list[tuple]) -> pd.DataFrame:
    columns = ["year", "referral_type", "type_zh", "type_en", "reporter", "count"]
    frame = pd.DataFrame(rows, columns=columns)
    frame["unit"], frame["unit_en"] = "件", "reports"
    frame["source"], frame["note"] = "test · invented printed figures", None
    frame["reporter"] = frame["reporter"].astype(object).where(frame["reporter"].notna(), None)
    return frame


def test_a_difference_from_the_printed_figure_is_pointed_out(dozen) -> None:
    counts = fc.count_case_referrals(dozen, "kaohsiung", "real")
    printed = printed_rows(
        [
            (2021, "economic_hardship", "家庭經濟陷困", "Economic hardship", None, 5),
            (2022, "x1", "經濟陷困", "Economic", None, 3),  # found by its label
            (2020, "economic_hardship", "家庭經濟陷困", "Economic hardship", None, 9),  # no cases
            (2021, "domestic_violence", "家庭暴力通報數", "DV", None, 100),  # not a risk type
            (2021, fc.ALL_REFERRALS_TYPE, "脆弱家庭通報", "All", None, 6),
            (2022, fc.ALL_REFERRALS_TYPE, "脆弱家庭通報", "All", None, 10),
            (2022, fc.ALL_REFERRALS_TYPE, "脆弱家庭通報", "All", "社政單位", 3),
        ]
    )
    staff_type = fc.build_case_trend(counts, "risk_type", public=False)
    comparison = fc.compare_with_printed(staff_type, fc.printed_counts(printed, "risk_type"))
    assert comparison.compared == 2
    assert comparison.differing[["year", "category", "difference"]].values.tolist() == [
        [2021, ECON, -2]  # 3 cases against 5 printed; 2022: 3 and 3, the same
    ]
    table = fc.yearly_table(staff_type, comparison, [2021, 2022], "zh", "roc").set_index(
        ["年度", "風險類型"]
    )
    econ = "家庭經濟陷困至有福利需求"
    assert table.loc[("110年", econ), "出版數字"] == "5"
    assert table.loc[("110年", econ), "與出版數字差異"] == "個案計算較出版數字 -2（-40.0%）"
    assert table.loc[("111年", econ), "與出版數字差異"] == "相同"
    assert "出版數字出處" in table.columns

    staff_source = fc.build_case_trend(counts, "referral_source", public=False)
    by_source = fc.compare_with_printed(staff_source, fc.printed_counts(printed, "referral_source"))
    assert by_source.differing[["year", "category", "difference"]].values.tolist() == [
        [2022, fc.TOTAL, -4]  # 6 referred cases against 10 printed referrals
    ]
    assert by_source.compared == 3  # 2021 and 2022 totals, 2022 社政 (3 = 3)

    # public: a hidden count is not compared (the difference would give it away)
    public_type = fc.build_case_trend(counts, "risk_type", public=True)
    hidden = fc.compare_with_printed(public_type, fc.printed_counts(printed, "risk_type"))
    assert hidden.differing.empty
    text = fc.yearly_table(public_type, hidden, [2021], "en", "ad")
    assert "not compared: the count from cases is hidden (small numbers)" in set(
        text["Difference from the published figure"]
    )


def test_more_than_twelve_categories_fold_into_other_before_suppression() -> None:
    months = pd.date_range("2024-01-01", "2024-12-01", freq="MS")
    sources = [f"s{i:02d}" for i in range(15)]
    rows = [
        {"month": m, "referral_source": s, "count": 10 + i}
        for m in months
        for i, s in enumerate(sources)
    ]
    tidy = pd.DataFrame(rows)
    counts = fc.CaseReferralCounts(
        {
            "referral_source": tidy,
            "risk_type": pd.DataFrame(columns=["month", "risk_type", "count"]),
        }
    )
    trend = fc.build_case_trend(counts, "referral_source", public=False)
    assert len(trend.categories) == fc.MAX_CATEGORIES and trend.categories[-1] == fc.OTHER
    assert trend.folded == 4  # s00 … s03, the smallest
    other = trend.yearly.set_index("category").loc[fc.OTHER, "count"]
    assert other == 12 * (10 + 11 + 12 + 13)
    total = trend.yearly.set_index("category").loc[fc.TOTAL, "count"]
    assert total == 12 * sum(10 + i for i in range(15))
