"""Failed logins counted per account in the store; who saved each planner scenario.

Revision ID: 0004
Revises: 0003

``login_attempts`` holds, per user name tried, the failures since the last
success and until when the next attempt must wait (see ``safetynet.storage.logins``);
it lives in the store so that every browser tab and app process sees the
same count. ``planner_scenarios.saved_by`` names the editor who last saved a
scenario (scenarios saved before this revision have none); saves and
deletions are also in the audit log from this release on.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "login_attempts",
        sa.Column("username", sa.String(128), primary_key=True),
        sa.Column("failures", sa.Integer, nullable=False),
        sa.Column("last_failure_at", sa.Float, nullable=False),
        sa.Column("locked_until", sa.Float, nullable=False),
    )
    op.add_column("planner_scenarios", sa.Column("saved_by", sa.Text, nullable=True))
    op.execute("UPDATE meta SET value = '4' WHERE key = 'schema_version'")
