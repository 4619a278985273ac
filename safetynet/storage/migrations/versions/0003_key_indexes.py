"""Indexes for bulk writes: each data table by (city, key columns, origin); audit by row.

Revision ID: 0003
Revises: 0002

A save reads the stored rows of the keys it touches, a chunk at a time; with
these indexes that is a lookup, not a scan of the whole table, so imports
grow linearly with their rows. The audit index serves "who last wrote this
row" for a conflict message.
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

# Natural keys of the data tables at this revision.
KEYS: dict[str, tuple[str, ...]] = {
    "districts": ("town_code",),
    "centres": ("centre_id",),
    "precincts": ("precinct_id",),
    "district_centres": ("town_code", "centre_id"),
    "district_precincts": ("town_code", "precinct_id"),
    "referrals": ("year", "referral_type", "reporter"),
    "risk_shares": ("year", "risk_type"),
    "outcomes": ("metric", "year"),
    "staffing": ("agency_zh", "period", "measure"),
    "staffing_totals": ("period", "measure"),
    "indicators": ("indicator_id",),
    "indicator_targets": ("indicator_id", "year"),
    "indicator_actuals": ("indicator_id", "year"),
    "indicator_definitions": ("indicator_id",),
}


def upgrade() -> None:
    for name, key in KEYS.items():
        op.create_index(f"ix_{name}_key", name, ["city", *key, "origin"])
    op.create_index("ix_audit_log_row", "audit_log", ["city", "table_name", "row_key"])
    op.execute("UPDATE meta SET value = '3' WHERE key = 'schema_version'")
