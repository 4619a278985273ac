"""Bulk writes of the store at volume: apply_changes and save_user_rows against plain executemany.

    .venv/bin/python bench/store_writes.py                       # 10^3 … 10^6 rows, both engines
    .venv/bin/python bench/store_writes.py --sizes 1000 100000 --engines sqlite

Each measurement runs in a fresh process on a fresh store (SQLite file in a
temporary folder; PostgreSQL: ``--pg-url`` of an administrator, or a
throw-away cluster started like the tests do), so its peak memory (the
process's maximum resident set, imports included) belongs to it alone.
The rows are referrals of Keelung with distinct keys (year × type), written
as one save:

- ``apply_changes`` adding N rows (an import of N new rows), then changing
  the same N rows (an import that replaces every figure, versions checked);
- ``save_user_rows`` of N rows (schema validation included), up to 10^5;
- the baseline: plain ``sqlite3`` ``executemany`` of the same N rows into a
  table of the same shape and indexes, in one transaction.

The figures replace the "Store writes" section of ``bench/RESULTS.md``.
There are no thresholds here: the goals (10^5 rows in under 10 s, 10^6 in
under 90 s, under 1 GB) are read off the table.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))
RESULTS = PROJECT_ROOT / "bench" / "RESULTS.md"
START, END = "<!-- store_writes:start -->", "<!-- store_writes:end -->"
TYPES_PER_YEAR = 10_000
SAVE_USER_ROWS_MAX = 100_000


def _rows(n: int) -> list[dict[str, object]]:
    return [
        {
            "year": 1990 + i // TYPES_PER_YEAR,
            "referral_type": f"bench_{i % TYPES_PER_YEAR}",
            "type_zh": "測試通報",
            "type_en": "Bench reports",
            "reporter": None,
            "count": i,
            "unit": "件",
            "unit_en": "reports",
            "source": "編修：bench · 2026-01-01",
            "note": None,
        }
        for i in range(n)
    ]


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(kind: str, n: int, url: str) -> dict[str, float]:
    """One measurement, in this process (run by :func:`run_one` in a child)."""
    from safetynet import DATA_DIR
    from safetynet.storage.store import Change, Store

    rows = _rows(n)
    out: dict[str, float] = {}
    if kind == "sqlite3":
        path = url.removeprefix("sqlite:///")
        conn = sqlite3.connect(path)
        conn.execute(
            "CREATE TABLE referrals (row_id INTEGER PRIMARY KEY, city TEXT, origin TEXT, "
            "version INTEGER, deleted BOOLEAN, base_hash TEXT, year INTEGER, "
            "referral_type TEXT, type_zh TEXT, type_en TEXT, reporter TEXT, count INTEGER, "
            "unit TEXT, unit_en TEXT, source TEXT, note TEXT)"
        )
        conn.execute(
            "CREATE INDEX ix_key ON referrals (city, year, referral_type, reporter, origin)"
        )
        columns = list(rows[0])
        statement = (
            f"INSERT INTO referrals (city, origin, version, deleted, {', '.join(columns)}) "
            f"VALUES ('keelung', 'user', 1, 0, {', '.join('?' * len(columns))})"
        )
        start = time.perf_counter()
        with conn:
            conn.executemany(statement, [tuple(r[c] for c in columns) for r in rows])
        out["insert_s"] = time.perf_counter() - start
        conn.close()
    else:
        store = Store.open(url, DATA_DIR)
        key_columns = ("year", "referral_type", "reporter")
        if kind == "apply_changes":
            adds = [Change({k: r[k] for k in key_columns}, None, r) for r in rows]
            start = time.perf_counter()
            store.apply_changes("keelung", "referrals", adds, who="bench")
            out["add_s"] = time.perf_counter() - start
            version = store.revision()
            changes = [
                Change({k: r[k] for k in key_columns}, r, {**r, "count": r["count"] + 1}, version)
                for r in rows
            ]
            del adds
            start = time.perf_counter()
            store.apply_changes("keelung", "referrals", changes, who="bench")
            out["change_s"] = time.perf_counter() - start
        elif kind == "save_user_rows":
            import pandas as pd

            frame = pd.DataFrame(rows)
            start = time.perf_counter()
            store.save_user_rows("keelung", "referrals", frame, who="bench")
            out["save_s"] = time.perf_counter() - start
        store.close()
    out["peak_mb"] = _peak_mb()
    return out


def run_one(kind: str, n: int, url: str) -> dict[str, Any]:
    """The child's measures (seconds, MB) as its JSON gives them, or ``{"error": …}``."""
    result = subprocess.run(
        [sys.executable, __file__, "--one", kind, "--n", str(n), "--url", url],
        capture_output=True,
        text=True,
        check=False,
        cwd=PROJECT_ROOT,
    )
    if result.returncode != 0:
        return {"error": result.stderr.strip().splitlines()[-1] if result.stderr else "failed"}
    return json.loads(result.stdout.strip().splitlines()[-1])


def _fmt(value: object, unit: str = "") -> str:
    if value is None:
        return "–"
    if isinstance(value, str):
        return value
    return f"{value:,.2f}{unit}" if unit != " MB" else f"{value:,.0f}"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000, 1_000_000])
    parser.add_argument("--engines", nargs="+", default=["sqlite", "postgresql"])
    parser.add_argument(
        "--pg-max", type=int, default=1_000_000, help="largest size measured on PostgreSQL"
    )
    parser.add_argument("--pg-url", default=None, help="administrator URL of a PostgreSQL server")
    parser.add_argument("--one", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--n", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--url", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.one, args.n, args.url)))
        return 0

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # stop the cluster on a kill too
    cluster = None
    if "postgresql" in args.engines:
        from tests.postgres import Cluster, connect_cluster

        cluster = Cluster(args.pg_url) if args.pg_url else connect_cluster()
        if cluster is None:
            print("PostgreSQL not installed: measuring SQLite only", file=sys.stderr)
            args.engines = [e for e in args.engines if e != "postgresql"]
    rows: list[list[str]] = []
    try:
        for n in args.sizes:
            folder = Path(tempfile.mkdtemp(prefix="bench-writes-"))
            base = run_one("sqlite3", n, f"sqlite:///{folder / 'plain.sqlite'}")
            for engine in args.engines:
                if engine == "postgresql" and n > args.pg_max:
                    continue

                def fresh(label: str, engine: str = engine, folder: Path = folder) -> str:
                    if engine == "sqlite":
                        return f"sqlite:///{folder / f'{label}.sqlite'}"
                    assert cluster is not None  # postgresql stays in engines only with one
                    return cluster.url(cluster.create_database())

                applied = run_one("apply_changes", n, fresh("apply"))
                saved = (
                    run_one("save_user_rows", n, fresh("save")) if n <= SAVE_USER_ROWS_MAX else {}
                )
                rows.append(
                    [
                        f"{n:,}",
                        engine,
                        _fmt(applied.get("add_s", applied.get("error"))),
                        _fmt(applied.get("change_s")),
                        _fmt(applied.get("peak_mb"), " MB"),
                        _fmt(saved.get("save_s", saved.get("error"))),
                        _fmt(saved.get("peak_mb"), " MB"),
                        _fmt(base.get("insert_s")),
                    ]
                )
                print(" | ".join(rows[-1]), flush=True)
    finally:
        if cluster is not None and not args.pg_url:
            cluster.stop()

    header = (
        "| Rows | Engine | apply_changes: add (s) | apply_changes: change (s) | peak (MB) "
        "| save_user_rows (s) | peak (MB) | plain sqlite3 executemany (s) |\n"
        "|---:|---|---:|---:|---:|---:|---:|---:|\n"
    )
    section = (
        f"{START}\n## Store writes\n\n"
        f"- Date: {dt.datetime.now(dt.UTC).isoformat(timespec='seconds')}\n"
        f"- Machine: nproc {os.cpu_count()}, {platform.machine()}, "
        f"Python {platform.python_version()}, load average {os.getloadavg()[0]:.1f} at the end\n"
        "- Method: `bench/store_writes.py`; one save of N referral rows with distinct keys, "
        "each measurement in a fresh process on a fresh store; peak = the process's maximum "
        "resident memory (imports included); `save_user_rows` includes schema validation and is "
        f"measured up to {SAVE_USER_ROWS_MAX:,} rows; the baseline is plain `sqlite3` "
        "`executemany` into a table of the same shape and key index, one transaction.\n\n"
        + header
        + "".join("| " + " | ".join(r) + " |\n" for r in rows)
        + f"\n{END}\n"
    )
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmark results\n"
    if START in text:
        text = text[: text.index(START)] + section + text[text.index(END) + len(END) + 1 :]
    else:
        text = text.rstrip("\n") + "\n\n" + section
    RESULTS.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
