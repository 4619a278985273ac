"""The store: created and filled on first start, versioned, and never losing what users entered.

Every test here runs on SQLite and on PostgreSQL (see conftest).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa

from safetynet import DATA_DIR
from safetynet.storage.store import (
    SCHEMA_VERSION,
    Change,
    ConflictError,
    Store,
    StoreVersionError,
)
from safetynet.storage.store import (
    database_url as configured_url,
)
from safetynet.validation.problems import DataValidationError

pytestmark = pytest.mark.both_engines


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    return data


def test_database_url_defaults_to_local_sqlite_and_env_overrides(monkeypatch) -> None:
    monkeypatch.delenv("SAFETYNET_DATABASE_URL", raising=False)
    assert configured_url().startswith("sqlite:///") and configured_url().endswith(
        "var/safetynet.sqlite"
    )
    monkeypatch.setenv("SAFETYNET_DATABASE_URL", "postgresql+psycopg2://u@db/safetynet")
    assert configured_url() == "postgresql+psycopg2://u@db/safetynet"


def test_first_start_creates_and_fills_the_store(database_url: str, data_copy: Path) -> None:
    store = Store.open(database_url, data_copy)
    assert store.schema_version() == SCHEMA_VERSION
    assert len(store.read("kaohsiung", "districts")) == 38
    assert len(store.read("keelung", "centres")) == 4
    assert store.read("keelung", "precincts").empty
    staffing = store.read("kaohsiung", "staffing")
    phase1 = staffing[(staffing["period"] == "phase1") & (staffing["measure"] == "approved")]
    assert phase1["posts"].sum() == 317


def test_typed_reads_match_the_csv(database_url: str, data_copy: Path) -> None:
    store = Store.open(database_url, data_copy)
    outcomes = store.read("kaohsiung", "outcomes")
    served = outcomes[outcomes["metric"] == "households_served"].iloc[0]
    assert served["value"] == 10452 and served["year"] == 2020
    assert store.read("kaohsiung", "districts")["town_code"].iloc[0] == "64000010"


def _user_district_note(city: str = "kaohsiung") -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "town_code": "64000380",
                "name_zh": "那瑪夏區",
                "name_en": "Namaxia District",
                "source": "000_a6c4c72a35a39901.txt · user correction",
                "note": "checked with the bureau",
            }
        ]
    )


def test_user_rows_survive_an_update_of_shipped_data(database_url: str, data_copy: Path) -> None:
    store = Store.open(database_url, data_copy)
    assert store.save_user_rows("kaohsiung", "districts", _user_district_note()) == 1
    # A new release ships changed data: a centre renamed.
    path = data_copy / "kaohsiung" / "centres.csv"
    text = path.read_text(encoding="utf-8").replace("旗山中心", "旗山社福中心")
    path.write_text(text, encoding="utf-8")
    reopened = Store.open(database_url, data_copy)
    assert "旗山社福中心" in set(reopened.read("kaohsiung", "centres")["name_zh"])
    districts = reopened.read("kaohsiung", "districts")
    namaxia = districts[districts["town_code"] == "64000380"].iloc[0]
    assert namaxia["note"] == "checked with the bureau"
    assert len(districts) == 38
    assert reopened.user_row_count("kaohsiung") == 1


def test_bad_user_rows_write_nothing_and_say_where(database_url: str, data_copy: Path) -> None:
    store = Store.open(database_url, data_copy)
    bad = _user_district_note().assign(town_code="123")
    with pytest.raises(DataValidationError) as err:
        store.save_user_rows("kaohsiung", "districts", bad)
    assert "districts.csv, line 2, column town_code" in str(err.value)
    assert store.user_row_count("kaohsiung") == 0


def test_broken_shipped_update_is_refused_and_old_data_kept(
    database_url: str, data_copy: Path
) -> None:
    Store.open(database_url, data_copy)
    path = data_copy / "kaohsiung" / "districts.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(lines[:-1]) + "\n", encoding="utf-8")  # drop 那瑪夏區
    reopened = Store.open(database_url, data_copy)
    assert len(reopened.read("kaohsiung", "districts")) == 38
    refused = [str(p) for p in reopened.refused["kaohsiung"]]
    assert any("declares 38 rows, the file has 37" in p for p in refused)
    assert "keelung" not in reopened.refused


def test_a_newer_store_is_refused(database_url: str, data_copy: Path) -> None:
    store = Store.open(database_url, data_copy)
    with store.engine.begin() as conn:
        conn.execute(sa.text("UPDATE meta SET value = '99' WHERE key = 'schema_version'"))
    with pytest.raises(StoreVersionError, match="schema version 99"):
        Store.open(database_url, data_copy)


def _writes(statements: list[str]) -> list[str]:
    verbs = ("INSERT", "UPDATE", "DELETE", "CREATE", "ALTER", "DROP")
    return [q for q in statements if q.lstrip().upper().startswith(verbs)]


def test_opening_a_current_store_writes_nothing(database_url: str) -> None:
    first = Store.open(database_url, DATA_DIR)
    before = first.content_hash()
    statements: list[str] = []

    def seen(_conn, _cursor, statement, *_args) -> None:
        statements.append(statement)

    sa.event.listen(sa.Engine, "before_cursor_execute", seen)
    try:
        again = Store.open(database_url, DATA_DIR)
    finally:
        sa.event.remove(sa.Engine, "before_cursor_execute", seen)
    assert statements, "the listener saw the open"
    assert _writes(statements) == []
    assert not any("advisory" in q or "IMMEDIATE" in q for q in statements), "no write lock taken"
    assert again.content_hash() == before
    assert again.schema_version() == SCHEMA_VERSION


def test_a_write_failing_at_any_statement_rolls_back_the_whole_save(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Deletes, updates, inserts and audit entries of one save are written whole or not at all.

    The save is tried with the k-th write statement failing, for k = 0, 1, …
    until it succeeds: every failed try leaves the store exactly as it was.
    """
    import itertools

    import safetynet.storage.store as store_module

    monkeypatch.setattr(store_module, "CHUNK_ROWS", 3)  # several chunks, several statements each
    store.save_user_rows(
        "keelung", "referrals", store.read("keelung", "referrals").iloc[:4].assign(count=7)
    )
    frame = store.read_versioned("keelung", "referrals")
    key_columns = ["year", "referral_type", "reporter"]
    changes = []
    for i, row in enumerate(frame.drop(columns="version").to_dict("records")):
        key = {k: row[k] for k in key_columns}
        version = int(frame["version"].iloc[i])
        if i % 3 == 0:
            changes.append(Change(key, row, {**row, "count": int(row["count"]) + 1}, version))
        elif i % 3 == 1:
            changes.append(Change(key, row, None, version))
        else:
            new = {**row, "year": 2031 + i}
            changes.append(Change({**key, "year": 2031 + i}, None, new))
    before = store.content_hash()
    for k in itertools.count():
        calls = {"n": 0}

        def failing(_conn, _cursor, statement, *_args, k=k, calls=calls) -> None:
            if _writes([statement]):
                if calls["n"] == k:
                    raise OSError(f"disk failed at write {k}")
                calls["n"] += 1

        sa.event.listen(store.engine, "before_cursor_execute", failing)
        try:
            store.apply_changes("keelung", "referrals", changes, who="x")
        except OSError:
            assert store.content_hash() == before, k
            continue
        finally:
            sa.event.remove(store.engine, "before_cursor_execute", failing)
        break
    assert k > 3 * 3  # three chunks at least, each with deletes, updates and inserts
    assert store.content_hash() != before
    assert len(store.history("keelung", "referrals", limit=1000)) == 4 + len(changes)


def test_two_saves_of_one_row_from_the_same_version_conflict(store: Store) -> None:
    key = {"year": 2015, "referral_type": "domestic_violence", "reporter": None}
    old, version = store.current_row("keelung", "referrals", key)
    assert old is not None
    store.apply_changes(
        "keelung", "referrals", [Change(key, old, {**old, "count": 1}, version)], who="甲"
    )
    before = store.content_hash()
    with pytest.raises(ConflictError) as err:
        store.apply_changes(
            "keelung", "referrals", [Change(key, old, {**old, "count": 2}, version)], who="乙"
        )
    assert [(c.key, c.who) for c in err.value.conflicts] == [(key, "甲")]
    assert store.content_hash() == before


def test_the_session_s_shared_store_reads_and_refuses_every_write(shipped_store) -> None:
    """``shipped_store`` (conftest) is shared by the whole session: no test can change it."""
    import sqlalchemy as sa

    assert len(shipped_store.read_city("keelung")["districts"]) == 7
    before = shipped_store.content_hash()
    with pytest.raises(sa.exc.OperationalError, match="readonly"):
        shipped_store.apply_changes("keelung", "districts", [], who="x")
    assert shipped_store.content_hash() == before
