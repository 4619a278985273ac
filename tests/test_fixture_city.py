"""The calculators on the synthetic 測試市 (tests/fixture_city.py): every expected figure is
worked out by hand from the fixture's rows, so a yearly update of data/ cannot break them."""

from __future__ import annotations

import pytest

from safetynet.cities import CITIES
from safetynet.indicators.tracker import MET, MISSED, TrackerParams, compute_tracker
from safetynet.network.geo import load_boundaries
from safetynet.network.relations import partners_of
from safetynet.network.service_map import build_service_map_data
from safetynet.referrals.trends import ReferralParams, compute_referral_trends
from safetynet.risk.shares import RiskShareParams, compute_risk_shares
from safetynet.staffing.posts import compute_staffing_overview
from tests import fixture_city as fc


def test_the_fixture_city_reads_and_validates_like_a_shipped_city(testville) -> None:
    assert CITIES[fc.SLUG] is fc.CITY
    counts = {name: len(frame) for name, frame in testville.items()}
    assert (counts["districts"], counts["centres"], counts["precincts"]) == (4, 3, 3)
    assert counts["population"] == 0  # a header-only table is an empty table


def test_staffing_rates_growth_and_vacancies(testville) -> None:
    overview = compute_staffing_overview(testville["staffing"])
    hiring = overview.hiring
    assert (hiring.approved, hiring.hired, hiring.vacant) == (30, 27, 3)
    assert hiring.hiring_rate_pct == 90.0  # 27 of 30
    assert overview.vacancy_rate_pct == 10.0  # 3 ÷ (3 + 27)
    assert overview.new_posts == 40  # phase 2: 30 + 10
    assert overview.posts_growth == 10  # 40 new − 30 approved in phase 1


def test_referral_growth_index_rates_and_a_year_added_up_from_its_sources(testville) -> None:
    trends = compute_referral_trends(testville["referrals"], testville["outcomes"])
    series = trends.series.set_index(["referral_type", "year"])
    violence = series.loc["domestic_violence"]
    assert violence["yoy_pct"].loc[2017] == pytest.approx(10.0)  # 1,100 → 1,210
    assert violence["index"].loc[2017] == pytest.approx(121.0)  # 2015 = 100
    assert violence["rate_per_10k"].loc[2015] == pytest.approx(20.0)  # 1,000 per 500,000
    assert violence["rate_per_10k"].isna().loc[2017]  # no population for 2017
    child = series.loc["child_protection"]
    assert child["count"].loc[2016] == 500 and bool(child["from_reporters"].loc[2016])
    assert not bool(child["from_reporters"].loc[2015])
    summary = {s.referral_type.code: s for s in trends.summaries}
    assert summary["domestic_violence"].growth_pct == pytest.approx(21.0)
    assert summary["elder_protection"].change == 0  # 40 → 50 → 40

    narrowed = compute_referral_trends(
        testville["referrals"], testville["outcomes"], ReferralParams(2016, 2017)
    )
    violence = narrowed.series.set_index(["referral_type", "year"]).loc["domestic_violence"]
    assert violence["index"].loc[2016] == pytest.approx(100.0)  # the first selected year


def test_risk_shares_sorted_with_changes_in_points(testville) -> None:
    result = compute_risk_shares(testville["risk_shares"])
    assert (result.year, result.compare_year) == (2020, 2019)
    shares = result.shares
    assert list(shares["share_pct"]) == [40, 28, 14, 7, 6, 5]
    assert shares.iloc[0]["risk_type"] == "economic_hardship"
    changes = dict(zip(shares["risk_type"], shares["change_pp"], strict=True))
    assert changes["economic_hardship"] == pytest.approx(2)
    assert changes["child_development"] == pytest.approx(-2)
    assert changes["adjustment_difficulty"] == pytest.approx(0)
    alone = compute_risk_shares(testville["risk_shares"], RiskShareParams(year=2019))
    assert alone.compare_year is None and alone.shares["change_pp"].isna().all()


def test_a_centre_s_districts_and_the_precincts_it_works_with(testville) -> None:
    west = partners_of(testville, "centre", "west")
    assert set(west.districts) == {"99000020", "99000030"}  # 乙區 and 丙區
    assert set(west.partners) == {"first", "second", "third"}
    east = partners_of(testville, "centre", "east")
    assert (east.partners, east.partner_counts) == (("first",), (2,))  # 甲區 and 乙區
    third = partners_of(testville, "precinct", "third")
    assert set(third.partners) == {"west", "north"}


def test_the_service_map_joins_every_district_to_its_square(testville, fixture_city_dir) -> None:
    boundaries = load_boundaries(fc.SLUG, fixture_city_dir / "geo")
    data = build_service_map_data(fc.SLUG, testville, boundaries)
    assert sorted(data.districts["town_code"]) == sorted(fc.DISTRICTS)
    # every square is 0.05° × 0.05° near 22.6° N: about 5.1 km × 5.6 km
    assert data.districts["area_km2"].between(25, 33).all()


def test_indicator_status_by_target_year_and_every_year(testville) -> None:
    tracker = compute_tracker(
        TrackerParams(
            testville["indicators"],
            testville["indicator_targets"],
            testville["indicator_actuals"],
            testville["indicator_definitions"],
            testville["phases"],  # each indicator is tracked over its phase's years
        )
    )
    sites = tracker.track("t_sites")
    assert sites.status_for(2020).status == MET  # 4 sites against the target of 4
    visits = tracker.track("t_visits")
    assert visits.status_for(2019).status == MET  # 85 % against 80 %
    assert visits.status_for(2020).status == MISSED  # 70 % against 80 %
    assert visits.status_for(2020).gap == pytest.approx(-10)
