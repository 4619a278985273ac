"""The what-if planner: table-driven checks of the arithmetic a director will be asked to defend."""

from __future__ import annotations

import dataclasses

import pytest

from safetynet.staffing.planner import (
    PlannerInputError,
    PlannerParams,
    PlannerResult,
    ServiceLine,
    ceil_count,
    compute_plan,
    vacancy_rate_pct,
)
from safetynet.staffing.planner_views import problem_text


def line(**values: object) -> ServiceLine:
    base = {"name": "服務線", "caseload": 170.0, "cases_per_worker": 35.0}
    base |= {"workers_per_supervisor": 5.0}
    return ServiceLine(**(base | values))


def plan(*lines: ServiceLine, base_year: int = 2021, end_year: int = 2025) -> PlannerResult:
    return compute_plan(PlannerParams(lines=lines, base_year=base_year, end_year=end_year))


def test_keelung_worked_examples() -> None:
    """170 cases at 1:35 → 5 workers + 1 supervisor = 6 posts; 2 workers + 1 supervisor = 3."""
    result = plan(
        line(name="加害人合併精神疾病", caseload=170),
        line(name="加害人處遇協調", caseload=70),
        end_year=2021,
    )
    first, second = result.lines
    assert (first.workers, first.supervisors, first.staff) == (5, 1, 6)
    assert (second.workers, second.supervisors, second.staff) == (2, 1, 3)
    assert (result.end.workers, result.end.supervisors, result.end.staff) == (7, 2, 9)


@pytest.mark.parametrize(
    ("caseload", "ratio", "span", "workers", "supervisors"),
    [
        (175, 35, 5, 5, 1),  # exactly 5 workers: no rounding
        (176, 35, 5, 6, 2),  # one case more needs a sixth worker, and a second supervisor
        (171, 35, 5, 5, 1),  # 4.89 rounds up
        (1, 35, 5, 1, 1),  # a single case still needs a whole worker and supervisor
        (0.7 * 3, 0.7, 5, 3, 1),  # 2.1 / 0.7 is 3.0000000000000004 in floats: still 3
        (0, 35, 5, 0, 0),  # zero caseload: nobody
    ],
)
def test_people_are_rounded_up(caseload, ratio, span, workers, supervisors) -> None:
    row = plan(
        line(caseload=caseload, cases_per_worker=ratio, workers_per_supervisor=span),
        end_year=2021,
    ).lines[0]
    assert (row.workers, row.supervisors) == (workers, supervisors)


def test_zero_caseload_needs_no_one_and_no_recruiting() -> None:
    result = plan(line(caseload=0, hired_now=0, approved_posts=0, lead_time_months=6))
    assert all(r.staff == 0 and r.posts_needed == 0 and r.hires == 0 for r in result.lines)
    assert all(r.recruit_start is None for r in result.totals)
    assert result.end.gap_approved == 0


@pytest.mark.parametrize(
    ("hours", "productive", "workers"),
    [(3, 120, 3), (2, 100, 2), (0, 100, 0)],  # 100 cases × hours ÷ productive hours
)
def test_time_standard_method(hours, productive, workers) -> None:
    row = plan(
        line(
            method="time",
            caseload=100,
            cases_per_worker=None,
            hours_per_case_month=hours,
            productive_hours_month=productive,
        ),
        end_year=2021,
    ).lines[0]
    assert row.workers == workers


@pytest.mark.parametrize(
    ("vacant", "in_post", "rate"),
    [(12, 305, 100 * 12 / 317), (0, 10, 0.0), (5, 0, 100.0), (0, 0, None)],
)
def test_vacancy_rate_is_vacancies_over_vacancies_plus_in_post(vacant, in_post, rate) -> None:
    assert vacancy_rate_pct(vacant, in_post) == (pytest.approx(rate) if rate is not None else None)


@pytest.mark.parametrize(
    ("vacancy_pct", "posts"),
    [(0, 6), (10, 7), (50, 12), (3.8, 7)],  # 6 staff in post on average: ⌈6 ÷ (1 − v)⌉
)
def test_posts_to_fund_allow_for_vacancies(vacancy_pct, posts) -> None:
    row = plan(line(vacancy_rate_pct=vacancy_pct), end_year=2021).lines[0]
    assert row.staff == 6
    assert row.posts_needed == posts


@pytest.mark.parametrize(
    ("year", "lead", "start", "late"),
    [
        (2022, 5, (2021, 8), False),  # crosses the year boundary
        (2022, 0, (2022, 1), False),
        (2022, 12, (2021, 1), False),  # exactly at the start of the plan
        (2022, 13, (2020, 12), True),  # before the plan starts: already late
        (2021, 4, (2020, 9), True),  # the base year's shortfall is always late
    ],
)
def test_recruiting_start_month(year, lead, start, late) -> None:
    params = line(caseload=35, hired_now=1 if year > 2021 else 0, lead_time_months=lead)
    # base 2021: 1 worker + 1 supervisor needed; 1 hired → the shortfall is hired in 2021,
    # so grow the caseload to need more people in ``year``.
    params = dataclasses.replace(params, caseload_change_pct=100.0)
    rows = {r.year: r for r in plan(params, end_year=2022).lines}
    assert rows[year].hires > 0
    assert rows[year].recruit_start == start
    assert rows[year].recruit_late is late


def test_negative_growth_shrinks_the_need_and_needs_no_hires() -> None:
    result = plan(line(caseload=350, caseload_change_pct=-20, hired_now=12, turnover_pct=0))
    caseloads = [round(r.caseload, 1) for r in result.lines]
    assert caseloads == [350.0, 280.0, 224.0, 179.2, 143.4]
    workers = [r.workers for r in result.lines]
    assert workers == [10, 8, 7, 6, 5]
    assert all(r.hires == 0 for r in result.lines)
    assert result.lines[-1].gap_hired == 5 + 1 - 12  # a surplus shows as a negative gap


def test_staff_flow_replaces_leavers_every_year() -> None:
    result = plan(line(caseload=170, hired_now=6, turnover_pct=20))
    # 6 needed and 6 in post; 20 % leave: 1.2 in the first year → hire 2 (rounded up),
    # which leaves 6.8 in post, so 1.36 leave next year and 1 hire holds the target …
    assert result.lines[0].leavers == pytest.approx(1.2)
    assert [r.hires for r in result.lines] == [2, 1, 1, 2, 1]
    # … over the horizon the hires replace the expected leavers and never fall short
    in_post = 6.0
    for row in result.lines:
        in_post = in_post - row.leavers + row.hires
        assert in_post >= row.staff


def test_caseload_per_worker_if_no_one_is_hired() -> None:
    result = plan(line(caseload=170, hired_now=6, turnover_pct=0, caseload_change_pct=10))
    # 6 in post at a span of 5 are 5 case-carrying workers
    assert result.lines[0].caseload_per_worker_no_hires == pytest.approx(34.0)
    assert result.lines[1].caseload_per_worker_no_hires == pytest.approx(37.4)
    assert plan(line(hired_now=0)).lines[0].caseload_per_worker_no_hires is None


def test_gaps_against_approved_and_hired() -> None:
    result = plan(line(caseload=170, approved_posts=4, hired_now=3), end_year=2021)
    assert (result.end.gap_approved, result.end.gap_hired) == (2, 3)


def test_a_total_is_unknown_if_any_line_lacks_the_input() -> None:
    result = plan(line(name="a", approved_posts=6), line(name="b"), end_year=2021)
    assert result.lines[0].gap_approved == 0
    assert result.end.approved is None and result.end.gap_approved is None


def test_horizon_defaults_to_the_end_of_phase_2() -> None:
    result = compute_plan(PlannerParams(lines=(line(),)))
    assert [r.year for r in result.totals] == [2021, 2022, 2023, 2024, 2025]


def test_sensitivity_of_posts_to_the_ratio() -> None:
    result = plan(line(caseload=700), line(name="time", method="time", cases_per_worker=None,
                                           caseload=10, hours_per_case_month=12,
                                           productive_hours_month=120))  # fmt: skip
    frame = result.sensitivity_frame()
    assert list(frame["cases_per_worker"]) == [25, 30, 35, 40, 45]
    # ratio line: ⌈700/r⌉ + ⌈that/5⌉; the time line adds 1 worker + 1 supervisor throughout
    assert list(frame["staff"]) == [28 + 6 + 2, 24 + 5 + 2, 20 + 4 + 2, 18 + 4 + 2, 16 + 4 + 2]
    at_35 = frame[frame["cases_per_worker"] == 35].iloc[0]
    assert at_35["staff"] == result.end.staff
    assert list(frame["staff"]) == sorted(frame["staff"], reverse=True)


def test_no_sensitivity_without_a_ratio_line() -> None:
    only_time = line(method="time", hours_per_case_month=1, productive_hours_month=100)
    assert plan(only_time).sensitivity == ()


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"caseload": None}, "caseload", "required"),
        ({"caseload": -1}, "caseload", "negative"),  # 「不可為負數」
        ({"caseload": float("nan")}, "caseload", "nan"),
        ({"cases_per_worker": 0}, "cases_per_worker", "gt"),
        ({"cases_per_worker": None}, "cases_per_worker", "required"),
        ({"workers_per_supervisor": 0}, "workers_per_supervisor", "gt"),
        ({"vacancy_rate_pct": 100}, "vacancy_rate_pct", "lt"),
        ({"turnover_pct": 101}, "turnover_pct", "le"),
        ({"caseload_change_pct": -101}, "caseload_change_pct", "ge"),
        ({"lead_time_months": 2.5}, "lead_time_months", "whole"),
        ({"hired_now": -1}, "hired_now", "negative"),
        ({"method": "guess"}, "method", "method"),
        ({"name": "  "}, "name", "required"),
        ({"method": "time"}, "hours_per_case_month", "required"),
        (
            {"method": "time", "hours_per_case_month": 1, "productive_hours_month": 800},
            "productive_hours_month",
            "le",
        ),
    ],
)
def test_invalid_input_is_rejected_naming_line_and_field(changes, field, code) -> None:
    with pytest.raises(PlannerInputError) as err:
        plan(line(name="ok"), line(**{"name": "保護服務"} | changes))
    problems = err.value.problems
    assert [(p.line, p.field, p.code) for p in problems][:1] == [(2, field, code)]


def test_problem_messages_say_which_line_and_field_in_both_languages() -> None:
    with pytest.raises(PlannerInputError) as err:
        plan(line(name="保護服務", caseload=None, vacancy_rate_pct=120))
    zh = [problem_text(p, "zh") for p in err.value.problems]
    en = [problem_text(p, "en") for p in err.value.problems]
    assert zh == [
        "第 1 列「保護服務」的「目前案量（案）」：請填寫",
        "第 1 列「保護服務」的「預估空缺率（%）」：須小於 100",
    ]
    assert en[0] == "line 1 '保護服務', Current caseload (cases): is required"
    assert "line 1" in str(err.value)


@pytest.mark.parametrize(
    ("params", "field", "code"),
    [
        (PlannerParams(lines=()), "lines", "no_lines"),
        (
            PlannerParams(lines=(line(),), base_year=2025, end_year=2021),
            "end_year",
            "end_before_base",
        ),
        (PlannerParams(lines=(line(),), base_year=2021, end_year=2090), "end_year", "horizon"),
        (PlannerParams(lines=(line(name="a"), line(name="a"))), "name", "duplicate"),
    ],
)
def test_invalid_horizon_or_lines(params, field, code) -> None:
    with pytest.raises(PlannerInputError) as err:
        compute_plan(params)
    assert (err.value.problems[0].field, err.value.problems[0].code) == (field, code)


def test_ceil_count_ignores_float_noise_but_not_real_fractions() -> None:
    assert [ceil_count(x) for x in (5.0000000000001, 5.001, 0.0, -0.5)] == [5, 6, 0, 0]


def test_result_is_frozen() -> None:
    result = plan(line())
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.lines = ()  # type: ignore[misc]  # writing a frozen field is what this test checks


def test_total_caseload_per_worker_if_no_one_is_hired() -> None:
    result = plan(
        line(name="a", hired_now=6), line(name="b", caseload=30, hired_now=6), end_year=2021
    )
    assert result.end.caseload_per_worker_no_hires == pytest.approx(200 / 10)
    assert (
        plan(line(name="a", hired_now=6), line(name="b")).end.caseload_per_worker_no_hires is None
    )
