"""The case-analysis page on 10⁶ case-member rows: every view, cold and warm, in AppTest.

    .venv/bin/python bench/case_analysis_bench.py                 # 10⁶ rows, writes RESULTS.md
    .venv/bin/python bench/case_analysis_bench.py --members 100000 --no-write

A synthetic Kaohsiung export (``safetynet.cases.demo``, 2018–2025, volume
scaled to the member rows asked for) is imported as the real dataset into a
DuckDB case store beside a fresh SQLite main store, in a temporary folder.
The main store gets a synthetic population table (each district's demo
weight × 1,000 residents, every year; bench data only, never shipped) so the
rate views compute rates.

For each view configuration (measure, basis, rows × columns, filters) the
page ``pages/case_analysis.py`` runs in Streamlit's AppTest:

- **cold**: Streamlit's caches cleared, a fresh AppTest, one run: the page's
  queries (its main table and the pyramid's), suppression and drawing;
- **warm**: the same AppTest run again, median of 5: a rerun with nothing
  changed (a widget touched elsewhere, a tab switch): two single-row
  revision reads, cached results, drawing;
- **query**: the same counts straight through ``safetynet.cases.analysis``
  (no Streamlit), warm median of 3, to show what the cache saves.

Every configuration renders three views (heat table, bars, pyramid), each
with its table and two downloads. The section "Case analysis page (issue 14)"
of ``bench/RESULTS.md`` is replaced; other sections are left as they are.

The referrals page's trend from the case records (``pages/referrals.py``, its
section counted by :mod:`safetynet.referrals.from_cases`) is measured the same
way on the same store (cold, warm median of 5, and its two queries straight
through ``count_case_referrals``), into the section "Referral trends from case
records (issue 14)". ``--only referrals`` measures that page alone.
"""

from __future__ import annotations

import argparse
import logging
import os
import platform
import re
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

RESULTS = ROOT / "bench" / "RESULTS.md"
HEADING = "## Case analysis page (issue 14)"
MEMBERS_AT_SCALE_1 = 207_000
TODAY = date(2026, 11, 30)
WARM_RUNS = 5
PAGE = "pages/case_analysis.py"

# name → (session state before the first run, the same view as an analysis call)
CONFIGS: dict[str, dict[str, object]] = {
    "persons · district × age band · last year (default)": {},
    "cases · centre × risk type · 2018–2025": {
        "case_analysis.measure": "cases",
        "case_analysis.rows": "centre",
        "case_analysis.cols": "risk_type",
        "period": "all",
    },
    "persons · month × sex · 2018–2025": {
        "case_analysis.measure": "persons",
        "case_analysis.rows": "month",
        "case_analysis.cols": "sex",
        "period": "all",
    },
    "cases open on 2025-12-31 · precinct × vulnerability": {
        "case_analysis.measure": "cases",
        "case_analysis.basis": "open_at",
        "case_analysis.at": date(2025, 12, 31),
        "case_analysis.rows": "precinct",
        "case_analysis.cols": "vulnerability",
    },
    "cases per 10,000 · district × year · 2018–2025": {
        "case_analysis.measure": "cases_rate",
        "case_analysis.rows": "district",
        "case_analysis.cols": "year",
        "period": "all",
    },
    "persons · age band × role · 3 centres, 2 risk types": {
        "case_analysis.measure": "persons",
        "case_analysis.rows": "age_band",
        "case_analysis.cols": "role",
        "case_analysis.centres": ["sanmin", "fengshan", "qishan"],
        "case_analysis.risk_types": ["economic_hardship", "child_development"],
    },
}


REFERRALS_PAGE = "pages/referrals.py"
REFERRALS_HEADING = "## Referral trends from case records (issue 14)"
# name → session state before the first run of the referrals page
REFERRAL_CONFIGS: dict[str, dict[str, object]] = {
    "by risk type · yearly (default)": {},
    "by risk type · monthly": {"referrals.cases.grain": "month"},
    "by source · yearly": {"referrals.cases.by": "referral_source"},
    "by source · monthly": {
        "referrals.cases.by": "referral_source",
        "referrals.cases.grain": "month",
    },
}


def _quiet() -> None:
    for name in list(logging.root.manager.loggerDict):
        if name.startswith("streamlit"):
            logging.getLogger(name).setLevel(logging.ERROR)


def prepare(folder: Path, members: int) -> dict[str, object]:
    """The main store with a synthetic population, and the case store with the export."""
    import pandas as pd

    from safetynet.cases.demo import DISTRICT_WEIGHTS, build_demo_export
    from safetynet.cases.engine import open_case_store
    from safetynet.cases.repository import (
        commit_case_import,
        prepare_case_import,
        reference_from_store,
    )
    from safetynet.storage.store import Store

    os.environ["SAFETYNET_DATABASE_URL"] = f"sqlite:///{folder / 'store.sqlite'}"
    store = Store.open()
    districts = store.read("kaohsiung", "districts")
    weights = DISTRICT_WEIGHTS["kaohsiung"]
    rows = [
        {
            "town_code": code,
            "year": year,
            "age_from": None,
            "age_to": None,
            "sex": None,
            "count": int(weights[name] * 1000),
            "source": "bench · synthetic population (demo weights × 1,000)",
            "note": None,
        }
        for code, name in zip(districts["town_code"], districts["name_zh"], strict=True)
        for year in range(2018, 2026)
    ]
    store.save_user_rows("kaohsiung", "population", pd.DataFrame(rows), who="bench")
    reference = reference_from_store(store, "kaohsiung")
    store.close()
    started = time.perf_counter()
    export = build_demo_export(
        "kaohsiung", 2018, 2025, 1, today=TODAY, scale=members / MEMBERS_AT_SCALE_1
    )
    engine = open_case_store(f"duckdb:///{folder / 'cases.duckdb'}")
    plan = prepare_case_import(engine, "kaohsiung", export.files(), reference, today=TODAY)
    assert plan.ok, plan.messages("en")[:3]
    commit_case_import(engine, plan, who="bench")
    engine.con.raw_sql("CHECKPOINT")
    engine.close()
    return {
        "cases": len(export.cases),
        "members": len(export.members),
        "import_s": time.perf_counter() - started,
    }


def _app(state: dict[str, object], page: str = PAGE):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
    at.switch_page(page)
    at.session_state["settings.city"] = "kaohsiung"
    for key, value in state.items():
        if key != "period":
            at.session_state[key] = value
    return at


def _timed(at) -> float:
    started = time.perf_counter()
    at.run()
    elapsed = time.perf_counter() - started
    if at.exception:
        raise RuntimeError(at.exception[0].message)
    return elapsed


def _whole_period(at) -> None:
    import pandas as pd

    [slider] = [s for s in at.select_slider if s.key.startswith("case_analysis.period")]
    slider.set_value((pd.Timestamp("2018-01-01"), pd.Timestamp("2025-12-01")))


def bench_config(state: dict[str, object]) -> dict[str, float]:
    import streamlit as st

    from components.case_data import forget_case_engines

    st.cache_data.clear()
    forget_case_engines()
    at = _app(state)
    if state.get("period") == "all":
        _timed(at)  # the slider exists after the first run; then the whole period, cold
        st.cache_data.clear()
        _whole_period(at)
    cold = _timed(at)
    warm = statistics.median(_timed(at) for _ in range(WARM_RUNS))
    charts = len(at.get("plotly_chart"))
    return {"cold_s": cold, "warm_s": warm, "charts": charts, "tables": len(at.dataframe)}


def bench_referral_config(state: dict[str, object]) -> dict[str, float]:
    """The referrals page with the trend from the case records: cold, then warm reruns."""
    import streamlit as st

    from components.case_data import forget_case_engines

    st.cache_data.clear()
    forget_case_engines()
    at = _app(state, REFERRALS_PAGE)
    cold = _timed(at)
    warm = statistics.median(_timed(at) for _ in range(WARM_RUNS))
    return {
        "cold_s": cold,
        "warm_s": warm,
        "charts": len(at.get("plotly_chart")),
        "tables": len(at.dataframe),
    }


def bench_referral_queries() -> dict[str, float]:
    """The trend's two queries (month × risk type, month × source) and its public release."""
    from safetynet.cases.engine import case_store_url, open_case_store
    from safetynet.referrals.from_cases import DIMENSIONS, build_case_trend, count_case_referrals

    engine = open_case_store(case_store_url())
    times, releases = [], []
    for _ in range(3):
        started = time.perf_counter()
        counts = count_case_referrals(engine, "kaohsiung", "real")
        times.append(time.perf_counter() - started)
        started = time.perf_counter()
        for dim in DIMENSIONS:
            build_case_trend(counts, dim, public=True)
        releases.append(time.perf_counter() - started)
    engine.close()
    return {
        "count_case_referrals (2 queries)": statistics.median(times),
        "public release of both dimensions (suppression, every year)": statistics.median(releases),
    }


def referral_section(prepared: dict, rows: list[tuple[str, dict]], queries: dict) -> str:
    lines = [
        REFERRALS_HEADING,
        "",
        f"- Date: {datetime.now(UTC).isoformat(timespec='seconds')}; machine: nproc "
        f"{os.cpu_count()}, {platform.machine()}; Python {platform.python_version()}; load "
        f"average at the end {os.getloadavg()[1]:.1f} (5 min; other jobs share the machine)",
        f"- Data: the same store as the case analysis above: {prepared['members']:,} case-member "
        f"rows, {prepared['cases']:,} cases (2018–2025), DuckDB.",
        "- Method: `bench/case_analysis_bench.py` (see its docstring). AppTest of "
        "`pages/referrals.py` (the printed figures and the trend counted from the case "
        "records); cold = caches cleared, one run; warm = the same AppTest run again, median "
        f"of {WARM_RUNS}: "
        "one single-row revision read, the counts cached on the case store's revision. Public "
        "release on (each year suppressed as one months × categories table).",
        "- Goal (issue 14): warm rerun < 300 ms on this 2-core machine.",
        "",
        "| view | cold (s) | warm rerun (ms) | charts | tables |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, r in rows:
        lines.append(
            f"| {name} | {r['cold_s']:.2f} | {r['warm_s'] * 1000:.0f} | {r['charts']} | "
            f"{r['tables']} |"
        )
    lines += [
        "",
        "Straight through `safetynet.referrals.from_cases`, no cache (median of 3): what a cold "
        "run pays and a warm rerun does not.",
        "",
        "| step | seconds |",
        "|---|---:|",
        *[f"| {name} | {s:.3f} |" for name, s in queries.items()],
        "",
    ]
    return "\n".join(lines)


def bench_queries() -> dict[str, float]:
    """The same two counts per configuration straight through the analysis (no cache)."""
    from safetynet.cases import analysis as a
    from safetynet.cases.bands import preset
    from safetynet.cases.engine import case_store_url, open_case_store
    from safetynet.storage.store import Store

    store = Store.open()
    relations = a.Relations.from_tables(
        {
            n: store.read("kaohsiung", n)
            for n in ("districts", "centres", "precincts", "district_centres", "district_precincts")
        }
    )
    store.close()
    engine = open_case_store(case_store_url())
    bands = preset("life_stages")
    every = a.Scope(start=date(2018, 1, 1), end=date(2025, 12, 31))
    last = a.Scope(start=date(2025, 1, 1), end=date(2025, 12, 31))
    asks = [
        ("persons", ["district", "age_band"], last),
        ("cases", ["centre", "risk_type"], every),
        ("persons", ["month", "sex"], every),
        ("cases", ["precinct", "vulnerability"], a.Scope("open_at", at=date(2025, 12, 31))),
        ("cases", ["district", "year"], every),
        ("persons", ["age_band", "sex"], last),
    ]
    out = {}
    for measure, dims, scope in asks:
        times = []
        for _ in range(3):
            started = time.perf_counter()
            a.count(engine, "kaohsiung", "real", measure, dims, scope, bands, relations)
            times.append(time.perf_counter() - started)
        out[f"{measure} {' × '.join(dims)}"] = statistics.median(times)
    engine.close()
    return out


def section(prepared: dict, rows: list[tuple[str, dict]], queries: dict) -> str:
    lines = [
        HEADING,
        "",
        f"- Date: {datetime.now(UTC).isoformat(timespec='seconds')}; machine: nproc "
        f"{os.cpu_count()}, {platform.machine()}; Python {platform.python_version()}; load "
        f"average at the end {os.getloadavg()[1]:.1f} (5 min; other jobs share the machine)",
        f"- Data: synthetic Kaohsiung export 2018–2025, {prepared['members']:,} case-member rows, "
        f"{prepared['cases']:,} cases, imported in {prepared['import_s']:.0f} s into DuckDB; a "
        "synthetic population table in the bench store (rates).",
        "- Method: `bench/case_analysis_bench.py` (see its docstring). AppTest of "
        "`pages/case_analysis.py`; cold = caches cleared, one run; warm = the same AppTest run "
        f"again, median of {WARM_RUNS}. Every run draws three views (heat table, bars, pyramid), "
        "each with its table and CSV/Excel buttons; public release on (suppression included).",
        "- Goal (issue 14): every view, warm rerun < 300 ms on this 2-core machine.",
        "",
        "| view (rows × columns) | cold (s) | warm rerun (ms) | charts | tables |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, r in rows:
        lines.append(
            f"| {name} | {r['cold_s']:.2f} | {r['warm_s'] * 1000:.0f} | {r['charts']} | "
            f"{r['tables']} |"
        )
    lines += [
        "",
        "The same counts straight through `safetynet.cases.analysis.count` on DuckDB, no cache "
        "(median of 3): what a cold run pays per query and a warm rerun does not.",
        "",
        "| query | seconds |",
        "|---|---:|",
        *[f"| {name} | {s:.3f} |" for name, s in queries.items()],
        "",
    ]
    return "\n".join(lines)


def write_results(text: str, heading: str = HEADING) -> None:
    current = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmark results\n"
    pattern = re.compile(rf"^{re.escape(heading)}\n.*?(?=^## |\Z)", re.S | re.M)
    if pattern.search(current):
        current = pattern.sub(lambda _m: text + "\n", current)
    else:
        current = current.rstrip("\n") + "\n\n" + text
    RESULTS.write_text(current.rstrip("\n") + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=1_000_000)
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--only", choices=["analysis", "referrals"], default=None)
    args = parser.parse_args()
    _quiet()
    with tempfile.TemporaryDirectory(prefix="case-analysis-bench-") as tmp:
        folder = Path(tmp)
        prepared = prepare(folder, args.members)
        print(f"prepared: {prepared}", file=sys.stderr)
        from components.case_data import forget_case_engines

        if args.only != "referrals":
            rows = []
            for name, state in CONFIGS.items():
                result = bench_config(state)
                print(f"{name}: {result}", file=sys.stderr)
                rows.append((name, result))
            forget_case_engines()
            queries = bench_queries()
            text = section(prepared, rows, queries)
            print(text)
            if not args.no_write:
                write_results(text)
        if args.only != "analysis":
            rows = []
            for name, state in REFERRAL_CONFIGS.items():
                result = bench_referral_config(state)
                print(f"{name}: {result}", file=sys.stderr)
                rows.append((name, result))
            forget_case_engines()
            text = referral_section(prepared, rows, bench_referral_queries())
            print(text)
            if not args.no_write:
                write_results(text, REFERRALS_HEADING)


if __name__ == "__main__":
    main()
