"""Schema migrations (Alembic): a store of the previous release upgrades with nothing lost.

``tests/fixtures/store_v2.<engine>.sql`` are SQL dumps of a store written by
release 9e51821 (schema version 2, before Alembic): shipped data of both
cities, user rows, a tombstone, an added row, audit entries with a revert,
a saved planner scenario. Each test loads the dump into a new database of
its engine, as an operator's existing store, and opens it with this release.
Revisions after the dump's that rewrite stored rows are also tested from a
store of this release turned back into the shape of the revision before.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from safetynet import DATA_DIR
from safetynet.editing.plans import commit, plan_revert, plan_table_edit
from safetynet.staffing.scenarios import list_scenarios, load_scenario
from safetynet.storage.audit import plain_record, row_hash
from safetynet.storage.store import SCHEMA_VERSION, Store, StoreVersionError, head_revision
from tests.helpers import load_v2_dump

pytestmark = pytest.mark.both_engines

V2_TABLES = (
    "districts", "centres", "precincts", "district_centres", "district_precincts", "referrals",
    "risk_shares", "outcomes", "staffing", "staffing_totals", "indicators", "indicator_targets",
    "indicator_actuals", "indicator_definitions", "planner_scenarios", "audit_log", "meta",
)  # fmt: skip
# Columns later revisions added to version-2 tables: table → columns.
ADDED_COLUMNS = {
    "planner_scenarios": ("saved_by",),  # revision 0004
    "staffing_totals": ("agency_zh", "agency_en"),  # revision 0005
}
# staffing_totals before revision 0005, when it had no agency columns.
PRE_0005_TOTALS_COLUMNS = ["period", "year_from", "year_to", "measure", "posts", "source", "note"]


def snapshot(url: str) -> dict[str, list[tuple]]:
    """Every row of every version-2 table, in primary-key order, with version-2 columns only.

    The columns later revisions added are read apart, under ``<table>:added``.
    """
    db = sa.create_engine(url, poolclass=sa.NullPool)
    metadata = sa.MetaData()
    out = {}
    with db.connect() as conn:
        for name in V2_TABLES:
            table = sa.Table(name, metadata, autoload_with=conn)
            added = ADDED_COLUMNS.get(name, ())
            keep = [c for c in table.columns if c.name not in added]
            order = list(table.primary_key.columns)
            out[name] = [tuple(r) for r in conn.execute(sa.select(*keep).order_by(*order))]
            new = [c for c in table.columns if c.name in added]
            if new:
                out[f"{name}:added"] = [
                    tuple(r) for r in conn.execute(sa.select(*new).order_by(*order))
                ]
    db.dispose()
    return out


def test_schema_version_is_the_newest_revision() -> None:
    assert int(head_revision()) == SCHEMA_VERSION


def test_a_store_of_the_previous_release_upgrades_keeping_every_row(
    engine: str, database_url: str, tmp_path: Path
) -> None:
    load_v2_dump(database_url, engine)
    before = snapshot(database_url)
    assert len(before["audit_log"]) == 5 and len(before["planner_scenarios"]) == 1
    no_cities = tmp_path / "no-data"  # no shipped files: this checks the upgrade alone
    no_cities.mkdir()
    store = Store.open(database_url, no_cities)
    status = store.schema_status()
    assert status.current and status.version == SCHEMA_VERSION
    after = snapshot(database_url)
    meta_after = dict(after.pop("meta"))
    meta_before = dict(before.pop("meta"))
    # the stored totals are the city's: no agency (revision 0005); no scenario author (0004)
    assert set(after.pop("staffing_totals:added")) == {(None, None)}
    assert set(after.pop("planner_scenarios:added")) == {(None,)}
    assert after == before
    assert meta_after == {**meta_before, "schema_version": str(SCHEMA_VERSION)}
    # the user's rows, the tombstone and the added row are in force as before
    referrals = store.read("keelung", "referrals")
    assert referrals.iloc[0]["count"] == 1777
    assert 2019 in set(referrals["year"])
    outcomes = store.read("kaohsiung", "outcomes")
    assert not ((outcomes["metric"] == "households_served") & (outcomes["year"] == 2020)).any()
    assert [s.name for s in list_scenarios(store, "kaohsiung")] == ["115年試算"]
    assert load_scenario(store, "kaohsiung", "115年試算").end_year == 2026
    # and the upgraded store takes new audited writes: revert the deletion
    [deletion] = [e for e in store.history("kaohsiung") if e.action == "delete"]
    commit(store, plan_revert(store, deletion.entry_id), who="甲")
    outcomes = store.read("kaohsiung", "outcomes")
    assert ((outcomes["metric"] == "households_served") & (outcomes["year"] == 2020)).any()
    store.close()


def test_the_upgraded_store_then_takes_this_releases_shipped_data(
    engine: str, database_url: str
) -> None:
    load_v2_dump(database_url, engine)
    store = Store.open(database_url, DATA_DIR)
    assert store.user_row_count("keelung") == 2 and store.user_row_count("kaohsiung") == 1
    assert len(store.read("kaohsiung", "districts")) == 38
    assert store.shadowed("keelung", "referrals") == []
    store.close()


def test_the_app_tables_match_the_migrated_schema(store: Store) -> None:
    """What the code declares (tables, columns, indexes) is what the revisions built."""
    with store.engine.connect() as conn:
        context = MigrationContext.configure(conn)
        assert compare_metadata(context, store.metadata) == []


def test_a_store_stamped_with_an_unknown_revision_is_refused(store: Store) -> None:
    url = store.url
    before = store.content_hash()
    with store.engine.begin() as conn:
        conn.execute(sa.text("UPDATE alembic_version SET version_num = '0099'"))
    with pytest.raises(StoreVersionError, match="newer than this release"):
        Store.open(url, DATA_DIR)
    with store.engine.begin() as conn:
        conn.execute(sa.text("UPDATE alembic_version SET version_num = :v"), {"v": head_revision()})
    assert store.content_hash() == before


def _as_revision_4(url: str) -> None:
    """Turn a store of this release back into what revision 0004 left: staffing_totals
    without agency columns or agency rows, its key index on (period, measure), no
    network_agencies (nor 0006's population and age_band_sets, nor 0007's phases), and the base hashes and audit entries of its rows in that shape."""
    db = sa.create_engine(url, poolclass=sa.NullPool)
    with db.begin() as conn:
        conn.execute(sa.text("DELETE FROM staffing_totals WHERE agency_zh IS NOT NULL"))
        conn.execute(sa.text("DROP INDEX ix_staffing_totals_key"))
        for column in ADDED_COLUMNS["staffing_totals"]:
            conn.execute(sa.text(f"ALTER TABLE staffing_totals DROP COLUMN {column}"))
        conn.execute(
            sa.text(
                "CREATE INDEX ix_staffing_totals_key "
                "ON staffing_totals (city, period, measure, origin)"
            )
        )
        conn.execute(sa.text("DROP TABLE network_agencies"))
        # what revisions 0006 and 0007 add after it
        conn.execute(sa.text("DROP TABLE population"))
        conn.execute(sa.text("DROP TABLE age_band_sets"))
        conn.execute(sa.text("DROP TABLE phases"))
        conn.execute(sa.text("DROP TABLE phase_national_figures"))
        rows = conn.execute(sa.text("SELECT * FROM staffing_totals")).mappings().all()
        shipped = {
            (r["city"], r["period"], r["measure"]): r for r in rows if r["origin"] == "shipped"
        }
        for row in rows:
            if row["origin"] == "user":
                base = shipped[(row["city"], row["period"], row["measure"])]
                conn.execute(
                    sa.text("UPDATE staffing_totals SET base_hash = :h WHERE row_id = :id"),
                    {
                        "h": row_hash(plain_record(dict(base), PRE_0005_TOTALS_COLUMNS)),
                        "id": row["row_id"],
                    },
                )
        entries = conn.execute(
            sa.text("SELECT * FROM audit_log WHERE table_name = 'staffing_totals'")
        ).mappings()
        for entry in entries.all():
            values = {}
            for field in ("row_key", "old", "new"):
                record = json.loads(entry[field]) if entry[field] else None
                if record is not None:
                    record = {
                        k: v for k, v in record.items() if k not in ("agency_zh", "agency_en")
                    }
                values[field] = (
                    None
                    if record is None
                    else json.dumps(record, ensure_ascii=False, sort_keys=True)
                )
            conn.execute(
                sa.text(
                    "UPDATE audit_log SET row_key = :row_key, old = :old, new = :new "
                    "WHERE entry_id = :id"
                ),
                {**values, "id": entry["entry_id"]},
            )
        conn.execute(sa.text("UPDATE alembic_version SET version_num = '0004'"))
        conn.execute(sa.text("UPDATE meta SET value = '4' WHERE key = 'schema_version'"))
        conn.execute(sa.text("UPDATE meta SET value = 'release 4' WHERE key LIKE 'shipped:%'"))
    db.dispose()


def test_a_version_4_store_gets_agency_totals_keeping_an_editors_change(store: Store) -> None:
    """Revision 0005 on a store with an editor's change of a printed total and its audit entry."""
    url = store.url
    before = store.read_versioned("kaohsiung", "staffing_totals")
    after = before.drop(columns=["version"]).copy()
    after.loc[0, "note"] = "已與公文核對"
    plan = plan_table_edit(
        "kaohsiung",
        "staffing_totals",
        before,
        after,
        store.read_city("kaohsiung"),
        who="甲",
        day=date(2024, 5, 1),
    )
    commit(store, plan, who="甲")
    store.close()
    _as_revision_4(url)

    upgraded = Store.open(url, DATA_DIR)
    status = upgraded.schema_status()
    assert status.current and status.version == SCHEMA_VERSION == 7
    totals = upgraded.read("kaohsiung", "staffing_totals")
    assert totals.loc[0, "note"] == "已與公文核對"  # the editor's change is kept
    assert set(totals["agency_zh"].dropna()) == {"社會局", "衛生局", "毒防局", "少輔會"}
    assert len(upgraded.read("kaohsiung", "network_agencies")) == 8
    # the release did not change that row: it is not listed as changed under the editor
    assert upgraded.shadowed("kaohsiung", "staffing_totals") == []
    [entry] = upgraded.history("kaohsiung", "staffing_totals")
    assert entry.key == {"agency_zh": None, "period": "phase1", "measure": "approved"}
    assert entry.old is not None and entry.old["agency_zh"] is None
    revert = plan_revert(upgraded, entry.entry_id)
    assert revert.ok, revert.messages("en")
    commit(upgraded, revert, who="甲")
    assert upgraded.read("kaohsiung", "staffing_totals").loc[0, "note"] == "合計列 / 合計 row"
    # and the schema is the one the code declares (the key index on the new key included)
    with upgraded.engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), upgraded.metadata) == []
    upgraded.close()


def test_a_version_6_store_gets_the_phases_tables_and_their_shipped_rows(store: Store) -> None:
    """Revision 0007 on a store of the previous release: the phase tables are created, the
    next start loads the shipped phases (2.0 included), and nothing else changes."""
    url = store.url
    before = store.read("kaohsiung", "staffing")
    store.close()
    db = sa.create_engine(url, poolclass=sa.NullPool)
    with db.begin() as conn:
        conn.execute(sa.text("DROP TABLE phases"))
        conn.execute(sa.text("DROP TABLE phase_national_figures"))
        conn.execute(sa.text("UPDATE alembic_version SET version_num = '0006'"))
        conn.execute(sa.text("UPDATE meta SET value = '6' WHERE key = 'schema_version'"))
        conn.execute(sa.text("UPDATE meta SET value = 'release 6' WHERE key LIKE 'shipped:%'"))
    db.dispose()

    upgraded = Store.open(url, DATA_DIR)
    assert upgraded.schema_status().version == SCHEMA_VERSION == 7
    phases = upgraded.read("keelung", "phases")
    assert list(phases["phase"]) == [1, 2, 3]
    assert (phases.iloc[2]["year_from"], phases.iloc[2]["year_to"]) == (2026, 2030)
    figures = upgraded.read("kaohsiung", "phase_national_figures")
    assert figures.set_index("figure_id").loc["local_professional_staff", "value"] == 9125
    assert upgraded.read("kaohsiung", "staffing").equals(before)
    with upgraded.engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), upgraded.metadata) == []
    upgraded.close()
