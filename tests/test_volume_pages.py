"""Pages at a bureau's volume (issue 20): the staffing planner's opening plan grouped in one
pass and capped to its largest lines with a note; the same figures as the former path."""

from __future__ import annotations

import random
import shutil
import sys
from dataclasses import fields
from pathlib import Path

import pandas as pd
import pytest

from safetynet import DATA_DIR, PROJECT_ROOT
from safetynet.cities import get_city
from safetynet.figures import outcome_figures
from safetynet.overview import compute_overview
from safetynet.phases import period_year
from safetynet.referrals.trends import (
    ReferralParams,
    ReferralTrends,
    compute_referral_trends,
    largest_types,
    stored_largest_types,
    stored_referral_trends,
    stored_types_with_sources,
    types_with_sources,
)
from safetynet.risk.shares import RISK_OUTCOME_METRICS
from safetynet.staffing.posts import (
    CHECK_METRICS,
    CONTEXT_METRICS,
    RECRUITMENT_METRICS,
    _overview_periods,
    checks_against,
    compute_staffing_overview,
    recruitment_cycle,
    staffing_context,
    staffing_facts,
)
from safetynet.staffing.presets import city_presets, preset_metrics
from safetynet.staffing.views import staffing_display_head, staffing_display_table
from safetynet.staffing.worked_plan import (
    MAX_OPENING_LINES,
    Prefill,
    WorkedLine,
    _preset_values,
    stored_worked_plan,
    worked_plan,
)
from safetynet.storage.loading import read_raw_tables
from safetynet.storage.schemas import TABLES
from safetynet.storage.store import Change, Store
from safetynet.validation.city import validate_city
from safetynet.validation.rules import year_periods
from tests.helpers import edited_store, key_of, row_of, staffing_frame

sys.path.insert(0, str(PROJECT_ROOT / "bench"))
from volume_data import fill_store  # the bench's rows, in the shipped layouts

SOURCE = "局內統計 · 年度通報來源統計"


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
    lines = at.dataframe[0].value  # the table of every line's inputs
    assert len(lines) == MAX_OPENING_LINES
    assert lines.iloc[0, 0] == "1. 社會局"  # the shipped lines are the largest: 610 posts
    left = agencies - MAX_OPENING_LINES
    [note] = [i.value for i in at.info if "新增服務線" in i.value]
    assert f"其餘 {left} 條未列出" in note
    assert f"{MAX_OPENING_LINES} 條" in note

    at.button(key="planner.add_line").click().run()  # what the note says to do
    assert not at.exception
    assert len(at.dataframe[0].value) == 21
    [name] = [w for w in at.text_input if str(w.key).endswith(".name")]  # the new line's
    assert name.value == "服務線 21"


def test_the_opening_plan_is_read_from_the_rows_in_force(store: Store) -> None:
    """A saved change to a staffing row is the plan's figure the next time the planner
    opens (the plan is read from the store, on both engines, not from a kept table)."""
    staffing = store.read_versioned("kaohsiung", "staffing")
    at = staffing.index[
        (staffing["agency_zh"] == "社會局")
        & (staffing["period"] == "phase1")
        & (staffing["measure"] == "approved")
    ]
    row, version = row_of(staffing, int(at[0]))
    assert row["posts"] == 262  # as printed
    changed = {**row, "posts": 300}
    key = key_of(row, TABLES["staffing"].key)
    store.apply_changes("kaohsiung", "staffing", [Change(key, row, changed, version)], who="測試")

    plan = stored_worked_plan(store, "kaohsiung")
    assert plan is not None
    [line] = [line for line in plan.lines if line.name_zh == "社會局"]
    approved = dict(line.values)["approved_posts"]
    assert approved.value == 300 + 348  # the changed first phase and the second's new posts
    assert approved.params == (("approved", 300), ("phase", 1), ("new", 348), ("next", 2))
    assert plan.lines == worked_plan(store.read("kaohsiung", "staffing")).lines


def test_the_planner_of_a_shipped_city_has_no_note(app_test) -> None:
    at = app_test("pages/staffing_planner.py").run()
    assert not at.exception
    assert not [i for i in at.info if "新增服務線" in i.value]


# -- reads where and summaries: the database picks and adds up, as pandas would -------------


@pytest.fixture
def edited(database_url: str, tmp_path: Path) -> Store:
    """A store of both cities with users' changes and a release after them."""
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    store = edited_store(database_url, data)
    # per-source rows (no shipped city has any): for a type with printed totals, and for
    # two types with none, whose totals are then added up from their sources
    first = store.read("keelung", "referrals").iloc[0]
    adds = [
        {"year": year, "referral_type": code, "type_zh": zh, "type_en": en, "reporter": who,
         "count": 10 * year % 7 + len(who), "unit": "件", "unit_en": "reports",
         "source": SOURCE, "note": None}
        for code, zh, en in ((first["referral_type"], first["type_zh"], first["type_en"]),
                             ("by_source_a", "來源甲類", "Type A"), ("by_source_b", "來源乙類", "Type B"))
        for year in (2016, 2017)
        for who in ("社政", "警政")
    ]  # fmt: skip
    key = ("year", "referral_type", "reporter")
    changes = [Change({k: r[k] for k in key}, None, r) for r in adds]
    store.apply_changes("keelung", "referrals", changes, who="甲")
    return store


def _plain(frame: pd.DataFrame) -> pd.DataFrame:
    """Empty cells as ``None`` in text columns, a fresh index: frames compared by value."""
    frame = frame.reset_index(drop=True).copy()
    for c in frame.columns:
        if frame[c].dtype == object or pd.api.types.is_string_dtype(frame[c].dtype):
            frame[c] = frame[c].astype(object).where(frame[c].notna(), None)
    return frame


def _grouped(frame: pd.DataFrame, by: list[str], sums=(), mins=(), maxs=()) -> pd.DataFrame:
    """:meth:`Store.summary` done by pandas on the rows read: groups in first-row order."""
    parts = {c: (c, lambda s: s.sum(min_count=1)) for c in sums}
    parts |= {c: (c, "min") for c in mins} | {c: (c, "max") for c in maxs}
    parts["rows"] = (by[0], "size")
    got = frame.groupby(by, sort=False, dropna=False).agg(**parts).reset_index()
    for c in [*sums, *mins, *maxs]:
        got[c] = got[c].astype(frame[c].dtype)
    got["rows"] = got["rows"].astype("int64")
    return _plain(got)


@pytest.mark.both_engines
def test_reads_where_and_summaries_equal_pandas_on_the_rows_in_force(
    edited: Store,
) -> None:
    """On a store with user changes, deletions, added rows and empty key cells, a new
    release after them (tests.test_store_reads), on both engines."""
    store = edited
    referrals = store.read("keelung", "referrals")
    some = list(referrals["referral_type"].drop_duplicates().iloc[[0, 2]])
    got = store.read("keelung", "referrals", {"referral_type": some})
    want = referrals[referrals["referral_type"].isin(some)]
    pd.testing.assert_frame_equal(_plain(got), _plain(want))
    totals = store.read("keelung", "referrals", {"reporter": [None]})
    pd.testing.assert_frame_equal(_plain(totals), _plain(referrals[referrals["reporter"].isna()]))
    assert len(totals) and len(totals) < len(referrals)
    for by, sums in ((["referral_type", "reporter"], ["count"]), (["year"], [])):
        got = store.summary("keelung", "referrals", by, sums)
        pd.testing.assert_frame_equal(got, _grouped(referrals, by, sums), obj=str(by))
    staffing = store.read("kaohsiung", "staffing")
    by = ["period", "measure", "source"]
    got = store.summary("kaohsiung", "staffing", by, ["posts"], ["year_from"], ["year_to"])
    want = _grouped(staffing, by, ["posts"], ["year_from"], ["year_to"])
    pd.testing.assert_frame_equal(got, want)
    outcomes = store.read("kaohsiung", "outcomes")
    metrics = list(outcomes["metric"].drop_duplicates().iloc[:5])
    got = store.read("kaohsiung", "outcomes", {"metric": metrics})
    pd.testing.assert_frame_equal(_plain(got), _plain(outcomes[outcomes["metric"].isin(metrics)]))


def _same_trends(got: ReferralTrends, want: ReferralTrends) -> None:
    for field in fields(ReferralTrends):
        a, b = getattr(got, field.name), getattr(want, field.name)
        if isinstance(b, pd.DataFrame):
            pd.testing.assert_frame_equal(a.reset_index(drop=True), b.reset_index(drop=True))
        else:
            assert a == b, field.name


@pytest.mark.both_engines
def test_the_referrals_page_reads_give_the_figures_of_the_whole_tables(
    edited: Store,
) -> None:
    store = edited
    for city in ("keelung", "kaohsiung"):
        referrals, outcomes = store.read(city, "referrals"), store.read(city, "outcomes")
        codes = list(referrals["referral_type"].drop_duplicates())
        for params in (
            ReferralParams(types=()),
            ReferralParams(),
            ReferralParams(year_from=2019, year_to=2022, types=tuple(codes[1:3])),
            ReferralParams(types=tuple(codes[::2])),
        ):
            _same_trends(
                stored_referral_trends(store, city, params),
                compute_referral_trends(referrals, outcomes, params),
            )
        for n in (1, 3, 8):
            assert stored_largest_types(store, city, n) == largest_types(referrals, n)
            assert stored_largest_types(store, city, n, True) == largest_types(referrals, n, True)
        assert stored_types_with_sources(store, city) == types_with_sources(referrals)


def test_the_referral_reads_at_a_bureau_size(tmp_path) -> None:
    """Hundreds of types with per-source rows and totals, as the volume bench fills them."""
    url = f"sqlite:///{tmp_path / 'volume.sqlite'}"
    fill_store(url, "kaohsiung", 3_000)
    store = Store.open(url)
    referrals, outcomes = store.read("kaohsiung", "referrals"), store.read("kaohsiung", "outcomes")
    codes = list(referrals["referral_type"].drop_duplicates())
    assert len(codes) > 20
    params = ReferralParams(year_from=2005, year_to=2020, types=tuple(codes[-5:]))
    _same_trends(
        stored_referral_trends(store, "kaohsiung", params),
        compute_referral_trends(referrals, outcomes, params),
    )
    assert stored_largest_types(store, "kaohsiung", 8) == largest_types(referrals, 8)
    assert stored_largest_types(store, "kaohsiung", 4, True) == largest_types(referrals, 4, True)
    store.engine.dispose()


@pytest.mark.both_engines
def test_the_overview_and_staffing_reads_give_the_figures_of_the_whole_tables(
    edited: Store,
) -> None:
    store = edited
    for slug in ("kaohsiung", "keelung"):
        city = get_city(slug)
        tables = {n: store.read(slug, n) for n in ("districts", "centres", "precincts",
                                                     "district_centres", "outcomes", "staffing")}  # fmt: skip
        summed = store.summary(slug, "staffing", ("period", "measure", "source"), ("posts",),
                               ("year_from",), ("year_to",))  # fmt: skip
        headline = store.read(slug, "outcomes", {"metric": city.headline_metrics})
        assert compute_overview(city, tables | {"staffing": summed, "outcomes": headline}) == (
            compute_overview(city, tables)
        )
        by_source = store.summary(slug, "staffing", ("source",))
        assert staffing_facts(by_source) == staffing_facts(tables["staffing"])
        outcomes = tables["outcomes"]

        def rows_of(metrics: tuple[str, ...]) -> pd.DataFrame:
            return store.read(slug, "outcomes", {"metric": metrics})  # noqa: B023

        assert city_presets(rows_of(preset_metrics())) == city_presets(outcomes)
        pd.testing.assert_frame_equal(
            staffing_context(rows_of(CONTEXT_METRICS)), staffing_context(outcomes)
        )
        assert recruitment_cycle(rows_of(RECRUITMENT_METRICS)) == recruitment_cycle(outcomes)
        overview = compute_staffing_overview(tables["staffing"])
        totals = store.read(slug, "staffing_totals")
        assert checks_against(rows_of(CHECK_METRICS), tables["staffing"], totals, overview) == (
            checks_against(outcomes, tables["staffing"], totals, overview)
        )
        risk = outcome_figures(rows_of(RISK_OUTCOME_METRICS), RISK_OUTCOME_METRICS)
        assert risk == outcome_figures(outcomes, RISK_OUTCOME_METRICS)


def test_the_staffing_detail_shows_its_first_rows_and_counts_them_all() -> None:
    frame = staffing_frame(random.Random(2), 700, yearly=False)
    whole = staffing_display_table(frame, None, "zh", "roc")
    head, rows = staffing_display_head(frame, None, "zh", "roc", 2_000)
    assert rows == len(frame) == len(whole) > 2_000
    pd.testing.assert_frame_equal(head, whole.head(2_000))


# -- store writes at volume: a streamed save, a chunk at a time ------------------------------


def _referral_changes(store: Store, extra: int, tag: str = "streamed") -> list[Change]:
    """A delete, a change and ``extra`` added rows (several chunks) of Keelung's referrals."""
    rows = store.read_versioned("keelung", "referrals")
    key = ("year", "referral_type", "reporter")

    def record(i: int) -> dict[str, object]:
        got = rows.drop(columns="version").iloc[i].to_dict()
        got = {k: (None if pd.isna(v) else v) for k, v in got.items()}
        return {k: int(v) if k in ("year", "count") and v is not None else v
                for k, v in got.items()}  # fmt: skip

    gone, changed = record(0), record(1)
    version = int(rows["version"].iloc[0])
    added = [
        {**changed, "year": 1900 + i // 50, "referral_type": f"{tag}_{i % 50}",
         "reporter": None, "count": i}
        for i in range(extra)
    ]  # fmt: skip
    return [
        Change({k: gone[k] for k in key}, gone, None, version),
        Change({k: changed[k] for k in key}, changed, {**changed, "count": 999}, version),
        *(Change({k: r[k] for k in key}, None, r) for r in added),
    ]


@pytest.mark.both_engines
def test_a_streamed_save_writes_what_a_listed_save_writes(new_database) -> None:
    listed, streamed = (Store.open(new_database(seeded=True), DATA_DIR) for _ in range(2))
    changes = _referral_changes(listed, 1_200)
    listed.apply_changes("keelung", "referrals", changes[2:] + changes[:2], who="甲")  # sorted
    streamed.apply_changes("keelung", "referrals", (c for c in changes), who="甲")
    pd.testing.assert_frame_equal(
        listed.read_versioned("keelung", "referrals"),
        streamed.read_versioned("keelung", "referrals"),
    )

    def log(store: Store) -> list[tuple]:
        entries = store.history("keelung", "referrals", limit=5_000)
        return sorted((e.action, str(e.key), str(e.old), str(e.new), e.who) for e in entries)

    assert log(listed) == log(streamed)
    assert len(log(streamed)) == 1_202

    # a stream out of order (an add before a delete) is refused, and nothing is written
    before, revision = streamed.read_versioned("keelung", "referrals"), streamed.revision()
    again = _referral_changes(streamed, 600, "again")
    with pytest.raises(ValueError, match="deletes, then changes, then adds"):
        streamed.apply_changes("keelung", "referrals", iter(again[2:] + again[:1]), who="乙")
    pd.testing.assert_frame_equal(streamed.read_versioned("keelung", "referrals"), before)
    assert streamed.revision() == revision
    for store in (listed, streamed):
        store.close()
