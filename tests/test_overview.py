"""The overview's headline figures, computed from the tables as a director would check them."""

from __future__ import annotations

import pytest

from safetynet import DATA_DIR
from safetynet.cities import CITIES, get_city
from safetynet.overview import compute_overview
from safetynet.storage.loading import read_raw_tables
from safetynet.validation.city import validate_city


def tables_of(city: str):
    tables, problems = validate_city(get_city(city), read_raw_tables(DATA_DIR, city))
    assert problems == []
    return tables


def test_kaohsiung_phase1_hiring_rate_is_305_of_317() -> None:
    overview = compute_overview(get_city("kaohsiung"), tables_of("kaohsiung"))
    assert (overview.districts, overview.centres, overview.precincts) == (38, 18, 17)
    hiring = overview.hiring
    assert hiring is not None and hiring.period == "phase1"
    assert (hiring.approved, hiring.hired, hiring.vacant) == (317, 305, 12)
    assert hiring.hiring_rate_pct == 96.2
    assert overview.new_posts == 689 and overview.new_posts_years == (2021, 2025)


def test_kaohsiung_households_served_with_source() -> None:
    overview = compute_overview(get_city("kaohsiung"), tables_of("kaohsiung"))
    served = overview.figures[0]
    assert served.key == "households_served" and served.value == 10452 and served.year == 2020
    assert served.source.startswith("000_a6c4c72a35a39901.txt · ")


def test_keelung_has_no_hiring_rate_but_new_posts() -> None:
    overview = compute_overview(get_city("keelung"), tables_of("keelung"))
    assert (overview.districts, overview.centres, overview.precincts) == (7, 4, 0)
    assert overview.hiring is None
    assert overview.new_posts == 41 and overview.new_posts_years == (2018, 2020)


@pytest.mark.parametrize("city", list(CITIES))
def test_every_headline_metric_is_in_the_data(city: str) -> None:
    metrics = set(tables_of(city)["outcomes"]["metric"])
    assert set(CITIES[city].headline_metrics) <= metrics
