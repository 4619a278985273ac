"""The map's measure layer against the dozen hand-counted cases (tests/case_analysis_fixtures.py).

Every expected number was counted by hand from the fixture's table, not by the code.
"""

# Fixtures are imported from cases_fixtures; test arguments then share their names.
# ruff: noqa: F811
from __future__ import annotations

import math

import pandas as pd
import pytest

from safetynet import DATA_DIR
from safetynet.cases.analysis import Relations
from safetynet.cases.bands import preset
from safetynet.network.measures import MeasureSpec, compute_measure, hired_per_centre
from tests.case_analysis_fixtures import (  # noqa: F401 - fixtures are used by name
    FENGSHAN,
    LINYUAN,
    SANMIN,
    YANCHENG,
    dozen,
)
from tests.cases_fixtures import TODAY, case_engine, postgres_url, reference  # noqa: F401

LIFE = preset("life_stages")  # 0-5, 6-11, 12-17, 18-24, 25-64, 65+
NAMES = ("districts", "centres", "precincts", "district_centres", "district_precincts")


@pytest.fixture(scope="module")
def tables() -> dict[str, pd.DataFrame]:
    return {
        n: pd.read_csv(DATA_DIR / "kaohsiung" / f"{n}.csv", dtype=str, keep_default_na=False)
        for n in NAMES
    }


def measure(engine, tables, **spec):
    rel = Relations.from_tables(tables)
    found = compute_measure(
        engine, "kaohsiung", "real", rel, MeasureSpec(**spec), LIFE, centre_names=tables["centres"]
    )
    return found, found.frame.set_index("key")


def values(frame: pd.DataFrame, keys) -> dict[str, float | str]:
    return {
        k: (frame.loc[k, "mark"] if frame.loc[k, "hidden"] else frame.loc[k, "value"]) for k in keys
    }


FOUR = (YANCHENG, SANMIN, FENGSHAN, LINYUAN)


def test_cases_per_district_equal_the_hand_count(dozen, tables) -> None:
    # 110 (2021): 鳳山 C01 C02 C03, 林園 C04 C05, 三民 C06, 鹽埕 none
    found, frame = measure(dozen, tables, measure="cases", year=2021, public=False)
    assert values(frame, FOUR) == {YANCHENG: 0, SANMIN: 1, FENGSHAN: 3, LINYUAN: 2}
    assert frame["value"].sum() == 6 and found.total == 6
    # 111 (2022): 三民 C07 C08, 鳳山 C09, 鹽埕 C10 C12, 林園 C11
    _, frame = measure(dozen, tables, measure="cases", year=2022, public=False)
    assert values(frame, FOUR) == {YANCHENG: 2, SANMIN: 2, FENGSHAN: 1, LINYUAN: 1}


def test_persons_by_band_and_risk_type_equal_the_hand_count(dozen, tables) -> None:
    # 2021 persons: 鳳山 3 + 2 + 3, 林園 1 + 2, 三民 3
    _, frame = measure(dozen, tables, measure="persons", year=2021, public=False)
    assert values(frame, FOUR) == {YANCHENG: 0, SANMIN: 3, FENGSHAN: 8, LINYUAN: 3}
    # 2021, 12-17: C03 (12, 17), C06 (15) → 鳳山 2 persons in 1 case, 三民 1 in 1 case
    _, frame = measure(dozen, tables, measure="persons", year=2021, band="12-17", public=False)
    assert values(frame, FOUR) == {YANCHENG: 0, SANMIN: 1, FENGSHAN: 2, LINYUAN: 0}
    _, frame = measure(dozen, tables, measure="cases", year=2021, band="12-17", public=False)
    assert values(frame, FOUR) == {YANCHENG: 0, SANMIN: 1, FENGSHAN: 1, LINYUAN: 0}
    # 2021 經濟陷困: C01 C02 (鳳山), C05 (林園)
    _, frame = measure(
        dozen, tables, measure="cases", year=2021, risk_type="economic_hardship", public=False
    )
    assert values(frame, FOUR) == {YANCHENG: 0, SANMIN: 0, FENGSHAN: 2, LINYUAN: 1}


def test_change_on_the_year_before_equals_the_hand_count(dozen, tables) -> None:
    _, frame = measure(dozen, tables, measure="change", year=2022, public=False)
    assert values(frame, FOUR) == {YANCHENG: 2, SANMIN: 1, FENGSHAN: -2, LINYUAN: -1}


def test_open_cases_per_centre_at_year_end_equal_the_hand_count(dozen, tables) -> None:
    # open on 2021-12-31: C02 (鳳山中心), C03 (五甲中心, closed 111/02/01), C06 (三民中心);
    # C01 closed 110/06/30, C05 closed on the day, C04 never opened
    _, frame = measure(dozen, tables, measure="open_cases", year=2021, public=False)
    assert values(frame, ["fengshan", "wujia", "sanmin", "daliao", "yancheng"]) == {
        "fengshan": 1, "wujia": 1, "sanmin": 1, "daliao": 0, "yancheng": 0,
    }  # fmt: skip


def test_a_suppressed_district_shows_no_number(dozen, tables) -> None:
    found, frame = measure(dozen, tables, measure="cases", year=2021, public=True)
    # 三民 1 and 林園 2 are small: hidden as <3, no value anywhere; 鳳山 3 and zeros shown
    assert values(frame, FOUR) == {YANCHENG: 0, SANMIN: "<3", FENGSHAN: 3, LINYUAN: "<3"}
    assert math.isnan(frame.loc[SANMIN, "value"]) and math.isnan(frame.loc[LINYUAN, "value"])
    # the change hides a district whose count either year is hidden
    _, change = measure(dozen, tables, measure="change", year=2022, public=True)
    assert change.loc[[SANMIN, FENGSHAN, LINYUAN, YANCHENG], "hidden"].all()
    assert change.loc[[SANMIN, FENGSHAN, LINYUAN, YANCHENG], "value"].isna().all()


def test_rates_need_population_and_per_worker_needs_staffing_per_centre(dozen, tables) -> None:
    found, _ = measure(dozen, tables, measure="cases_rate", year=2021, public=False)
    assert found.missing == "population"
    found, _ = measure(dozen, tables, measure="open_per_worker", year=2021, public=False)
    assert found.missing == "staffing"
    staffing = pd.DataFrame(
        {
            "agency_zh": ["鳳山中心", "鳳山中心", "社會局"],
            "measure": ["hired", "hired", "hired"],
            "year_from": [2018, 2021, 2018],
            "year_to": [2025, 2021, 2020],
            "posts": [8, 4, 256],
        }
    )
    assert hired_per_centre(staffing, tables["centres"], 2021) == {"fengshan": 4.0}


def test_open_cases_per_hired_worker_where_the_data_give_a_centre_s_staff(dozen, tables) -> None:
    staffing = pd.DataFrame(
        {
            "agency_zh": ["鳳山中心", "三民中心"],
            "measure": ["hired", "hired"],
            "year_from": [2021, 2021],
            "year_to": [2021, 2021],
            "posts": [4, 2],
        }
    )
    rel = Relations.from_tables(tables)
    spec = MeasureSpec("open_per_worker", 2021, public=False)
    found = compute_measure(
        dozen,
        "kaohsiung",
        "real",
        rel,
        spec,
        LIFE,
        staffing=staffing,
        centre_names=tables["centres"],
    )
    frame = found.frame.set_index("key")
    # open on 2021-12-31: 鳳山中心 1 (C02) over 4 hired, 三民中心 1 (C06) over 2; 五甲 has no staff row
    assert found.missing is None
    assert frame.loc["fengshan", "value"] == 0.25 and frame.loc["sanmin", "value"] == 0.5
    assert math.isnan(frame.loc["wujia", "value"])
