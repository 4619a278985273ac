"""The audit log: every change a user makes to the store, and how to read it back.

One row per changed table row: who, when, which city, table and key, the row
before and after (as JSON; empty for an added or a deleted row), the reason
the editor gave, the save it belonged to and, for a revert, the entry it
reverted. The log is only ever appended to; a revert is a new entry.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass
from datetime import UTC, datetime

import pandas as pd
import sqlalchemy as sa

ADD, CHANGE, DELETE = "add", "change", "delete"

Record = dict[str, object]


def audit_table(metadata: sa.MetaData) -> sa.Table:
    """The ``audit_log`` table (see data/README.md)."""
    return sa.Table(
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
        # "who last wrote this row" for a conflict message (Alembic revision 0003)
        sa.Index("ix_audit_log_row", "city", "table_name", "row_key"),
    )


_PLAIN_TYPES = frozenset({str, int, bool})


def plain(value: object) -> object:
    """A stored value as plain JSON-able Python: numpy scalars unwrapped, NA as None."""
    if value is None or type(value) in _PLAIN_TYPES:
        return value
    if value is pd.NA:
        return None
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def plain_record(record: dict[str, object], columns: list[str]) -> Record:
    """``record`` restricted to ``columns``, in that order, with plain values."""
    return {c: plain(record.get(c)) for c in columns}


def to_json(record: Record | None) -> str | None:
    """Canonical JSON of a row (sorted keys, Chinese kept readable)."""
    if record is None:
        return None
    return json.dumps(record, ensure_ascii=False, sort_keys=True)


def from_json(text: str | None) -> Record | None:
    return None if text is None else json.loads(text)


def row_hash(record: Record | None) -> str | None:
    """A hash of a row's content, to notice that a shipped row changed."""
    text = to_json(record)
    return None if text is None else hashlib.sha256(text.encode()).hexdigest()


def now_iso() -> str:
    """The current time as an ISO 8601 string in UTC, to the second."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def action_of(old: Record | None, new: Record | None) -> str:
    if old is None:
        return ADD
    if new is None:
        return DELETE
    return CHANGE


@dataclass(frozen=True)
class AuditEntry:
    """One recorded change, as read back from the log."""

    entry_id: int
    at: str
    who: str
    city: str
    table: str
    key: Record
    action: str
    old: Record | None
    new: Record | None
    reason: str | None
    revision: int
    reverts: int | None

    @classmethod
    def from_row(cls, row: sa.Row) -> AuditEntry:
        return cls(
            entry_id=row.entry_id,
            at=row.at,
            who=row.who,
            city=row.city,
            table=row.table_name,
            key=json.loads(row.row_key),
            action=row.action,
            old=from_json(row.old),
            new=from_json(row.new),
            reason=row.reason,
            revision=row.revision,
            reverts=row.reverts,
        )

    def changed_columns(self) -> list[str]:
        """The columns whose value differs between old and new (all of them for add/delete)."""
        columns = list((self.new or self.old or {}).keys())
        if self.old is None or self.new is None:
            return columns
        return [c for c in columns if self.old.get(c) != self.new.get(c)]
