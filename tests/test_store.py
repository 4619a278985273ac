"""The store: created and filled on first start, versioned, and never losing what users entered.

Every test here runs on SQLite and on PostgreSQL (see conftest), on the synthetic
測試市 of ``tests/fixture_city.py``: every expected count is worked out from its rows.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa

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
from tests import fixture_city as fc

pytestmark = pytest.mark.both_engines
CITY = fc.SLUG


@pytest.fixture
def data_copy(tmp_path: Path, fixture_city_dir: Path, testville) -> Path:
    """A copy of the synthetic city's files (``data/``'s layout), registered as a city."""
    data = tmp_path / "data"
    shutil.copytree(fixture_city_dir, data)
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
    assert store.refused == {}
    assert len(store.read(CITY, "districts")) == len(fc.DISTRICTS)
    assert len(store.read(CITY, "centres")) == len(fc.CENTRES)
    assert store.read(CITY, "population").empty  # a header-only file is an empty table
    staffing = store.read(CITY, "staffing")
    phase1 = staffing[(staffing["period"] == "phase1") & (staffing["measure"] == "approved")]
    approved = [r[-1] for r in fc.STAFFING if r[2] == "phase1" and r[5] == "approved"]
    assert phase1["posts"].sum() == sum(approved)


def test_typed_reads_match_the_csv(database_url: str, data_copy: Path) -> None:
    store = Store.open(database_url, data_copy)
    outcomes = store.read(CITY, "outcomes")
    served = outcomes[outcomes["metric"] == "households_served"].iloc[0]
    printed = next(r for r in fc.OUTCOMES if r[0] == "households_served")
    assert served["value"] == printed[6] and served["year"] == printed[3]
    assert store.read(CITY, "districts")["town_code"].iloc[0] == next(iter(fc.DISTRICTS))


LAST_DISTRICT = list(fc.DISTRICTS)[-1]


def _user_district_note() -> pd.DataFrame:
    zh, en, _column, _row = fc.DISTRICTS[LAST_DISTRICT]
    return pd.DataFrame(
        [
            {
                "town_code": LAST_DISTRICT,
                "name_zh": zh,
                "name_en": en,
                "source": "testville.txt · user correction",
                "note": "checked with the bureau",
            }
        ]
    )


def test_user_rows_survive_an_update_of_shipped_data(database_url: str, data_copy: Path) -> None:
    store = Store.open(database_url, data_copy)
    assert store.save_user_rows(CITY, "districts", _user_district_note()) == 1
    # A new release ships changed data: a centre renamed.
    path = data_copy / CITY / "centres.csv"
    text = path.read_text(encoding="utf-8").replace("西區中心", "西區社福中心")
    path.write_text(text, encoding="utf-8")
    reopened = Store.open(database_url, data_copy)
    assert "西區社福中心" in set(reopened.read(CITY, "centres")["name_zh"])
    districts = reopened.read(CITY, "districts")
    noted = districts[districts["town_code"] == LAST_DISTRICT].iloc[0]
    assert noted["note"] == "checked with the bureau"
    assert len(districts) == len(fc.DISTRICTS)
    assert reopened.user_row_count(CITY) == 1


def test_bad_user_rows_write_nothing_and_say_where(database_url: str, data_copy: Path) -> None:
    store = Store.open(database_url, data_copy)
    bad = _user_district_note().assign(town_code="123")
    with pytest.raises(DataValidationError) as err:
        store.save_user_rows(CITY, "districts", bad)
    assert "districts.csv, line 2, column town_code" in str(err.value)
    assert store.user_row_count(CITY) == 0


def test_broken_shipped_update_is_refused_and_old_data_kept(
    database_url: str, data_copy: Path
) -> None:
    Store.open(database_url, data_copy)
    path = data_copy / CITY / "districts.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(lines[:-1]) + "\n", encoding="utf-8")  # drop the last district
    reopened = Store.open(database_url, data_copy)
    assert len(reopened.read(CITY, "districts")) == len(fc.DISTRICTS)
    refused = [str(p) for p in reopened.refused[CITY]]
    declared = fc.CITY.districts
    assert any(f"declares {declared} rows, the file has {declared - 1}" in p for p in refused)


def test_a_newer_store_is_refused(database_url: str, data_copy: Path) -> None:
    store = Store.open(database_url, data_copy)
    with store.engine.begin() as conn:
        conn.execute(sa.text("UPDATE meta SET value = '99' WHERE key = 'schema_version'"))
    with pytest.raises(StoreVersionError, match="schema version 99"):
        Store.open(database_url, data_copy)


def _writes(statements: list[str]) -> list[str]:
    verbs = ("INSERT", "UPDATE", "DELETE", "CREATE", "ALTER", "DROP")
    return [q for q in statements if q.lstrip().upper().startswith(verbs)]


def test_opening_a_current_store_writes_nothing(database_url: str, data_copy: Path) -> None:
    first = Store.open(database_url, data_copy)
    before = first.content_hash()
    statements: list[str] = []

    def seen(_conn, _cursor, statement, *_args) -> None:
        statements.append(statement)

    sa.event.listen(sa.Engine, "before_cursor_execute", seen)
    try:
        again = Store.open(database_url, data_copy)
    finally:
        sa.event.remove(sa.Engine, "before_cursor_execute", seen)
    assert statements, "the listener saw the open"
    assert _writes(statements) == []
    assert not any("advisory" in q or "IMMEDIATE" in q for q in statements), "no write lock taken"
    assert again.content_hash() == before
    assert again.schema_version() == SCHEMA_VERSION


def test_a_write_failing_at_any_statement_rolls_back_the_whole_save(
    new_town_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Deletes, updates, inserts and audit entries of one save are written whole or not at all.

    The save is tried with the k-th write statement failing, for k = 0, 1, …
    until it succeeds: every failed try leaves the store exactly as it was.
    """
    import itertools

    import safetynet.storage.store as store_module

    store = new_town_store
    monkeypatch.setattr(store_module, "CHUNK_ROWS", 2)  # several chunks, several statements each
    store.save_user_rows(CITY, "referrals", store.read(CITY, "referrals").iloc[:4].assign(count=7))
    frame = store.read_versioned(CITY, "referrals")
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
            store.apply_changes(CITY, "referrals", changes, who="x")
        except OSError:
            assert store.content_hash() == before, k
            continue
        finally:
            sa.event.remove(store.engine, "before_cursor_execute", failing)
        break
    # every chunk of changes writes at least once, and the audit once more: the save
    # failed at each of those writes before it went through
    chunks = -(-len(changes) // store_module.CHUNK_ROWS)
    assert k > chunks
    assert store.content_hash() != before
    assert len(store.history(CITY, "referrals", limit=1000)) == 4 + len(changes)


def test_two_saves_of_one_row_from_the_same_version_conflict(new_town_store: Store) -> None:
    store = new_town_store
    year, code, *_rest = fc.REFERRALS[0]
    key = {"year": year, "referral_type": code, "reporter": None}
    old, version = store.current_row(CITY, "referrals", key)
    assert old is not None
    store.apply_changes(
        CITY, "referrals", [Change(key, old, {**old, "count": 1}, version)], who="甲"
    )
    before = store.content_hash()
    with pytest.raises(ConflictError) as err:
        store.apply_changes(
            CITY, "referrals", [Change(key, old, {**old, "count": 2}, version)], who="乙"
        )
    assert [(c.key, c.who) for c in err.value.conflicts] == [(key, "甲")]
    assert store.content_hash() == before


@pytest.mark.parametrize(
    ("fixture", "city", "districts"),
    [
        ("town_store", CITY, len(fc.DISTRICTS)),
        pytest.param("shipped_store", "keelung", 7, marks=pytest.mark.shipped_data),
    ],
)
def test_the_session_s_shared_stores_read_and_refuse_every_write(
    request: pytest.FixtureRequest, fixture: str, city: str, districts: int
) -> None:
    """``town_store`` and ``shipped_store`` (conftest) are shared by the whole session: no
    test can change them."""
    shared: Store = request.getfixturevalue(fixture)
    assert len(shared.read_city(city)["districts"]) == districts
    before = shared.content_hash()
    with pytest.raises(sa.exc.OperationalError, match="readonly"):
        shared.apply_changes(city, "districts", [], who="x")
    assert shared.content_hash() == before
