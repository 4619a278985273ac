"""Where case records live: a DuckDB file beside today's store, or PostgreSQL; read via Ibis.

- Default: ``var/cases.duckdb``, beside the SQLite store (or beside whatever
  SQLite file ``$SAFETYNET_DATABASE_URL`` names), created on first use: zero set-up.
- When ``$SAFETYNET_DATABASE_URL`` names PostgreSQL, the case tables live in
  that database (tables ``case_*``), so a shared deployment has one place.
- ``$SAFETYNET_CASES_URL`` overrides both (``duckdb:///path`` or a PostgreSQL URL).

Queries are Ibis expressions (:mod:`safetynet.cases.queries`), compiled for
whichever backend this connects to; a ministry-wide deployment can point
the same expressions at Trino or Spark (see README). Writes do not go
through Ibis, which has no multi-statement transactions: the repository uses
the backend's own connection (DuckDB's, or psycopg's), so an import is one
``BEGIN … COMMIT`` and bulk rows go in by Arrow scan (DuckDB) or ``COPY``
(PostgreSQL).

DuckDB lets one process write a file at a time: while the app holds the
store open, a command-line import from another process is refused with a
message saying so (use the page, or PostgreSQL for a shared deployment).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import ibis
import sqlalchemy as sa

from safetynet import PROJECT_ROOT
from safetynet.cases.privacy import load_key

CASES_URL_ENV = "SAFETYNET_CASES_URL"
DATABASE_URL_ENV = "SAFETYNET_DATABASE_URL"
DEFAULT_DIR = PROJECT_ROOT / "var"
DUCKDB_FILE = "cases.duckdb"
KEY_FILE = "case_key"
SCHEMA_VERSION = 1

RECORDS, RISKS, MEMBERS, IMPORTS, META = (
    "case_records",
    "case_risk_types",
    "case_members",
    "case_imports",
    "case_meta",
)
REAL, DEMO = "real", "demo"

RECORD_COLUMNS: tuple[tuple[str, str], ...] = (
    ("city", "VARCHAR(32) NOT NULL"),
    ("dataset", "VARCHAR(8) NOT NULL"),
    ("case_key", "VARCHAR(32) NOT NULL"),
    ("district_code", "VARCHAR(16) NOT NULL"),
    ("centre_id", "VARCHAR(32) NOT NULL"),
    ("referral_date", "DATE NOT NULL"),
    ("referral_source", "VARCHAR(32) NOT NULL"),
    ("opened_date", "DATE"),
    ("closed_date", "DATE"),
    ("close_reason", "VARCHAR(32)"),
    ("main_risk_type", "VARCHAR(32) NOT NULL"),
    ("vulnerability", "VARCHAR(8) NOT NULL"),
    ("proactive", "BOOLEAN NOT NULL"),
    ("household_size", "SMALLINT"),
    ("row_hash", "BIGINT NOT NULL"),
    ("import_id", "INTEGER NOT NULL"),
)
RISK_COLUMNS: tuple[tuple[str, str], ...] = (
    ("city", "VARCHAR(32) NOT NULL"),
    ("dataset", "VARCHAR(8) NOT NULL"),
    ("case_key", "VARCHAR(32) NOT NULL"),
    ("risk_type", "VARCHAR(32) NOT NULL"),
)
MEMBER_COLUMNS: tuple[tuple[str, str], ...] = (
    ("city", "VARCHAR(32) NOT NULL"),
    ("dataset", "VARCHAR(8) NOT NULL"),
    ("case_key", "VARCHAR(32) NOT NULL"),
    ("member_no", "SMALLINT NOT NULL"),
    ("role", "VARCHAR(32) NOT NULL"),
    ("age", "SMALLINT NOT NULL"),
    ("sex", "VARCHAR(1) NOT NULL"),
    ("disability", "BOOLEAN"),
    ("indigenous", "BOOLEAN"),
    ("row_hash", "BIGINT NOT NULL"),
)
IMPORT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("import_id", "INTEGER NOT NULL PRIMARY KEY"),
    ("imported_at", "VARCHAR(32) NOT NULL"),
    ("who", "VARCHAR(200) NOT NULL"),
    ("city", "VARCHAR(32) NOT NULL"),
    ("dataset", "VARCHAR(8) NOT NULL"),
    ("action", "VARCHAR(16) NOT NULL"),
    ("file_name", "VARCHAR(500)"),
    ("period_from", "DATE"),
    ("period_to", "DATE"),
    ("format_version", "INTEGER"),
    ("cases_added", "INTEGER NOT NULL"),
    ("cases_changed", "INTEGER NOT NULL"),
    ("cases_removed", "INTEGER NOT NULL"),
    ("members_added", "INTEGER NOT NULL"),
    ("members_changed", "INTEGER NOT NULL"),
    ("members_removed", "INTEGER NOT NULL"),
    ("cases_total", "INTEGER NOT NULL"),
    ("members_total", "INTEGER NOT NULL"),
)
# Primary keys are declared on PostgreSQL; DuckDB checks them eagerly within a transaction
# (a delete and re-insert of one key fails) and they slow bulk loads, so there the
# repository's own checks (no duplicate case or member in a file, replace-then-insert)
# keep keys unique, and the tests assert it.
PRIMARY_KEYS = {
    RECORDS: ("city", "dataset", "case_key"),
    RISKS: ("city", "dataset", "case_key", "risk_type"),
    MEMBERS: ("city", "dataset", "case_key", "member_no"),
}
TABLE_COLUMNS = {
    RECORDS: RECORD_COLUMNS,
    RISKS: RISK_COLUMNS,
    MEMBERS: MEMBER_COLUMNS,
    IMPORTS: IMPORT_COLUMNS,
    META: (("key", "VARCHAR(64) NOT NULL PRIMARY KEY"), ("value", "VARCHAR(200) NOT NULL")),
}


class CaseStoreBusyError(RuntimeError):
    """The DuckDB file is open for writing in another process (usually the running app)."""


class CaseStoreNotSetUpError(RuntimeError):
    """The case tables do not exist and this database role may not create them
    (a viewers' app on a read-only role before the owner ran ``migrate``)."""


def case_store_url(main_url: str | None = None) -> str:
    """The case store's URL: ``$SAFETYNET_CASES_URL``, the PostgreSQL store, or DuckDB beside it.

    ``main_url`` is the main store's URL (default ``$SAFETYNET_DATABASE_URL``).
    """
    if os.environ.get(CASES_URL_ENV):
        return os.environ[CASES_URL_ENV]
    main = main_url or os.environ.get(DATABASE_URL_ENV, "")
    if main.startswith("postgresql"):
        return main
    if main.startswith("sqlite:///"):
        return f"duckdb:///{Path(main.removeprefix('sqlite:///')).parent / DUCKDB_FILE}"
    return f"duckdb:///{DEFAULT_DIR / DUCKDB_FILE}"


@dataclass
class CaseEngine:
    """An open case store: the Ibis backend, which kind it is, and where its key lives."""

    con: ibis.BaseBackend
    kind: str  # "duckdb" or "postgres"
    key_file: Path
    url: str

    def key(self) -> bytes:
        return load_key(self.key_file)

    def table(self, name: str) -> ibis.Table:
        return self.con.table(name)

    @property
    def raw(self):  # the DB-API connection (duckdb or psycopg)
        return self.con.con

    def close(self) -> None:
        self.con.disconnect()


def _ddl(name: str, kind: str) -> str:
    columns = [f"{c} {t}" for c, t in TABLE_COLUMNS[name]]
    if kind == "postgres" and name in PRIMARY_KEYS:
        columns.append(f"PRIMARY KEY ({', '.join(PRIMARY_KEYS[name])})")
    return f"CREATE TABLE IF NOT EXISTS {name} ({', '.join(columns)})"


@contextlib.contextmanager
def transaction(engine: CaseEngine) -> Iterator[object]:
    """One ``BEGIN … COMMIT`` on the backend's own connection; rolled back on any error.

    Yields a cursor whose ``execute`` takes ``?`` (DuckDB) or ``%s`` (psycopg)
    placeholders: use :func:`sql` to write a statement once for both.
    """
    if engine.kind == "postgres":
        with engine.raw.transaction(), engine.raw.cursor() as cur:
            yield cur
        return
    cur = engine.raw.cursor()
    cur.begin()
    try:
        yield cur
    except BaseException:
        cur.rollback()
        raise
    else:
        cur.commit()
    finally:
        cur.close()


def run(engine: CaseEngine, cur, statement: str, params: list | None = None) -> list[tuple]:
    """Execute one statement written with ``?`` placeholders; return its rows (fetched whole).

    DuckDB refuses further work on a connection while a result is unfetched,
    so every statement's result is read here.
    """
    cur.execute(sql(engine, statement), params or [])
    if engine.kind == "postgres":
        return cur.fetchall() if cur.description else []
    return cur.fetchall()


def sql(engine: CaseEngine, statement: str) -> str:
    """A statement written with ``?`` placeholders, for this engine's driver."""
    return statement.replace("?", "%s") if engine.kind == "postgres" else statement


def _schema_ready(engine: CaseEngine) -> bool:
    """Whether every case table exists at this release's schema version (reads only)."""
    cur = engine.raw.cursor()
    try:
        found = {
            row[0]
            for row in run(
                engine,
                cur,
                "SELECT table_name FROM information_schema.tables WHERE table_name IN "
                "(?, ?, ?, ?, ?)",
                [META, IMPORTS, RECORDS, RISKS, MEMBERS],
            )
        }
        if found != {META, IMPORTS, RECORDS, RISKS, MEMBERS}:
            return False
        rows = run(engine, cur, "SELECT value FROM case_meta WHERE key = 'schema_version'")
        return bool(rows) and rows[0][0] == str(SCHEMA_VERSION)
    finally:
        if engine.kind == "postgres":
            engine.raw.rollback()  # end the read's implicit transaction
        cur.close()


def _ensure_schema(engine: CaseEngine) -> None:
    """Create the case tables on first use; opening a store that has them writes nothing,
    so a read-only database role (the viewers' app) can open it."""
    if _schema_ready(engine):
        return
    try:
        _create_schema(engine)
    except Exception as err:  # psycopg InsufficientPrivilege, DuckDB read-only
        if engine.kind == "postgres":
            engine.raw.rollback()
        if "permission denied" in str(err).lower() or "read-only" in str(err).lower():
            raise CaseStoreNotSetUpError(str(err).splitlines()[0]) from err
        raise


def _create_schema(engine: CaseEngine) -> None:
    with transaction(engine) as cur:
        if engine.kind == "postgres":
            # Several app processes may start at once: one creates, the others wait.
            run(engine, cur, "SELECT pg_advisory_xact_lock(726354)")
        for name in (META, IMPORTS, RECORDS, RISKS, MEMBERS):
            run(engine, cur, _ddl(name, engine.kind))
        run(
            engine,
            cur,
            "INSERT INTO case_meta (key, value) SELECT 'schema_version', ? "
            "WHERE NOT EXISTS (SELECT 1 FROM case_meta WHERE key = 'schema_version')",
            [str(SCHEMA_VERSION)],
        )


def _postgres(url: str) -> ibis.BaseBackend:
    parsed = sa.engine.make_url(url)
    return ibis.postgres.connect(
        host=parsed.host or "localhost",
        port=parsed.port or 5432,
        user=parsed.username,
        password=parsed.password,
        database=parsed.database,
    )


def open_case_store(url: str | None = None, key_file: Path | None = None) -> CaseEngine:
    """Open (and on first use create) the case store at ``url`` (default :func:`case_store_url`)."""
    url = url or case_store_url()
    if url.startswith("duckdb:"):
        path = Path(url.removeprefix("duckdb:///").removeprefix("duckdb://"))
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            con = ibis.duckdb.connect(str(path))
        except Exception as err:  # duckdb.IOException: the file is locked by another process
            if "lock" in str(err).lower():
                raise CaseStoreBusyError(str(path)) from err
            raise
        engine = CaseEngine(con, "duckdb", key_file or path.parent / KEY_FILE, url)
    elif url.startswith("postgresql"):
        engine = CaseEngine(_postgres(url), "postgres", key_file or DEFAULT_DIR / KEY_FILE, url)
    else:
        raise ValueError(f"the case store must be DuckDB or PostgreSQL, not {url.split(':')[0]}")
    _ensure_schema(engine)
    return engine


def store_size_bytes(engine: CaseEngine) -> int:
    """Bytes the case store takes on disk (the DuckDB file, or the PostgreSQL tables)."""
    if engine.kind == "duckdb":
        path = Path(engine.url.removeprefix("duckdb:///").removeprefix("duckdb://"))
        wal = path.with_name(path.name + ".wal")
        return path.stat().st_size + (wal.stat().st_size if wal.exists() else 0)
    with engine.raw.cursor() as cur:
        cur.execute(
            "SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c "
            "WHERE c.relname = ANY(%s) AND c.relkind = 'r'",
            ([RECORDS, RISKS, MEMBERS, IMPORTS, META],),
        )
        size = cur.fetchone()[0]
    return int(size or 0)
