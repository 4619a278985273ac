"""A population table for rates per 10,000 residents; named age-band sets of the case analysis.

Revision ID: 0006
Revises: 0005

``population`` is a data table like the others (shipped rows and user rows,
versions, tombstones, the key index): residents per district and year, in
total or by age range and sex, which editors import; it ships empty (the
source documents print no district populations). ``age_band_sets`` holds
the band sets editors save by name on the case-analysis page, one row per
city and name; saves and deletions are in the audit log.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

POPULATION_KEY = ("town_code", "year", "age_from", "age_to", "sex")


def upgrade() -> None:
    op.create_table(
        "population",
        sa.Column("row_id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("city", sa.String(32), nullable=False, index=True),
        sa.Column("origin", sa.String(8), nullable=False),
        sa.Column("version", sa.Integer, nullable=False, server_default="1"),
        sa.Column("deleted", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("base_hash", sa.String(64), nullable=True),
        sa.Column("town_code", sa.Text, nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("age_from", sa.Integer, nullable=True),
        sa.Column("age_to", sa.Integer, nullable=True),
        sa.Column("sex", sa.Text, nullable=True),
        sa.Column("count", sa.Integer, nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("note", sa.Text, nullable=True),
    )
    op.create_index("ix_population_key", "population", ["city", *POPULATION_KEY, "origin"])
    op.create_table(
        "age_band_sets",
        sa.Column("band_set_id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("city", sa.String(32), nullable=False, index=True),
        sa.Column("name", sa.String(80), nullable=False),
        sa.Column("bands", sa.Text, nullable=False),
        sa.Column("saved_at", sa.String(32), nullable=False),
        sa.Column("saved_by", sa.Text, nullable=True),
        sa.UniqueConstraint("city", "name", name="uq_age_band_sets_city_name"),
    )
    op.execute("UPDATE meta SET value = '6' WHERE key = 'schema_version'")
