"""Reading the rows in force: chosen by the database, fetched and typed in chunks.

``Store.read_versioned`` asks the database for the rows in force
(``Store.in_force_query``: ``NOT EXISTS`` on SQLite, window functions on
PostgreSQL) instead of reading every stored row and choosing in pandas. These
tests hold it to the pandas choice it replaced (``Store._in_force_pandas``) on a
store with user changes, deletions, rows added and changed again, keys with an
empty column, and a new release of shipped data after all of it, on both engines.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

import safetynet.storage.store as store_module
from safetynet import DATA_DIR
from safetynet.storage.schemas import TABLES
from safetynet.storage.store import Change, Store

pytestmark = pytest.mark.both_engines

REFERRAL_KEY = ("year", "referral_type", "reporter")
OUTCOME_KEY = ("metric", "year")


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    return data


def _key(row: dict, key: tuple[str, ...]) -> dict:
    return {k: row[k] for k in key}


def _row(frame: pd.DataFrame, i: int) -> tuple[dict, int]:
    record = frame.drop(columns="version").iloc[i].to_dict()
    record = {k: (None if pd.isna(v) else v) for k, v in record.items()}
    for col in ("year", "year_to", "count"):
        if record.get(col) is not None:
            record[col] = int(record[col])
    return record, int(frame["version"].iloc[i])


def _edited_store(database_url: str, data_copy: Path) -> Store:
    store = Store.open(database_url, data_copy)
    referrals = store.read_versioned("keelung", "referrals")
    changed, v0 = _row(referrals, 0)
    deleted, v1 = _row(referrals, 1)
    kept_then_deleted, v2 = _row(referrals, 2)
    added_no_reporter = {**changed, "year": 2031, "reporter": None, "count": 5}
    added_then_deleted = {**changed, "year": 2032, "count": 6}
    store.apply_changes(
        "keelung",
        "referrals",
        [
            Change(_key(changed, REFERRAL_KEY), changed, {**changed, "count": 11}, v0),
            Change(_key(deleted, REFERRAL_KEY), deleted, None, v1),
            Change(
                _key(kept_then_deleted, REFERRAL_KEY),
                kept_then_deleted,
                {**kept_then_deleted, "note": "first change"},
                v2,
            ),
            Change(_key(added_no_reporter, REFERRAL_KEY), None, added_no_reporter),
            Change(_key(added_then_deleted, REFERRAL_KEY), None, added_then_deleted),
        ],
        who="甲",
    )
    again = store.read_versioned("keelung", "referrals")

    def current(row: dict) -> tuple[dict, int]:
        match = again
        for k in REFERRAL_KEY:
            match = match[match[k].isna()] if row[k] is None else match[match[k] == row[k]]
        return _row(again, int(match.index[0]))

    changed2, w0 = current(changed)
    kept2, w2 = current(kept_then_deleted)
    added2, w3 = current(added_no_reporter)
    gone2, w4 = current(added_then_deleted)
    store.apply_changes(
        "keelung",
        "referrals",
        [
            Change(_key(changed2, REFERRAL_KEY), changed2, {**changed2, "count": 12}, w0),
            Change(_key(kept2, REFERRAL_KEY), kept2, None, w2),
            Change(_key(added2, REFERRAL_KEY), added2, {**added2, "count": 7}, w3),
            Change(_key(gone2, REFERRAL_KEY), gone2, None, w4),
        ],
        who="乙",
    )
    # Outcomes: keys with an empty year; change one such row, delete another.
    outcomes = store.read_versioned("kaohsiung", "outcomes")
    no_year = [i for i in range(len(outcomes)) if pd.isna(outcomes["year"].iloc[i])]
    first, u0 = _row(outcomes, no_year[0])
    second, u1 = _row(outcomes, no_year[1])
    store.apply_changes(
        "kaohsiung",
        "outcomes",
        [
            Change(_key(first, OUTCOME_KEY), first, {**first, "note": "checked"}, u0),
            Change(_key(second, OUTCOME_KEY), second, None, u1),
        ],
        who="甲",
    )
    # A new release: every shipped row is stored again, after the user rows.
    path = data_copy / "keelung" / "referrals.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[-1].endswith(",")  # an empty note, filled in by the release
    lines[-1] += "release 2"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return Store.open(database_url, data_copy)


def test_rows_in_force_equal_the_pandas_choice(
    database_url: str, data_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = _edited_store(database_url, data_copy)
    monkeypatch.setattr(store_module, "READ_CHUNK_ROWS", 4)  # several chunks per table
    for city in ("kaohsiung", "keelung"):
        for name in TABLES:
            pd.testing.assert_frame_equal(
                store.read_versioned(city, name),
                store._in_force_pandas(city, name),
                obj=f"{city}.{name}",
            )


def test_what_a_user_sees_after_changes_deletions_and_a_release(
    database_url: str, data_copy: Path
) -> None:
    first = Store.open(database_url, data_copy)
    shipped = first.read("keelung", "referrals")
    shipped_outcomes = first.read("kaohsiung", "outcomes")
    store = _edited_store(database_url, data_copy)
    referrals = store.read("keelung", "referrals")
    # Shipped rows: the first changed twice (last value, same place), the second and
    # third deleted; two rows added, one of them deleted again.
    assert len(referrals) == len(shipped) - 2 + 1
    assert referrals["count"].iloc[0] == 12
    keys = list(REFERRAL_KEY)
    kept = referrals[referrals["year"] != 2031]
    # The shipped rows left, in the shipped order (the release stored them again).
    assert (
        kept[keys]
        .reset_index(drop=True)
        .equals(shipped.drop(index=[1, 2])[keys].reset_index(drop=True))
    )
    added = referrals[referrals["year"] == 2031].iloc[0]
    assert added["reporter"] is None and added["count"] == 7
    assert 2032 not in set(referrals["year"])
    outcomes = store.read("kaohsiung", "outcomes")
    assert len(outcomes) == len(shipped_outcomes) - 1
    assert referrals["note"].iloc[-1] == "release 2"
    assert "checked" in set(outcomes["note"])


def test_equal_texts_are_one_string(database_url: str, data_copy: Path) -> None:
    store = Store.open(database_url, data_copy)
    units = store.read("keelung", "referrals")["unit"]
    same = units[units == units.iloc[0]]
    assert len(same) > 1
    assert len({id(v) for v in same}) == 1
    assert store.read("keelung", "referrals")["count"].dtype == "Int64"
