"""Printed staffing totals per agency; the network agencies of a strategy.

Revision ID: 0005
Revises: 0004

``staffing_totals`` gains ``agency_zh`` and ``agency_en``: a printed total
of one agency (Kaohsiung's 第一、二期核定總計 column, Keelung's 合計 row)
beside the city's totals, which keep an empty agency. Its key becomes
(agency_zh, period, measure), so its key index is rebuilt on that key. The
rows stored so far are the city's totals: their agency stays empty. A user
row's base hash and the audit entries of the table are rewritten to the new
row shape (the two empty agency columns added), so the shipped row a user
changed is not taken for a release's change of it, and old entries can
still be reverted. ``network_agencies`` is new (the agencies the source
lists for a strategy). Everything here is frozen as it was at this revision.
"""

from __future__ import annotations

import hashlib
import json
import math

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

SHIPPED, USER = "shipped", "user"
AGENCY_COLUMNS = ("agency_zh", "agency_en")
# staffing_totals' columns before and after this revision, and its keys.
OLD_COLUMNS = ["period", "year_from", "year_to", "measure", "posts", "source", "note"]
NEW_COLUMNS = [*AGENCY_COLUMNS, *OLD_COLUMNS]
OLD_KEY = ("period", "measure")
NEW_KEY = ("agency_zh", "period", "measure")


def _plain(value: object) -> object:
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def _to_json(record: dict[str, object] | None) -> str | None:
    """A row as the audit log and the base hashes hold it (sorted keys, Chinese kept)."""
    if record is None:
        return None
    return json.dumps(record, ensure_ascii=False, sort_keys=True)


def _row_hash(row: sa.RowMapping, columns: list[str]) -> str:
    text = _to_json({c: _plain(row.get(c)) for c in columns})
    assert text is not None
    return hashlib.sha256(text.encode()).hexdigest()


def _rehash_user_rows(conn: sa.Connection) -> None:
    """A user row whose base hash is that of the shipped row it replaced gets the new hash."""
    rows = conn.execute(sa.text("SELECT * FROM staffing_totals")).mappings().all()
    shipped = {
        (r["city"], *(r[k] for k in OLD_KEY)): r
        for r in rows
        if r["origin"] == SHIPPED and r["agency_zh"] is None
    }
    for row in rows:
        base = shipped.get((row["city"], *(row[k] for k in OLD_KEY)))
        if row["origin"] != USER or row["base_hash"] is None or base is None:
            continue
        # a base hash that is not the stored shipped row's stays: that row was
        # changed by a release after the user's edit, and still shows as such
        if _row_hash(base, OLD_COLUMNS) == row["base_hash"]:
            conn.execute(
                sa.text("UPDATE staffing_totals SET base_hash = :h WHERE row_id = :id"),
                {"h": _row_hash(base, NEW_COLUMNS), "id": row["row_id"]},
            )


def _rewrite_audit(conn: sa.Connection) -> None:
    """The table's audit entries in the new row shape: empty agency in keys and rows."""
    entries = conn.execute(
        sa.text(
            "SELECT entry_id, row_key, old, new FROM audit_log WHERE table_name = 'staffing_totals'"
        )
    ).mappings()
    for entry in entries.all():
        values = {}
        for field in ("row_key", "old", "new"):
            record = None if entry[field] is None else json.loads(entry[field])
            if record is not None:
                record = dict.fromkeys(AGENCY_COLUMNS) | record
                if field == "row_key":
                    record = {k: record[k] for k in NEW_KEY}
            values[field] = _to_json(record)
        conn.execute(
            sa.text(
                "UPDATE audit_log SET row_key = :row_key, old = :old, new = :new "
                "WHERE entry_id = :id"
            ),
            {**values, "id": entry["entry_id"]},
        )


def upgrade() -> None:
    for column in AGENCY_COLUMNS:
        op.add_column("staffing_totals", sa.Column(column, sa.Text, nullable=True))
    op.drop_index("ix_staffing_totals_key", table_name="staffing_totals")
    op.create_index("ix_staffing_totals_key", "staffing_totals", ["city", *NEW_KEY, "origin"])
    op.create_table(
        "network_agencies",
        sa.Column("row_id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("city", sa.String(32), nullable=False, index=True),
        sa.Column("origin", sa.String(8), nullable=False),
        sa.Column("version", sa.Integer, nullable=False, server_default="1"),
        sa.Column("deleted", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("base_hash", sa.String(64), nullable=True),
        sa.Column("phase", sa.Integer, nullable=False),
        sa.Column("strategy", sa.Integer, nullable=False),
        sa.Column("agency_zh", sa.Text, nullable=False),
        sa.Column("agency_en", sa.Text, nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("note", sa.Text, nullable=True),
    )
    op.create_index(
        "ix_network_agencies_key",
        "network_agencies",
        ["city", "phase", "strategy", "agency_zh", "origin"],
    )
    conn = op.get_bind()
    _rehash_user_rows(conn)
    _rewrite_audit(conn)
    op.execute("UPDATE meta SET value = '5' WHERE key = 'schema_version'")
