"""Validation of the shipped data and of broken copies of it: each problem says table, line, column."""

from __future__ import annotations

import pandas as pd
import pytest

from safetynet import DATA_DIR
from safetynet.cities import CITIES
from safetynet.storage.loading import read_raw_tables
from safetynet.storage.schemas import TABLES
from tests.helpers import broken_copy, problems_of


@pytest.mark.shipped_data
@pytest.mark.parametrize("city", list(CITIES))
def test_shipped_data_has_no_problems(city: str) -> None:
    assert problems_of(DATA_DIR, city) == []


@pytest.mark.shipped_data
@pytest.mark.parametrize("city", list(CITIES))
def test_every_table_has_the_same_columns_in_every_city(city: str) -> None:
    for name, frame in read_raw_tables(DATA_DIR, city).items():
        assert list(frame.columns) == TABLES[name].column_names, name


def _drop_district_centre(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[frame["town_code"] != "64000330"]  # 甲仙區


def _set(row: int, column: str, value: str):
    def edit(frame: pd.DataFrame) -> pd.DataFrame:
        frame.loc[row, column] = value
        return frame

    return edit


BROKEN = [
    pytest.param(
        "district_centres",
        _drop_district_centre,
        [
            "districts.csv, line 34, column town_code: district 64000330 甲仙區 has no service centre"
        ],
        id="district-without-centre",
    ),
    pytest.param(
        "districts",
        _set(4, "town_code", "6400005"),
        [
            "districts.csv, line 6, column town_code: value '6400005' does not match the expected form"
        ],
        id="seven-digit-town-code",
    ),
    pytest.param(
        "district_precincts",
        _set(0, "precinct_id", "nowhere"),
        ["district_precincts.csv, line 2, column precinct_id: 'nowhere' is not in precincts.csv"],
        id="unknown-precinct",
    ),
    pytest.param(
        "staffing",
        _set(0, "posts", "many"),
        ["staffing.csv, line 2, column posts: value 'many' is not a valid whole number"],
        id="posts-not-a-number",
    ),
    pytest.param(
        "outcomes",
        _set(0, "value", "inf"),
        ["outcomes.csv, line 2, column value: value 'inf' is not a finite number"],
        id="shipped-inf",
    ),
    pytest.param(
        "indicators",
        _set(1, "target", "1e309"),
        ["indicators.csv, line 3, column target: value '1e309' is not a finite number"],
        id="shipped-1e309",
    ),
    pytest.param(
        "outcomes",
        _set(2, "value", "NaN"),
        ["outcomes.csv, line 4, column value: value 'NaN' is not a finite number"],
        id="shipped-nan-text",
    ),
    pytest.param(
        "centres",
        _set(0, "name_zh", "旗山\u202e中心"),
        ["centres.csv, line 2, column name_zh: contains invisible control characters U+202E"],
        id="shipped-bidi-override",
    ),
    pytest.param(
        "staffing",
        _set(1, "posts", "-3"),
        ["staffing.csv, line 3, column posts: value -3 must be ≥ 0"],
        id="negative-posts",
    ),
    pytest.param(
        "risk_shares",
        _set(0, "share_pct", "143"),
        ["risk_shares.csv, line 2, column share_pct: value 143.0 must be ≤ 100"],
        id="share-over-100",
    ),
    pytest.param(
        "centres",
        lambda f: f.drop(columns=["name_en"]),
        ["centres.csv, line 1, column name_en: required column is missing"],
        id="missing-column",
    ),
    pytest.param(
        "districts",
        _set(3, "source", ""),
        ["districts.csv, line 5, column source: value is required but empty"],
        id="figure-without-source",
    ),
    pytest.param(
        "centres",
        lambda f: f.iloc[:-1],
        ["centres.csv: kaohsiung declares 18 rows, the file has 17"],
        id="declared-count",
    ),
    pytest.param(
        "staffing_totals",
        _set(0, "posts", "318"),
        ["staffing_totals.csv, line 2, column posts: printed total 318"],
        id="printed-total-disagrees",
    ),
    pytest.param(
        "districts",
        lambda f: pd.concat([f, f.iloc[[0]]]),
        ["districts.csv, line 2, column town_code: duplicate key value '64000010'"],
        id="duplicate-district",
    ),
    pytest.param(
        "indicators",
        _set(0, "baseline", "3"),
        ["indicators.csv, line 2, column baseline_year: s1_01: baseline and baseline_year"],
        id="baseline-without-year",
    ),
    pytest.param(
        "indicators",
        _set(24, "baseline_year", "2030"),  # s2_a01, target year 2025
        ["indicators.csv, line 26, column baseline_year: s2_a01: baseline_year 2030 is after"],
        id="baseline-after-target-year",
    ),
    pytest.param(
        "indicators",
        _set(9, "target", "105"),  # s3_01, the relative target
        ["indicators.csv, line 11, column target: s3_01: a relative target"],
        id="relative-target-over-100",
    ),
    pytest.param(
        "indicators",
        _set(9, "target_rule", "previous_year"),
        ["indicators.csv, line 11, column target_rule: value 'previous_year' must be one of"],
        id="unknown-target-rule",
    ),
    pytest.param(
        "indicator_definitions",
        _set(0, "indicator_id", "s9_99"),
        ["indicator_definitions.csv, line 2, column indicator_id: 's9_99' is not in indicators"],
        id="definition-of-unknown-indicator",
    ),
]


@pytest.mark.parametrize(("table", "edit", "expected"), BROKEN)
def test_broken_data_names_table_line_and_column(tmp_path, table, edit, expected) -> None:
    problems = problems_of(broken_copy(tmp_path, "kaohsiung", table, edit), "kaohsiung")
    for message in expected:
        assert any(p.startswith(message) for p in problems), problems


def test_keelung_needs_no_precincts_but_kaohsiung_does(tmp_path) -> None:
    data = broken_copy(tmp_path, "kaohsiung", "district_precincts", lambda f: f.iloc[:0])
    problems = problems_of(data, "kaohsiung")
    assert sum("has no police precinct" in p for p in problems) == 38
    assert problems_of(DATA_DIR, "keelung") == []


def test_many_to_many_relations_are_in_the_data() -> None:
    tables = read_raw_tables(DATA_DIR, "kaohsiung")
    centres = tables["district_centres"].groupby("town_code")["centre_id"].apply(set)
    precincts = tables["district_precincts"].groupby("town_code")["precinct_id"].apply(set)
    assert centres["64000120"] == {"fengshan", "wujia"}  # 鳳山區
    assert precincts["64000050"] == {"sanmin1", "sanmin2"}  # 三民區
    assert (centres.map(len) > 1).sum() == 1
    assert (precincts.map(len) > 1).sum() == 1


def test_inferred_relations_are_flagged() -> None:
    tables = read_raw_tables(DATA_DIR, "kaohsiung")
    flagged = tables["district_centres"].dropna(subset=["note"])
    flagged = set(flagged[flagged["note"].str.startswith("⚠")]["town_code"])
    # 那瑪夏 (⚠2) and 鼓山 (⚠3) are readings of the garbled table, not printed facts.
    assert {"64000380", "64000020"} <= flagged


def test_relative_target_is_a_rule_not_typed_in_numbers() -> None:
    tables = read_raw_tables(DATA_DIR, "kaohsiung")
    indicators = tables["indicators"].set_index("indicator_id")
    assert indicators.loc["s3_01", "target_rule"] == "relative_to_previous"
    assert indicators.loc["s3_01", "direction"] == "down"
    assert "s3_01" not in set(tables["indicator_targets"]["indicator_id"])


@pytest.mark.parametrize(
    ("city", "table", "edit", "expected"),
    [
        pytest.param(
            "kaohsiung",
            "indicators",
            _set(0, "phase", "4"),
            "indicators.csv, line 2, column phase: phase 4 is not in phases.csv",
            id="indicator-of-an-unknown-phase",
        ),
        pytest.param(
            "kaohsiung",
            "network_agencies",
            _set(0, "phase", "9"),
            "network_agencies.csv, line 2, column phase: phase 9 is not in phases.csv",
            id="network-agency-of-an-unknown-phase",
        ),
        pytest.param(
            "kaohsiung",
            "staffing",
            _set(0, "period", "phase4"),
            "staffing.csv, line 2, column period: phase 4 is not in phases.csv",
            id="staffing-period-of-an-unknown-phase",
        ),
        pytest.param(
            "kaohsiung",
            "staffing_totals",
            _set(4, "period", "phase1_4"),
            "staffing_totals.csv, line 6, column period: phase 4 is not in phases.csv",
            id="total-over-an-unknown-phase",
        ),
        pytest.param(
            "kaohsiung",
            "staffing",
            _set(3, "year_to", "2024"),
            "staffing.csv, line 5, column year_from: period phase2 covers 2021–2025, not 2021–2024",
            id="phase-period-with-other-years",
        ),
        pytest.param(
            "keelung",
            "staffing",
            _set(1, "year_from", "2019"),
            "staffing.csv, line 3, column year_from: period y2018 covers 2018–2018, not 2019–2018",
            id="yearly-period-with-another-year",
        ),
        pytest.param(
            "keelung",
            "phases",
            _set(2, "year_from", "2025"),
            "phases.csv, line 4, column year_from: phase 3 starts in 2025, within phase 2 "
            "(which ends in 2025)",
            id="overlapping-phases",
        ),
        pytest.param(
            "keelung",
            "phase_national_figures",
            _set(0, "phase", "5"),
            "phase_national_figures.csv, line 2, column phase: phase 5 is not in phases.csv",
            id="national-figure-of-an-unknown-phase",
        ),
    ],
)
def test_every_phase_named_is_in_the_phases_table(tmp_path, city, table, edit, expected) -> None:
    assert expected in problems_of(broken_copy(tmp_path, city, table, edit), city)


def test_a_fourth_phase_in_the_phases_table_makes_its_rows_valid(tmp_path) -> None:
    """Adding a phase is adding a row: phase-4 indicators and posts then pass."""

    def add_phase(frame: pd.DataFrame) -> pd.DataFrame:
        row = {"phase": "4", "name_zh": "第四期", "name_en": "Phase 4", "year_from": "2031"}
        row |= {"year_to": "2035", "source": "某部（2030-12-01，核定） · 期程", "note": ""}
        return pd.concat([frame, pd.DataFrame([row])], ignore_index=True)

    data = broken_copy(tmp_path, "kaohsiung", "phases", add_phase)
    path = data / "kaohsiung" / "indicators.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.loc[0, "phase"], frame.loc[0, "target_year"] = "4", "2035"
    frame.to_csv(path, index=False)
    assert problems_of(data, "kaohsiung") == []
