"""Edits to the store: validated whole, versioned, audited, revertible; deletions stay deleted."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa

from safetynet import DATA_DIR
from safetynet.audit import plain_record, row_hash
from safetynet.editing import commit, edit_stamp, plan_revert, plan_table_edit
from safetynet.schemas import TABLES, sql_table
from safetynet.store import (
    AGENCY_COLUMNS,
    SCHEMA_VERSION,
    V1_TABLES,
    V2_STAFFING_TOTALS_COLUMNS,
    ConflictError,
    Store,
)

DAY = date(2024, 5, 1)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store.open(f"sqlite:///{tmp_path / 'store.sqlite'}", DATA_DIR)


def edit(store: Store, city: str, name: str, change, who: str = "王小明"):
    """Plan an edit of ``name`` made by ``change(frame)`` on the versioned table."""
    before = store.read_versioned(city, name)
    after = change(before.drop(columns=["version"]).copy())
    return plan_table_edit(city, name, before, after, store.read_city(city), who=who, day=DAY)


def set_cell(row: int, column: str, value):
    def change(frame: pd.DataFrame) -> pd.DataFrame:
        frame.loc[row, column] = value
        return frame

    return change


def test_an_edit_is_saved_audited_and_stamped(store: Store) -> None:
    plan = edit(store, "keelung", "referrals", set_cell(0, "count", 1500))
    assert plan.ok and len(plan.changes) == 1 and plan.unchanged == 23
    commit(store, plan, who="王小明", reason="年報更正")
    row = store.read("keelung", "referrals").iloc[0]
    assert row["count"] == 1500
    assert row["source"] == "編修：王小明 · 2024-05-01"
    [entry] = store.history("keelung", "referrals")
    assert (entry.who, entry.action, entry.reason) == ("王小明", "change", "年報更正")
    assert entry.old["count"] == 1499 and entry.new["count"] == 1500
    assert entry.key == {"year": 2015, "referral_type": "domestic_violence", "reporter": None}


def test_a_note_only_change_keeps_the_citation(store: Store) -> None:
    plan = edit(store, "keelung", "referrals", set_cell(0, "note", "已核對"))
    commit(store, plan, who="王小明")
    row = store.read("keelung", "referrals").iloc[0]
    assert row["source"] == "003_8c0365bf83128a38.txt · 各類通報案件分析"


def test_bad_edit_names_row_and_column_in_the_users_language(store: Store) -> None:
    before = store.content_hash()
    plan = edit(store, "keelung", "referrals", set_cell(2, "count", -5))
    assert plan.messages("zh") == ["第 3 列 count：不可為負數"]
    assert plan.messages("en") == ["row 3, column count: must not be negative"]
    with pytest.raises(ValueError):
        commit(store, plan, who="x")
    assert store.content_hash() == before


def test_two_editors_saving_the_same_row_get_a_conflict(store: Store) -> None:
    first = edit(store, "keelung", "referrals", set_cell(0, "count", 1500), who="甲")
    second = edit(store, "keelung", "referrals", set_cell(0, "count", 1600), who="乙")
    commit(store, first, who="甲")
    before = store.content_hash()
    with pytest.raises(ConflictError) as err:
        commit(store, second, who="乙")
    assert err.value.conflicts[0].who == "甲"
    assert store.content_hash() == before
    assert store.read("keelung", "referrals").iloc[0]["count"] == 1500


def test_editors_of_different_rows_both_keep_their_change(store: Store) -> None:
    first = edit(store, "keelung", "referrals", set_cell(0, "count", 1500))
    second = edit(store, "keelung", "referrals", set_cell(1, "count", 1600))
    commit(store, first, who="甲")
    commit(store, second, who="乙")
    counts = store.read("keelung", "referrals")["count"].tolist()
    assert counts[:2] == [1500, 1600]


def test_revert_restores_and_is_itself_audited(store: Store) -> None:
    commit(store, edit(store, "keelung", "referrals", set_cell(0, "count", 1500)), who="甲")
    [entry] = store.history("keelung", "referrals")
    plan = plan_revert(store, entry.entry_id)
    assert plan.ok
    commit(store, plan, who="乙", reason="誤植")
    row = store.read("keelung", "referrals").iloc[0]
    assert row["count"] == 1499 and row["source"].startswith("003_")
    newest = store.history("keelung", "referrals")[0]
    assert newest.reverts == entry.entry_id and newest.who == "乙"
    # back to the shipped row: no user row is left to mask a later release
    assert store.user_row_count("keelung") == 0


def test_revert_of_a_row_changed_since_is_refused(store: Store) -> None:
    commit(store, edit(store, "keelung", "referrals", set_cell(0, "count", 1500)), who="甲")
    commit(store, edit(store, "keelung", "referrals", set_cell(0, "count", 1501)), who="乙")
    oldest = store.history("keelung", "referrals")[-1]
    plan = plan_revert(store, oldest.entry_id)
    assert plan.messages("zh") == [
        f"此列在第 {oldest.entry_id} 筆異動後又被修改，請先還原較新的異動"
    ]


def test_deleted_shipped_row_stays_deleted_after_a_release(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    store = Store.open(url, data)
    plan = edit(store, "keelung", "referrals", lambda f: f.drop(index=0))
    assert [c.action for c in plan.changes] == ["delete"]
    commit(store, plan, who="甲", reason="重複")
    assert len(store.read("keelung", "referrals")) == 23
    # A release changes that very row: it is not brought back, but it is reported.
    path = data / "keelung" / "referrals.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",1499,", ",1498,"), encoding="utf-8")
    reopened = Store.open(url, data)
    assert len(reopened.read("keelung", "referrals")) == 23
    assert reopened.shadowed("keelung", "referrals") == [
        {"year": 2015, "referral_type": "domestic_violence", "reporter": None}
    ]
    # Reverting the deletion brings back the row as it was deleted.
    [entry] = reopened.history("keelung", "referrals")
    commit(reopened, plan_revert(reopened, entry.entry_id), who="乙")
    assert len(reopened.read("keelung", "referrals")) == 24


def test_an_added_row_is_appended_and_a_deleted_added_row_is_gone(store: Store) -> None:
    def add(frame: pd.DataFrame) -> pd.DataFrame:
        row = frame.iloc[[0]].assign(year=2018, count=1900, source=None)
        return pd.concat([frame, row.set_axis([999])])

    plan = edit(store, "keelung", "referrals", add)
    assert plan.ok, plan.messages("en")
    commit(store, plan, who="甲")
    frame = store.read("keelung", "referrals")
    assert frame.iloc[-1]["year"] == 2018 and frame.iloc[-1]["source"] == edit_stamp("王小明", DAY)
    plan = edit(store, "keelung", "referrals", lambda f: f.iloc[:-1])
    commit(store, plan, who="甲")
    assert len(store.read("keelung", "referrals")) == 24
    assert store.user_row_count("keelung") == 0


def _v1_store(path: Path) -> None:
    """A store as release 1 wrote it: no versions, tombstones or audit log; one user row."""
    engine = sa.create_engine(f"sqlite:///{path}")
    metadata = sa.MetaData()
    tables = {}
    for name in V1_TABLES:  # the tables a version-1 release had, without the new columns
        table = sql_table(TABLES[name], metadata)
        later = {"version", "deleted", "base_hash"}  # version 2
        if name == "staffing_totals":
            later |= set(AGENCY_COLUMNS)  # version 3
        columns = [
            sa.Column(c.name, c.type, primary_key=c.primary_key, nullable=c.nullable)
            for c in table.columns
            if c.name not in later
        ]
        tables[name] = sa.Table(name, sa.MetaData(), *columns)
        tables[name].create(engine)
    meta = sa.Table(
        "meta",
        sa.MetaData(),
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text),
    )
    meta.create(engine)
    from safetynet.loading import read_raw_tables, shipped_fingerprint

    with engine.begin() as conn:
        for city in ("kaohsiung", "keelung"):
            for name, frame in read_raw_tables(DATA_DIR, city).items():
                if name not in V1_TABLES:
                    continue
                if name == "staffing_totals":  # the city's totals only, as release 1 had them
                    frame = frame[frame["agency_zh"].isna()].drop(columns=list(AGENCY_COLUMNS))
                records = frame.astype(object).where(frame.notna(), None).to_dict("records")
                if records:
                    conn.execute(
                        sa.insert(tables[name]),
                        [{**r, "city": city, "origin": "shipped"} for r in records],
                    )
            conn.execute(
                sa.insert(meta).values(
                    key=f"shipped:{city}", value=shipped_fingerprint(DATA_DIR, city)
                )
            )
        user = read_raw_tables(DATA_DIR, "keelung")["referrals"].iloc[0].to_dict()
        conn.execute(
            sa.insert(tables["referrals"]).values(
                **{**user, "count": "1777"}, city="keelung", origin="user"
            )
        )
        conn.execute(sa.insert(meta).values(key="schema_version", value="1"))
    engine.dispose()


def test_a_version_1_store_upgrades_keeping_every_row(tmp_path: Path) -> None:
    path = tmp_path / "v1.sqlite"
    _v1_store(path)
    store = Store.open(f"sqlite:///{path}", DATA_DIR)
    assert store.schema_version() == SCHEMA_VERSION == 3
    assert store.user_row_count("keelung") == 1
    referrals = store.read("keelung", "referrals")
    assert len(referrals) == 24 and referrals.iloc[0]["count"] == 1777
    assert len(store.read("kaohsiung", "districts")) == 38
    assert store.shadowed("keelung", "referrals") == []  # base hash filled in
    # and the upgraded store takes audited, versioned edits
    commit(store, edit(store, "keelung", "referrals", set_cell(0, "count", 1778)), who="甲")
    assert store.history("keelung")[0].old["count"] == 1777


def _as_version_2(path: Path) -> None:
    """Turn a store into what release 2 left: staffing_totals without agency columns or
    agency rows, base hashes and audit entries of its rows in that shape."""
    engine = sa.create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        conn.execute(sa.text("DELETE FROM staffing_totals WHERE agency_zh IS NOT NULL"))
        for column in AGENCY_COLUMNS:
            conn.execute(sa.text(f"ALTER TABLE staffing_totals DROP COLUMN {column}"))
        rows = conn.execute(sa.text("SELECT * FROM staffing_totals")).mappings().all()
        shipped = {(r["period"], r["measure"]): r for r in rows if r["origin"] == "shipped"}
        for row in rows:
            if row["origin"] == "user":
                base = shipped[(row["period"], row["measure"])]
                old_hash = row_hash(plain_record(dict(base), V2_STAFFING_TOTALS_COLUMNS))
                conn.execute(
                    sa.text("UPDATE staffing_totals SET base_hash = :h WHERE row_id = :id"),
                    {"h": old_hash, "id": row["row_id"]},
                )
        for entry in conn.execute(sa.text("SELECT * FROM audit_log")).mappings().all():
            values = {}
            for field in ("row_key", "old", "new"):
                record = json.loads(entry[field]) if entry[field] else None
                if record is not None:
                    record = {k: v for k, v in record.items() if k not in AGENCY_COLUMNS}
                values[field] = json.dumps(record, ensure_ascii=False, sort_keys=True)
            conn.execute(
                sa.text(
                    "UPDATE audit_log SET row_key = :row_key, old = :old, new = :new "
                    "WHERE entry_id = :id"
                ),
                {**values, "id": entry["entry_id"]},
            )
        conn.execute(sa.text("UPDATE meta SET value = '2' WHERE key = 'schema_version'"))
        conn.execute(sa.text("UPDATE meta SET value = 'release 2' WHERE key LIKE 'shipped:%'"))
    engine.dispose()


def test_a_version_2_store_gets_agency_totals_keeping_an_editors_change(tmp_path: Path) -> None:
    path = tmp_path / "v2.sqlite"
    store = Store.open(f"sqlite:///{path}", DATA_DIR)
    plan = edit(store, "kaohsiung", "staffing_totals", set_cell(0, "note", "已與公文核對"))
    commit(store, plan, who="甲")
    store.engine.dispose()
    _as_version_2(path)

    upgraded = Store.open(f"sqlite:///{path}", DATA_DIR)
    assert upgraded.schema_version() == SCHEMA_VERSION == 3
    totals = upgraded.read("kaohsiung", "staffing_totals")
    assert totals.loc[0, "note"] == "已與公文核對"  # the editor's change is kept
    assert set(totals["agency_zh"].dropna()) == {"社會局", "衛生局", "毒防局", "少輔會"}
    # the release did not change that row: it is not listed as changed under the editor
    assert upgraded.shadowed("kaohsiung", "staffing_totals") == []
    [entry] = upgraded.history("kaohsiung", "staffing_totals")
    assert entry.key == {"agency_zh": None, "period": "phase1", "measure": "approved"}
    revert = plan_revert(upgraded, entry.entry_id)
    assert revert.ok, revert.messages("en")
    commit(upgraded, revert, who="甲")
    assert upgraded.read("kaohsiung", "staffing_totals").loc[0, "note"] == "合計列 / 合計 row"
