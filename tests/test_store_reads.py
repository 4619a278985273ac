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
from safetynet.storage.store import Store
from tests.helpers import REFERRAL_KEY, edited_store

pytestmark = pytest.mark.both_engines


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    return data


def test_rows_in_force_equal_the_pandas_choice(
    database_url: str, data_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = edited_store(database_url, data_copy)
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
    store = edited_store(database_url, data_copy)
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
