"""Baseline: schema version 2, as releases before Alembic wrote it.

Revision ID: 0002
Revises: (none)

On an empty database this creates the version-2 schema. A store written by
an earlier release (a ``meta`` table, no ``alembic_version``) is adopted:
at version 2 nothing changes; at version 1 its data tables get row
versions, tombstones and base hashes (existing rows get version 1, a user
row that replaces a shipped row records that row's hash) and the tables
version 2 added are created. Everything here is frozen as it was at
version 2: later changes to the app's tables are later revisions.
"""

from __future__ import annotations

import hashlib
import json
import math

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = None
branch_labels = None
depends_on = None

SHIPPED, USER = "shipped", "user"
TYPES = {"str": sa.Text, "int": sa.Integer, "float": sa.Float}

# name: (key, [(column, type, nullable)]) of every data table at version 2.
DATA_TABLES: dict[str, tuple[tuple[str, ...], list[tuple[str, str, bool]]]] = {
    "districts": (
        ("town_code",),
        [
            ("town_code", "str", False),
            ("name_zh", "str", False),
            ("name_en", "str", False),
            ("source", "str", False),
            ("note", "str", True),
        ],
    ),
    "centres": (
        ("centre_id",),
        [
            ("centre_id", "str", False),
            ("name_zh", "str", False),
            ("name_en", "str", False),
            ("source", "str", False),
            ("note", "str", True),
        ],
    ),
    "precincts": (
        ("precinct_id",),
        [
            ("precinct_id", "str", False),
            ("name_zh", "str", False),
            ("name_en", "str", False),
            ("source", "str", False),
            ("note", "str", True),
        ],
    ),
    "district_centres": (
        ("town_code", "centre_id"),
        [
            ("town_code", "str", False),
            ("centre_id", "str", False),
            ("source", "str", False),
            ("note", "str", True),
        ],
    ),
    "district_precincts": (
        ("town_code", "precinct_id"),
        [
            ("town_code", "str", False),
            ("precinct_id", "str", False),
            ("source", "str", False),
            ("note", "str", True),
        ],
    ),
    "referrals": (
        ("year", "referral_type", "reporter"),
        [
            ("year", "int", False),
            ("referral_type", "str", False),
            ("type_zh", "str", False),
            ("type_en", "str", False),
            ("reporter", "str", True),
            ("count", "int", False),
            ("unit", "str", False),
            ("unit_en", "str", False),
            ("source", "str", False),
            ("note", "str", True),
        ],
    ),
    "risk_shares": (
        ("year", "risk_type"),
        [
            ("year", "int", False),
            ("risk_type", "str", False),
            ("type_zh", "str", False),
            ("type_en", "str", False),
            ("share_pct", "float", False),
            ("source", "str", False),
            ("note", "str", True),
        ],
    ),
    "outcomes": (
        ("metric", "year"),
        [
            ("metric", "str", False),
            ("label_zh", "str", False),
            ("label_en", "str", False),
            ("year", "int", True),
            ("year_to", "int", True),
            ("year_basis", "str", True),
            ("value", "float", False),
            ("unit", "str", True),
            ("unit_en", "str", True),
            ("source", "str", False),
            ("note", "str", True),
        ],
    ),
    "staffing": (
        ("agency_zh", "period", "measure"),
        [
            ("agency_zh", "str", False),
            ("agency_en", "str", False),
            ("period", "str", False),
            ("year_from", "int", False),
            ("year_to", "int", False),
            ("measure", "str", False),
            ("posts", "int", False),
            ("source", "str", False),
            ("note", "str", True),
        ],
    ),
    "staffing_totals": (
        ("period", "measure"),
        [
            ("period", "str", False),
            ("year_from", "int", False),
            ("year_to", "int", False),
            ("measure", "str", False),
            ("posts", "int", False),
            ("source", "str", False),
            ("note", "str", True),
        ],
    ),
    "indicators": (
        ("indicator_id",),
        [
            ("indicator_id", "str", False),
            ("phase", "int", False),
            ("strategy", "int", False),
            ("agency_zh", "str", True),
            ("agency_en", "str", True),
            ("name_zh", "str", False),
            ("name_en", "str", False),
            ("unit", "str", False),
            ("unit_en", "str", False),
            ("direction", "str", False),
            ("target_rule", "str", False),
            ("baseline", "float", True),
            ("baseline_year", "int", True),
            ("target", "float", False),
            ("target_year", "int", True),
            ("source", "str", False),
            ("note", "str", True),
        ],
    ),
    "indicator_targets": (
        ("indicator_id", "year"),
        [
            ("indicator_id", "str", False),
            ("year", "int", False),
            ("target", "float", False),
            ("source", "str", False),
            ("note", "str", True),
        ],
    ),
    "indicator_actuals": (
        ("indicator_id", "year"),
        [
            ("indicator_id", "str", False),
            ("year", "int", False),
            ("year_basis", "str", False),
            ("value", "float", False),
            ("source", "str", False),
            ("note", "str", True),
        ],
    ),
    "indicator_definitions": (
        ("indicator_id",),
        [
            ("indicator_id", "str", False),
            ("definition_zh", "str", False),
            ("definition_en", "str", False),
            ("source", "str", False),
            ("note", "str", True),
        ],
    ),
}

# The data tables of schema version 1 (version 2 added indicator_definitions).
V1_TABLES = tuple(name for name in DATA_TABLES if name != "indicator_definitions")


def v2_metadata() -> sa.MetaData:
    """Every table of schema version 2."""
    metadata = sa.MetaData()
    for name, (_key, columns) in DATA_TABLES.items():
        sa.Table(
            name,
            metadata,
            sa.Column("row_id", sa.Integer, primary_key=True, autoincrement=True),
            sa.Column("city", sa.String(32), nullable=False, index=True),
            sa.Column("origin", sa.String(8), nullable=False),
            sa.Column("version", sa.Integer, nullable=False, server_default="1"),
            sa.Column("deleted", sa.Boolean, nullable=False, server_default=sa.false()),
            sa.Column("base_hash", sa.String(64), nullable=True),
            *(sa.Column(c, TYPES[t](), nullable=n) for c, t, n in columns),
        )
    sa.Table(
        "meta",
        metadata,
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )
    sa.Table(
        "planner_scenarios",
        metadata,
        sa.Column("scenario_id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("city", sa.String(32), nullable=False, index=True),
        sa.Column("name", sa.String(80), nullable=False),
        sa.Column("params_json", sa.Text, nullable=False),
        sa.Column("saved_at", sa.String(32), nullable=False),
        sa.UniqueConstraint("city", "name", name="uq_planner_scenarios_city_name"),
    )
    sa.Table(
        "audit_log",
        metadata,
        sa.Column("entry_id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", sa.String(32), nullable=False),
        sa.Column("who", sa.Text, nullable=False),
        sa.Column("city", sa.String(32), nullable=False, index=True),
        sa.Column("table_name", sa.String(64), nullable=False, index=True),
        sa.Column("row_key", sa.Text, nullable=False),
        sa.Column("action", sa.String(8), nullable=False),
        sa.Column("old", sa.Text, nullable=True),
        sa.Column("new", sa.Text, nullable=True),
        sa.Column("reason", sa.Text, nullable=True),
        sa.Column("revision", sa.Integer, nullable=False),
        sa.Column("reverts", sa.Integer, nullable=True),
    )
    return metadata


def _plain(value: object) -> object:
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def _row_hash(row: sa.RowMapping, columns: list[str]) -> str:
    record = {c: _plain(row[c]) for c in columns}
    text = json.dumps(record, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


def _upgrade_v1(conn: sa.Connection) -> None:
    """Row versions, tombstones and base hashes on every version-1 data table."""
    inspector = sa.inspect(conn)
    for name in V1_TABLES:
        if not inspector.has_table(name):
            continue
        key, columns = DATA_TABLES[name]
        column_names = [c for c, _t, _n in columns]
        op.add_column(name, sa.Column("version", sa.Integer, nullable=False, server_default="1"))
        op.add_column(
            name, sa.Column("deleted", sa.Boolean, nullable=False, server_default=sa.false())
        )
        op.add_column(name, sa.Column("base_hash", sa.String(64), nullable=True))
        rows = conn.execute(sa.text(f'SELECT * FROM "{name}"')).mappings().all()
        shipped = {(r["city"], *(r[k] for k in key)): r for r in rows if r["origin"] == SHIPPED}
        for row in rows:
            if row["origin"] != USER:
                continue
            base = shipped.get((row["city"], *(row[k] for k in key)))
            if base is not None:
                conn.execute(
                    sa.text(f'UPDATE "{name}" SET base_hash = :h WHERE row_id = :id'),
                    {"h": _row_hash(base, column_names), "id": row["row_id"]},
                )


def upgrade() -> None:
    conn = op.get_bind()
    inspector = sa.inspect(conn)
    metadata = v2_metadata()
    meta = metadata.tables["meta"]
    if inspector.has_table("meta"):
        version = conn.execute(
            sa.select(meta.c.value).where(meta.c.key == "schema_version")
        ).scalar()
        if int(version or 1) < 2:
            _upgrade_v1(conn)
    metadata.create_all(conn, checkfirst=True)  # a new store, or the tables version 2 added
    for key, value in (("schema_version", "2"), ("revision", "1")):
        stored = conn.execute(sa.select(meta.c.value).where(meta.c.key == key)).scalar()
        if stored is None:
            conn.execute(sa.insert(meta).values(key=key, value=value))
        elif key == "schema_version" and stored != value:
            conn.execute(sa.update(meta).where(meta.c.key == key).values(value=value))
