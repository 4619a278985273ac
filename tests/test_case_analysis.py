"""Case analysis against a dozen hand-counted cases, on DuckDB and on PostgreSQL.

Every expected number was counted by hand from the table in
``tests/case_analysis_fixtures.py``; none is computed by the code under test.
"""

# Fixtures are imported from cases_fixtures; test arguments then share their names.
# ruff: noqa: F811

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from safetynet import DATA_DIR
from safetynet.cases import analysis as a
from safetynet.cases.bands import band_set, parse_bands, preset
from safetynet.cases.population import PopulationIndex, rates
from safetynet.cases.repository import commit_case_import, prepare_case_import
from tests.case_analysis_fixtures import (
    FENGSHAN,
    FOUR_DISTRICTS,
    LINYUAN,
    SANMIN,
    YANCHENG,
    dozen_files,
    population_rows,
)
from tests.cases_fixtures import (  # noqa: F401 - fixtures are used by name
    TODAY,
    case_engine,
    postgres_url,
    reference,
)
from tests.suppression_attack import pinned

LIFE = preset("life_stages")  # 0-5, 6-11, 12-17, 18-24, 25-64, 65+
PLATFORM = preset("platform")  # 0-17, 18+
Y2021 = a.Scope(start=date(2021, 1, 1), end=date(2021, 12, 31))


@pytest.fixture(scope="module")
def relations() -> a.Relations:
    names = ("districts", "centres", "precincts", "district_centres", "district_precincts")
    tables = {
        n: pd.read_csv(DATA_DIR / "kaohsiung" / f"{n}.csv", dtype=str, keep_default_na=False)
        for n in names
    }
    return a.Relations.from_tables(tables)


@pytest.fixture
def dozen(case_engine, reference):
    plan = prepare_case_import(case_engine, "kaohsiung", dozen_files(), reference, today=TODAY)
    assert plan.ok, plan.messages("en")
    commit_case_import(case_engine, plan, who="測試")
    return case_engine


ALL = a.Scope()


def counts(engine, measure, dims, scope=ALL, bands=LIFE, relations=None) -> dict:
    frame = a.count(engine, "kaohsiung", "real", measure, dims, scope, bands, relations)
    key = dims[0] if len(dims) == 1 else dims
    if not dims:
        return {(): int(frame["count"].sum())}
    return {
        (row[key] if len(dims) == 1 else tuple(row[d] for d in dims)): int(row["count"])
        for _, row in frame.iterrows()
    }


# -- counts -------------------------------------------------------------------------------------
def test_cases_and_persons_in_all(dozen) -> None:
    assert counts(dozen, "cases", []) == {(): 12}
    assert counts(dozen, "persons", []) == {(): 26}


def test_cases_by_district_and_year(dozen) -> None:
    assert counts(dozen, "cases", ["district"]) == {
        FENGSHAN: 4,
        LINYUAN: 3,
        SANMIN: 3,
        YANCHENG: 2,
    }
    assert counts(dozen, "cases", ["district", "year"]) == {
        (FENGSHAN, 2021): 3,
        (FENGSHAN, 2022): 1,
        (LINYUAN, 2021): 2,
        (LINYUAN, 2022): 1,
        (SANMIN, 2021): 1,
        (SANMIN, 2022): 2,
        (YANCHENG, 2022): 2,
    }


def test_persons_by_age_band_and_sex(dozen) -> None:
    assert counts(dozen, "persons", ["age_band", "sex"]) == {
        ("0-5", "M"): 1, ("0-5", "F"): 2,
        ("6-11", "M"): 2, ("6-11", "F"): 1,
        ("12-17", "M"): 3, ("12-17", "F"): 2,
        ("18-24", "F"): 2,
        ("25-64", "M"): 4, ("25-64", "F"): 6,
        ("65+", "M"): 1, ("65+", "F"): 2,
    }  # fmt: skip
    assert counts(dozen, "persons", ["age_band"], bands=PLATFORM) == {"0-17": 11, "18+": 15}


def test_a_band_set_with_gaps_counts_only_its_ages(dozen) -> None:
    children = parse_bands("0-5, 12-17")
    assert children.ok and [p.code for p in children.warnings] == ["gap", "no_open_end"]
    assert counts(dozen, "persons", ["age_band"], bands=children) == {"0-5": 3, "12-17": 5}
    assert counts(dozen, "persons", [], bands=children) == {(): 8}
    assert counts(dozen, "cases", [], bands=children) == {(): 12}  # cases are not narrowed


def test_cases_by_age_band_count_a_case_once_per_band_it_has_a_member_in(dozen) -> None:
    assert counts(dozen, "cases", ["age_band"]) == {
        "0-5": 3, "6-11": 3, "12-17": 4, "18-24": 2, "25-64": 9, "65+": 3,
    }  # fmt: skip


def test_cases_and_persons_by_risk_type(dozen) -> None:
    assert counts(dozen, "cases", ["risk_type"]) == {
        "economic_hardship": 6,
        "child_development": 4,
        "family_crisis": 2,
        "family_conflict": 3,
    }
    assert counts(dozen, "persons", ["risk_type"])["economic_hardship"] == 13


def test_roles_sources_levels_and_proactive(dozen) -> None:
    assert counts(dozen, "persons", ["role"]) == {
        "primary_carer": 9,
        "child": 11,
        "adult": 4,
        "elder": 2,
    }
    assert counts(dozen, "cases", ["referral_source"]) == {
        "social_affairs": 5,
        "health": 2,
        "education": 2,
        "police": 2,
        "public": 1,
    }
    assert counts(dozen, "cases", ["proactive", "vulnerability"]) == {
        (True, "high"): 3,
        (True, "medium"): 1,
        (False, "high"): 1,
        (False, "medium"): 4,
        (False, "low"): 3,
    }


def test_centres_and_precincts_through_the_district(dozen, relations) -> None:
    assert counts(dozen, "cases", ["centre"]) == {
        "fengshan": 3,
        "wujia": 1,
        "daliao": 3,
        "sanmin": 3,
        "yancheng": 2,
    }
    # 三民區 is served by two precincts: its three cases count under both
    assert counts(dozen, "cases", ["precinct"], relations=relations) == {
        "fengshan": 4,
        "linyuan": 3,
        "sanmin1": 3,
        "sanmin2": 3,
        "yancheng": 2,
    }
    assert counts(dozen, "persons", ["precinct", "sex"], relations=relations)[("sanmin2", "M")] == 2


def test_months_are_referral_months(dozen) -> None:
    months = counts(dozen, "cases", ["month"], Y2021)
    assert {m.strftime("%Y-%m"): n for m, n in months.items()} == {
        "2021-01": 1,
        "2021-02": 1,
        "2021-03": 2,
        "2021-07": 1,
        "2021-11": 1,
    }


def test_filters_period_centre_district_and_risk_type(dozen) -> None:
    spring = a.Scope(start=date(2021, 3, 1), end=date(2021, 11, 30))
    assert counts(dozen, "cases", [], spring) == {(): 4}  # C03 C04 C05 C06
    child = a.Scope(risk_types=("child_development",))
    assert counts(dozen, "cases", ["district"], child) == {FENGSHAN: 3, SANMIN: 1}
    assert counts(dozen, "cases", [], a.Scope(centres=("fengshan",))) == {(): 3}
    assert counts(dozen, "persons", [], a.Scope(districts=(LINYUAN,))) == {(): 5}
    both = a.Scope(centres=("daliao",), risk_types=("family_crisis",))
    assert counts(dozen, "persons", ["role"], both) == {"adult": 1, "primary_carer": 1, "child": 1}


# -- open cases at a date, served in a period --------------------------------------------------------
@pytest.mark.parametrize(
    ("day", "expected"),
    [
        # C01 closed 2021-06-30; C05 closed on the day: not open; C04 never opened
        (date(2021, 12, 31), {FENGSHAN: 2, SANMIN: 1}),
        (date(2022, 12, 31), {FENGSHAN: 2, SANMIN: 2, LINYUAN: 1}),
        (date(2021, 6, 30), {FENGSHAN: 2, LINYUAN: 0}),
    ],
)
def test_open_cases_at_the_end_of_a_day(dozen, day, expected) -> None:
    found = counts(dozen, "cases", ["district"], a.Scope("open_at", at=day))
    assert found == {k: v for k, v in expected.items() if v}


def test_cases_served_in_a_year(dozen) -> None:
    served = a.Scope("served", start=date(2022, 1, 1), end=date(2022, 12, 31))
    assert counts(dozen, "cases", [], served) == {(): 8}
    # by referral year: C02 C03 C06 were referred in 2021 and still served in 2022
    assert counts(dozen, "cases", ["year"], served) == {2021: 3, 2022: 5}


# -- the table a view shows ------------------------------------------------------------------------
def test_a_table_holds_every_category_with_zeros(dozen, relations) -> None:
    scope = a.Scope(districts=FOUR_DISTRICTS)
    spec = a.ViewSpec("cases", "district", "year", scope, public=False)
    period = a.referral_period(dozen, "kaohsiung", "real")
    assert period == (date(2021, 1, 15), date(2022, 12, 31))
    view = a.analyse(dozen, "kaohsiung", "real", spec, LIFE, relations, period)
    assert view.table.row_keys == FOUR_DISTRICTS  # the store's order
    assert view.table.col_keys == (2021, 2022)
    assert view.table.cells.tolist() == [[0, 2], [1, 2], [3, 1], [2, 1]]
    assert view.table.row_totals and view.table.col_totals
    assert view.shown.values[-1].tolist() == [6, 6, 12]
    assert not view.shown.hidden.any()


def test_no_total_across_a_dimension_a_case_can_repeat_in(dozen, relations) -> None:
    spec = a.ViewSpec("cases", "district", "risk_type", a.Scope(districts=FOUR_DISTRICTS))
    view = a.analyse(dozen, "kaohsiung", "real", spec, LIFE, relations)
    assert not view.table.row_totals  # across risk types: no
    assert view.table.col_totals  # across districts: yes
    assert not view.shown.has_grand_total
    precincts = a.analyse(
        dozen, "kaohsiung", "real", a.ViewSpec("persons", "precinct", "sex"), LIFE, relations
    )
    assert precincts.table.row_totals and not precincts.table.col_totals


def test_public_release_of_the_district_by_year_table(dozen, relations) -> None:
    scope = a.Scope(districts=FOUR_DISTRICTS)
    spec = a.ViewSpec("cases", "district", "year", scope, public=True)
    shown = a.analyse(dozen, "kaohsiung", "real", spec, LIFE, relations).shown
    # cells [[0, 2], [1, 2], [3, 1], [2, 1]] by hand: every count of 1 or 2 shows 「<3」
    expected = [[None, "<3"], ["<3", "<3"], [None, "<3"], ["<3", "<3"]]
    assert [[shown.mark(i, j) if j < 2 and (i, j) != (2, 0) else None for j in range(2)]
            for i in range(4)] == expected  # fmt: skip
    assert shown.values[0, 0] == 0 and shown.mark(0, 0) is None  # zeros stay 0
    assert shown.mark(2, 0) in (None, "*")  # 3 is not small; hidden only to protect others
    assert pinned(shown) == []  # and nothing hidden can be worked out


def test_district_counts_for_the_map_in_one_call(dozen, relations) -> None:
    result = a.district_counts(
        dozen, "kaohsiung", "real", relations, bands=LIFE, scope=Y2021, public=True
    )
    frame = result.frame.set_index("town_code")
    assert len(frame) == 38
    assert frame.loc[FENGSHAN, "count"] == 3 and frame.loc[YANCHENG, "count"] == 0
    assert frame.loc[SANMIN, "mark"] == "<3" and frame.loc[LINYUAN, "mark"] == "<3"
    assert frame.loc[YANCHENG, "mark"] == ""
    # the two "<3" districts hide each other only if the total stays shown and safe:
    assert frame["hidden"].sum() >= 2
    staff = a.district_counts(
        dozen, "kaohsiung", "real", relations, bands=LIFE, scope=Y2021, public=False
    )
    assert staff.total == 6 and not staff.frame["hidden"].any()


# -- rates per 10,000 residents --------------------------------------------------------------------
def rate_view(engine, relations, measure, rows, cols, scope, bands=LIFE):
    view = a.analyse(
        engine, "kaohsiung", "real", a.ViewSpec(measure, rows, cols, scope, False), bands, relations
    )
    return view.table, rates(view.table, population_rows(), scope, bands, relations)


def test_cases_per_10000_by_district_in_a_year(dozen, relations) -> None:
    scope = a.Scope(start=date(2021, 1, 1), end=date(2021, 12, 31), districts=FOUR_DISTRICTS)
    table, r = rate_view(dozen, relations, "cases", "district", None, scope)
    by = dict(zip(table.row_keys, r.values[:4, 0], strict=True))
    assert by[FENGSHAN] == pytest.approx(3 / 20_000 * 10_000)  # 1.5
    assert by[LINYUAN] == pytest.approx(2.0)
    assert by[SANMIN] == pytest.approx(0.25)
    assert np.isnan(by[YANCHENG])  # no population in the data: no rate
    assert np.isnan(r.values[4, 0])  # the total needs every district's population


def test_persons_per_10000_by_age_band_and_by_sex(dozen, relations) -> None:
    scope = a.Scope(start=date(2021, 1, 1), end=date(2021, 12, 31), districts=(FENGSHAN,))
    table, r = rate_view(dozen, relations, "persons", "age_band", None, scope, PLATFORM)
    assert table.cells[:, 0].tolist() == [5, 3]
    assert r.values[:2, 0] == pytest.approx([12.5, 1.875])
    assert r.values[2, 0] == pytest.approx(4.0)  # 8 persons ÷ (4,000 + 16,000)
    table, r = rate_view(dozen, relations, "persons", "sex", None, scope)
    assert table.cells[:, 0].tolist() == [3, 5]
    assert r.values[:2, 0] == pytest.approx([3 / 9_800 * 1e4, 5 / 10_200 * 1e4])


def test_a_total_over_years_is_per_person_year(dozen, relations) -> None:
    scope = a.Scope(districts=(FENGSHAN,))
    table, r = rate_view(dozen, relations, "cases", "district", "year", scope)
    assert table.cells.tolist() == [[3, 1]]
    assert r.values[0].tolist() == pytest.approx([1.5, 0.4, 4 / 45_000 * 1e4])


def test_no_rate_without_a_single_year_or_by_month(dozen, relations) -> None:
    _table, r = rate_view(dozen, relations, "cases", "district", None, a.Scope())
    assert not r.any  # 2021–2022: which year's residents? none is assumed
    _table, r = rate_view(dozen, relations, "cases", "month", None, Y2021)
    assert np.isnan(r.values[:-1, 0]).all()


def test_centre_rates_only_where_its_districts_are_its_own(dozen, relations) -> None:
    scope = a.Scope(start=date(2021, 1, 1), end=date(2021, 12, 31))
    table, r = rate_view(dozen, relations, "cases", "centre", None, scope)
    by = dict(zip(table.row_keys, r.values[:-1, 0], strict=True))
    assert np.isnan(by["fengshan"])  # 鳳山區 is shared with 五甲中心
    assert by["sanmin"] == pytest.approx(0.25)


def test_population_lookup_needs_exact_bands() -> None:
    index = PopulationIndex.from_table(population_rows())
    assert index.get(FENGSHAN, 2021, None, None) == 20_000
    assert index.get(FENGSHAN, 2021, band_set("0-17").bands[0], None) == 4_000
    assert index.get(FENGSHAN, 2021, band_set("0-5").bands[0], None) is None  # finer: unknown
    assert index.get(FENGSHAN, 2021, None, "M") == 9_800
    assert index.get(FENGSHAN, 2022, None, "M") is None
    assert index.get(YANCHENG, 2021, None, None) is None


# -- both engines ----------------------------------------------------------------------------
def test_duckdb_and_postgresql_agree_on_every_dimension(postgres_url, reference, tmp_path) -> None:
    from safetynet.cases.demo import build_demo_export
    from safetynet.cases.engine import open_case_store
    from tests.cases_fixtures import fresh_database

    names = ("districts", "centres", "precincts", "district_centres", "district_precincts")
    tables = {
        n: pd.read_csv(DATA_DIR / "kaohsiung" / f"{n}.csv", dtype=str, keep_default_na=False)
        for n in names
    }
    relations = a.Relations.from_tables(tables)
    demo = build_demo_export("kaohsiung", 2021, 2022, seed=11, today=TODAY, scale=0.03)
    key_file = tmp_path / "case_key"
    duck = open_case_store(f"duckdb:///{tmp_path / 'c.duckdb'}", key_file)
    url, drop = fresh_database(postgres_url)
    pg = open_case_store(url, key_file)
    scopes = [
        a.Scope(),
        a.Scope("open_at", at=date(2022, 6, 30), risk_types=("economic_hardship",)),
        a.Scope("served", start=date(2022, 1, 1), end=date(2022, 12, 31), centres=("sanmin",)),
    ]
    try:
        for engine in (duck, pg):
            plan = prepare_case_import(engine, "kaohsiung", demo.files(), reference, today=TODAY)
            commit_case_import(engine, plan, who="x")
        for measure in a.MEASURES:
            for dims in (
                ["age_band", "sex"],
                ["precinct", "year"],
                ["month", "risk_type"],
                ["centre", "role"],
                ["referral_source", "vulnerability"],
                ["proactive", "district"],
            ):
                for scope in scopes:
                    one = a.count(duck, "kaohsiung", "real", measure, dims, scope, LIFE, relations)
                    two = a.count(pg, "kaohsiung", "real", measure, dims, scope, LIFE, relations)
                    assert len(one) > 0, (measure, dims, scope)
                    pd.testing.assert_frame_equal(one, two, obj=f"{measure} {dims} {scope}")
        # the views as shown: every category, the public release and the rates, identical
        y2022 = a.Scope(start=date(2022, 1, 1), end=date(2022, 12, 31))
        hidden = []
        for spec in (
            a.ViewSpec("cases", "district", "year", a.Scope(), public=True),
            a.ViewSpec("persons", "age_band", "sex", y2022, public=True),
            a.ViewSpec("cases", "centre", "risk_type", scopes[1], public=True),
            a.ViewSpec("persons", "district", None, y2022, public=False),
        ):
            one, two = (
                a.analyse(e, "kaohsiung", "real", spec, LIFE, relations,
                          a.referral_period(e, "kaohsiung", "real"))
                for e in (duck, pg)
            )  # fmt: skip
            assert one.table.row_keys == two.table.row_keys
            assert one.table.col_keys == two.table.col_keys
            np.testing.assert_array_equal(one.shown.values, two.shown.values)
            np.testing.assert_array_equal(one.shown.status, two.shown.status)
            hidden.append(bool(one.shown.hidden.any()))
            assert spec.public or not hidden[-1]
            r1, r2 = (
                rates(v.table, population_rows(), spec.scope, LIFE, relations).values
                for v in (one, two)
            )
            np.testing.assert_array_equal(r1, r2)
        assert any(hidden)  # the suppression compared did hide something
    finally:
        duck.close()
        pg.close()
        drop()


def test_the_case_revision_advances_with_every_import_and_removal(case_engine, reference) -> None:
    from safetynet.cases.repository import case_revision, remove_dataset

    assert case_revision(case_engine) == 0
    plan = prepare_case_import(case_engine, "kaohsiung", dozen_files(), reference, today=TODAY)
    commit_case_import(case_engine, plan, who="x")
    assert case_revision(case_engine) == 1
    same = prepare_case_import(case_engine, "kaohsiung", dozen_files(), reference, today=TODAY)
    assert not same.changes_anything  # nothing to write: the revision stays
    assert case_revision(case_engine) == 1
    remove_dataset(case_engine, "kaohsiung", "real", who="x")
    assert case_revision(case_engine) == 2
    assert remove_dataset(case_engine, "kaohsiung", "real", who="x") is None
    assert case_revision(case_engine) == 2
