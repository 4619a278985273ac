"""Backups and restores of the store, on SQLite and on PostgreSQL, while the app runs.

SQLite: SQLite's online backup API, never a file copy. A file copy of a
database in WAL mode can miss the pages still in the ``-wal`` file or catch a
half-written page; the backup API copies a consistent snapshot while the app
keeps running, and a restore copies the backup back the same way (writers
wait for it, readers see the restored store afterwards).

PostgreSQL: ``pg_dump --format=custom`` (a consistent snapshot; it needs only
read access) and ``pg_restore --clean --if-exists --single-transaction``
(as the database owner; readers keep the old tables until it commits). The
client programs come from ``$PATH`` or Debian's ``/usr/lib/postgresql/*/bin``.
"""

from __future__ import annotations

import glob
import os
import shutil
import sqlite3
import subprocess
from datetime import datetime
from pathlib import Path

import sqlalchemy as sa

from safetynet import PROJECT_ROOT

BACKUP_DIR = PROJECT_ROOT / "var" / "backups"


def sqlite_path(url: str) -> Path:
    """The file of a ``sqlite:///`` URL; ``ValueError`` for any other database."""
    if not url.startswith("sqlite:///"):
        raise ValueError(f"not a SQLite store: {sa.make_url(url).drivername}")
    return Path(url.removeprefix("sqlite:///"))


def is_postgresql(url: str) -> bool:
    return sa.make_url(url).get_backend_name() == "postgresql"


def default_target(url: str = "sqlite:///", now: datetime | None = None) -> Path:
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    suffix = "pgdump" if is_postgresql(url) else "sqlite"
    return BACKUP_DIR / f"safetynet-{stamp}.{suffix}"


def pg_tool(name: str) -> str:
    """The path of a PostgreSQL client program (``pg_dump``, ``pg_restore``)."""
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if not candidates:
        raise FileNotFoundError(
            f"{name} is not installed (Debian: apt-get install postgresql-client)"
        )
    return candidates[-1]


def _pg_args(url: str) -> tuple[list[str], dict[str, str]]:
    """Options for the PostgreSQL client programs; the password goes in the environment."""
    parsed = sa.make_url(url)
    args = ["--dbname", parsed.database or ""]
    if parsed.host:
        args += ["--host", parsed.host]
    if parsed.port:
        args += ["--port", str(parsed.port)]
    if parsed.username:
        args += ["--username", parsed.username]
    env = {**os.environ}
    if parsed.password:
        env["PGPASSWORD"] = str(parsed.password)
    return args, env


def _run(command: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"{Path(command[0]).name} failed: {result.stderr.strip()}")


def backup_store(url: str, target: Path | None = None) -> Path:
    """Copy the store at ``url`` to ``target`` (default ``var/backups/…``) and check the copy.

    Returns the path written. Raises ``FileNotFoundError`` when there is no
    store, ``FileExistsError`` rather than overwrite a file, and
    ``RuntimeError`` when the copy fails (SQLite: its integrity check).
    """
    target = Path(target or default_target(url))
    if target.exists():
        raise FileExistsError(f"{target} exists; choose another file")
    target.parent.mkdir(parents=True, exist_ok=True)
    if is_postgresql(url):
        args, env = _pg_args(url)
        _run([pg_tool("pg_dump"), "--format=custom", "--file", str(target), *args], env)
        return target
    source = sqlite_path(url)
    if not source.is_file():
        raise FileNotFoundError(f"{source}: no store to back up")
    _sqlite_copy(source, target)
    return target


def restore_store(url: str, backup: Path) -> None:
    """Put the store at ``url`` back as it was in ``backup`` (made by :func:`backup_store`).

    Everything stored since the backup is replaced. Raises
    ``FileNotFoundError`` when there is no backup file and ``RuntimeError``
    when the restore fails (the store is then left as it was).
    """
    backup = Path(backup)
    if not backup.is_file():
        raise FileNotFoundError(f"{backup}: no such backup")
    if is_postgresql(url):
        args, env = _pg_args(url)
        command = [
            pg_tool("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            "--exit-on-error",
            *args,
            str(backup),
        ]
        _run(command, env)
        return
    target = sqlite_path(url)
    target.parent.mkdir(parents=True, exist_ok=True)
    _sqlite_copy(backup, target)


def _sqlite_copy(source: Path, target: Path) -> None:
    src = sqlite3.connect(source, timeout=30)
    dst = sqlite3.connect(target, timeout=30)
    try:
        with dst:
            src.backup(dst)
        result = dst.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        dst.close()
        src.close()
    if result != "ok":
        raise RuntimeError(f"{target}: the copy fails the integrity check: {result}")
