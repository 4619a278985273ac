"""Case records at 10⁴, 10⁵ and 10⁶ member rows: import, size, memory, cross-tab; pandas beside.

    .venv/bin/python bench/cases_bench.py            # all three sizes, writes bench/RESULTS.md
    .venv/bin/python bench/cases_bench.py --sizes 10000

For each size a synthetic export (``safetynet.cases.demo``, Kaohsiung
2018–2025, volume scaled) is written as the two CSV files a bureau would
upload. Each measurement runs in a fresh process, so its peak resident
memory (``ru_maxrss``) is that step's alone:

- **import**: read, check every cell, hash, diff against the store and write
  it in one transaction into an empty DuckDB file: wall time, peak memory;
- **store size**: the DuckDB file on disk after the import;
- **cross-tab**: persons by district × age band (5 life stages) × referral
  year through Ibis, cold (first query after opening) and warm (median of 5);
- **pandas baseline**: the same CSV files read with ``pandas.read_csv``,
  members joined to cases, age bands cut and the same cross-tab grouped, in
  its own process: load time, warm cross-tab (median of 5), peak memory.

The section "Case records" of ``bench/RESULTS.md`` is replaced; other
sections are left as they are.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

RESULTS = ROOT / "bench" / "RESULTS.md"
HEADING = "## Case records"
MEMBERS_AT_SCALE_1 = 207_000  # Kaohsiung 2018–2025 at scale 1 (about 62,000 cases)
TODAY = date(2026, 11, 30)
DIMENSIONS = ["district_code", "age_band", "year"]


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _files(folder: Path) -> list[tuple[str, bytes]]:
    return [(p.name, p.read_bytes()) for p in (folder / "cases.csv", folder / "case_members.csv")]


def step_generate(folder: Path, members: int) -> dict:
    from safetynet.cases.demo import build_demo_export

    started = time.perf_counter()
    export = build_demo_export(
        "kaohsiung", 2018, 2025, 1, today=TODAY, scale=members / MEMBERS_AT_SCALE_1
    )
    export.write(folder)
    return {
        "cases": len(export.cases),
        "members": len(export.members),
        "csv_mb": sum(p.stat().st_size for p in folder.glob("*.csv")) / 2**20,
        "generate_s": time.perf_counter() - started,
    }


def step_import(folder: Path) -> dict:
    from safetynet.cases.engine import open_case_store, store_size_bytes
    from safetynet.cases.repository import (
        commit_case_import,
        prepare_case_import,
        reference_from_store,
    )
    from safetynet.storage.store import Store

    reference = reference_from_store(
        Store.open(f"sqlite:///{folder / 'store.sqlite'}"), "kaohsiung"
    )
    engine = open_case_store(f"duckdb:///{folder / 'cases.duckdb'}", folder / "case_key")
    files = _files(folder)
    started = time.perf_counter()
    plan = prepare_case_import(engine, "kaohsiung", files, reference, today=TODAY)
    prepared = time.perf_counter()
    assert plan.ok, plan.messages("en")[:3]
    commit_case_import(engine, plan, who="bench")
    done = time.perf_counter()
    del plan, files
    engine.con.raw_sql("CHECKPOINT")
    size = store_size_bytes(engine)
    engine.close()
    return {
        "prepare_s": prepared - started,
        "commit_s": done - prepared,
        "import_s": done - started,
        "store_mb": size / 2**20,
        "import_peak_mib": _peak_mib(),
    }


def step_crosstab(folder: Path) -> dict:
    from safetynet.cases import queries
    from safetynet.cases.engine import open_case_store

    engine = open_case_store(f"duckdb:///{folder / 'cases.duckdb'}", folder / "case_key")
    started = time.perf_counter()
    result = queries.count_persons(engine, "kaohsiung", "real", DIMENSIONS)
    cold = time.perf_counter() - started
    warm = []
    for _ in range(5):
        started = time.perf_counter()
        queries.count_persons(engine, "kaohsiung", "real", DIMENSIONS)
        warm.append(time.perf_counter() - started)
    engine.close()
    return {
        "crosstab_cold_s": cold,
        "crosstab_warm_s": statistics.median(warm),
        "crosstab_cells": len(result),
        "crosstab_persons": int(result["persons"].sum()),
        "query_peak_mib": _peak_mib(),
    }


def step_pandas(folder: Path) -> dict:
    import pandas as pd

    from safetynet.cases.queries import LIFE_STAGES

    started = time.perf_counter()
    cases = pd.read_csv(folder / "cases.csv", usecols=["個案編號", "行政區", "通報日期"], dtype=str)
    members = pd.read_csv(
        folder / "case_members.csv", usecols=["個案編號", "年齡", "出生年月"], dtype=str
    )
    referral = cases["通報日期"].str.split("/", expand=True).astype(int)
    cases["year"] = referral[0] + 1911
    age = pd.to_numeric(members["年齡"], errors="coerce")
    born = members["出生年月"].str.split("/", expand=True)
    frame = members.assign(age=age).merge(cases, on="個案編號")
    missing = frame["age"].isna()
    born_year = pd.to_numeric(frame.loc[missing, "出生年月"].str.split("/").str[0]) + 1911
    frame.loc[missing, "age"] = frame.loc[missing, "year"] - born_year
    del born
    loaded = time.perf_counter() - started
    edges = [b.low for b in LIFE_STAGES] + [200]
    labels = [b.label for b in LIFE_STAGES]

    def crosstab():
        bands = pd.cut(frame["age"], edges, right=False, labels=labels)
        return (
            frame.assign(age_band=bands)
            .groupby(["行政區", "age_band", "year"], observed=True)
            .size()
        )

    result = crosstab()
    warm = []
    for _ in range(5):
        started = time.perf_counter()
        crosstab()
        warm.append(time.perf_counter() - started)
    return {
        "pandas_load_s": loaded,
        "pandas_crosstab_warm_s": statistics.median(warm),
        "pandas_persons": int(result.sum()),
        "pandas_peak_mib": _peak_mib(),
    }


STEPS = {
    "generate": step_generate,
    "import": step_import,
    "crosstab": step_crosstab,
    "pandas": step_pandas,
}


def run_step(step: str, folder: Path, members: int) -> dict:
    """One step in a fresh Python process; its result as a dict."""
    command = [
        sys.executable,
        __file__,
        "--step",
        step,
        "--folder",
        str(folder),
        "--members",
        str(members),
    ]
    done = subprocess.run(command, check=True, capture_output=True, text=True, cwd=ROOT)
    return json.loads(done.stdout.strip().splitlines()[-1])


def measure(members: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="cases-bench-") as tmp:
        folder = Path(tmp)
        row = {"target": members}
        for step in ("generate", "import", "crosstab", "pandas"):
            row |= run_step(step, folder, members)
            print(f"{members:>9,} {step}: done", file=sys.stderr)
        return row


def table(rows: list[dict]) -> str:
    lines = [
        HEADING,
        "",
        f"- Date: {datetime.now(UTC).isoformat(timespec='seconds')}; "
        f"machine: nproc {os.cpu_count()}, {platform.machine()}; "
        f"Python {platform.python_version()}; load average at the end "
        f"{os.getloadavg()[1]:.1f} (5 min; other jobs share the machine)",
        "- Method: `bench/cases_bench.py` (see its docstring). Synthetic Kaohsiung exports "
        "(2018–2025, `safetynet.cases.demo`, volume scaled); each step in a fresh process; "
        "memory = peak resident set (`ru_maxrss`) of that process, interpreter and libraries "
        "included; DuckDB file store; warm = median of 5.",
        "- Goals (issue 13): 10⁶ rows imported in < 60 s; cross-tab of 10⁶ rows in < 0.5 s warm; "
        "memory < 1 GB.",
        "",
        "| member rows | cases | CSV (MiB) | import (s): check + write | store (MiB) | "
        "import peak (MiB) | cross-tab cold / warm (s) | query peak (MiB) | "
        "pandas load (s) | pandas cross-tab warm (s) | pandas peak (MiB) | pandas ÷ DuckDB, warm |",
        "|---:|---:|---:|---|---:|---:|---|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        assert r["crosstab_persons"] == r["pandas_persons"] == r["members"]
        lines.append(
            f"| {r['members']:,} | {r['cases']:,} | {r['csv_mb']:.1f} | "
            f"{r['import_s']:.1f} = {r['prepare_s']:.1f} + {r['commit_s']:.1f} | "
            f"{r['store_mb']:.1f} | {r['import_peak_mib']:.0f} | "
            f"{r['crosstab_cold_s']:.3f} / {r['crosstab_warm_s']:.3f} | "
            f"{r['query_peak_mib']:.0f} | "
            f"{r['pandas_load_s']:.1f} | {r['pandas_crosstab_warm_s']:.3f} | "
            f"{r['pandas_peak_mib']:.0f} | "
            f"{r['pandas_crosstab_warm_s'] / r['crosstab_warm_s']:.1f}× |"
        )
    lines += [
        "",
        "Both sides count every member once (the totals are checked equal). The pandas baseline "
        "does no checking, hashing or storing: its load time is a lower bound of what an import "
        "must do, and its data lives only in that process's memory.",
        "",
    ]
    return "\n".join(lines)


def write_results(section: str) -> None:
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmark results\n"
    pattern = re.compile(rf"^{re.escape(HEADING)}\n.*?(?=^## |\Z)", re.S | re.M)
    if pattern.search(text):
        text = pattern.sub(section + "\n", text)
    else:
        text = text.rstrip("\n") + "\n\n" + section
    RESULTS.write_text(text.rstrip("\n") + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--step", choices=list(STEPS))
    parser.add_argument("--folder", type=Path)
    parser.add_argument("--members", type=int)
    args = parser.parse_args()
    if args.step:
        print(
            json.dumps(
                STEPS[args.step](args.folder, args.members)
                if args.step == "generate"
                else STEPS[args.step](args.folder)
            )
        )
        return
    rows = [measure(n) for n in args.sizes]
    section = table(rows)
    print(section)
    write_results(section)


if __name__ == "__main__":
    main()
