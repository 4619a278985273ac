"""The store: created and filled on first start, versioned, and never losing what users entered."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa

from safetynet import DATA_DIR
from safetynet import store as store_module
from safetynet.store import SCHEMA_VERSION, Store, StoreVersionError, database_url
from safetynet.validation import DataValidationError


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    return data


def url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'db' / 'store.sqlite'}"


def test_database_url_defaults_to_local_sqlite_and_env_overrides(monkeypatch) -> None:
    monkeypatch.delenv("SAFETYNET_DATABASE_URL", raising=False)
    assert database_url().startswith("sqlite:///") and database_url().endswith(
        "var/safetynet.sqlite"
    )
    monkeypatch.setenv("SAFETYNET_DATABASE_URL", "postgresql+psycopg2://u@db/safetynet")
    assert database_url() == "postgresql+psycopg2://u@db/safetynet"


def test_first_start_creates_and_fills_the_store(tmp_path: Path, data_copy: Path) -> None:
    store = Store.open(url(tmp_path), data_copy)
    assert store.schema_version() == SCHEMA_VERSION
    assert len(store.read("kaohsiung", "districts")) == 38
    assert len(store.read("keelung", "centres")) == 4
    assert store.read("keelung", "precincts").empty
    staffing = store.read("kaohsiung", "staffing")
    phase1 = staffing[(staffing["period"] == "phase1") & (staffing["measure"] == "approved")]
    assert phase1["posts"].sum() == 317


def test_typed_reads_match_the_csv(tmp_path: Path, data_copy: Path) -> None:
    store = Store.open(url(tmp_path), data_copy)
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


def test_user_rows_survive_an_update_of_shipped_data(tmp_path: Path, data_copy: Path) -> None:
    store = Store.open(url(tmp_path), data_copy)
    assert store.save_user_rows("kaohsiung", "districts", _user_district_note()) == 1
    # A new release ships changed data: a centre renamed.
    path = data_copy / "kaohsiung" / "centres.csv"
    text = path.read_text(encoding="utf-8").replace("旗山中心", "旗山社福中心")
    path.write_text(text, encoding="utf-8")
    reopened = Store.open(url(tmp_path), data_copy)
    assert "旗山社福中心" in set(reopened.read("kaohsiung", "centres")["name_zh"])
    districts = reopened.read("kaohsiung", "districts")
    namaxia = districts[districts["town_code"] == "64000380"].iloc[0]
    assert namaxia["note"] == "checked with the bureau"
    assert len(districts) == 38
    assert reopened.user_row_count("kaohsiung") == 1


def test_bad_user_rows_write_nothing_and_say_where(tmp_path: Path, data_copy: Path) -> None:
    store = Store.open(url(tmp_path), data_copy)
    bad = _user_district_note().assign(town_code="123")
    with pytest.raises(DataValidationError) as err:
        store.save_user_rows("kaohsiung", "districts", bad)
    assert "districts.csv, line 2, column town_code" in str(err.value)
    assert store.user_row_count("kaohsiung") == 0


def test_broken_shipped_update_is_refused_and_old_data_kept(
    tmp_path: Path, data_copy: Path
) -> None:
    Store.open(url(tmp_path), data_copy)
    path = data_copy / "kaohsiung" / "districts.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(lines[:-1]) + "\n", encoding="utf-8")  # drop 那瑪夏區
    reopened = Store.open(url(tmp_path), data_copy)
    assert len(reopened.read("kaohsiung", "districts")) == 38
    refused = [str(p) for p in reopened.refused["kaohsiung"]]
    assert any("declares 38 rows, the file has 37" in p for p in refused)
    assert "keelung" not in reopened.refused


def test_a_newer_store_is_refused(tmp_path: Path, data_copy: Path) -> None:
    store = Store.open(url(tmp_path), data_copy)
    with store.engine.begin() as conn:
        conn.execute(sa.text("UPDATE meta SET value = '99' WHERE key = 'schema_version'"))
    with pytest.raises(StoreVersionError, match="schema version 99"):
        Store.open(url(tmp_path), data_copy)


def test_an_older_store_is_migrated_keeping_its_rows(
    tmp_path: Path, data_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store.open(url(tmp_path), data_copy)
    store.save_user_rows("kaohsiung", "districts", _user_district_note())
    ran: list[int] = []

    def add_column(conn: sa.Connection) -> None:
        ran.append(SCHEMA_VERSION + 1)
        conn.execute(sa.text("ALTER TABLE districts ADD COLUMN population INTEGER"))

    monkeypatch.setattr(store_module, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    monkeypatch.setattr(store_module, "MIGRATIONS", {SCHEMA_VERSION + 1: add_column})
    upgraded = Store.open(url(tmp_path), data_copy)
    assert ran == [SCHEMA_VERSION + 1]
    assert upgraded.schema_version() == SCHEMA_VERSION + 1
    assert upgraded.user_row_count("kaohsiung") == 1
    assert len(upgraded.read("kaohsiung", "districts")) == 38
