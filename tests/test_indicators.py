"""Targets for each year and status per year: both directions, equal-to-target, missing
actuals, derived vs given targets, relative targets and count targets.

The code is tested on indicators built in code and on the synthetic 測試市
(``tests/fixture_city.py``); the tests marked ``shipped_data`` check the tracker's
results for the shipped cities' own indicators."""

from __future__ import annotations

import pandas as pd
import pytest

from safetynet.indicators.tracker import (
    BEHIND,
    DERIVED,
    GIVEN,
    HOW_HOLD,
    HOW_NO_PREVIOUS,
    HOW_NO_START,
    HOW_NO_TARGET_YEAR,
    HOW_START_YEAR,
    MET,
    MISSED,
    NO_DATA,
    RELATIVE,
    ScorecardParams,
    TrackerParams,
    build_track,
    compute_scorecard,
    compute_tracker,
    default_year,
    meets,
)
from tests import fixture_city as fc
from tests.helpers import actuals, indicator, targets, tracker_of


@pytest.mark.parametrize(
    ("direction", "actual", "target", "expected"),
    [
        ("up", 95, 80, True),
        ("up", 79.9, 80, False),
        ("up", 80, 80, True),  # equal counts as met
        ("down", 5.0, 5.5, True),
        ("down", 5.6, 5.5, False),
        ("down", 5.5, 5.5, True),  # 「低於」 read as at most
        ("down", 0.1 + 0.2, 0.3, True),  # float noise is not a miss
    ],
)
def test_meets_both_directions(direction, actual, target, expected) -> None:
    assert meets(actual, target, direction) is expected


STATUS_CASES = [
    # (name, indicator kwargs, target rows, actual rows, year, status, gap)
    ("up met", {}, [], [(2025, 21)], 2025, MET, 1.0),
    ("up missed", {}, [], [(2025, 19.5)], 2025, MISSED, -0.5),
    ("up equal", {}, [], [(2025, 20)], 2025, MET, 0.0),
    ("down met", {"direction": "down", "target": 5.5, "baseline": 8.0}, [], [(2025, 5)], 2025, MET, -0.5),
    ("down missed", {"direction": "down", "target": 5.5, "baseline": 8.0}, [], [(2025, 6)], 2025, MISSED, 0.5),
    ("down equal", {"direction": "down", "target": 5.5, "baseline": 8.0}, [], [(2025, 5.5)], 2025, MET, 0.0),
    ("no actual", {}, [], [], 2025, NO_DATA, None),
    ("met derived target", {}, [], [(2022, 14)], 2022, MET, 0.0),
    ("missed derived target", {}, [], [(2022, 13)], 2022, MISSED, -1.0),
    ("behind: latest actual missed", {}, [], [(2022, 13)], 2024, BEHIND, -1.0),
    ("on track: latest actual met", {}, [], [(2022, 15)], 2024, NO_DATA, None),
    ("given override wins", {}, [(2022, 12)], [(2022, 13)], 2022, MET, 1.0),
    ("actual but no target", {"baseline": None, "baseline_year": None}, [], [(2025, 30), (2024, 1)], 2024, NO_DATA, None),
    ("every year down", {"target_rule": "every_year", "direction": "down", "target": 0.01}, [], [(2023, 0.02)], 2023, MISSED, 0.01),
    ("relative met", {"target_rule": "relative_to_previous", "direction": "down", "target": 5, "baseline": None, "baseline_year": None}, [], [(2021, 10), (2022, 9.5)], 2022, MET, 0.0),
    ("relative missed", {"target_rule": "relative_to_previous", "direction": "down", "target": 5, "baseline": None, "baseline_year": None}, [], [(2021, 10), (2022, 9.6)], 2022, MISSED, 0.1),
    ("relative no previous", {"target_rule": "relative_to_previous", "direction": "down", "target": 5, "baseline": None, "baseline_year": None}, [], [(2022, 9.6)], 2022, NO_DATA, None),
    ("count met", {"unit": "處", "target": 6.0, "baseline": 3.0, "baseline_year": 2021}, [], [(2022, 4)], 2022, MET, 0.0),
    ("count missed", {"unit": "處", "target": 6.0, "baseline": 3.0, "baseline_year": 2021}, [], [(2023, 4)], 2023, MISSED, -1.0),
]  # fmt: skip


@pytest.mark.parametrize(
    ("kw", "target_rows", "actual_rows", "year", "status", "gap"),
    [pytest.param(*case[1:], id=case[0]) for case in STATUS_CASES],
)
def test_status_table(kw, target_rows, actual_rows, year, status, gap) -> None:
    track = build_track(indicator(**kw), targets(*target_rows), actuals(*actual_rows))
    result = track.status_for(year)
    assert result.status == status
    if gap is None:
        assert result.gap is None
    else:
        assert result.gap == pytest.approx(gap)


def _path(track) -> list[tuple[int, float | None, str | None]]:
    return [(t.year, None if t.value is None else round(t.value, 4), t.kind) for t in track.targets]


def test_derived_path_is_linear_from_baseline_and_marked() -> None:
    track = build_track(indicator(), targets(), actuals())
    assert _path(track) == [
        (2021, 12.0, DERIVED),
        (2022, 14.0, DERIVED),
        (2023, 16.0, DERIVED),
        (2024, 18.0, DERIVED),
        (2025, 20.0, GIVEN),
    ]
    assert track.final_target.value == 20.0 and track.has_derived


def test_given_yearly_target_overrides_derived_and_bends_the_path() -> None:
    # An editor's (or a printed) 2023 target of 15: derived years run through it.
    track = build_track(indicator(), targets((2023, 15)), actuals())
    assert _path(track) == [
        (2021, 11.6667, DERIVED),
        (2022, 13.3333, DERIVED),
        (2023, 15.0, GIVEN),
        (2024, 17.5, DERIVED),
        (2025, 20.0, GIVEN),
    ]


def test_given_target_for_the_final_year_overrides_the_indicator_target() -> None:
    track = build_track(indicator(), targets((2025, 25)), actuals())
    assert track.target_for(2025).value == 25 and track.target_for(2025).kind == GIVEN


def test_count_targets_are_whole_numbers_never_easier_than_the_path() -> None:
    up = build_track(
        indicator(unit="處", target=6.0, baseline=3.0, baseline_year=2021), targets(), actuals()
    )
    assert _path(up) == [
        (2021, None, None),
        (2022, 4.0, DERIVED),  # 3.75 rounded up
        (2023, 5.0, DERIVED),  # 4.5
        (2024, 6.0, DERIVED),  # 5.25
        (2025, 6.0, GIVEN),
    ]
    assert up.target_for(2021).how == HOW_START_YEAR
    down = build_track(
        indicator(unit="人", direction="down", target=10.0, baseline=20.0, baseline_year=2022),
        targets(),
        actuals(),
    )
    # 16.67 → 16, 13.33 → 13: rounded down when lower is better
    assert [t.value for t in down.targets] == [None, None, 16.0, 13.0, 10.0]


def test_count_target_with_printed_intermediate_years_then_held() -> None:
    # 特殊需求/身障兒少照顧支援計畫: 109年4家 → 110年9家 → 111年10家
    ind = indicator(unit="家", target=10.0, target_year=2022, baseline=4.0, baseline_year=2020)
    track = build_track(ind, targets((2021, 9), (2022, 10)), actuals((2020, 4)))
    assert _path(track) == [
        (2021, 9.0, GIVEN),
        (2022, 10.0, GIVEN),
        (2023, 10.0, DERIVED),
        (2024, 10.0, DERIVED),
        (2025, 10.0, DERIVED),
    ]
    assert track.target_for(2024).how == HOW_HOLD
    assert track.chart_years == (2020, 2021, 2022, 2023, 2024, 2025)


def test_without_baseline_the_first_actual_starts_the_path() -> None:
    ind = indicator(unit="處", target=6.0, baseline=None, baseline_year=None)
    track = build_track(ind, targets(), actuals((2021, 3)))
    assert track.start.year == 2021 and not track.start.from_baseline
    assert [t.value for t in track.targets] == [None, 4.0, 5.0, 6.0, 6.0]


def test_without_any_starting_point_intermediate_years_have_no_target() -> None:
    track = build_track(indicator(baseline=None, baseline_year=None), targets(), actuals())
    assert [t.how for t in track.targets[:4]] == [HOW_NO_START] * 4
    assert track.target_for(2025).value == 20


def test_already_past_the_final_target_keeps_the_final_target() -> None:
    # 中輟兒少復學率: 109學年度 94.6 %, 逐年提升至88%
    ind = indicator(target=88.0, baseline=None, baseline_year=None)
    track = build_track(ind, targets(), actuals((2020, 94.6), basis="school"))
    assert [t.value for t in track.targets] == [88.0] * 5
    assert track.year_basis == "school"


def test_relative_target_is_computed_from_previous_actual() -> None:
    ind = indicator(
        target_rule="relative_to_previous", direction="down", target=5.0, baseline=None,
        baseline_year=None,
    )  # fmt: skip
    track = build_track(ind, targets(), actuals((2021, 10.0), (2022, 9.0)))
    assert track.target_for(2021).how == HOW_NO_PREVIOUS
    assert track.target_for(2022).value == pytest.approx(9.5)
    assert track.target_for(2022).kind == RELATIVE
    assert track.target_for(2023).value == pytest.approx(8.55)
    assert track.target_for(2024).how == HOW_NO_PREVIOUS  # no 2023 actual
    up = build_track(
        indicator(target_rule="relative_to_previous", target=10.0), targets(), actuals((2021, 50))
    )
    assert up.target_for(2022).value == pytest.approx(55.0)


def test_no_target_year_gives_no_yearly_targets() -> None:
    ind = indicator(
        phase=1,
        phase_years=(2018, 2020),
        target=50.0,
        target_year=None,
        baseline=25.0,
        baseline_year=2018,
    )
    track = build_track(ind, targets(), actuals((2018, 25)))
    assert track.years == (2018, 2019, 2020)
    assert {t.how for t in track.targets} == {HOW_NO_TARGET_YEAR}
    assert {s.status for s in track.statuses} == {NO_DATA}


def test_other_indicators_rows_are_ignored() -> None:
    track = build_track(indicator(), targets((2022, 99), iid="y"), actuals((2022, 1), iid="y"))
    assert track.target_for(2022).kind == DERIVED and track.actuals == ()


def _tracker(tables):
    return compute_tracker(
        TrackerParams(
            tables["indicators"],
            tables["indicator_targets"],
            tables["indicator_actuals"],
            tables["indicator_definitions"],
            tables["phases"],
        )
    )


def _given(indicator_id: str) -> dict[str, object]:
    """The fixture city's row of one indicator, by column name."""
    columns = ("id", "phase", "strategy", "agency_zh", "agency_en", "zh", "en", "unit",
               "unit_en", "direction", "rule", "baseline", "baseline_year", "target",
               "target_year", "note")  # fmt: skip
    row = next(r for r in fc.INDICATORS if r[0] == indicator_id)
    return dict(zip(columns, row, strict=True))


def _actual(indicator_id: str, year: int) -> float:
    return next(v for i, y, _basis, v in fc.INDICATOR_ACTUALS if (i, y) == (indicator_id, year))


def test_the_fixture_city_s_scorecard_counts_what_met_and_missed(testville) -> None:
    tracker = _tracker(testville)
    sites, visits = _given("t_sites"), _given("t_visits")
    # 2020 is the last year with an actual to compare: the scorecard opens on it
    assert default_year(tracker) == max(y for _i, y, _b, _v in fc.INDICATOR_ACTUALS)
    card = compute_scorecard(tracker, ScorecardParams(2020))
    by_id = {r.track.indicator.indicator_id: r.status for r in card.rows}
    # the phase-2 indicator is not tracked in 2020: only the two of phase 1 are scored
    assert set(by_id) == {"t_sites", "t_visits"}
    assert _actual("t_sites", 2020) >= sites["target"]  # 4 sites against 4
    assert by_id["t_sites"].status == MET and by_id["t_sites"].gap == 0
    assert _actual("t_visits", 2020) < visits["target"]  # 70 % against 80 % every year
    assert by_id["t_visits"].status == MISSED
    assert by_id["t_visits"].gap == pytest.approx(_actual("t_visits", 2020) - visits["target"])
    assert (card.summary.met, card.summary.missed, card.summary.no_data) == (1, 1, 0)
    assert card.summary.total == 2


def test_the_fixture_city_s_scorecard_of_one_agency(testville) -> None:
    tracker = _tracker(testville)
    trained = _given("t_trained")
    card = compute_scorecard(tracker, ScorecardParams(2022, agency=trained["agency_zh"]))
    assert [r.track.indicator.indicator_id for r in card.rows] == ["t_trained"]
    assert card.summary.no_data == 1  # no actual for 2022
    # the printed 2022 target bends the path from the baseline to the final target
    (_id, given_year, given_target) = fc.INDICATOR_TARGETS[0]
    base, base_year = trained["baseline"], trained["baseline_year"]
    final, final_year = trained["target"], trained["target_year"]
    track = tracker.track("t_trained")
    expected = {
        given_year - 1: base + (given_target - base) * (given_year - 1 - base_year)
        / (given_year - base_year),
        given_year: given_target,
        given_year + 1: given_target + (final - given_target) / (final_year - given_year),
        final_year: final,
    }  # fmt: skip
    assert {y: track.target_for(y).value for y in expected} == pytest.approx(expected)
    assert track.target_for(given_year).kind == GIVEN
    assert track.target_for(given_year + 1).kind == DERIVED


@pytest.mark.shipped_data
def test_kaohsiung_phase1_results_against_their_targets() -> None:
    tracker = tracker_of("kaohsiung")
    assert default_year(tracker) == 2020
    card = compute_scorecard(tracker, ScorecardParams(2020))
    by_id = {r.track.indicator.indicator_id: r.status for r in card.rows}
    assert by_id["p1_s3_01"].status == MET and by_id["p1_s3_01"].gap == pytest.approx(15)
    assert by_id["p1_s3_02"].status == MET and by_id["p1_s3_02"].gap == 0  # 100 vs 100
    assert by_id["p1_s3_03"].gap == pytest.approx(0.81)  # 4.96 vs 4.15 visits
    assert by_id["p1_s1_01"].status == MET  # 18 centres vs central target 16
    assert by_id["p1_s4_01"].status == NO_DATA
    assert (card.summary.met, card.summary.missed, card.summary.no_data) == (4, 0, 1)


@pytest.mark.shipped_data
def test_kaohsiung_phase2_counts_and_scorecard_filters() -> None:
    tracker = tracker_of("kaohsiung")
    assert len([t for t in tracker.tracks if t.indicator.phase == 2]) == 26
    strategies = pd.Series([t.indicator.strategy for t in tracker.tracks if t.indicator.indicator_id[3] != "a" and t.indicator.phase == 2])  # fmt: skip
    assert strategies.value_counts().sort_index().tolist() == [6, 3, 4, 8]
    foster = tracker.track("s2_a01")
    assert [t.value for t in foster.targets] == [None, 187.0, 191.0, 196.0, 200.0]
    assert tracker.track("s3_a01").target_for(2022).value == 4.0
    assert tracker.track("s4_03").actual_for(2020).basis == "school"
    card = compute_scorecard(tracker, ScorecardParams(2023, agency="勞工局"))
    assert [r.track.indicator.indicator_id for r in card.rows] == ["s4_06", "s4_07", "s4_08"]
    assert card.summary.total == 3


@pytest.mark.shipped_data
def test_keelung_account_rate_has_no_yearly_target() -> None:
    tracker = tracker_of("keelung")
    track = tracker.track("s1_01")
    assert track.latest_actual.value == 25 and track.indicator.target == 50
    assert track.final_target is None
    assert compute_scorecard(tracker, ScorecardParams(2018)).summary.no_data == 1
