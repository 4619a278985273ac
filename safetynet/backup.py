"""Backups of the SQLite store with SQLite's online backup API, never a file copy.

A file copy of a database in WAL mode can miss the pages still in the
``-wal`` file or catch a half-written page; the backup API copies a
consistent snapshot while the app keeps running.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

from safetynet import PROJECT_ROOT

BACKUP_DIR = PROJECT_ROOT / "var" / "backups"


def sqlite_path(url: str) -> Path:
    """The file of a ``sqlite:///`` URL; ``ValueError`` for any other database."""
    if not url.startswith("sqlite:///"):
        raise ValueError(
            "the backup command copies SQLite stores only; back up other databases "
            "with their own tools (e.g. pg_dump)"
        )
    return Path(url.removeprefix("sqlite:///"))


def default_target(now: datetime | None = None) -> Path:
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    return BACKUP_DIR / f"safetynet-{stamp}.sqlite"


def backup_store(url: str, target: Path | None = None) -> Path:
    """Copy the store at ``url`` to ``target`` (default ``var/backups/…``) and check the copy.

    Returns the path written. Raises ``FileNotFoundError`` when there is no
    store, ``FileExistsError`` rather than overwrite a file, and
    ``RuntimeError`` when the copy fails SQLite's integrity check.
    """
    source = sqlite_path(url)
    if not source.is_file():
        raise FileNotFoundError(f"{source}: no store to back up")
    target = Path(target or default_target())
    if target.exists():
        raise FileExistsError(f"{target} exists; choose another file")
    target.parent.mkdir(parents=True, exist_ok=True)
    src = sqlite3.connect(source, timeout=30)
    dst = sqlite3.connect(target)
    try:
        with dst:
            src.backup(dst)
        result = dst.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        dst.close()
        src.close()
    if result != "ok":
        raise RuntimeError(f"{target}: the copy fails the integrity check: {result}")
    return target
