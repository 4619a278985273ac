"""The data store every page reads through: SQLite by default, any SQLAlchemy URL by choice.

On first start the store is created and filled from ``data/``. It records a
schema version, and later releases upgrade it through :data:`MIGRATIONS`
instead of breaking it. Rows carry an ``origin``: shipped rows are replaced
when a release ships updated CSV files; rows a user entered are never touched
by that, and win over a shipped row with the same key when read.

Changes by users go through :meth:`Store.apply_changes`: one transaction that
first takes the write lock (by advancing the store's revision counter), then
checks each row's version against the one the editor started from, writes
and appends to the audit log. A user deleting a shipped row leaves a
tombstone (a user row with ``deleted`` set), so the next release cannot bring
the row back; a release that changes a shipped row a user changed or deleted
is listed by :meth:`Store.shadowed` rather than applied silently.

SQLite runs in WAL mode with ``synchronous=FULL`` and a busy timeout, so a
process killed mid-save loses no acknowledged save and a second writer waits
instead of failing.
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import sqlalchemy as sa

from safetynet import DATA_DIR, PROJECT_ROOT
from safetynet.audit import (
    AuditEntry,
    Record,
    action_of,
    audit_table,
    from_json,
    now_iso,
    plain_record,
    row_hash,
    to_json,
)
from safetynet.cities import CITIES, get_city
from safetynet.loading import read_raw_tables, shipped_fingerprint
from safetynet.scenarios import scenario_table
from safetynet.schemas import TABLES, sql_table
from safetynet.validation import DataValidationError, Problem, validate_city, validate_schema

log = logging.getLogger(__name__)

ENV_URL = "SAFETYNET_DATABASE_URL"
DEFAULT_DB_PATH = PROJECT_ROOT / "var" / "safetynet.sqlite"
SCHEMA_VERSION = 3
# Seconds a writer waits for another writer's transaction before giving up.
BUSY_TIMEOUT_S = 30

SHIPPED, USER = "shipped", "user"

# The data tables of schema version 1, fixed here: later releases add tables
# through ``metadata.create_all``, and a migration must not touch those.
V1_TABLES = (
    "districts",
    "centres",
    "precincts",
    "district_centres",
    "district_precincts",
    "referrals",
    "risk_shares",
    "outcomes",
    "staffing",
    "staffing_totals",
    "indicators",
    "indicator_targets",
    "indicator_actuals",
)


def _migrate_to_v2(conn: sa.Connection) -> None:
    """Version 2: row versions, tombstones and base hashes on every data table.

    Existing rows get version 1 and are not deleted; a user row that replaces
    a shipped row records that row's hash, so the next release's change to it
    is noticed. The audit log and the revision counter are created afterwards.
    """
    inspector = sa.inspect(conn)
    for name in V1_TABLES:
        if not inspector.has_table(name):
            continue
        conn.execute(sa.text(f'ALTER TABLE "{name}" ADD COLUMN version INTEGER NOT NULL DEFAULT 1'))
        conn.execute(
            sa.text(f'ALTER TABLE "{name}" ADD COLUMN deleted BOOLEAN NOT NULL DEFAULT FALSE')
        )
        conn.execute(sa.text(f'ALTER TABLE "{name}" ADD COLUMN base_hash VARCHAR(64)'))
        spec = TABLES[name]
        rows = conn.execute(sa.text(f'SELECT * FROM "{name}"')).mappings().all()
        # .get: a key column a later version added (staffing_totals.agency_zh) is not there yet
        shipped = {
            (r["city"], *(r.get(k) for k in spec.key)): r for r in rows if r["origin"] == SHIPPED
        }
        for row in rows:
            if row["origin"] != USER:
                continue
            base = shipped.get((row["city"], *(row.get(k) for k in spec.key)))
            if base is not None:
                conn.execute(
                    sa.text(f'UPDATE "{name}" SET base_hash = :h WHERE row_id = :id'),
                    {
                        "h": row_hash(plain_record(dict(base), spec.column_names)),
                        "id": row["row_id"],
                    },
                )


# staffing_totals before version 3, when it had no agency columns.
V2_STAFFING_TOTALS_COLUMNS = [
    "period",
    "year_from",
    "year_to",
    "measure",
    "posts",
    "source",
    "note",
]
AGENCY_COLUMNS = ("agency_zh", "agency_en")


def _migrate_to_v3(conn: sa.Connection) -> None:
    """Version 3: ``staffing_totals`` gains ``agency_zh`` and ``agency_en``.

    Its key becomes (agency_zh, period, measure); the rows stored so far are
    the city's totals, so their agency stays empty. A user row's base hash and
    the audit entries of the table are rewritten to the new row shape (the two
    empty agency columns added), so the next release is not mistaken for a
    change of the rows users changed, and old entries can still be reverted.
    New tables (``network_agencies``) come from ``metadata.create_all``.
    """
    inspector = sa.inspect(conn)
    if not inspector.has_table("staffing_totals"):
        return
    present = {c["name"] for c in inspector.get_columns("staffing_totals")}
    for column in AGENCY_COLUMNS:
        if column not in present:
            conn.execute(sa.text(f"ALTER TABLE staffing_totals ADD COLUMN {column} TEXT"))
    columns = TABLES["staffing_totals"].column_names
    rows = conn.execute(sa.text("SELECT * FROM staffing_totals")).mappings().all()
    shipped = {
        (r["city"], r["period"], r["measure"]): r
        for r in rows
        if r["origin"] == SHIPPED and r["agency_zh"] is None
    }
    for row in rows:
        base = shipped.get((row["city"], row["period"], row["measure"]))
        if row["origin"] != USER or row["base_hash"] is None or base is None:
            continue
        if row_hash(plain_record(dict(base), V2_STAFFING_TOTALS_COLUMNS)) == row["base_hash"]:
            conn.execute(
                sa.text("UPDATE staffing_totals SET base_hash = :h WHERE row_id = :id"),
                {"h": row_hash(plain_record(dict(base), columns)), "id": row["row_id"]},
            )
    if not inspector.has_table("audit_log"):
        return
    entries = conn.execute(
        sa.text(
            "SELECT entry_id, row_key, old, new FROM audit_log WHERE table_name = 'staffing_totals'"
        )
    ).mappings()
    for entry in entries.all():
        values = {}
        for field in ("row_key", "old", "new"):
            record = from_json(entry[field])
            if record is not None:
                record = {column: None for column in AGENCY_COLUMNS} | record
                if field == "row_key":
                    record = {k: record[k] for k in TABLES["staffing_totals"].key}
            values[field] = to_json(record)
        conn.execute(
            sa.text(
                "UPDATE audit_log SET row_key = :row_key, old = :old, new = :new "
                "WHERE entry_id = :id"
            ),
            {**values, "id": entry["entry_id"]},
        )


# Upgrade steps: MIGRATIONS[n] takes a store at version n - 1 to version n.
# Version 1 is the initial schema, created by ``metadata.create_all``.
MIGRATIONS: dict[int, Callable[[sa.Connection], None]] = {2: _migrate_to_v2, 3: _migrate_to_v3}


def database_url() -> str:
    """The configured SQLAlchemy URL: ``$SAFETYNET_DATABASE_URL`` or the local SQLite file."""
    return os.environ.get(ENV_URL) or f"sqlite:///{DEFAULT_DB_PATH}"


class StoreVersionError(RuntimeError):
    """The database was written by a newer release than this one."""


@dataclass(frozen=True)
class Change:
    """One row to change: from ``old`` (``None``: add) to ``new`` (``None``: delete).

    ``version`` is the row's version when the editor read it; the save is
    refused if the row has been written since.
    """

    key: Record
    old: Record | None
    new: Record | None
    version: int | None = None

    @property
    def action(self) -> str:
        return action_of(self.old, self.new)


@dataclass(frozen=True)
class Conflict:
    """A row someone else wrote after the editor read it."""

    key: Record
    who: str | None
    at: str | None


class ConflictError(RuntimeError):
    """A save found rows changed by someone else since the editor read them; nothing written."""

    def __init__(self, conflicts: list[Conflict]) -> None:
        self.conflicts = conflicts
        keys = "; ".join(str(c.key) for c in conflicts)
        super().__init__(f"{len(conflicts)} row(s) were changed by someone else: {keys}")


def create_engine(url: str) -> sa.Engine:
    """An engine for ``url``; for SQLite: WAL, full sync, a busy timeout, explicit BEGIN.

    pysqlite's own transaction handling is switched off so that SQLAlchemy's
    ``begin()`` is a real ``BEGIN`` and a transaction's first write takes the
    lock (the documented SQLAlchemy recipe for pysqlite).
    """
    if not url.startswith("sqlite"):
        return sa.create_engine(url, pool_pre_ping=True)
    engine = sa.create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_S})

    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_S * 1000}")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _on_begin(conn: sa.Connection) -> None:
        conn.exec_driver_sql("BEGIN")

    return engine


class Store:
    """Access to the stored tables of every city."""

    def __init__(self, engine: sa.Engine, data_dir: Path = DATA_DIR) -> None:
        self.engine = engine
        self.data_dir = Path(data_dir)
        self.metadata = sa.MetaData()
        self.tables = {name: sql_table(spec, self.metadata) for name, spec in TABLES.items()}
        self.meta = sa.Table(
            "meta",
            self.metadata,
            sa.Column("key", sa.String(64), primary_key=True),
            sa.Column("value", sa.Text, nullable=False),
        )
        self.scenarios = scenario_table(self.metadata)  # saved planner scenarios
        self.audit = audit_table(self.metadata)
        # Problems of shipped data that was refused at start, per city.
        self.refused: dict[str, list[Problem]] = {}

    @classmethod
    def open(cls, url: str | None = None, data_dir: Path = DATA_DIR) -> Store:
        """Open (and on first use create and fill) the store at ``url``."""
        url = url or database_url()
        if url.startswith("sqlite:///"):
            Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        store = cls(create_engine(url), data_dir)
        store.migrate()
        store.sync_shipped()
        return store

    # -- schema version ---------------------------------------------------
    def _get_meta(self, conn: sa.Connection, key: str) -> str | None:
        return conn.execute(sa.select(self.meta.c.value).where(self.meta.c.key == key)).scalar()

    def _set_meta(self, conn: sa.Connection, key: str, value: str) -> None:
        conn.execute(sa.delete(self.meta).where(self.meta.c.key == key))
        conn.execute(sa.insert(self.meta).values(key=key, value=value))

    def schema_version(self) -> int:
        with self.engine.connect() as conn:
            return int(self._get_meta(conn, "schema_version") or 0)

    def migrate(self) -> None:
        """Create a new store, or upgrade an older one step by step; refuse a newer one."""
        with self.engine.begin() as conn:
            fresh = not sa.inspect(conn).has_table("meta")
            if fresh:
                self.metadata.create_all(conn)
                self._set_meta(conn, "schema_version", str(SCHEMA_VERSION))
                self._set_meta(conn, "revision", "1")
                return
            version = int(self._get_meta(conn, "schema_version") or 1)
            if version > SCHEMA_VERSION:
                raise StoreVersionError(
                    f"the database has schema version {version}, newer than this "
                    f"release ({SCHEMA_VERSION}); upgrade the app"
                )
            for step in range(version + 1, SCHEMA_VERSION + 1):
                log.info("migrating store to schema version %d", step)
                MIGRATIONS[step](conn)
            self.metadata.create_all(conn)  # tables added by a release, if any
            self._set_meta(conn, "schema_version", str(SCHEMA_VERSION))
            if self._get_meta(conn, "revision") is None:
                self._set_meta(conn, "revision", "1")

    def _next_revision(self, conn: sa.Connection) -> int:
        """Advance the store's revision counter; as the first write, it takes the write lock."""
        conn.execute(
            sa.update(self.meta)
            .where(self.meta.c.key == "revision")
            .values(value=sa.cast(sa.cast(self.meta.c.value, sa.Integer) + 1, sa.Text))
        )
        return int(self._get_meta(conn, "revision") or 0)

    def revision(self) -> int:
        """The store's revision: it grows with every write, shipped or user."""
        with self.engine.connect() as conn:
            return int(self._get_meta(conn, "revision") or 0)

    # -- shipped data ---------------------------------------------------
    def sync_shipped(self) -> None:
        """Load each city's shipped CSV files when they are new or changed.

        A city whose files have problems is refused whole: its stored rows stay
        as they were, and the problems are kept in :attr:`refused`.
        """
        for slug in CITIES:
            if not (self.data_dir / slug).is_dir():
                continue
            fingerprint = shipped_fingerprint(self.data_dir, slug)
            with self.engine.connect() as conn:
                if self._get_meta(conn, f"shipped:{slug}") == fingerprint:
                    continue
            try:
                self.load_shipped(slug)
            except DataValidationError as err:
                log.error("%s", err)
                self.refused[slug] = err.problems

    def load_shipped(self, slug: str) -> None:
        """Validate the city's files and replace its shipped rows in one transaction."""
        city = get_city(slug)
        typed, problems = validate_city(city, read_raw_tables(self.data_dir, slug))
        if problems:
            raise DataValidationError(slug, problems)
        with self.engine.begin() as conn:
            revision = self._next_revision(conn)
            for name, table in self.tables.items():
                spec = TABLES[name]
                # A shipped row keeps its version unless its content changed.
                before = {
                    _key_tuple(r, spec.key): (
                        row_hash(plain_record(r, spec.column_names)),
                        r["version"],
                    )
                    for r in conn.execute(
                        sa.select(table).where(table.c.city == slug, table.c.origin == SHIPPED)
                    ).mappings()
                }
                conn.execute(
                    sa.delete(table).where(table.c.city == slug, table.c.origin == SHIPPED)
                )
                records = _records(typed[name], slug, SHIPPED)
                for record in records:
                    old_hash, old_version = before.get(_key_tuple(record, spec.key), (None, None))
                    same = old_hash == row_hash(plain_record(record, spec.column_names))
                    record["version"] = old_version if same else revision
                if records:
                    conn.execute(sa.insert(table), records)
            self._set_meta(conn, f"shipped:{slug}", shipped_fingerprint(self.data_dir, slug))

    # -- reading ---------------------------------------------------------
    def _effective_frame(self, city: str, name: str) -> pd.DataFrame:
        """The rows in force: user rows over shipped ones, tombstones still in (``deleted``)."""
        spec = TABLES[name]
        table = self.tables[name]
        query = sa.select(table).where(table.c.city == city).order_by(table.c.row_id)
        with self.engine.connect() as conn:
            frame = pd.read_sql(query, conn)
        if frame.empty:
            return frame
        keys = list(spec.key)
        # A user row takes the place (in order) of the shipped row it replaces.
        frame["_order"] = frame.groupby(keys, dropna=False)["row_id"].transform("min")
        frame["_user"] = frame["origin"] == USER
        frame = frame.sort_values(["_user", "row_id"]).drop_duplicates(keys, keep="last")
        return frame.sort_values(["_order", "row_id"]).drop(columns=["_order", "_user"])

    def read(self, city: str, name: str) -> pd.DataFrame:
        """One table of one city, typed as its spec says; user rows win over shipped ones."""
        return self.read_versioned(city, name).drop(columns=["version"])

    def read_versioned(self, city: str, name: str) -> pd.DataFrame:
        """Like :meth:`read`, plus each row's ``version`` (for an editor to save against)."""
        spec = TABLES[name]
        frame = self._effective_frame(city, name)
        if frame.empty:
            frame = pd.DataFrame(columns=[*spec.column_names, "version", "deleted"])
        frame = frame[~frame["deleted"].astype(bool)]
        frame = frame[[*spec.column_names, "version"]].reset_index(drop=True)
        typed = _typed(frame, name)
        typed["version"] = pd.to_numeric(typed["version"]).astype("int64")
        return typed

    def read_city(self, city: str) -> dict[str, pd.DataFrame]:
        return {name: self.read(city, name) for name in TABLES}

    # -- user changes ------------------------------------------------------
    def _rows_for_key(
        self, conn: sa.Connection, city: str, name: str, key: Record
    ) -> tuple[sa.RowMapping | None, sa.RowMapping | None]:
        """The shipped and the user row stored under ``key`` (either may be missing)."""
        table = self.tables[name]
        rows = conn.execute(
            sa.select(table).where(table.c.city == city, *_key_clause(table, key))
        ).mappings()
        shipped = user = None
        for row in rows:
            if row["origin"] == SHIPPED:
                shipped = row
            else:
                user = row
        return shipped, user

    def _current(
        self, conn: sa.Connection, city: str, name: str, key: Record
    ) -> tuple[Record | None, int | None]:
        """The row in force under ``key`` and its version; ``(None, version)`` when deleted."""
        columns = TABLES[name].column_names
        shipped, user = self._rows_for_key(conn, city, name, key)
        row = user if user is not None else shipped
        if row is None:
            return None, None
        if row["deleted"]:
            return None, row["version"]
        return plain_record(dict(row), columns), row["version"]

    def _last_writer(
        self, conn: sa.Connection, city: str, name: str, key: Record
    ) -> tuple[str | None, str | None]:
        entry = conn.execute(
            sa.select(self.audit.c.who, self.audit.c.at)
            .where(
                self.audit.c.city == city,
                self.audit.c.table_name == name,
                self.audit.c.row_key == to_json(key),
            )
            .order_by(self.audit.c.entry_id.desc())
            .limit(1)
        ).first()
        return (entry.who, entry.at) if entry else (None, None)

    def _write(
        self,
        conn: sa.Connection,
        city: str,
        name: str,
        key: Record,
        new: Record | None,
        revision: int,
    ) -> None:
        """Make ``new`` the row in force under ``key`` (``None``: no row)."""
        spec = TABLES[name]
        table = self.tables[name]
        shipped, user = self._rows_for_key(conn, city, name, key)
        shipped_record = (
            plain_record(dict(shipped), spec.column_names) if shipped is not None else None
        )
        if new is None and shipped_record is None or new is not None and new == shipped_record:
            # Nothing to hide or replace: the shipped row (or no row) is in force.
            if user is not None:
                conn.execute(sa.delete(table).where(table.c.row_id == user["row_id"]))
            return
        if new is None:  # a tombstone keeps the deleted shipped row's values for reference
            values: dict[str, object] = {**shipped_record, "deleted": True}  # type: ignore[dict-item]
        else:
            values = {**new, "deleted": False}
        values.update(version=revision, base_hash=row_hash(shipped_record))
        if user is not None:
            conn.execute(sa.update(table).where(table.c.row_id == user["row_id"]).values(values))
        else:
            conn.execute(sa.insert(table).values(city=city, origin=USER, **values))

    def apply_changes(
        self,
        city: str,
        name: str,
        changes: Sequence[Change],
        *,
        who: str,
        reason: str | None = None,
        check_versions: bool = True,
        reverts: int | None = None,
    ) -> int:
        """Write validated changes in one transaction, audited; return the new revision.

        With ``check_versions`` each row must still be as the editor read it
        (same version; for an added row: no row under the key). Otherwise
        :class:`ConflictError` names the rows and who changed them, and
        nothing is written. Validation is the caller's job
        (:mod:`safetynet.editing`); this only writes.
        """
        get_city(city)
        columns = TABLES[name].column_names
        order = {"delete": 0, "change": 1, "add": 2}  # a key can be freed and re-used
        changes = sorted(changes, key=lambda c: order[c.action])
        with self.engine.begin() as conn:
            revision = self._next_revision(conn)
            if check_versions:
                conflicts = []
                for change in changes:
                    current, version = self._current(conn, city, name, change.key)
                    clash = (
                        current is not None
                        if change.old is None
                        else current is None or version != change.version
                    )
                    if clash:
                        conflicts.append(
                            Conflict(change.key, *self._last_writer(conn, city, name, change.key))
                        )
                if conflicts:
                    raise ConflictError(conflicts)
            at = now_iso()
            for change in changes:
                new = plain_record(change.new, columns) if change.new is not None else None
                old = plain_record(change.old, columns) if change.old is not None else None
                self._write(conn, city, name, change.key, new, revision)
                conn.execute(
                    sa.insert(self.audit).values(
                        at=at,
                        who=who,
                        city=city,
                        table_name=name,
                        row_key=to_json(change.key),
                        action=change.action,
                        old=to_json(old),
                        new=to_json(new),
                        reason=reason or None,
                        revision=revision,
                        reverts=reverts,
                    )
                )
        return revision

    def save_user_rows(
        self,
        city: str,
        name: str,
        frame: pd.DataFrame,
        *,
        who: str = "system",
        reason: str | None = None,
    ) -> int:
        """Store rows a user entered; they survive every later update of shipped data.

        The rows are checked against the table's schema first; on any problem
        nothing is written and :class:`DataValidationError` lists them. Rows
        equal to the ones in force are skipped; each stored row is audited.
        """
        get_city(city)
        spec = TABLES[name]
        raw = frame.astype("string").astype(object).where(frame.notna(), None)
        typed, problems = validate_schema(name, raw, user=True)
        if problems or typed is None:
            raise DataValidationError(city, problems)
        changes = []
        with self.engine.connect() as conn:
            for record in _records(typed, city, USER):
                new = plain_record(record, spec.column_names)
                key = {k: new[k] for k in spec.key}
                old, version = self._current(conn, city, name, key)
                if old != new:
                    changes.append(Change(key, old, new, version))
        if changes:
            self.apply_changes(city, name, changes, who=who, reason=reason, check_versions=False)
        return len(typed)

    def user_row_count(self, city: str) -> int:
        with self.engine.connect() as conn:
            return sum(
                conn.execute(
                    sa.select(sa.func.count())
                    .select_from(t)
                    .where(t.c.city == city, t.c.origin == USER)
                ).scalar_one()
                for t in self.tables.values()
            )

    # -- history -----------------------------------------------------------
    def history(self, city: str, name: str | None = None, limit: int = 500) -> list[AuditEntry]:
        """The audit entries of ``city`` (of one table if ``name``), newest first."""
        query = sa.select(self.audit).where(self.audit.c.city == city)
        if name is not None:
            query = query.where(self.audit.c.table_name == name)
        query = query.order_by(self.audit.c.entry_id.desc()).limit(limit)
        with self.engine.connect() as conn:
            return [AuditEntry.from_row(row) for row in conn.execute(query)]

    def audit_entry(self, entry_id: int) -> AuditEntry:
        """One audit entry; ``KeyError`` when there is none with that id."""
        with self.engine.connect() as conn:
            row = conn.execute(
                sa.select(self.audit).where(self.audit.c.entry_id == entry_id)
            ).first()
        if row is None:
            raise KeyError(f"no audit entry {entry_id}")
        return AuditEntry.from_row(row)

    def current_row(self, city: str, name: str, key: Record) -> tuple[Record | None, int | None]:
        """The row in force under ``key`` and its version (``None`` row: none or deleted)."""
        with self.engine.connect() as conn:
            return self._current(conn, city, name, key)

    def shadowed(self, city: str, name: str) -> list[Record]:
        """Keys of rows users changed or deleted whose shipped row a later release changed.

        The user's version stays in force (a deleted row stays deleted); the
        data page lists these keys so an editor can look at the new shipped
        figures instead of them being applied, or lost, silently.
        """
        spec = TABLES[name]
        table = self.tables[name]
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(table).where(table.c.city == city)).mappings().all()
        shipped = {
            _key_tuple(r, spec.key): row_hash(plain_record(dict(r), spec.column_names))
            for r in rows
            if r["origin"] == SHIPPED
        }
        return [
            {k: r[k] for k in spec.key}
            for r in rows
            if r["origin"] == USER and shipped.get(_key_tuple(r, spec.key)) != r["base_hash"]
        ]

    # -- whole-store views ---------------------------------------------------
    def content_hash(self) -> str:
        """A hash of everything stored (data, tombstones, versions, audit log, meta)."""
        digest = hashlib.sha256()
        with self.engine.connect() as conn:
            for table in sorted(self.metadata.sorted_tables, key=lambda t: t.name):
                order = list(table.primary_key.columns)
                for row in conn.execute(sa.select(table).order_by(*order)):
                    digest.update(repr((table.name, tuple(row))).encode())
        return digest.hexdigest()


def _key_tuple(row: object, key: Sequence[str]) -> tuple[object, ...]:
    return tuple(row[k] for k in key)  # type: ignore[index]


def _key_clause(table: sa.Table, key: Record) -> list[sa.ColumnElement[bool]]:
    return [table.c[k].is_(None) if v is None else table.c[k] == v for k, v in key.items()]


def _records(frame: pd.DataFrame, city: str, origin: str) -> list[dict[str, object]]:
    clean = frame.astype(object).where(frame.notna(), None)
    records = clean.to_dict(orient="records")
    for record in records:
        record["city"] = city
        record["origin"] = origin
    return records


def _typed(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    frame = frame.copy()
    for col in TABLES[name].columns:
        if col.dtype == "int":
            frame[col.name] = pd.to_numeric(frame[col.name]).astype("Int64")
        elif col.dtype == "float":
            frame[col.name] = pd.to_numeric(frame[col.name]).astype(float)
        else:
            frame[col.name] = frame[col.name].astype(object).where(frame[col.name].notna(), None)
    return frame
