"""Pages at a bureau's volume (issue 20): the staffing planner's opening plan grouped in one
pass and capped to its largest lines with a note; the same figures as the former path."""

from __future__ import annotations

import random
import sys

import pandas as pd
import pytest

from safetynet import DATA_DIR, PROJECT_ROOT
from safetynet.cities import get_city
from safetynet.phases import period_year
from safetynet.staffing.posts import (
    _overview_periods,
)
from safetynet.staffing.presets import city_presets
from safetynet.staffing.worked_plan import (
    MAX_OPENING_LINES,
    Prefill,
    WorkedLine,
    _preset_values,
    worked_plan,
)
from safetynet.storage.loading import read_raw_tables
from safetynet.storage.store import Store
from safetynet.validation.city import validate_city
from safetynet.validation.rules import year_periods
from tests.test_volume import staffing_frame

sys.path.insert(0, str(PROJECT_ROOT / "bench"))


def typed(city: str) -> dict[str, pd.DataFrame]:
    tables, problems = validate_city(get_city(city), read_raw_tables(DATA_DIR, city))
    assert problems == []
    return tables


def lines_one_by_one(staffing: pd.DataFrame, presets: tuple = ()) -> list[WorkedLine]:
    """The opening lines as they were worked out before: one filter of the table per line."""

    def posts(rows: pd.DataFrame, period: str | None, measure: str) -> tuple[int, str] | None:
        got = rows[(rows["period"] == period) & (rows["measure"] == measure)]
        return None if got.empty else (int(got["posts"].sum()), str(got["source"].iloc[0]))

    hiring, new = _overview_periods(staffing)
    years = year_periods(staffing)
    lines = []
    agencies = staffing[["agency_zh", "agency_en"]].drop_duplicates("agency_zh")
    for agency_zh, agency_en in agencies.itertuples(index=False):
        rows = staffing[staffing["agency_zh"] == agency_zh]
        values: dict[str, Prefill] = {}
        if hiring is not None:
            approved, hired = posts(rows, hiring, "approved"), posts(rows, hiring, "hired")
            added = posts(rows, new, "new") if new else None
            number = int(hiring.removeprefix("phase"))
            if approved is not None:
                params: tuple = (("approved", approved[0]), ("phase", number))
                how, total = "approved_phase", approved[0]
                if added is not None and new:
                    params += (("new", added[0]), ("next", int(new.removeprefix("phase"))))
                    how, total = "approved_phases", approved[0] + added[0]
                values["approved_posts"] = Prefill(total, how, params, approved[1])
            if hired is not None:
                values["hired_now"] = Prefill(hired[0], "hired_phase", (("phase", number),),
                                              hired[1])  # fmt: skip
        else:
            existing = posts(rows, "baseline", "existing")
            added_rows = rows[rows["period"].isin(years) & (rows["measure"] == "new")]
            if existing is not None:
                year = int(rows.loc[rows["period"] == "baseline", "year_from"].iloc[0])
                values["hired_now"] = Prefill(existing[0], "existing", (("year", year),),
                                              existing[1])  # fmt: skip
                if len(added_rows):
                    more = int(added_rows["posts"].sum())
                    last = max(period_year(p) or 0 for p in added_rows["period"])
                    values["approved_posts"] = Prefill(
                        existing[0] + more, "cumulative",
                        (("existing", existing[0]), ("new", more), ("year", last)),
                        str(added_rows["source"].iloc[0]),
                    )  # fmt: skip
        values |= _preset_values(agency_zh, presets)
        lines.append(WorkedLine(agency_zh, agency_en, tuple(values.items())))
    return lines


@pytest.mark.parametrize("city", ["kaohsiung", "keelung"])
def test_the_grouped_plan_is_the_line_by_line_plan_on_the_shipped_cities(city: str) -> None:
    tables = typed(city)
    presets = city_presets(tables["outcomes"])
    plan = worked_plan(tables["staffing"], presets)
    assert list(plan.lines) == lines_one_by_one(tables["staffing"], presets)
    assert plan.left_out == 0
    assert plan.lines  # every agency of the table opens as a line


def test_the_grouped_plan_is_the_line_by_line_plan_on_the_fixture_city(testville) -> None:
    plan = worked_plan(testville["staffing"])
    assert list(plan.lines) == lines_one_by_one(testville["staffing"])
    assert [line.name_zh for line in plan.lines] == list(
        testville["staffing"]["agency_zh"].drop_duplicates()
    )


@pytest.mark.parametrize("seed", range(6))
def test_the_grouped_plan_is_the_line_by_line_plan_at_any_size(seed: int) -> None:
    """Shuffled rows, agencies with missing measures, phase and yearly tables."""
    rng = random.Random(seed)
    frame = staffing_frame(rng, rng.choice((1, 7, 80, 400)), yearly=seed % 2 == 1)
    plan = worked_plan(frame, max_lines=10**6)
    assert list(plan.lines) == lines_one_by_one(frame)


def test_a_bureau_table_opens_with_its_largest_lines_in_table_order() -> None:
    frame = staffing_frame(random.Random(3), 300, yearly=False)
    every = lines_one_by_one(frame)
    plan = worked_plan(frame)
    assert len(plan.lines) == MAX_OPENING_LINES
    assert plan.left_out == len(every) - MAX_OPENING_LINES

    def size(line: WorkedLine) -> float:
        values = dict(line.values)
        got = values.get("approved_posts") or values.get("hired_now")
        return got.value if got else 0.0

    kept = {line.name_zh for line in plan.lines}
    smallest_kept = min(size(line) for line in plan.lines)
    assert all(size(line) <= smallest_kept for line in every if line.name_zh not in kept)
    assert list(plan.lines) == [line for line in every if line.name_zh in kept]  # table order
    # the lines it opens with carry the same figures as when every line is opened
    assert set(plan.lines) <= set(worked_plan(frame, max_lines=10**6).lines)


def test_the_planner_opens_with_the_largest_lines_and_says_how_to_add_the_others(
    app_test,
) -> None:
    frame = staffing_frame(random.Random(5), 120, yearly=False)
    store = Store.open()
    store.save_user_rows("kaohsiung", "staffing", frame, who="測試")
    agencies = store.read("kaohsiung", "staffing")["agency_zh"].nunique()
    store.engine.dispose()
    assert agencies > MAX_OPENING_LINES

    at = app_test("pages/staffing_planner.py").run()
    assert not at.exception
    names = [w for w in at.text_input if str(w.key).endswith(".name")]
    assert len(names) == MAX_OPENING_LINES
    assert names[0].value == "社會局"  # the shipped lines are the largest: 610 posts
    left = agencies - MAX_OPENING_LINES
    [note] = [i.value for i in at.info if "新增服務線" in i.value]
    assert f"其餘 {left} 條未列出" in note
    assert f"{MAX_OPENING_LINES} 條" in note

    at.button(key="planner.add_line").click().run()  # what the note says to do
    assert not at.exception
    assert len([w for w in at.text_input if str(w.key).endswith(".name")]) == 21


def test_the_planner_of_a_shipped_city_has_no_note(app_test) -> None:
    at = app_test("pages/staffing_planner.py").run()
    assert not at.exception
    assert not [i for i in at.info if "新增服務線" in i.value]
