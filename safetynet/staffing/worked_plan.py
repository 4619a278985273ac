"""The plan the planner opens with: the city's service lines and what its data says of them.

Service lines are the agencies of the ``staffing`` table, in table order. Each
figure filled in says where it came from (:class:`Prefill`): posts approved
and people hired from the staffing rows, the ratio, span of control and
recruitment time where the city's source prints them (the planner presets).
Nothing the data does not hold is filled in: a caseload comes from the user
or from the case records (:mod:`safetynet.staffing.caseload`).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from safetynet.phases import period_year
from safetynet.staffing.posts import _overview_periods
from safetynet.staffing.presets import Preset
from safetynet.storage.store import Store
from safetynet.validation.rules import year_periods


@dataclass(frozen=True)
class Prefill:
    """A number filled into an input, and where it came from: ``how`` a code and its
    ``params`` (worded by :func:`safetynet.staffing.planner_views.prefill_text`)."""

    value: float
    how: str
    params: tuple[tuple[str, object], ...] = ()
    source: str = ""


@dataclass(frozen=True)
class WorkedLine:
    """One service line: its names and the inputs its data fills in."""

    name_zh: str
    name_en: str
    values: tuple[tuple[str, Prefill], ...]


@dataclass(frozen=True)
class WorkedPlan:
    """The opening plan: horizon (the years the city's staffing plan covers) and lines.

    ``left_out``: service lines of the data the plan does not open with (a table with
    more than :data:`MAX_OPENING_LINES` agencies opens with the largest).
    """

    base_year: int
    end_year: int
    lines: tuple[WorkedLine, ...]
    left_out: int = 0


# Service lines the planner opens with at most: each is a row of the planner's table of
# inputs, so a bureau's table of thousands of agencies opens with the largest (by posts)
# and says so.
MAX_OPENING_LINES = 20


def _posts_by_agency(
    staffing: pd.DataFrame, periods: tuple[str, ...], measure: str
) -> dict[str, tuple[int, str]]:
    """Per agency (``agency_zh``): its posts of ``measure`` in ``periods`` summed, and the
    source of its first such row; grouped in one pass. An agency without such rows has
    no entry (its figure is not filled in)."""
    rows = staffing[staffing["period"].isin(periods) & (staffing["measure"] == measure)]
    sums = rows.groupby("agency_zh", sort=False)["posts"].sum()
    firsts = rows.drop_duplicates("agency_zh")
    sources = dict(zip(firsts["agency_zh"], firsts["source"], strict=True))
    return {str(agency): (int(posts), str(sources[agency])) for agency, posts in sums.items()}


# Which of the source's printed standards belong to a line, by a mark in its printed name:
# (mark or None for every line, preset key). Keelung prints 1:35 and 1 supervisor per 5
# workers for offenders with mental illness, 1 per 2 for treatment coordination, and a
# 4–6-month recruitment cycle for the city's social workers (the longer end is used).
LINE_PRESETS = (
    ("精神疾病", "keelung_offender_ratio"),
    ("精神疾病", "keelung_offender_span"),
    ("處遇協調", "keelung_coordination_span"),
    (None, "keelung_recruit_max"),
)


def _preset_values(agency_zh: str, presets: tuple[Preset, ...]) -> dict[str, Prefill]:
    """The ratio, span and recruitment time the city's source prints for this line."""
    by_key = {p.key: p for p in presets}
    values: dict[str, Prefill] = {}
    for mark, key in LINE_PRESETS:
        preset = by_key.get(key)
        if preset is None or (mark is not None and mark not in agency_zh):
            continue
        values[preset.field] = Prefill(preset.value, "preset", (("key", key),), preset.source)
    return values


def worked_plan(
    staffing: pd.DataFrame,
    city_presets: tuple[Preset, ...] = (),
    max_lines: int = MAX_OPENING_LINES,
) -> WorkedPlan | None:
    """The city's opening plan from its stored staffing rows and printed standards.

    Phase rows (Kaohsiung): posts approved = the hiring phase's approved posts plus
    the next phase's new posts (第一期核定 262 + 第二期新增 348 = 610); people hired =
    the hiring phase's hired posts; the horizon is the next phase's years.
    Yearly rows (Keelung): posts approved = staff in post plus the new posts of
    every year of the plan; people hired = staff in post; the horizon is the plan's
    years. ``city_presets`` are the city's own printed standards (Keelung's 1:35,
    spans and recruitment cycle); ``None`` when the table has no rows.
    A bureau's table can name thousands of agencies: the plan opens with the
    ``max_lines`` with the most posts (:attr:`WorkedPlan.left_out` counts the others).
    """
    if staffing.empty:
        return None
    agencies = staffing[["agency_zh", "agency_en"]].drop_duplicates("agency_zh")
    hiring, new = _overview_periods(staffing)
    years = year_periods(staffing)
    if hiring is not None:
        span_rows = staffing[staffing["period"] == (new or hiring)]
        base, end = int(span_rows["year_from"].min()), int(span_rows["year_to"].max())
    else:
        yearly = staffing[staffing["period"].isin(("baseline", *years))]
        rows = yearly if len(yearly) else staffing
        base, end = int(rows["year_from"].min()), int(rows["year_to"].max())
    # Every figure of every line from grouped sums: one pass over the table, not one per line.
    if hiring is not None:
        number = int(hiring.removeprefix("phase"))
        approved = _posts_by_agency(staffing, (hiring,), "approved")
        hired = _posts_by_agency(staffing, (hiring,), "hired")
        added = _posts_by_agency(staffing, (new,), "new") if new else {}
    else:
        existing = _posts_by_agency(staffing, ("baseline",), "existing")
        baseline = staffing[staffing["period"] == "baseline"].drop_duplicates("agency_zh")
        baseline_year = dict(zip(baseline["agency_zh"], baseline["year_from"], strict=True))
        new_rows = staffing[staffing["period"].isin(years) & (staffing["measure"] == "new")]
        new_posts = _posts_by_agency(staffing, years, "new")
        year_of = {p: period_year(p) or 0 for p in new_rows["period"].unique()}
        last_year = new_rows["period"].map(year_of).groupby(new_rows["agency_zh"]).max().to_dict()

    # A bureau's table can name 250,000 agencies: the plan keeps the largest, so only
    # their lines are built (a line of every agency, made to be dropped, was 280 MiB at
    # 10^6 rows). The size is the line's posts approved, else its people hired.
    def size(agency_zh: str) -> float:
        if hiring is not None:
            if agency_zh in approved:
                extra = added[agency_zh][0] if new and agency_zh in added else 0
                return approved[agency_zh][0] + extra
            return hired[agency_zh][0] if agency_zh in hired else 0.0
        if agency_zh in existing:
            extra = new_posts[agency_zh][0] if agency_zh in new_posts else 0
            return existing[agency_zh][0] + extra
        return 0.0

    names = list(agencies.itertuples(index=False, name=None))
    kept = _largest([size(zh) for zh, _en in names], max_lines)
    lines = []
    for agency_zh, agency_en in (names[i] for i in kept):
        values: dict[str, Prefill] = {}
        if hiring is not None:
            if agency_zh in approved:
                first, source = approved[agency_zh]
                params: tuple[tuple[str, object], ...] = (("approved", first), ("phase", number))
                how, total = "approved_phase", first
                if new and agency_zh in added:
                    more = added[agency_zh][0]
                    params += (("new", more), ("next", int(new.removeprefix("phase"))))
                    how, total = "approved_phases", first + more
                values["approved_posts"] = Prefill(total, how, params, source)
            if agency_zh in hired:
                posts, source = hired[agency_zh]
                values["hired_now"] = Prefill(posts, "hired_phase", (("phase", number),), source)
        elif agency_zh in existing:
            staff, source = existing[agency_zh]
            year = int(baseline_year[agency_zh])
            values["hired_now"] = Prefill(staff, "existing", (("year", year),), source)
            if agency_zh in new_posts:
                more, source = new_posts[agency_zh]
                values["approved_posts"] = Prefill(
                    staff + more,
                    "cumulative",
                    (("existing", staff), ("new", more), ("year", int(last_year[agency_zh]))),
                    source,
                )
        values |= _preset_values(agency_zh, city_presets)
        lines.append(WorkedLine(agency_zh, agency_en, tuple(values.items())))
    return WorkedPlan(base, end, tuple(lines), left_out=len(names) - len(kept))


def stored_worked_plan(
    store: Store, city: str, city_presets: tuple[Preset, ...] = ()
) -> WorkedPlan | None:
    """:func:`worked_plan` of ``city``'s staffing rows as ``store`` holds them now.

    The rows are read for the plan and let go: only the plan (at most
    :data:`MAX_OPENING_LINES` lines) is kept. Through a cached copy of the table, a
    bureau's million staffing rows were held twice (the cache's pickle and the copy
    taken out of it) for a plan of twenty lines.
    """
    return worked_plan(store.read(city, "staffing"), city_presets)


def _largest(sizes: list[float], max_lines: int) -> list[int]:
    """The places of the ``max_lines`` largest ``sizes`` (the earlier of equal ones), in
    table order; every place when there are no more than ``max_lines``."""
    if len(sizes) <= max_lines:
        return list(range(len(sizes)))
    ranked = sorted(range(len(sizes)), key=lambda i: -sizes[i])  # stable
    return sorted(ranked[:max_lines])
