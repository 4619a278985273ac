"""The store survives a process killed mid-save and keeps saves whole (SQLite WAL)."""

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
from safetynet.store import Store

# Each save sets the counts of two rows to the save's number, in one transaction,
# and prints the number once the save has returned (acknowledged).
WRITER = textwrap.dedent(
    """
    import sys
    from safetynet import DATA_DIR
    from safetynet.store import Change, Store

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


@pytest.mark.parametrize("acks", [5, 23, 61])
def test_kill_9_mid_saves_loses_no_acknowledged_save(tmp_path: Path, acks: int) -> None:
    path = tmp_path / "store.sqlite"
    url = f"sqlite:///{path}"
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
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    first, second = _counts(url)
    assert first == second, "a save was written in part"
    assert first >= last, "an acknowledged save was lost"
    store = Store.open(url, DATA_DIR)
    assert len(store.history("keelung", "referrals", limit=10_000)) == 2 * first


def test_backup_command_copies_a_consistent_store(tmp_path: Path) -> None:
    from safetynet.cli import main

    url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    store = Store.open(url, DATA_DIR)
    store.save_user_rows(
        "keelung", "referrals", store.read("keelung", "referrals").iloc[:1].assign(count=7)
    )
    target = tmp_path / "copy.sqlite"
    assert main(["backup", "--url", url, "--to", str(target)]) == 0
    assert Store.open(f"sqlite:///{target}", DATA_DIR).content_hash() == store.content_hash()
    assert main(["backup", "--url", url, "--to", str(target)]) == 1  # never overwrites
    assert main(["backup", "--url", "postgresql://db/x"]) == 1
