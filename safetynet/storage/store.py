"""The data store every page reads through: SQLite by default, any SQLAlchemy URL by choice.

On first start the store is created and filled from ``data/``. Its schema is
kept by Alembic revisions (``safetynet/storage/migrations``); a store an older
release wrote is upgraded in place, one from a newer release is refused.
Rows carry an ``origin``: shipped rows are replaced when a release ships
updated CSV files; rows a user entered are never touched by that, and win
over a shipped row with the same key when read.

Opening reads only: when the schema is current and the shipped files are
the ones stored, nothing is written, so a database role that may only
SELECT serves every viewer page. Otherwise the store takes its write lock
(PostgreSQL: a transaction-level advisory lock; SQLite: ``BEGIN
IMMEDIATE``), looks again, and only then creates, upgrades or loads, so
many processes starting at once on a fresh store do the work once and the
others wait and read.

Changes by users go through :meth:`Store.apply_changes`: one transaction
under the write lock that advances the store's revision counter, checks
each row's version against the one the editor started from, writes and
appends to the audit log, a bounded number of statements per chunk of rows.
A user deleting a shipped row leaves a tombstone (a user row with
``deleted`` set), so the next release cannot bring the row back; a release
that changes a shipped row a user changed or deleted is listed by
:meth:`Store.shadowed` rather than applied silently.

SQLite runs in WAL mode with ``synchronous=FULL`` and a busy timeout, so a
process killed mid-save loses no acknowledged save and a second writer waits
instead of failing.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import logging
import os
import sqlite3
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory

from safetynet import DATA_DIR, PROJECT_ROOT
from safetynet.cities import CITIES, get_city
from safetynet.storage.audit import (
    AuditEntry,
    Record,
    action_of,
    audit_table,
    now_iso,
    plain,
    plain_record,
    row_hash,
    to_json,
)
from safetynet.storage.loading import read_raw_tables, shipped_fingerprint
from safetynet.storage.schemas import TABLES, sql_table
from safetynet.validation.city import validate_city
from safetynet.validation.problems import DataValidationError, Problem
from safetynet.validation.schema import validate_schema

log = logging.getLogger(__name__)

ENV_URL = "SAFETYNET_DATABASE_URL"
DEFAULT_DB_PATH = PROJECT_ROOT / "var" / "safetynet.sqlite"
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# The schema this release reads and writes: the number of its newest Alembic
# revision (``safetynet/storage/migrations/versions``), also kept in ``meta.schema_version``.
SCHEMA_VERSION = 7
# Seconds a writer waits for another writer's transaction before giving up.
BUSY_TIMEOUT_S = 30
# Rows read or written per statement by bulk writes.
CHUNK_ROWS = 500
# Rows fetched and typed at a time when a table is read (:meth:`Store.read_versioned`).
READ_CHUNK_ROWS = 50_000
# PostgreSQL advisory lock keys: one for every write to the store, one for login counts.
WRITE_LOCK_KEY = 0x5AFE_7E7_0001
LOGIN_LOCK_KEY = 0x5AFE_7E7_0002

SHIPPED, USER = "shipped", "user"
# The order a save writes its changes in: a key can be freed and re-used in one save.
ACTION_ORDER = {"delete": 0, "change": 1, "add": 2}
# Rows of a read chosen by value: {column: the values to keep}.
Where = Mapping[str, Sequence[object]]
# The cell of a ``given`` column in a summary group of filled cells (Store.summary).
GIVEN = "*"
SCENARIO_NAME_LENGTH = 80
USERNAME_LENGTH = 128

# The data tables of schema version 1 (the baseline revision upgrades them).
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


def database_url() -> str:
    """The configured SQLAlchemy URL: ``$SAFETYNET_DATABASE_URL`` or the local SQLite file."""
    return os.environ.get(ENV_URL) or f"sqlite:///{DEFAULT_DB_PATH}"


class StoreVersionError(RuntimeError):
    """The database was written by a newer release than this one."""


class StoreBehindError(StoreVersionError):
    """The database's schema is older than this release and could not be upgraded here."""


@dataclass(frozen=True, slots=True)  # an import of 10^6 rows holds 10^6 of them
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


@dataclass(frozen=True)
class SchemaStatus:
    """Where a database's schema stands against this release."""

    version: int  # meta.schema_version; 0 for an empty database
    revision: str | None  # the Alembic revision stamped, if any
    head: str

    @property
    def current(self) -> bool:
        return self.revision == self.head

    @property
    def newer(self) -> bool:
        return self.version > SCHEMA_VERSION or (
            self.revision is not None and self.revision not in _known_revisions()
        )


def create_engine(url: str) -> sa.Engine:
    """An engine for ``url``; for SQLite: WAL, full sync, a busy timeout, explicit BEGIN.

    pysqlite's own transaction handling is switched off so that SQLAlchemy's
    ``begin()`` is a real ``BEGIN``; a connection marked ``safetynet_write``
    begins with ``BEGIN IMMEDIATE`` instead, taking the write lock before it
    reads anything (a deferred transaction that reads first and writes later
    fails with "database is locked" when another writer got in between).
    """
    if not url.startswith("sqlite"):
        return sa.create_engine(url, pool_pre_ping=True)
    engine = sa.create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_S})

    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_S * 1000}")
        _use_wal(cursor)
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _on_begin(conn: sa.Connection) -> None:
        write = conn.get_execution_options().get("safetynet_write")
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


def _use_wal(cursor: sqlite3.Cursor) -> None:
    """Put the database file in WAL mode (it stays so), waiting out other processes.

    Switching the journal mode needs the file to itself, and SQLite answers
    "database is locked" at once, without its busy handler, when another
    process is connecting or creating the store at that moment (seen with
    several processes opening a fresh store together). A file already in WAL
    mode is left alone; otherwise the switch is retried until the busy timeout.
    """
    if cursor.execute("PRAGMA journal_mode").fetchone()[0].lower() == "wal":
        return
    deadline = time.monotonic() + BUSY_TIMEOUT_S
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as err:
            if "locked" not in str(err) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _alembic_config(connection: sa.Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


@functools.cache
def _script() -> ScriptDirectory:
    return ScriptDirectory.from_config(_alembic_config())


@functools.cache
def _known_revisions() -> frozenset[str]:
    return frozenset(s.revision for s in _script().walk_revisions())


def head_revision() -> str:
    """The newest Alembic revision of this release."""
    head = _script().get_current_head()
    assert head is not None
    return head


def is_read_only_error(err: BaseException) -> bool:
    """Whether a database error says this connection may not write (a read-only role or file)."""
    orig = getattr(err, "orig", err)
    if getattr(orig, "pgcode", None) in {"42501", "25006"}:  # insufficient privilege; read-only
        return True
    text = str(orig).lower()
    return "readonly database" in text or "read-only" in text


def scenario_table(metadata: sa.MetaData) -> sa.Table:
    """Saved planner scenarios: one row per (city, name), parameters as JSON text."""
    return sa.Table(
        "planner_scenarios",
        metadata,
        sa.Column("scenario_id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("city", sa.String(32), nullable=False, index=True),
        sa.Column("name", sa.String(SCENARIO_NAME_LENGTH), nullable=False),
        sa.Column("params_json", sa.Text, nullable=False),
        sa.Column("saved_at", sa.String(32), nullable=False),
        sa.Column("saved_by", sa.Text, nullable=True),
        sa.UniqueConstraint("city", "name", name="uq_planner_scenarios_city_name"),
    )


def band_set_table(metadata: sa.MetaData) -> sa.Table:
    """Named age-band sets of the case analysis: one row per (city, name), the bands as text
    (see :mod:`safetynet.cases.band_sets`)."""
    return sa.Table(
        "age_band_sets",
        metadata,
        sa.Column("band_set_id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("city", sa.String(32), nullable=False, index=True),
        sa.Column("name", sa.String(SCENARIO_NAME_LENGTH), nullable=False),
        sa.Column("bands", sa.Text, nullable=False),
        sa.Column("saved_at", sa.String(32), nullable=False),
        sa.Column("saved_by", sa.Text, nullable=True),
        sa.UniqueConstraint("city", "name", name="uq_age_band_sets_city_name"),
    )


def login_attempt_table(metadata: sa.MetaData) -> sa.Table:
    """Failed logins per user name tried (see :mod:`safetynet.storage.logins`)."""
    return sa.Table(
        "login_attempts",
        metadata,
        sa.Column("username", sa.String(USERNAME_LENGTH), primary_key=True),
        sa.Column("failures", sa.Integer, nullable=False),
        sa.Column("last_failure_at", sa.Float, nullable=False),
        sa.Column("locked_until", sa.Float, nullable=False),
    )


def _chunks(items: Iterable[object], size: int | None = None) -> Iterator[list]:
    iterator, size = iter(items), size or CHUNK_ROWS
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


class Store:
    """Access to the stored tables of every city."""

    def __init__(self, engine: sa.Engine, data_dir: Path = DATA_DIR) -> None:
        self.engine = engine
        self.data_dir = Path(data_dir)
        # Write transactions this object has run (committed or not): a reader that
        # remembers the revision can tell whether this process may have changed it.
        self.write_count = 0
        self.metadata = sa.MetaData()
        self.tables = {name: sql_table(spec, self.metadata) for name, spec in TABLES.items()}
        self.meta = sa.Table(
            "meta",
            self.metadata,
            sa.Column("key", sa.String(64), primary_key=True),
            sa.Column("value", sa.Text, nullable=False),
        )
        self.scenarios = scenario_table(self.metadata)
        self.band_sets = band_set_table(self.metadata)
        self.audit = audit_table(self.metadata)
        self.login_attempts = login_attempt_table(self.metadata)
        # Problems of shipped data that was refused at start, per city.
        self.refused: dict[str, list[Problem]] = {}
        # Cities whose shipped files changed but could not be loaded (a read-only role).
        self.stale_shipped: list[str] = []

    @property
    def url(self) -> str:
        """The store's URL, password included (for another connection to the same store)."""
        return self.engine.url.render_as_string(hide_password=False)

    @classmethod
    def open(
        cls, url: str | None = None, data_dir: Path = DATA_DIR, *, upgrade: bool = True
    ) -> Store:
        """Open the store at ``url``; on first use create and fill it.

        Nothing is written when the schema is current and the shipped files
        are the ones stored. With ``upgrade=False`` nothing is ever written:
        a store that is behind raises :class:`StoreBehindError`, and changed
        shipped files are left for the owner to load.
        """
        store = cls.at(url, data_dir)
        try:
            store.prepare(upgrade=upgrade)
        except BaseException:
            store.close()
            raise
        return store

    @classmethod
    def at(cls, url: str | None = None, data_dir: Path = DATA_DIR) -> Store:
        """The store at ``url``, not yet opened: nothing read or written (a SQLite file's
        folder is made)."""
        url = url or database_url()
        if url.startswith("sqlite:///"):
            Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        return cls(create_engine(url), data_dir)

    def close(self) -> None:
        """Close the store's database connections."""
        self.engine.dispose()

    # -- locking ----------------------------------------------------------
    @contextmanager
    def write_transaction(self, lock_key: int = WRITE_LOCK_KEY) -> Iterator[sa.Connection]:
        """A transaction holding the store's write lock until it commits or rolls back.

        Writers queue on the lock; a reader never waits for it. PostgreSQL:
        ``pg_advisory_xact_lock`` (needs no table, so it also guards the
        creation of a fresh store); SQLite: ``BEGIN IMMEDIATE``, one writer
        per database whatever the key.
        """
        try:
            with self.engine.connect() as conn:
                conn.execution_options(safetynet_write=True)
                with conn.begin():
                    if conn.dialect.name == "postgresql":
                        conn.execute(sa.select(sa.func.pg_advisory_xact_lock(lock_key)))
                    yield conn
        finally:
            self.write_count += 1

    # -- schema version ---------------------------------------------------
    def _get_meta(self, conn: sa.Connection, key: str) -> str | None:
        return conn.execute(sa.select(self.meta.c.value).where(self.meta.c.key == key)).scalar()

    def _set_meta(self, conn: sa.Connection, key: str, value: str) -> None:
        updated = conn.execute(
            sa.update(self.meta).where(self.meta.c.key == key).values(value=value)
        )
        if updated.rowcount == 0:
            conn.execute(sa.insert(self.meta).values(key=key, value=value))

    def _schema_status(self, conn: sa.Connection) -> SchemaStatus:
        inspector = sa.inspect(conn)
        revision = None
        if inspector.has_table("alembic_version"):
            revision = conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
        version = 0
        if inspector.has_table("meta"):
            version = int(self._get_meta(conn, "schema_version") or 1)
        return SchemaStatus(version, revision, head_revision())

    def schema_status(self) -> SchemaStatus:
        """The schema's version and revision, read without writing."""
        with self.engine.connect() as conn:
            return self._schema_status(conn)

    def schema_version(self) -> int:
        with self.engine.connect() as conn:
            return int(self._get_meta(conn, "schema_version") or 0)

    def _refuse_newer(self, status: SchemaStatus) -> None:
        if status.newer:
            raise StoreVersionError(
                f"the database has schema version {status.version} (revision "
                f"{status.revision or 'none'}), newer than this release ({SCHEMA_VERSION}); "
                "upgrade the app"
            )

    def prepare(self, *, upgrade: bool = True) -> None:
        """Bring the store up to date if it needs it and may; see :meth:`open`."""
        status = self.schema_status()
        self._refuse_newer(status)
        pending = self.changed_cities()
        if status.current and not pending:
            return
        if not status.current and not upgrade:
            raise StoreBehindError(self._behind_message(status))
        loads = self._validated(pending)
        if status.current and not loads:
            return
        if status.current and not upgrade:
            self._note_stale(list(loads))
            return
        try:
            with self.write_transaction() as conn:
                status = self._schema_status(conn)
                self._refuse_newer(status)
                if not status.current:
                    log.info("upgrading the store from schema version %d", status.version)
                    command.upgrade(_alembic_config(conn), "head")
                for slug, (typed, fingerprint) in loads.items():
                    if self._get_meta(conn, f"shipped:{slug}") != fingerprint:
                        self._replace_shipped(conn, slug, typed, fingerprint)
        except sa.exc.DBAPIError as err:
            if not is_read_only_error(err):
                raise
            if not status.current:
                raise StoreBehindError(self._behind_message(status)) from None
            self._note_stale(list(loads))

    def upgrade_schema(self) -> tuple[SchemaStatus, SchemaStatus]:
        """Upgrade the schema and load changed shipped files; the status before and after."""
        before = self.schema_status()
        self.prepare(upgrade=True)
        return before, self.schema_status()

    @staticmethod
    def _behind_message(status: SchemaStatus) -> str:
        return (
            f"the database has schema version {status.version}, older than this release "
            f"({SCHEMA_VERSION}), and this connection cannot upgrade it; run "
            "`python -m safetynet migrate` as the database owner"
        )

    def _note_stale(self, slugs: list[str]) -> None:
        for slug in slugs:
            log.warning(
                "the shipped files of %s changed, but this database role cannot write: "
                "serving the stored rows (run `python -m safetynet migrate` as the owner)",
                slug,
            )
        self.stale_shipped = slugs

    def next_revision(self, conn: sa.Connection) -> int:
        """Advance the store's revision counter (inside :meth:`write_transaction`)."""
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
    def changed_cities(self) -> dict[str, str]:
        """Cities whose shipped files differ from those stored, with the files' fingerprint."""
        with self.engine.connect() as conn:
            has_meta = sa.inspect(conn).has_table("meta")
            changed = {}
            for slug in CITIES:
                if not (self.data_dir / slug).is_dir():
                    continue
                fingerprint = shipped_fingerprint(self.data_dir, slug)
                if not has_meta or self._get_meta(conn, f"shipped:{slug}") != fingerprint:
                    changed[slug] = fingerprint
        return changed

    def _validated(self, pending: dict[str, str]) -> dict[str, tuple[dict[str, pd.DataFrame], str]]:
        """The typed tables of each pending city whose files pass; others go to :attr:`refused`."""
        loads = {}
        for slug, fingerprint in pending.items():
            typed, problems = validate_city(get_city(slug), read_raw_tables(self.data_dir, slug))
            if problems:
                err = DataValidationError(slug, problems)
                log.error("%s", err)
                self.refused[slug] = err.problems
            else:
                loads[slug] = (typed, fingerprint)
        return loads

    def load_shipped(self, slug: str) -> None:
        """Validate the city's files and replace its shipped rows in one transaction."""
        typed, problems = validate_city(get_city(slug), read_raw_tables(self.data_dir, slug))
        if problems:
            raise DataValidationError(slug, problems)
        with self.write_transaction() as conn:
            self._replace_shipped(conn, slug, typed, shipped_fingerprint(self.data_dir, slug))

    def _replace_shipped(
        self, conn: sa.Connection, slug: str, typed: dict[str, pd.DataFrame], fingerprint: str
    ) -> None:
        """Replace the city's shipped rows (inside the write lock): a few statements a table."""
        revision = self.next_revision(conn)
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
            conn.execute(sa.delete(table).where(table.c.city == slug, table.c.origin == SHIPPED))
            records = _records(typed[name], slug, SHIPPED)
            for record in records:
                old_hash, old_version = before.get(_key_tuple(record, spec.key), (None, None))
                same = old_hash == row_hash(plain_record(record, spec.column_names))
                record["version"] = old_version if same else revision
            for chunk in _chunks(records, 10 * CHUNK_ROWS):
                conn.execute(sa.insert(table), chunk)
        self._set_meta(conn, f"shipped:{slug}", fingerprint)

    # -- reading ---------------------------------------------------------
    def _in_force_pandas(self, city: str, name: str) -> pd.DataFrame:
        """:meth:`read_versioned` as it was done before :meth:`in_force_query`: every
        stored row read, the rows in force chosen in pandas. Kept as the reference
        the tests hold the SQL choice to (``tests/test_store_reads.py``)."""
        spec = TABLES[name]
        table = self.tables[name]
        query = sa.select(table).where(table.c.city == city).order_by(table.c.row_id)
        with self.engine.connect() as conn:
            frame = pd.read_sql(query, conn)
        if frame.empty:
            frame = pd.DataFrame(columns=[*spec.column_names, "version", "deleted"])
        else:
            keys = list(spec.key)
            # A user row takes the place (in order) of the shipped row it replaces.
            frame["_order"] = frame.groupby(keys, dropna=False)["row_id"].transform("min")
            frame["_user"] = frame["origin"] == USER
            frame = frame.sort_values(["_user", "row_id"]).drop_duplicates(keys, keep="last")
            frame = frame.sort_values(["_order", "row_id"])
        frame = frame[~frame["deleted"].astype(bool)]
        frame = frame[[*spec.column_names, "version"]].reset_index(drop=True)
        typed = _typed(frame, name)
        typed["version"] = pd.to_numeric(typed["version"]).astype("int64")
        return typed

    def in_force_query(
        self,
        name: str,
        city: str,
        dialect: str | None = None,
        where: Where | None = None,
        *,
        order_column: bool = False,
    ) -> sa.Select:
        """The rows in force of ``city``'s table ``name``, chosen by the database.

        Per key (empty key columns equal each other) the user row wins over the
        shipped one (of two rows of one origin, the later); a tombstone in force
        hides the key. A user row takes the place, in order, of the first row
        stored under its key. SQLite answers with ``NOT EXISTS`` seeks on the key
        index; PostgreSQL (and any other engine) with window functions over the
        city's rows. ``where`` ({column: values}) keeps the rows in force whose
        column holds one of the values (``None``: an empty cell), chosen after the
        row in force, so any column may be named; ``order_column`` adds the rows'
        order as ``_order`` (distinct per row in force) for summaries that keep the
        table's order.
        """
        spec = TABLES[name]
        table = self.tables[name]
        columns = [table.c[c] for c in spec.column_names]
        dialect = dialect or self.engine.dialect.name
        where = where or {}
        if dialect == "sqlite":
            other = table.alias("other")
            same_key = [other.c.city == table.c.city] + [
                other.c[k].is_not_distinct_from(table.c[k]) for k in spec.key
            ]
            later = sa.or_(
                other.c.origin > table.c.origin,
                sa.and_(other.c.origin == table.c.origin, other.c.row_id > table.c.row_id),
            )
            # "+ 0": SQLite would otherwise take MIN from the city index in row order, a scan
            # of the city's rows per row; this way it seeks the key index
            first = sa.select(sa.func.min(other.c.row_id + 0)).where(*same_key).scalar_subquery()
            extra: list[sa.ColumnElement[object]] = [first.label("_order")] if order_column else []
            return (
                sa.select(*columns, table.c.version, *extra)
                .where(
                    table.c.city == city,
                    sa.not_(sa.exists().where(*same_key, later)),
                    sa.not_(table.c.deleted),
                    *(_one_of(table.c[c], v) for c, v in where.items()),
                )
                .order_by(first, table.c.row_id)
            )
        keys = [table.c[k] for k in spec.key]
        ranked = (
            sa.select(
                *columns,
                table.c.version,
                table.c.deleted,
                table.c.row_id,
                sa.func.row_number()
                .over(partition_by=keys, order_by=[table.c.origin.desc(), table.c.row_id.desc()])
                .label("_rank"),
                sa.func.min(table.c.row_id).over(partition_by=keys).label("_order"),
            )
            .where(table.c.city == city)
            .subquery("ranked")
        )
        extra = [ranked.c._order] if order_column else []
        return (
            sa.select(*(ranked.c[c] for c in spec.column_names), ranked.c.version, *extra)
            .where(
                ranked.c._rank == 1,
                sa.not_(ranked.c.deleted),
                *(_one_of(ranked.c[c], v) for c, v in where.items()),
            )
            .order_by(ranked.c._order, ranked.c.row_id)
        )

    def summary(
        self,
        city: str,
        name: str,
        by: Sequence[str],
        sums: Sequence[str] = (),
        mins: Sequence[str] = (),
        maxs: Sequence[str] = (),
        where: Where | None = None,
        given: Sequence[str] = (),
    ) -> pd.DataFrame:
        """One row per distinct ``by`` of the rows in force, added up by the database.

        Columns: ``by``, then each of ``sums`` summed, ``mins`` least and ``maxs``
        greatest (empty when every value of the group is), typed as the table's
        columns, and ``rows`` (rows in the group). Groups come in the order of their
        first row in the table, as a pandas group-by of :meth:`read` with
        ``sort=False`` gives them: a page shows headline figures without holding
        the table. A text column of ``by`` also named in ``given`` is grouped only
        by whether its cell is filled: the group's cell is :data:`GIVEN` or empty
        (e.g. a referral type's per-source rows added up per year, its total rows
        kept apart). Equal texts are one shared string, as in :meth:`read`.
        """
        spec = TABLES[name]
        dtypes = {c.name: c.dtype for c in spec.columns}
        for c in given:
            if c not in by or dtypes[c] != "str":
                raise ValueError(f"given column {c!r} is not a text column of by {tuple(by)}")
        inner = self.in_force_query(name, city, where=where, order_column=True).subquery()
        groups = [
            sa.case((inner.c[c].is_(None), None), else_=sa.literal(GIVEN))
            if c in given
            else inner.c[c]
            for c in by
        ]
        aggregates = (
            [sa.func.sum(inner.c[c]).label(c) for c in sums]
            + [sa.func.min(inner.c[c]).label(c) for c in mins]
            + [sa.func.max(inner.c[c]).label(c) for c in maxs]
            + [sa.func.count().label("rows")]
        )
        query = (
            sa.select(*(g.label(c) for g, c in zip(groups, by, strict=True)), *aggregates)
            .group_by(*groups)
            .order_by(sa.func.min(inner.c._order))
        )
        names = [*by, *sums, *mins, *maxs]
        columns: list[list[object]] = [[] for _ in range(len(names) + 1)]
        shared: dict[object, object] = {}
        with self.engine.connect() as conn:
            result = conn.execution_options(stream_results=True).execute(query)
            while rows := result.fetchmany(READ_CHUNK_ROWS):
                for values, column in zip(zip(*rows, strict=True), columns, strict=True):
                    column.extend(shared.setdefault(v, v) if type(v) is str else v for v in values)
                del rows
        # object columns: an inferred (Arrow) string column would make a string per cell again
        frame = pd.DataFrame(
            {n: pd.Series(c, dtype=object) for n, c in zip([*names, "rows"], columns, strict=True)}
        )
        del columns, shared
        for c in names:
            if dtypes[c] == "int":
                frame[c] = pd.to_numeric(frame[c]).astype("Int64")
            elif dtypes[c] == "float":
                frame[c] = pd.to_numeric(frame[c]).astype(float)
            else:
                frame[c] = frame[c].astype(object).where(frame[c].notna(), None)
        frame["rows"] = frame["rows"].astype("int64")
        return frame

    def read(self, city: str, name: str, where: Where | None = None) -> pd.DataFrame:
        """One table of one city, typed as its spec says; user rows win over shipped ones.

        ``where`` ({column: values}): only the rows in force whose column holds one of
        the values (a page that shows a few metrics of ``outcomes`` reads those).
        """
        return self.read_versioned(city, name, where).drop(columns=["version"])

    def read_versioned(self, city: str, name: str, where: Where | None = None) -> pd.DataFrame:
        """Like :meth:`read`, plus each row's ``version`` (for an editor to save against).

        The rows in force come from :meth:`in_force_query`, fetched
        :data:`READ_CHUNK_ROWS` at a time and typed chunk by chunk; equal texts of
        a column are one shared string, so a large table holds each distinct text once.
        """
        spec = TABLES[name]
        names = [*spec.column_names, "version"]
        shared: dict[str, dict[object, object]] = {
            c.name: {} for c in spec.columns if c.dtype == "str"
        }
        chunks: list[pd.DataFrame] = []
        query = self.in_force_query(name, city, where=where)
        with self.engine.connect() as conn:
            result = conn.execution_options(stream_results=True).execute(query)
            while rows := result.fetchmany(READ_CHUNK_ROWS):
                columns = list(zip(*rows, strict=True))
                chunk: dict[str, object] = {}
                for i, column in enumerate(names):
                    if column in shared:
                        seen = shared[column]
                        chunk[column] = pd.Series(
                            [seen.setdefault(v, v) for v in columns[i]], dtype=object
                        )
                    else:
                        chunk[column] = columns[i]
                chunks.append(_typed(pd.DataFrame(chunk, columns=names), name, copy=False))
        if not chunks:
            chunks.append(_typed(pd.DataFrame(columns=names), name, copy=False))
        typed = chunks[0] if len(chunks) == 1 else pd.concat(chunks, ignore_index=True)
        typed["version"] = pd.to_numeric(typed["version"]).astype("int64")
        return typed

    def read_city(self, city: str) -> dict[str, pd.DataFrame]:
        return {name: self.read(city, name) for name in TABLES}

    # -- user changes ------------------------------------------------------
    def _stored_rows(
        self, conn: sa.Connection, city: str, name: str, keys: Sequence[tuple[object, ...]]
    ) -> dict[tuple[object, ...], dict[str, sa.RowMapping]]:
        """The shipped and user rows stored under each of ``keys``: one query per chunk.

        Keys are grouped by which of their columns are empty, so every query
        is an index lookup on (city, key columns, origin) with ``IS NULL``
        for the empty columns and ``IN`` for the others.
        """
        spec = TABLES[name]
        table = self.tables[name]
        groups: dict[tuple[bool, ...], list[tuple[object, ...]]] = {}
        for key in keys:
            groups.setdefault(tuple(v is None for v in key), []).append(key)
        found: dict[tuple[object, ...], dict[str, sa.RowMapping]] = {}
        for pattern, members in groups.items():
            present = [table.c[k] for k, empty in zip(spec.key, pattern, strict=True) if not empty]
            empty = [table.c[k].is_(None) for k, e in zip(spec.key, pattern, strict=True) if e]
            chunks = _chunks(members) if present else [members[:1]]
            for chunk in chunks:
                values = [_present(k, pattern) for k in chunk]
                if present and conn.dialect.name in {"postgresql", "sqlite"}:
                    rows = _lookup(conn, table, city, pattern, spec.key, values)
                else:
                    query = sa.select(table).where(table.c.city == city, *empty)
                    if present:
                        query = query.where(sa.tuple_(*present).in_(values))
                    rows = list(conn.execute(query).mappings())
                for row in rows:
                    found.setdefault(_key_tuple(row, spec.key), {})[row["origin"]] = row
        return found

    def _current(
        self, conn: sa.Connection, city: str, name: str, key: Record
    ) -> tuple[Record | None, int | None]:
        """The row in force under ``key`` and its version; ``(None, version)`` when deleted."""
        spec = TABLES[name]
        key_tuple = tuple(plain(key[k]) for k in spec.key)
        rows = self._stored_rows(conn, city, name, [key_tuple]).get(key_tuple, {})
        return _in_force(rows, spec.column_names)

    def _last_writers(
        self, conn: sa.Connection, city: str, name: str, keys: list[Record]
    ) -> dict[str, tuple[str, str]]:
        """Who last wrote each row and when, from the audit log, by the row key's JSON."""
        found: dict[str, tuple[str, str]] = {}
        for chunk in _chunks({to_json(k) for k in keys}):
            query = (
                sa.select(self.audit.c.row_key, self.audit.c.who, self.audit.c.at)
                .where(
                    self.audit.c.city == city,
                    self.audit.c.table_name == name,
                    self.audit.c.row_key.in_(chunk),
                )
                .order_by(self.audit.c.entry_id)
            )
            for row in conn.execute(query):
                found[row.row_key] = (row.who, row.at)
        return found

    def apply_changes(
        self,
        city: str,
        name: str,
        changes: Iterable[Change],
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
        (:mod:`safetynet.editing.plans`); this only writes. ``changes`` may be
        a stream (an iterable that is not a sequence, e.g. a generator over an
        imported file): it is read a chunk at a time and written (audit
        included) as it comes, so a save of millions of rows is never held
        whole; it must list deletes, then changes, then adds.
        """
        get_city(city)
        with self.write_transaction() as conn:
            return self._apply(conn, city, name, changes, who, reason, check_versions, reverts)

    def _apply(
        self,
        conn: sa.Connection,
        city: str,
        name: str,
        changes: Iterable[Change],
        who: str,
        reason: str | None,
        check_versions: bool,
        reverts: int | None,
    ) -> int:
        """:meth:`apply_changes` inside a write transaction: per chunk of keys, one read,
        then one statement each for the rows to delete, update and insert; then the audit."""
        spec = TABLES[name]
        columns = spec.column_names
        table = self.tables[name]
        revision = self.next_revision(conn)
        # deletes, then changes, then adds: a key can be freed and re-used in one save
        if isinstance(changes, Sequence):
            changes = sorted(changes, key=lambda c: ACTION_ORDER[c.action])
        else:  # a stream is never held whole; it comes in that order (checked as it is read)
            changes = _in_action_order(changes)
        conflicts: list[Change] = []
        at = now_iso()
        # Chunk by chunk, in that order: each chunk reads the rows of its keys as this
        # save has left them so far, so a key freed by an earlier change can be re-used.
        for chunk in _chunks(changes):
            by_key: dict[tuple[object, ...], list[Change]] = {}
            for change in chunk:
                by_key.setdefault(tuple(plain(change.key[k]) for k in spec.key), []).append(change)
            keys = list(by_key)
            stored = self._stored_rows(conn, city, name, keys)
            if check_versions:
                for key in keys:
                    current, version = _in_force(stored.get(key, {}), columns)
                    for change in by_key[key]:
                        clash = (
                            current is not None
                            if change.old is None
                            else current is None or version != change.version
                        )
                        if clash:
                            conflicts.append(change)
                        # a later change of the same key in this save starts from this one
                        new = change.new
                        current = plain_record(new, columns) if new is not None else None
                        version = revision
            if not conflicts:  # after a conflict nothing more is written (and all rolls back)
                self._write_chunk(conn, table, city, columns, keys, by_key, stored, revision)
                entries = [
                    _audit_entry(change, columns, at, who, city, name, reason, revision, reverts)
                    for change in chunk
                ]
                _bulk_insert(conn, self.audit, list(entries[0]), entries)
        if conflicts:
            writers = self._last_writers(conn, city, name, [c.key for c in conflicts])
            raise ConflictError(
                [Conflict(c.key, *writers.get(to_json(c.key), (None, None))) for c in conflicts]
            )
        return revision

    def _write_chunk(
        self,
        conn: sa.Connection,
        table: sa.Table,
        city: str,
        columns: list[str],
        keys: list[tuple[object, ...]],
        by_key: dict[tuple[object, ...], list[Change]],
        stored: dict[tuple[object, ...], dict[str, sa.RowMapping]],
        revision: int,
    ) -> None:
        """Make each key's last change the row in force: user rows deleted, updated, inserted.

        A user row holds what differs from the shipped row: a changed row, or a
        tombstone keeping the deleted shipped row's values for reference. A
        change back to the shipped values (or a delete of a row only a user
        added) leaves no user row.
        """
        deletes: list[int] = []
        updates: list[dict[str, object]] = []
        inserts: list[dict[str, object]] = []
        for key in keys:
            rows = stored.get(key, {})
            shipped, user = rows.get(SHIPPED), rows.get(USER)
            shipped_record = plain_record(dict(shipped), columns) if shipped is not None else None
            last = by_key[key][-1].new
            new = plain_record(last, columns) if last is not None else None
            values: dict[str, object] | None
            if new is None and shipped_record is None or new is not None and new == shipped_record:
                values = None  # the shipped row (or no row) is in force
            elif new is None:
                values = {**shipped_record, "deleted": True}  # type: ignore[dict-item]
            else:
                values = {**new, "deleted": False}
            if values is not None:
                values.update(version=revision, base_hash=row_hash(shipped_record))
            if user is not None and values is None:
                deletes.append(user["row_id"])
            elif user is not None:
                updates.append(
                    {f"b_{k}": v for k, v in values.items()} | {"b_row_id": user["row_id"]}
                )
            elif values is not None:
                inserts.append({"city": city, "origin": USER, **values})
        if deletes:
            conn.execute(sa.delete(table).where(table.c.row_id.in_(deletes)))
        names = [*columns, "deleted", "version", "base_hash"]
        if updates:
            _bulk_update(
                conn,
                table,
                names,
                [[u[f"b_{n}"] for n in names] + [u["b_row_id"]] for u in updates],
            )
        if inserts:
            _bulk_insert(conn, table, ["city", "origin", *names], inserts)

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
        records = [plain_record(r, spec.column_names) for r in _records(typed, city, USER)]
        with self.write_transaction() as conn:
            changes = []
            for chunk in _chunks(records):
                keys = [tuple(r[k] for k in spec.key) for r in chunk]
                stored = self._stored_rows(conn, city, name, keys)
                for key, new in zip(keys, chunk, strict=True):
                    old, version = _in_force(stored.get(key, {}), spec.column_names)
                    if old != new:
                        changes.append(
                            Change(dict(zip(spec.key, key, strict=True)), old, new, version)
                        )
            if changes:
                self._apply(conn, city, name, changes, who, reason, False, None)
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

    def row_counts(self) -> dict[str, dict[str, int]]:
        """Stored rows per table and city (user rows and tombstones included)."""
        counts: dict[str, dict[str, int]] = {}
        with self.engine.connect() as conn:
            for name, table in self.tables.items():
                query = sa.select(table.c.city, sa.func.count()).group_by(table.c.city)
                counts[name] = dict(conn.execute(query).all())
            for name, table in (
                ("planner_scenarios", self.scenarios),
                ("age_band_sets", self.band_sets),
                ("audit_log", self.audit),
            ):
                query = sa.select(table.c.city, sa.func.count()).group_by(table.c.city)
                counts[name] = dict(conn.execute(query).all())
        return counts

    # -- audit ---------------------------------------------------------------
    def append_audit(
        self,
        conn: sa.Connection,
        *,
        city: str,
        table_name: str,
        key: Record,
        old: Record | None,
        new: Record | None,
        who: str,
        revision: int,
        action: str | None = None,
        reason: str | None = None,
        reverts: int | None = None,
    ) -> None:
        """One entry in the audit log, in the caller's write transaction."""
        conn.execute(
            sa.insert(self.audit).values(
                at=now_iso(),
                who=who,
                city=city,
                table_name=table_name,
                row_key=to_json(key),
                action=action or action_of(old, new),
                old=to_json(old),
                new=to_json(new),
                reason=reason or None,
                revision=revision,
                reverts=reverts,
            )
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


def _lookup(
    conn: sa.Connection,
    table: sa.Table,
    city: str,
    pattern: tuple[bool, ...],
    key: Sequence[str],
    values: list[tuple[object, ...]],
) -> list[sa.RowMapping]:
    """The rows under ``values`` (the non-empty key columns of ``pattern``), one key-index seek
    per key, in one statement written for the engine.

    PostgreSQL: the keys as one array per column (a few parameters, whatever
    their number) and a LATERAL subquery per key (a plain join lets the
    planner hash the whole city when its statistics are older than the rows
    this transaction has just written). SQLite: the keys as a VALUES table
    joined to the table (with a row-value IN list SQLite uses only the city
    index). The SQL is written here rather than built by SQLAlchemy, whose
    compilation of 500 keys costs more than the query.
    """
    present = [k for k, empty in zip(key, pattern, strict=True) if not empty]
    aliases = ", ".join(f"k{i}" for i in range(len(present)))
    conditions = " AND ".join(
        [
            "t.city = {city}",
            *(f't."{k}" IS NULL' for k, empty in zip(key, pattern, strict=True) if empty),
            *(f't."{k}" = keys.k{i}' for i, k in enumerate(present)),
        ]
    )
    if conn.dialect.name == "postgresql":
        types = [table.c[k].type.compile(dialect=conn.dialect) for k in present]
        arrays = ", ".join(f"%s::{t}[]" for t in types)
        sql = (
            f"SELECT t.* FROM unnest({arrays}) AS keys({aliases}) CROSS JOIN LATERAL "
            f'(SELECT * FROM "{table.name}" AS t WHERE {conditions.format(city="%s")}) AS t'
        )
        params = (*([v[i] for v in values] for i in range(len(present))), city)
    else:
        row = "(" + ", ".join("?" * len(present)) + ")"
        sql = (
            f"WITH keys({aliases}) AS (VALUES {', '.join([row] * len(values))}) "
            f'SELECT t.* FROM keys JOIN "{table.name}" AS t ON {conditions.format(city="?")}'
        )
        params = (*(v for value in values for v in value), city)
    return list(conn.exec_driver_sql(sql, params).mappings())


PAGE_ROWS = 1000  # rows per multi-row statement on PostgreSQL


def _bulk_insert(
    conn: sa.Connection, table: sa.Table, columns: list[str], rows: list[dict[str, object]]
) -> None:
    """Insert many rows with few statements: the driver's executemany or multi-row VALUES.

    SQLAlchemy's generic executemany builds its parameters row by row in
    Python; for imports of 10^5 rows and more that dominates, so the rows go
    as plain tuples: to ``sqlite3``'s ``executemany``, or on PostgreSQL as
    one ``INSERT … VALUES (…), (…)`` per page of rows. The values are plain
    Python (str, int, float, bool, None), which both drivers take as they are.
    """
    names = ", ".join(f'"{c}"' for c in columns)
    values = [tuple(row[c] for c in columns) for row in rows]
    if conn.dialect.name == "sqlite":
        marks = ", ".join("?" * len(columns))
        conn.exec_driver_sql(f'INSERT INTO "{table.name}" ({names}) VALUES ({marks})', values)
    elif conn.dialect.driver == "psycopg2":
        row = "(" + ", ".join(["%s"] * len(columns)) + ")"
        for page in _chunks(values, PAGE_ROWS):
            conn.exec_driver_sql(
                f'INSERT INTO "{table.name}" ({names}) VALUES ' + ", ".join([row] * len(page)),
                tuple(v for r in page for v in r),
            )
    else:
        conn.execute(sa.insert(table), [{c: row[c] for c in columns} for row in rows])


def _bulk_update(
    conn: sa.Connection, table: sa.Table, columns: list[str], rows: list[list[object]]
) -> None:
    """Update many rows by ``row_id``: each row is the new values of ``columns``, then its id."""
    if conn.dialect.name == "sqlite":
        assignments = ", ".join(f'"{c}" = ?' for c in columns)
        conn.exec_driver_sql(
            f'UPDATE "{table.name}" SET {assignments} WHERE row_id = ?', [tuple(r) for r in rows]
        )
    elif conn.dialect.driver == "psycopg2":
        # UPDATE … FROM (VALUES …): one statement per page; casts give NULLs their column's type
        types = [table.c[c].type.compile(dialect=conn.dialect) for c in [*columns, "row_id"]]
        aliases = ", ".join(f"c{i}" for i in range(len(types)))
        assignments = ", ".join(f'"{c}" = v.c{i}::{types[i]}' for i, c in enumerate(columns))
        row = "(" + ", ".join(["%s"] * len(types)) + ")"
        last = len(columns)
        for page in _chunks(rows, PAGE_ROWS):
            conn.exec_driver_sql(
                f'UPDATE "{table.name}" AS t SET {assignments} FROM (VALUES '
                + ", ".join([row] * len(page))
                + f") AS v({aliases}) WHERE t.row_id = v.c{last}::{types[last]}",
                tuple(v for r in page for v in r),
            )
    else:
        statement = (
            sa.update(table)
            .where(table.c.row_id == sa.bindparam("b_row_id"))
            .values({c: sa.bindparam(f"b_{c}") for c in columns})
        )
        conn.execute(
            statement,
            [
                {**{f"b_{c}": v for c, v in zip(columns, r, strict=False)}, "b_row_id": r[-1]}
                for r in rows
            ],
        )


def _one_of(column: sa.ColumnElement, values: Sequence[object]) -> sa.ColumnElement[bool]:
    """``column IN values``; ``None`` among the values keeps empty cells too."""
    present = [v for v in values if v is not None]
    test = column.in_(present)
    return sa.or_(test, column.is_(None)) if len(present) < len(values) else test


def _in_action_order(changes: Iterable[Change]) -> Iterator[Change]:
    """The changes of a streamed save as they come, checked to list deletes, then
    changes, then adds (the order a listed save is sorted into)."""
    last = 0
    for change in changes:
        rank = ACTION_ORDER[change.action]
        if rank < last:
            raise ValueError("a streamed save lists deletes, then changes, then adds")
        last = rank
        yield change


def _audit_entry(
    change: Change,
    columns: list[str],
    at: str,
    who: str,
    city: str,
    name: str,
    reason: str | None,
    revision: int,
    reverts: int | None,
) -> dict[str, object]:
    """The audit log's row for one change of a save."""
    new = plain_record(change.new, columns) if change.new is not None else None
    old = plain_record(change.old, columns) if change.old is not None else None
    return {
        "at": at,
        "who": who,
        "city": city,
        "table_name": name,
        "row_key": to_json(change.key),
        "action": change.action,
        "old": to_json(old),
        "new": to_json(new),
        "reason": reason or None,
        "revision": revision,
        "reverts": reverts,
    }


def _key_tuple(row: object, key: Sequence[str]) -> tuple[object, ...]:
    return tuple(row[k] for k in key)  # type: ignore[index]


def _present(key: tuple[object, ...], pattern: tuple[bool, ...]) -> tuple[object, ...]:
    return tuple(v for v, empty in zip(key, pattern, strict=True) if not empty)


def _in_force(
    rows: dict[str, sa.RowMapping], columns: list[str]
) -> tuple[Record | None, int | None]:
    """The row in force among a key's stored rows (user over shipped) and its version."""
    row = rows.get(USER) or rows.get(SHIPPED)
    if row is None:
        return None, None
    if row["deleted"]:
        return None, row["version"]
    return plain_record(dict(row), columns), row["version"]


def _records(frame: pd.DataFrame, city: str, origin: str) -> list[dict[str, object]]:
    clean = frame.astype(object).where(frame.notna(), None)
    records = clean.to_dict(orient="records")
    for record in records:
        record["city"] = city
        record["origin"] = origin
    return records


def _typed(frame: pd.DataFrame, name: str, *, copy: bool = True) -> pd.DataFrame:
    if copy:
        frame = frame.copy()
    for col in TABLES[name].columns:
        if col.dtype == "int":
            frame[col.name] = pd.to_numeric(frame[col.name]).astype("Int64")
        elif col.dtype == "float":
            frame[col.name] = pd.to_numeric(frame[col.name]).astype(float)
        else:
            frame[col.name] = frame[col.name].astype(object).where(frame[col.name].notna(), None)
    return frame
