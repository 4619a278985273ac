"""Schema migrations (Alembic): a store of the previous release upgrades with nothing lost.

``tests/fixtures/store_v2.<engine>.sql`` are SQL dumps of a store written by
release 9e51821 (schema version 2, before Alembic): shipped data of both
cities, user rows, a tombstone, an added row, audit entries with a revert,
a saved planner scenario. Each test loads the dump into a new database of
its engine, as an operator's existing store, and opens it with this release.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from safetynet import DATA_DIR
from safetynet.editing import commit, plan_revert
from safetynet.scenarios import list_scenarios, load_scenario
from safetynet.store import SCHEMA_VERSION, Store, StoreVersionError, head_revision

pytestmark = pytest.mark.both_engines

FIXTURES = Path(__file__).parent / "fixtures"
V2_TABLES = (
    "districts", "centres", "precincts", "district_centres", "district_precincts", "referrals",
    "risk_shares", "outcomes", "staffing", "staffing_totals", "indicators", "indicator_targets",
    "indicator_actuals", "indicator_definitions", "planner_scenarios", "audit_log", "meta",
)  # fmt: skip


def load_v2_dump(url: str, engine: str) -> None:
    """Fill an empty database with the previous release's store."""
    script = (FIXTURES / f"store_v2.{engine}.sql").read_text(encoding="utf-8")
    if engine == "sqlite":
        conn = sqlite3.connect(url.removeprefix("sqlite:///"))
        conn.executescript(script)
        conn.close()
        return
    # psql's own commands (\restrict …) are not SQL
    script = "\n".join(line for line in script.splitlines() if not line.startswith("\\"))
    db = sa.create_engine(url, poolclass=sa.NullPool)
    raw = db.raw_connection()
    try:
        raw.cursor().execute(script)  # no parameters: the text is sent as it is
        raw.commit()
    finally:
        raw.close()
    db.dispose()


def snapshot(url: str) -> dict[str, list[tuple]]:
    """Every row of every version-2 table, in primary-key order, with version-2 columns only."""
    db = sa.create_engine(url, poolclass=sa.NullPool)
    metadata = sa.MetaData()
    out = {}
    with db.connect() as conn:
        for name in V2_TABLES:
            table = sa.Table(name, metadata, autoload_with=conn)
            keep = [c for c in table.columns if c.name != "saved_by"]  # added by revision 0004
            order = list(table.primary_key.columns)
            out[name] = [tuple(r) for r in conn.execute(sa.select(*keep).order_by(*order))]
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
