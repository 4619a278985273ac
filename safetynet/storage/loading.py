"""Reading a city's shipped CSV tables from ``data/<city>/``.

Files are read as text first so that validation, not the CSV parser, decides
what a malformed value is and can say where it was.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd

from safetynet.storage.schemas import TABLES


def city_dir(data_dir: Path, city: str) -> Path:
    return Path(data_dir) / city


def read_raw_tables(data_dir: Path, city: str) -> dict[str, pd.DataFrame]:
    """Read every table of ``city`` as strings; empty cells become missing values.

    A missing file raises ``FileNotFoundError`` naming it.
    """
    folder = city_dir(data_dir, city)
    tables: dict[str, pd.DataFrame] = {}
    for name in TABLES:
        path = folder / f"{name}.csv"
        if not path.is_file():
            raise FileNotFoundError(f"{path}: table file is missing")
        frame = pd.read_csv(
            path,
            dtype=str,
            keep_default_na=False,
            encoding="utf-8",
            skipinitialspace=False,
        )
        frame = frame.apply(lambda s: s.str.strip()).replace("", None)
        tables[name] = frame
    return tables


def shipped_fingerprint(data_dir: Path, city: str) -> str:
    """A hash of the city's shipped files, to notice when a release updates them."""
    digest = hashlib.sha256()
    for name in sorted(TABLES):
        path = city_dir(data_dir, city) / f"{name}.csv"
        digest.update(name.encode())
        digest.update(path.read_bytes() if path.is_file() else b"<missing>")
    return digest.hexdigest()
