"""What-if staffing planner: how many workers and supervisors each service line needs, per year.

Pure calculation: :func:`compute_plan` takes a :class:`PlannerParams` (one
:class:`ServiceLine` per service, plus the planning horizon) and returns a frozen
:class:`PlannerResult`. Nothing is read from or written to the store here.

Per service line and year ``y`` of the horizon (``base_year`` … ``end_year``):

* caseload ``C_y = C × (1 + g)^(y − base_year)`` (``g`` = expected yearly change);
* workers, by the line's method:
  - ratio method: ``⌈C_y ÷ cases per worker⌉``;
  - time-standard method: ``⌈C_y × hours per case per month ÷ productive hours per
    worker per month⌉`` (productive hours are net of leave, training and
    administration, as child-welfare workload calculators use them);
* supervisors ``⌈workers ÷ span of control⌉``; staff needed = workers + supervisors;
* posts to fund at the expected vacancy rate ``v`` (vacancies ÷ (vacancies +
  staff in post)): ``⌈staff ÷ (1 − v)⌉``, so that ``staff`` are in post on average;
* staff flow: with ``S`` in post at the start of the year and yearly turnover
  ``t``, ``L = S × t`` leave during the year and the year's hires are
  ``⌈max(0, staff − (S − L))⌉``: the growth to reach the target plus the leavers
  to hold it; a shrinking line absorbs its surplus through leavers first;
* the month recruiting must start so that the year's hires are in post by
  January of that year: January ``y`` minus the recruitment lead time;
* caseload per worker if no one more is hired: ``C_y`` over the case-carrying
  share ``span ÷ (span + 1)`` of the people hired now, less turnover since the
  base year.

Every count of people is rounded up (``⌈ ⌉``): a fraction of a caseload still
needs a whole person.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, fields, replace

import pandas as pd

METHODS = ("ratio", "time")
YEAR_MIN, YEAR_MAX = 2000, 2100
MAX_HORIZON_YEARS = 30
HOURS_IN_MONTH = 744  # 31 × 24: no one has more productive hours than that
MAX_LEAD_MONTHS = 60
# A horizon when nothing else is known; the page opens on the years of the city's own
# staffing plan (safetynet.staffing.worked_plan) and offers the end of every phase.
DEFAULT_BASE_YEAR = 2021
DEFAULT_END_YEAR = 2025
SENSITIVITY_RATIOS = tuple(range(25, 46, 5))
# The service lines of the programme's staffing standards, offered (names only, no figures;
# their names are the i18n keys ``planner.example.<key>``) to a city whose data names none.
EXAMPLE_LINES = ("vulnerable_families", "protective", "offenders_mh", "psychiatric_community")
_EPS = 1e-9


def ceil_count(value: float) -> int:
    """Round a number of people up, ignoring floating-point noise (35/35·5 is 5, not 6)."""
    return max(0, math.ceil(value - _EPS))


def vacancy_rate_pct(vacancies: float, in_post: float) -> float | None:
    """Vacancy rate in percent: vacancies ÷ (vacancies + staff in post); ``None`` with no posts."""
    posts = vacancies + in_post
    return 100 * vacancies / posts if posts else None


@dataclass(frozen=True)
class ServiceLine:
    """One service line's inputs; ``None`` means not entered (and is rejected where needed).

    ``caseload_change_pct``, ``vacancy_rate_pct`` and ``turnover_pct`` are in
    percent per year; ``approved_posts`` and ``hired_now`` count workers and
    supervisors together, as posts are approved.
    """

    name: str
    method: str = "ratio"
    caseload: float | None = None
    caseload_change_pct: float | None = 0.0
    cases_per_worker: float | None = None
    hours_per_case_month: float | None = None
    productive_hours_month: float | None = None
    workers_per_supervisor: float | None = None
    vacancy_rate_pct: float | None = 0.0
    turnover_pct: float | None = 0.0
    lead_time_months: int | None = None
    approved_posts: int | None = None
    hired_now: int | None = None


LINE_FIELDS = tuple(f.name for f in fields(ServiceLine))


@dataclass(frozen=True)
class PlannerParams:
    """The planner's inputs: service lines and the planning horizon (inclusive years)."""

    lines: tuple[ServiceLine, ...]
    base_year: int = DEFAULT_BASE_YEAR
    end_year: int = DEFAULT_END_YEAR

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(range(self.base_year, self.end_year + 1))


@dataclass(frozen=True)
class PlannerProblem:
    """One rejected input: which line (1-based, ``None`` for the horizon), which field, why."""

    line: int | None
    line_name: str
    field: str
    code: str
    limit: float | None = None

    def __str__(self) -> str:
        """The problem in codes, for a log or a traceback; readers get
        :func:`safetynet.staffing.planner_views.problem_text`."""
        where = self.field if self.line is None else f"line {self.line} {self.field}"
        limit = "" if self.limit is None else f" ({self.limit:g})"
        return f"{where}: {self.code}{limit}"


class PlannerInputError(ValueError):
    """The planner's inputs were rejected; :attr:`problems` says which and why."""

    def __init__(self, problems: list[PlannerProblem]) -> None:
        self.problems = tuple(problems)
        super().__init__("; ".join(str(p) for p in problems))


def _number(value: object) -> float | None | str:
    """The value as a float, ``None`` when empty, or ``"nan"`` when it is not a real number."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        return "nan"
    number = float(value)
    return number if math.isfinite(number) else "nan"


def validate_params(params: PlannerParams) -> list[PlannerProblem]:
    """Every problem with the inputs, in reading order; an empty list means they can be planned."""
    problems: list[PlannerProblem] = []

    def year_check(name: str, value: object) -> None:
        number = _number(value)
        if number is None:
            problems.append(PlannerProblem(None, "", name, "required"))
        elif number == "nan" or not float(number).is_integer():
            problems.append(PlannerProblem(None, "", name, "whole"))
        elif not YEAR_MIN <= number <= YEAR_MAX:
            problems.append(PlannerProblem(None, "", name, "range_year"))

    year_check("base_year", params.base_year)
    year_check("end_year", params.end_year)
    if not problems:
        if params.end_year < params.base_year:
            problems.append(PlannerProblem(None, "", "end_year", "end_before_base"))
        elif params.end_year - params.base_year >= MAX_HORIZON_YEARS:
            problems.append(PlannerProblem(None, "", "end_year", "horizon", MAX_HORIZON_YEARS))
    if not params.lines:
        problems.append(PlannerProblem(None, "", "lines", "no_lines"))
    seen: set[str] = set()
    for i, line in enumerate(params.lines, start=1):
        problems += _line_problems(i, line, seen)
    return problems


def missing_inputs(problems: list[PlannerProblem]) -> dict[int, list[str]]:
    """Per line (1-based), the inputs left empty that the plan needs: what to ask for, not an
    error (a line the data fills only partly opens like this)."""
    missing: dict[int, list[str]] = {}
    for p in problems:
        if p.code == "required" and p.line is not None and p.field != "name":
            missing.setdefault(p.line, []).append(p.field)
    return missing


def _line_problems(i: int, line: ServiceLine, seen: set[str]) -> list[PlannerProblem]:
    name = (line.name or "").strip() if isinstance(line.name, str) else ""
    problems: list[PlannerProblem] = []

    def add(field_name: str, code: str, limit: float | None = None) -> None:
        problems.append(PlannerProblem(i, name, field_name, code, limit))

    if not name:
        add("name", "required")
    elif name in seen:
        add("name", "duplicate")
    seen.add(name)
    if line.method not in METHODS:
        add("method", "method")

    def check(
        field_name: str,
        *,
        required: bool = True,
        ge: float | None = None,
        gt: float | None = None,
        lt: float | None = None,
        le: float | None = None,
        whole: bool = False,
    ) -> None:
        number = _number(getattr(line, field_name))
        if number is None:
            if required:
                add(field_name, "required")
            return
        if number == "nan":
            add(field_name, "nan")
        elif whole and not float(number).is_integer():
            add(field_name, "whole")
        elif ge is not None and number < ge:
            add(field_name, "negative" if ge == 0 else "ge", ge)
        elif gt is not None and number <= gt:
            add(field_name, "gt", gt)
        elif lt is not None and number >= lt:
            add(field_name, "lt", lt)
        elif le is not None and number > le:
            add(field_name, "le", le)

    check("caseload", ge=0)
    check("caseload_change_pct", required=False, ge=-100, le=1000)
    if line.method == "ratio":
        check("cases_per_worker", gt=0)
    elif line.method == "time":
        check("hours_per_case_month", ge=0)
        check("productive_hours_month", gt=0, le=HOURS_IN_MONTH)
    check("workers_per_supervisor", gt=0)
    check("vacancy_rate_pct", required=False, ge=0, lt=100)
    check("turnover_pct", required=False, ge=0, le=100)
    check("lead_time_months", required=False, ge=0, le=MAX_LEAD_MONTHS, whole=True)
    check("approved_posts", required=False, ge=0, whole=True)
    check("hired_now", required=False, ge=0, whole=True)
    return problems


@dataclass(frozen=True)
class LineYear:
    """One service line in one year of the horizon; ``None`` where an input was not given."""

    line: str
    year: int
    caseload: float
    workers: int
    supervisors: int
    staff: int
    posts_needed: int
    approved: int | None
    gap_approved: int | None
    hired: int | None
    gap_hired: int | None
    leavers: float | None
    hires: int | None
    workers_no_hires: float | None
    caseload_per_worker_no_hires: float | None
    recruit_start: tuple[int, int] | None
    recruit_late: bool


@dataclass(frozen=True)
class YearTotal:
    """All service lines together in one year; a total is ``None`` if any line lacks the input."""

    year: int
    caseload: float
    workers: int
    supervisors: int
    staff: int
    posts_needed: int
    approved: int | None
    gap_approved: int | None
    hired: int | None
    gap_hired: int | None
    hires: int | None
    caseload_per_worker_no_hires: float | None
    recruit_start: tuple[int, int] | None
    recruit_late: bool


@dataclass(frozen=True)
class SensitivityPoint:
    """Staff and posts needed in the end year if every ratio-method line used this ratio."""

    cases_per_worker: float
    workers: int
    supervisors: int
    staff: int
    posts_needed: int


@dataclass(frozen=True)
class PlannerResult:
    """The plan: per line and year, totals per year, and the ratio sensitivity."""

    params: PlannerParams
    lines: tuple[LineYear, ...]
    totals: tuple[YearTotal, ...]
    sensitivity: tuple[SensitivityPoint, ...] = field(default=())

    @property
    def end(self) -> YearTotal:
        return self.totals[-1]

    def totals_frame(self) -> pd.DataFrame:
        return pd.DataFrame([vars(r) for r in self.totals])

    def sensitivity_frame(self) -> pd.DataFrame:
        return pd.DataFrame(
            [vars(p) for p in self.sensitivity],
            columns=[f.name for f in fields(SensitivityPoint)],
        )


def _workers(line: ServiceLine, caseload: float) -> int:
    if line.method == "ratio":
        return ceil_count(caseload / float(line.cases_per_worker))  # type: ignore[arg-type]
    return ceil_count(
        caseload * float(line.hours_per_case_month) / float(line.productive_hours_month)  # type: ignore[arg-type]
    )


def _recruit_start(year: int, lead: int) -> tuple[int, int]:
    """January of ``year`` minus ``lead`` months, as (year, month 1–12)."""
    index = year * 12 - lead  # months since year 0, January = 0
    return index // 12, index % 12 + 1


def _plan_line(line: ServiceLine, years: tuple[int, ...]) -> list[LineYear]:
    base = years[0]
    growth = (line.caseload_change_pct or 0.0) / 100
    vacancy = (line.vacancy_rate_pct or 0.0) / 100
    turnover = (line.turnover_pct or 0.0) / 100
    span = float(line.workers_per_supervisor)  # type: ignore[arg-type]
    hired = None if line.hired_now is None else int(line.hired_now)
    approved = None if line.approved_posts is None else int(line.approved_posts)
    in_post = float(hired) if hired is not None else None
    rows = []
    for year in years:
        caseload = float(line.caseload) * (1 + growth) ** (year - base)  # type: ignore[arg-type]
        workers = _workers(line, caseload)
        supervisors = ceil_count(workers / span)
        staff = workers + supervisors
        posts = ceil_count(staff / (1 - vacancy))
        leavers = hires = None
        if in_post is not None:
            leavers = in_post * turnover
            hires = ceil_count(max(0.0, staff - (in_post - leavers)))
            in_post = in_post - leavers + hires
        carriers = per_worker = None
        if hired is not None:
            carriers = hired * span / (span + 1) * (1 - turnover) ** (year - base)
            per_worker = caseload / carriers if carriers > _EPS else None
        start = None
        if hires and line.lead_time_months is not None:
            start = _recruit_start(year, int(line.lead_time_months))
        rows.append(
            LineYear(
                line=line.name.strip(),
                year=year,
                caseload=caseload,
                workers=workers,
                supervisors=supervisors,
                staff=staff,
                posts_needed=posts,
                approved=approved,
                gap_approved=None if approved is None else posts - approved,
                hired=hired,
                gap_hired=None if hired is None else staff - hired,
                leavers=leavers,
                hires=hires,
                workers_no_hires=carriers,
                caseload_per_worker_no_hires=per_worker,
                recruit_start=start,
                recruit_late=start is not None and start < (base, 1),
            )
        )
    return rows


def _sum_known(values: list[int | None]) -> int | None:
    return None if any(v is None for v in values) else sum(v for v in values if v is not None)


def _totals(rows: list[LineYear], years: tuple[int, ...]) -> list[YearTotal]:
    totals = []
    for year in years:
        this = [r for r in rows if r.year == year]
        starts = [r.recruit_start for r in this if r.recruit_start is not None]
        start = min(starts) if starts else None
        caseload = sum(r.caseload for r in this)
        carriers = [r.workers_no_hires for r in this]
        per_worker = None
        if all(c is not None for c in carriers) and sum(carriers) > _EPS:  # type: ignore[arg-type]
            per_worker = caseload / sum(carriers)  # type: ignore[arg-type, operator]
        totals.append(
            YearTotal(
                year=year,
                caseload=caseload,
                workers=sum(r.workers for r in this),
                supervisors=sum(r.supervisors for r in this),
                staff=sum(r.staff for r in this),
                posts_needed=sum(r.posts_needed for r in this),
                approved=_sum_known([r.approved for r in this]),
                gap_approved=_sum_known([r.gap_approved for r in this]),
                hired=_sum_known([r.hired for r in this]),
                gap_hired=_sum_known([r.gap_hired for r in this]),
                hires=_sum_known([r.hires for r in this]),
                caseload_per_worker_no_hires=per_worker,
                recruit_start=start,
                recruit_late=start is not None and start < (years[0], 1),
            )
        )
    return totals


def _compute(params: PlannerParams) -> tuple[list[LineYear], list[YearTotal]]:
    rows = [row for line in params.lines for row in _plan_line(line, params.years)]
    return rows, _totals(rows, params.years)


def compute_sensitivity(
    params: PlannerParams, ratios: tuple[float, ...] = SENSITIVITY_RATIOS
) -> tuple[SensitivityPoint, ...]:
    """End-year staff and posts if every ratio-method line had ``ratio`` cases per worker.

    Time-standard lines keep their own inputs. Empty when no line uses the ratio
    method (the ratio then changes nothing). Inputs must already be valid.
    """
    if not any(line.method == "ratio" for line in params.lines):
        return ()
    points = []
    for ratio in ratios:
        lines = tuple(
            replace(line, cases_per_worker=ratio) if line.method == "ratio" else line
            for line in params.lines
        )
        end = _compute(replace(params, lines=lines))[1][-1]
        points.append(
            SensitivityPoint(
                float(ratio), end.workers, end.supervisors, end.staff, end.posts_needed
            )
        )
    return tuple(points)


def compute_plan(
    params: PlannerParams, sensitivity_ratios: tuple[float, ...] = SENSITIVITY_RATIOS
) -> PlannerResult:
    """Plan every service line over the horizon; raise :class:`PlannerInputError` on bad input.

    Nothing is computed from invalid input: every problem is listed at once, each
    naming its line and field, so the user can fix them in one pass.
    """
    problems = validate_params(params)
    if problems:
        raise PlannerInputError(problems)
    rows, totals = _compute(params)
    return PlannerResult(
        params=params,
        lines=tuple(rows),
        totals=tuple(totals),
        sensitivity=compute_sensitivity(params, sensitivity_ratios),
    )
