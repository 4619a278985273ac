"""Edits to the store: validated whole, versioned, audited, revertible; deletions stay deleted."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa

from safetynet import DATA_DIR
from safetynet.editing.history import history_table, revert_options, row_key
from safetynet.editing.plans import commit, edit_stamp, plan_revert
from safetynet.storage.schemas import TABLES, sql_table
from safetynet.storage.store import SCHEMA_VERSION, V1_TABLES, ConflictError, Store
from tests.helpers import DAY, edit

# staffing_totals' columns that Alembic revision 0005 added
AGENCY_COLUMNS = ("agency_zh", "agency_en")


# Edits, conflicts, the audit log and reverts: on SQLite and on PostgreSQL (see conftest).
pytestmark = pytest.mark.both_engines


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
    with pytest.raises(ValueError, match="plan with problems"):
        commit(store, plan, who="x")
    assert store.content_hash() == before


@pytest.mark.parametrize(
    ("table", "column", "value", "expected"),
    [
        ("staffing", "posts", "abc", "第 1 列 posts：「abc」不是整數"),
        ("staffing", "posts", "1 234", "第 1 列 posts：「1 234」不是整數"),
        ("staffing", "posts", "1e309", "第 1 列 posts：「1e309」不是整數"),
        ("outcomes", "value", "abc", "第 1 列 value：「abc」不是數字"),
        ("outcomes", "value", "inf", "第 1 列 value：「inf」不是有限的數字（不接受無限大或 NaN）"),
        ("outcomes", "value", float("-inf"), "第 1 列 value：「-inf」不是有限的數字"),
        ("outcomes", "value", "nan", "第 1 列 value：「nan」不是有限的數字"),
        ("outcomes", "value", "1e309", "第 1 列 value：「1e309」不是有限的數字"),
        ("centres", "name_zh", "鳳山\u202e區", "第 1 列 name_zh：含有看不見的控制字元 U+202E"),
        ("centres", "name_en", "Feng\u200bshan", "第 1 列 name_en：含有看不見的控制字元 U+200B"),
        (
            "centres",
            "name_zh",
            "鳳山\u2066區\u2069",
            "第 1 列 name_zh：含有看不見的控制字元 U+2066 U+2069",
        ),
        ("centres", "name_zh", "鳳山\t區", "第 1 列 name_zh：含有看不見的控制字元 U+0009"),
    ],
)
def test_text_in_a_number_cell_or_invisible_characters_are_refused_never_saved(
    store: Store, table, column, value, expected
) -> None:
    """What the editor typed is refused with its row and column; nothing becomes 0 or is stored."""
    before = store.content_hash()
    city = "kaohsiung"

    def change(frame: pd.DataFrame) -> pd.DataFrame:
        frame[column] = frame[column].astype(object)
        frame.loc[0, column] = value
        return frame

    plan = edit(store, city, table, change)
    assert not plan.ok
    assert any(m.startswith(expected) for m in plan.messages("zh")), plan.messages("zh")
    with pytest.raises(ValueError, match="plan with problems"):
        commit(store, plan, who="x")
    assert store.content_hash() == before


def test_a_note_may_hold_line_breaks(store: Store) -> None:
    plan = edit(store, "keelung", "referrals", set_cell(0, "note", "第一行\n第二行\t附註"))
    assert plan.ok, plan.messages("zh")


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


def test_history_table_says_what_changed_and_which_entry_a_revert_undid(store: Store) -> None:
    commit(store, edit(store, "keelung", "referrals", set_cell(0, "count", 1500)), who="甲")
    [first] = store.history("keelung", "referrals")
    commit(store, plan_revert(store, first.entry_id), who="乙", reason="誤植")
    entries = store.history("keelung", "referrals")
    table = history_table(entries, "zh", "列", row_key)
    assert table["編號"].tolist() == [e.entry_id for e in entries]  # newest first
    assert table["修改者"].tolist() == ["乙", "甲"]
    assert table["原因"].tolist() == ["誤植", ""]
    assert table["原值"].iloc[1].startswith("count=1499；")
    assert table["新值"].iloc[1].startswith("count=1500；")
    # the revert names the entry it undid; the edit's cell is blank, not 「None」
    assert table["還原第幾筆"].tolist() == [str(first.entry_id), ""]
    assert "None" not in table.to_csv()
    options = revert_options(entries, "en", row_key)
    assert list(options) == [e.entry_id for e in entries]
    assert all(f"No. {e.entry_id}" in options[e.entry_id] for e in entries)


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
            later |= set(AGENCY_COLUMNS)  # revision 0005
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
    from safetynet.storage.loading import read_raw_tables, shipped_fingerprint

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
    """SQLite only: the version-1 store is built with SQLite here; the upgrade of the previous
    release's store (version 2) is tested on both engines in test_migrations.py."""
    path = tmp_path / "v1.sqlite"
    _v1_store(path)
    store = Store.open(f"sqlite:///{path}", DATA_DIR)
    assert store.schema_version() == SCHEMA_VERSION
    assert store.user_row_count("keelung") == 1
    referrals = store.read("keelung", "referrals")
    assert len(referrals) == 24 and referrals.iloc[0]["count"] == 1777
    assert len(store.read("kaohsiung", "districts")) == 38
    assert store.shadowed("keelung", "referrals") == []  # base hash filled in
    # and the upgraded store takes audited, versioned edits
    commit(store, edit(store, "keelung", "referrals", set_cell(0, "count", 1778)), who="甲")
    assert store.history("keelung")[0].old["count"] == 1777


def test_two_rows_swapping_their_keys_save_in_one_go(store: Store) -> None:
    """A key freed by one row and taken by another in the same save is no conflict."""

    def swap(frame: pd.DataFrame) -> pd.DataFrame:
        frame.loc[0, "year"], frame.loc[1, "year"] = frame.loc[1, "year"], frame.loc[0, "year"]
        return frame

    before = store.read("keelung", "referrals")
    plan = edit(store, "keelung", "referrals", swap)
    assert plan.ok, plan.messages("en")
    assert sorted(c.action for c in plan.changes) == ["add", "add", "delete", "delete"]
    commit(store, plan, who="甲")
    after = store.read("keelung", "referrals").set_index(["year", "referral_type"])["count"]
    assert after[(2015, "domestic_violence")] == before["count"].iloc[1]
    assert after[(2016, "domestic_violence")] == before["count"].iloc[0]
    assert len(store.read("keelung", "referrals")) == len(before)
