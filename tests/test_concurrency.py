"""Real concurrency on SQLite and on PostgreSQL: many starts, two editors, an import and an edit.

Processes open a fresh store at the same moment; threads (each with a store
of its own, so its own connections) save at the same moment, released
together by a barrier. Each case is repeated; every round must end with one
winner, a conflict or "already exists" for the other, and nothing lost,
doubled or half written.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Callable
from functools import partial

import pytest
import sqlalchemy as sa

from safetynet import DATA_DIR, PROJECT_ROOT
from safetynet.editing.importing import prepare_import
from safetynet.editing.plans import commit, plan_table_edit
from safetynet.staffing.planner import PlannerParams, ServiceLine
from safetynet.staffing.scenarios import ScenarioError, list_scenarios, load_scenario, save_scenario
from safetynet.storage.store import Change, ConflictError, Store

pytestmark = pytest.mark.both_engines

PROCESSES, START_TRIALS, ROUNDS = 4, 3, 12
KEY = {"year": 2015, "referral_type": "domestic_violence", "reporter": None}

OPENER = textwrap.dedent(
    """
    import sys, time
    from safetynet import DATA_DIR
    from safetynet.storage.store import Store

    start = float(sys.argv[2])
    while time.time() < start:
        time.sleep(0.001)
    try:
        store = Store.open(sys.argv[1], DATA_DIR)
        print("ok", len(store.read("kaohsiung", "districts")))
    except Exception as err:
        print("failed", type(err).__name__, str(err).splitlines()[0])
    """
)


def test_processes_opening_a_fresh_store_at_once_all_read_it(new_database) -> None:
    """One process creates, seeds and migrates; the others wait for it, then read."""
    for trial in range(START_TRIALS):
        url = new_database()
        start = time.time() + 3.0  # every process imported and waiting by then
        procs = [
            subprocess.Popen(
                [sys.executable, "-c", OPENER, url, str(start)],
                cwd=PROJECT_ROOT,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(PROCESSES)
        ]
        results = [p.communicate(timeout=120) for p in procs]
        assert [out.strip() for out, _err in results] == ["ok 38"] * PROCESSES, (trial, results)
        store = Store.open(url, DATA_DIR)
        with store.engine.connect() as conn:
            districts = store.tables["districts"]
            rows = conn.execute(sa.select(sa.func.count()).select_from(districts)).scalar()
            meta = dict(conn.execute(sa.select(store.meta.c.key, store.meta.c.value)).all())
        assert rows == 38 + 7, "shipped rows loaded once"
        assert meta["revision"] == "3", "created once (revision 1), each city loaded once"
        store.close()


def _together(*actions: Callable[[], object]) -> list[object]:
    """Run the actions in threads released at once; each result or the exception it raised."""
    barrier = threading.Barrier(len(actions))
    results: list[object] = [None] * len(actions)

    def run(i: int, action: Callable[[], object]) -> None:
        barrier.wait()
        try:
            results[i] = action()
        except Exception as err:  # the test inspects what each side got
            results[i] = err

    threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


@pytest.fixture
def two_editors(store: Store):
    """Two stores on one database, as two app processes would have."""
    other = Store.open(store.url, DATA_DIR)
    yield store, other
    other.close()


def _user_rows(store: Store, key: dict) -> int:
    table = store.tables["referrals"]
    query = sa.select(sa.func.count()).where(
        table.c.city == "keelung",
        table.c.origin == "user",
        table.c.year == key["year"],
        table.c.referral_type == key["referral_type"],
    )
    with store.engine.connect() as conn:
        return int(conn.execute(query).scalar_one())


def test_two_editors_saving_one_row_at_once_one_wins_the_other_is_told(two_editors) -> None:
    first, second = two_editors
    for n in range(ROUNDS):
        old, version = first.current_row("keelung", "referrals", KEY)
        assert old is not None
        entries = len(first.history("keelung", "referrals", limit=10_000))
        mine, theirs = 2 * n + 10_000, 2 * n + 10_001
        save = partial(first.apply_changes, "keelung", "referrals")
        save_too = partial(second.apply_changes, "keelung", "referrals")
        results = _together(
            partial(save, [Change(KEY, old, {**old, "count": mine}, version)], who="甲"),
            partial(save_too, [Change(KEY, old, {**old, "count": theirs}, version)], who="乙"),
        )
        wins = [r for r in results if isinstance(r, int)]
        conflicts = [r for r in results if isinstance(r, ConflictError)]
        assert len(wins) == 1 and len(conflicts) == 1, (n, results)
        winner = ("甲", mine) if isinstance(results[0], int) else ("乙", theirs)
        assert conflicts[0].conflicts[0].who == winner[0]
        now, _ = first.current_row("keelung", "referrals", KEY)
        assert now is not None and now["count"] == winner[1]
        assert len(first.history("keelung", "referrals", limit=10_000)) == entries + 1
        assert _user_rows(first, KEY) == 1


def test_two_editors_adding_one_new_row_at_once_never_double_it(two_editors) -> None:
    first, second = two_editors
    template, _ = first.current_row("keelung", "referrals", KEY)
    assert template is not None
    for n in range(ROUNDS):
        key = {**KEY, "year": 2040 + n}
        new = {**template, "year": key["year"], "count": n}
        results = _together(
            *(
                partial(s.apply_changes, "keelung", "referrals", [Change(key, None, new)], who=w)
                for s, w in ((first, "甲"), (second, "乙"))
            )
        )
        assert sorted(type(r).__name__ for r in results) == ["ConflictError", "int"], results
        assert _user_rows(first, key) == 1


def test_an_import_and_an_edit_at_once_one_is_refused_and_nothing_is_half_written(
    two_editors,
) -> None:
    importer, editor = two_editors
    for n in range(ROUNDS // 2):
        frame = importer.read("keelung", "referrals")
        file = frame.assign(count=frame["count"] + 1).to_csv(index=False).encode("utf-8")
        plan = prepare_import(importer, "keelung", "referrals", "r.csv", file, who="匯入")
        assert plan.ok and len(plan.changes) == len(frame)
        before = editor.read_versioned("keelung", "referrals")

        def edit(before=before, n=n):
            after = before.drop(columns=["version"]).copy()
            after.loc[0, "count"] = 50_000 + n
            edit_plan = plan_table_edit(
                "keelung", "referrals", before, after, editor.read_city("keelung"), who="編輯"
            )
            return commit(editor, edit_plan, who="編輯")

        results = _together(partial(commit, importer, plan, who="匯入"), edit)
        assert sorted(type(r).__name__ for r in results) == ["ConflictError", "int"], results
        counts = importer.read("keelung", "referrals")["count"].tolist()
        if isinstance(results[0], int):  # the import won: every row moved by one
            assert counts == (frame["count"] + 1).tolist()
        else:  # the edit won: only its row changed
            assert counts == [50_000 + n, *frame["count"].iloc[1:].tolist()]


LINE = ServiceLine("脆弱家庭", caseload=100, cases_per_worker=25, workers_per_supervisor=5)


def test_two_editors_saving_one_scenario_name_at_once_get_already_exists(two_editors) -> None:
    first, second = two_editors
    for n in range(ROUNDS):
        name = f"方案{n}"
        params = [PlannerParams((LINE,), 2021, 2022 + i) for i in range(2)]
        results = _together(
            partial(save_scenario, first, "keelung", name, params[0], who="甲"),
            partial(save_scenario, second, "keelung", name, params[1], who="乙"),
        )
        errors = [r for r in results if isinstance(r, Exception)]
        assert len(errors) == 1 and isinstance(errors[0], ScenarioError), results
        assert errors[0].code == "exists"
        winner = 0 if results[0] == name else 1
        assert load_scenario(first, "keelung", name) == params[winner]
    assert len(list_scenarios(first, "keelung")) == ROUNDS
    assert len(first.history("keelung", "planner_scenarios", limit=1000)) == ROUNDS
