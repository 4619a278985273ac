"""The store survives a process killed mid-save and keeps saves whole (SQLite WAL, PostgreSQL)."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from safetynet import DATA_DIR, PROJECT_ROOT
from safetynet.storage.store import Store

# Each save sets the counts of two rows to the save's number, in one transaction,
# and prints the number once the save has returned (acknowledged).
WRITER = textwrap.dedent(
    """
    import sys
    from safetynet import DATA_DIR
    from safetynet.storage.store import Change, Store

    store = Store.open(sys.argv[1], DATA_DIR)
    frame = store.read("keelung", "referrals")
    keys = [
        {"year": int(r.year), "referral_type": r.referral_type, "reporter": None}
        for r in frame.iloc[:2].itertuples()
    ]
    n = 0
    while True:
        n += 1
        changes = []
        for key in keys:
            old, version = store.current_row("keelung", "referrals", key)
            changes.append(Change(key, old, {**old, "count": n}, version))
        store.apply_changes("keelung", "referrals", changes, who="writer")
        print(n, flush=True)
    """
)


def _counts(url: str) -> list[int]:
    frame = Store.open(url, DATA_DIR).read("keelung", "referrals")
    return frame["count"].iloc[:2].tolist()


@pytest.mark.both_engines
@pytest.mark.parametrize("acks", [5, 23, 61])
def test_kill_9_mid_saves_loses_no_acknowledged_save(database_url: str, acks: int) -> None:
    """A writer killed by SIGKILL: on SQLite the file, on PostgreSQL the server, keeps every
    acknowledged save whole (on PostgreSQL the test cluster runs without fsync, so this checks
    the client side: a transaction cut off mid-way is rolled back, never half applied)."""
    url = database_url
    Store.open(url, DATA_DIR)
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, url],
        cwd=PROJECT_ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    last = 0
    for line in proc.stdout:
        last = int(line)
        if last >= acks:
            break
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    if url.startswith("sqlite:///"):  # SQLite's own file checks
        with sqlite3.connect(url.removeprefix("sqlite:///")) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    first, second = _counts(url)
    assert first == second, "a save was written in part"
    assert first >= last, "an acknowledged save was lost"
    store = Store.open(url, DATA_DIR)
    assert len(store.history("keelung", "referrals", limit=10_000)) == 2 * first


@pytest.mark.both_engines
def test_backup_then_restore_bring_the_store_back(store: Store, tmp_path: Path) -> None:
    """`backup` while the app runs (SQLite backup API / pg_dump), later saves, `restore`."""
    from safetynet.cli import main
    from safetynet.staffing.planner import PlannerParams, ServiceLine
    from safetynet.staffing.scenarios import save_scenario

    url = store.url
    referrals = store.read("keelung", "referrals")
    store.save_user_rows("keelung", "referrals", referrals.iloc[:1].assign(count=7), who="甲")
    before = store.content_hash()
    target = tmp_path / "copy.backup"
    assert main(["backup", "--url", url, "--to", str(target)]) == 0
    assert main(["backup", "--url", url, "--to", str(target)]) == 1  # never overwrites
    store.save_user_rows("keelung", "referrals", referrals.iloc[:2].assign(count=8), who="乙")
    line = ServiceLine("脆弱家庭", caseload=100, cases_per_worker=25, workers_per_supervisor=5)
    save_scenario(store, "keelung", "後來", PlannerParams((line,), 2021, 2022), who="乙")
    assert store.content_hash() != before
    assert main(["restore", str(target), "--url", url]) == 2  # asks before replacing
    assert main(["restore", str(target), "--url", url, "--yes"]) == 0
    assert store.content_hash() == before
    reopened = Store.open(url, DATA_DIR)
    assert reopened.content_hash() == before
    assert reopened.read("keelung", "referrals")["count"].iloc[:2].tolist() == [7, 1523]
    reopened.close()
