"""The programme's phases as data, and the national figures of a phase.

Revision ID: 0007
Revises: 0006

``phases`` (number, names, first and last year) replaces the phases written
into the code: staffing periods, the ``phase`` of indicators and network
agencies, the planner's horizon and the overview's current phase read it,
and editors add a phase by importing a row. ``phase_national_figures`` holds
what a phase's approval published for the whole country (the 2.0 plan's
budget, staff, centres and strategies), shown as national context, never as
the city's own targets. Both are data tables like the others (shipped and
user rows, versions, tombstones, the key index); the next start loads the
shipped rows. Everything here is frozen as it was at this revision.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def _bookkeeping() -> list[sa.Column]:
    return [
        sa.Column("row_id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("city", sa.String(32), nullable=False, index=True),
        sa.Column("origin", sa.String(8), nullable=False),
        sa.Column("version", sa.Integer, nullable=False, server_default="1"),
        sa.Column("deleted", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("base_hash", sa.String(64), nullable=True),
    ]


def upgrade() -> None:
    op.create_table(
        "phases",
        *_bookkeeping(),
        sa.Column("phase", sa.Integer, nullable=False),
        sa.Column("name_zh", sa.Text, nullable=False),
        sa.Column("name_en", sa.Text, nullable=False),
        sa.Column("year_from", sa.Integer, nullable=False),
        sa.Column("year_to", sa.Integer, nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("note", sa.Text, nullable=True),
    )
    op.create_index("ix_phases_key", "phases", ["city", "phase", "origin"])
    op.create_table(
        "phase_national_figures",
        *_bookkeeping(),
        sa.Column("phase", sa.Integer, nullable=False),
        sa.Column("figure_id", sa.Text, nullable=False),
        sa.Column("label_zh", sa.Text, nullable=False),
        sa.Column("label_en", sa.Text, nullable=False),
        sa.Column("value", sa.Float, nullable=True),
        sa.Column("unit", sa.Text, nullable=True),
        sa.Column("unit_en", sa.Text, nullable=True),
        sa.Column("year", sa.Integer, nullable=True),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("note", sa.Text, nullable=True),
    )
    op.create_index(
        "ix_phase_national_figures_key",
        "phase_national_figures",
        ["city", "phase", "figure_id", "origin"],
    )
    op.execute("UPDATE meta SET value = '7' WHERE key = 'schema_version'")
