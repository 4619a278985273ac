"""The data store every page reads through: SQLite by default, any SQLAlchemy URL by choice.

On first start the store is created and filled from ``data/``. It records a
schema version, and later releases upgrade it through :data:`MIGRATIONS`
instead of breaking it. Rows carry an ``origin``: shipped rows are replaced
when a release ships updated CSV files; rows a user entered are never touched
by that, and win over a shipped row with the same key when read.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import sqlalchemy as sa

from safetynet import DATA_DIR, PROJECT_ROOT
from safetynet.cities import CITIES, get_city
from safetynet.loading import read_raw_tables, shipped_fingerprint
from safetynet.scenarios import scenario_table
from safetynet.schemas import TABLES, sql_table
from safetynet.validation import DataValidationError, Problem, validate_city, validate_schema

log = logging.getLogger(__name__)

ENV_URL = "SAFETYNET_DATABASE_URL"
DEFAULT_DB_PATH = PROJECT_ROOT / "var" / "safetynet.sqlite"
SCHEMA_VERSION = 1

# Upgrade steps: MIGRATIONS[n] takes a store at version n - 1 to version n.
# Version 1 is the initial schema, created by ``metadata.create_all``.
MIGRATIONS: dict[int, Callable[[sa.Connection], None]] = {}

SHIPPED, USER = "shipped", "user"


def database_url() -> str:
    """The configured SQLAlchemy URL: ``$SAFETYNET_DATABASE_URL`` or the local SQLite file."""
    return os.environ.get(ENV_URL) or f"sqlite:///{DEFAULT_DB_PATH}"


class StoreVersionError(RuntimeError):
    """The database was written by a newer release than this one."""


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
        # Problems of shipped data that was refused at start, per city.
        self.refused: dict[str, list[Problem]] = {}

    @classmethod
    def open(cls, url: str | None = None, data_dir: Path = DATA_DIR) -> Store:
        """Open (and on first use create and fill) the store at ``url``."""
        url = url or database_url()
        if url.startswith("sqlite:///"):
            Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        store = cls(sa.create_engine(url), data_dir)
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
            for name, table in self.tables.items():
                conn.execute(
                    sa.delete(table).where(table.c.city == slug, table.c.origin == SHIPPED)
                )
                records = _records(typed[name], slug, SHIPPED)
                if records:
                    conn.execute(sa.insert(table), records)
            self._set_meta(conn, f"shipped:{slug}", shipped_fingerprint(self.data_dir, slug))

    # -- reading and user rows -------------------------------------------
    def read(self, city: str, name: str) -> pd.DataFrame:
        """One table of one city, typed as its spec says; user rows win over shipped ones."""
        spec = TABLES[name]
        table = self.tables[name]
        query = sa.select(table).where(table.c.city == city).order_by(table.c.row_id)
        with self.engine.connect() as conn:
            frame = pd.read_sql(query, conn)
        user = frame["origin"] == USER
        if user.any():
            frame = pd.concat([frame[~user], frame[user]]).drop_duplicates(
                list(spec.key), keep="last"
            )
            frame = frame.sort_values("row_id")
        frame = frame[spec.column_names].reset_index(drop=True)
        return _typed(frame, name)

    def read_city(self, city: str) -> dict[str, pd.DataFrame]:
        return {name: self.read(city, name) for name in TABLES}

    def save_user_rows(self, city: str, name: str, frame: pd.DataFrame) -> int:
        """Store rows a user entered; they survive every later update of shipped data.

        The rows are checked against the table's schema first; on any problem
        nothing is written and :class:`DataValidationError` lists them.
        """
        get_city(city)
        spec = TABLES[name]
        raw = frame.astype("string").astype(object).where(frame.notna(), None)
        typed, problems = validate_schema(name, raw)
        if problems or typed is None:
            raise DataValidationError(city, problems)
        table = self.tables[name]
        with self.engine.begin() as conn:
            for record in _records(typed, city, USER):
                key = [table.c[k] == record[k] for k in spec.key]
                conn.execute(
                    sa.delete(table).where(table.c.city == city, table.c.origin == USER, *key)
                )
                conn.execute(sa.insert(table), [record])
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
