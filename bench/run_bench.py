#!/usr/bin/env python3
"""Page run times and memory, measured with Streamlit's AppTest; see bench/README.md.

For every page script (``app.py`` and each file in ``pages/``) and every city:

* cold: Streamlit's caches cleared, a fresh AppTest, one run (the store file
  already exists and modules are imported, so this is "first visitor after a
  server start");
* warm: the same AppTest run again, median of 3 (caches filled);
* peak memory: ``tracemalloc`` peak of a second cold run (traced separately,
  because tracing slows the code it watches).

Also the first-start seeding time of ``Store.open()`` on an empty SQLite file,
and the time to reopen it. Everything uses a temporary
``SAFETYNET_DATABASE_URL``; the developer's ``var/`` is never touched. No
thresholds: the numbers are written to bench/RESULTS.md and printed.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
MAIN_SCRIPT = "app.py"
RESULTS = PROJECT_ROOT / "bench" / "RESULTS.md"
TITLE = "# Benchmark results"
# This benchmark's part of RESULTS.md; every other section (store writes, volume,
# concurrent sessions, case analysis, ...) belongs to another script and is kept.
START, END = "<!-- run_bench:start -->", "<!-- run_bench:end -->"
# Its sections in files written before the markers (replaced once, then marked).
OWN_HEADINGS = (
    "## Store",
    "## Pages",
    "## Map payload",
    "## Staffing planner",
    "## Briefing exports",
)
WARM_RUNS = 3
TIMEOUT_S = 180

sys.path.insert(0, str(PROJECT_ROOT))


def _nproc() -> str:
    try:
        return subprocess.run(["nproc"], capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return str(os.cpu_count())


def _page_scripts() -> list[str]:
    pages = sorted(
        p.relative_to(PROJECT_ROOT).as_posix() for p in (PROJECT_ROOT / "pages").glob("*.py")
    )
    return [MAIN_SCRIPT, *pages]


def _clear_caches() -> None:
    import streamlit as st

    st.cache_data.clear()
    st.cache_resource.clear()


def _new_app(page: str, city: str):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(PROJECT_ROOT / MAIN_SCRIPT), default_timeout=TIMEOUT_S)
    if page != MAIN_SCRIPT:
        at.switch_page(page)  # as a deep link: the page runs alone, links resolve from app.py
    at.session_state["settings.city"] = city
    return at


def _run(at) -> tuple[float, str]:
    start = time.perf_counter()
    at.run()
    elapsed = time.perf_counter() - start
    status = "ok" if not at.exception else f"exception: {at.exception[0].message[:80]}"
    return elapsed, status


def bench_store(tmp: Path) -> tuple[float, float]:
    from safetynet.storage.store import Store

    url = f"sqlite:///{tmp / 'seed.sqlite'}"
    start = time.perf_counter()
    Store.open(url).engine.dispose()
    seed = time.perf_counter() - start
    start = time.perf_counter()
    Store.open(url).engine.dispose()
    reopen = time.perf_counter() - start
    return seed, reopen


def bench_page(page: str, city: str) -> dict[str, object]:
    _clear_caches()
    at = _new_app(page, city)
    cold, status = _run(at)
    warm = [_run(at)[0] for _ in range(WARM_RUNS)]

    _clear_caches()
    traced = _new_app(page, city)
    tracemalloc.start()
    try:
        traced.run()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return {
        "page": page,
        "city": city,
        "cold_s": cold,
        "warm_s": statistics.median(warm),
        "peak_mib": peak / 2**20,
        "status": status,
    }


def bench_map(city: str) -> dict[str, object]:
    """What the map costs: build times and the size of what reaches the browser."""
    from components.map import MapView, build_service_map
    from safetynet.network.catchments import geojson_size_kb
    from safetynet.network.geo import boundary_path, load_boundaries
    from safetynet.network.service_map import build_service_map_data
    from safetynet.storage.store import Store

    tables = Store.open().read_city(city)
    boundaries = load_boundaries(city)
    start = time.perf_counter()
    data = build_service_map_data(city, tables, boundaries)
    build_data_s = time.perf_counter() - start
    times = []
    for _ in range(WARM_RUNS):
        start = time.perf_counter()
        page = build_service_map(data, MapView(layer="centre"), "zh").get_root().render()
        times.append(time.perf_counter() - start)
    catchments_kb = geojson_size_kb(data.catchments["centre"][["geometry"]])
    return {
        "city": city,
        "file_kb": boundary_path(city).stat().st_size / 1024,
        "districts_kb": geojson_size_kb(data.districts.drop(columns=["label_point"])[["geometry"]]),
        "catchments_kb": catchments_kb,
        "page_kb": len(page.encode()) / 1024,
        "build_data_s": build_data_s,
        "build_map_s": statistics.median(times),
    }


def bench_planner() -> list[dict[str, object]]:
    """Planner computation time (validation, plan, sensitivity) and the .xlsx export."""
    from safetynet.staffing.planner import PlannerParams, ServiceLine, compute_plan
    from safetynet.staffing.planner_views import plan_xlsx

    rows = []
    for n_lines, years in ((4, 5), (20, 5), (20, 20)):
        lines = tuple(
            ServiceLine(
                f"line {i}",
                caseload=100.0 + 10 * i,
                caseload_change_pct=5.0,
                cases_per_worker=35.0,
                workers_per_supervisor=5.0,
                vacancy_rate_pct=5.0,
                turnover_pct=15.0,
                lead_time_months=6,
                approved_posts=5,
                hired_now=4,
            )
            for i in range(n_lines)
        )
        params = PlannerParams(lines=lines, base_year=2021, end_year=2021 + years - 1)
        times = []
        for _ in range(WARM_RUNS * 5):
            start = time.perf_counter()
            result = compute_plan(params)
            times.append(time.perf_counter() - start)
        start = time.perf_counter()
        plan_xlsx("bench", result, "zh", "roc")
        xlsx_s = time.perf_counter() - start
        rows.append(
            {
                "lines": n_lines,
                "years": years,
                "plan_ms": statistics.median(times) * 1000,
                "xlsx_ms": xlsx_s * 1000,
            }
        )
    return rows


def bench_exports(city: str, lang: str) -> dict[str, object]:
    """The briefing with every section: deck build, PowerPoint and PDF render times and sizes."""
    from safetynet.briefing.deck import BriefingContext, build_deck, section_keys
    from safetynet.briefing.pdf import deck_pdf
    from safetynet.briefing.pptx import deck_pptx
    from safetynet.cities import get_city
    from safetynet.storage.store import Store

    tables = Store.open().read_city(city)
    ctx = BriefingContext(get_city(city), tables, lang, "roc", None)
    build_deck(ctx, section_keys())  # untimed: first import of matplotlib and the font
    start = time.perf_counter()
    deck = build_deck(ctx, section_keys())
    deck_s = time.perf_counter() - start
    start = time.perf_counter()
    pptx = deck_pptx(deck)
    pptx_s = time.perf_counter() - start
    start = time.perf_counter()
    pdf = deck_pdf(deck)
    pdf_s = time.perf_counter() - start
    return {
        "city": city,
        "lang": lang,
        "slides": len(deck),
        "deck_s": deck_s,
        "pptx_s": pptx_s,
        "pptx_kb": len(pptx) / 1024,
        "pdf_s": pdf_s,
        "pdf_kb": len(pdf) / 1024,
    }


def _quiet_streamlit() -> None:
    """AppTest outside a server logs harmless "no runtime" warnings; hide them."""
    for name in list(logging.root.manager.loggerDict):
        if name.startswith("streamlit"):
            logging.getLogger(name).setLevel(logging.ERROR)


def main() -> int:
    import streamlit as st

    _quiet_streamlit()

    from safetynet.cities import CITIES

    with tempfile.TemporaryDirectory(prefix="safetynet-bench-") as tmp_name:
        tmp = Path(tmp_name)
        os.environ["SAFETYNET_DATABASE_URL"] = f"sqlite:///{tmp / 'bench.sqlite'}"
        seed_s, reopen_s = bench_store(tmp)

        # Seed the store the pages read and import every page's modules once, untimed,
        # so "cold" measures empty caches, not seeding or the first import.
        for page in _page_scripts():
            _clear_caches()
            _new_app(page, next(iter(CITIES))).run()

        rows = [bench_page(page, city) for page in _page_scripts() for city in CITIES]
        maps = [bench_map(city) for city in CITIES]
        planner = bench_planner()
        exports = [bench_exports(city, lang) for city in CITIES for lang in ("zh", "en")]
        _clear_caches()

    lines = [
        f"- Date: {dt.datetime.now().astimezone().isoformat(timespec='seconds')}",
        f"- Machine: nproc {_nproc()}, {platform.machine()}, {platform.system()} "
        f"{platform.release()}",
        f"- Python {platform.python_version()}, Streamlit {st.__version__}",
        "- Method: `streamlit.testing.v1.AppTest` in one process (no browser, no network);"
        " cold = caches cleared (store seeded, modules imported), one run;"
        f" warm = median of {WARM_RUNS} reruns;"
        " peak = tracemalloc peak of a separate cold run.",
        "",
        "## Store",
        "",
        "| Step | Time (s) |",
        "|---|---:|",
        f"| `Store.open()` on an empty SQLite file (create + seed from `data/`) | {seed_s:.2f} |",
        f"| `Store.open()` again (already seeded) | {reopen_s:.2f} |",
        "",
        "## Pages",
        "",
        "| Page | City | Cold run (s) | Warm run (s) | Peak memory, cold (MiB) | Status |",
        "|---|---|---:|---:|---:|---|",
    ]
    for row in rows:
        lines.append(
            f"| `{row['page']}` | {row['city']} | {row['cold_s']:.2f} | {row['warm_s']:.2f} "
            f"| {row['peak_mib']:.1f} | {row['status']} |"
        )
    lines += [
        "",
        "## Map payload",
        "",
        "Geometry sent to the browser is coverage-simplified (shared edges kept) and built",
        "once per city (cached); each rerun only re-assembles the folium map around it.",
        "",
        "| City | Boundary file (KB) | District polygons sent (KB) | Centre outlines sent (KB)"
        " | Whole map page (KB) | Build map data, once (s) | Build folium map, per rerun (s) |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for m in maps:
        lines.append(
            f"| {m['city']} | {m['file_kb']:.0f} | {m['districts_kb']:.0f}"
            f" | {m['catchments_kb']:.0f} | {m['page_kb']:.0f}"
            f" | {m['build_data_s']:.2f} | {m['build_map_s']:.2f} |"
        )
    lines += [
        "",
        "## Staffing planner",
        "",
        "`compute_plan` (validation, every line and year, and the 25–45 ratio sensitivity),"
        f" median of {WARM_RUNS * 5} runs; the .xlsx export once.",
        "",
        "| Service lines | Years | Plan (ms) | .xlsx export (ms) |",
        "|---:|---:|---:|---:|",
    ]
    for p in planner:
        lines.append(f"| {p['lines']} | {p['years']} | {p['plan_ms']:.2f} | {p['xlsx_ms']:.1f} |")
    lines += [
        "",
        "## Briefing exports",
        "",
        "Every section, all years. The deck is built once per choice (cached on the page);",
        "the files are rendered only when a download button is clicked.",
        "",
        "| City | Language | Slides | Build deck (s) | PowerPoint (s) | PowerPoint (KB)"
        " | PDF (s) | PDF (KB) |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for e in exports:
        lines.append(
            f"| {e['city']} | {e['lang']} | {e['slides']} | {e['deck_s']:.2f}"
            f" | {e['pptx_s']:.2f} | {e['pptx_kb']:.0f} | {e['pdf_s']:.2f} | {e['pdf_kb']:.0f} |"
        )
    text = "\n".join(lines) + "\n"
    write_results(RESULTS, text)
    print(text)
    return 0


def _other_sections(text: str) -> str:
    """``text`` without its title and this benchmark's unmarked parts: the lines under
    the title before the first section, and its own sections (each up to the next
    heading or marker)."""
    kept: list[str] = []
    skipping = True  # the preamble under the title
    for line in text.splitlines():
        if line.strip() == TITLE:
            continue
        if line.startswith(("## ", "<!--")):
            skipping = line.strip() in OWN_HEADINGS
        if not skipping:
            kept.append(line)
    return "\n".join(kept).strip("\n")


def write_results(path: Path, section: str) -> None:
    """Put ``section`` between this benchmark's markers under the title of ``path``;
    every other section of the file is kept as it is."""
    body = section.strip("\n")
    block = f"{START}\n{body}\n{END}\n"
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if START in text and END in text:
        head, _, rest = text.partition(START)
        _, _, tail = rest.partition(END)
        path.write_text(head + block + tail.removeprefix("\n"), encoding="utf-8")
        return
    others = _other_sections(text)
    path.write_text(f"{TITLE}\n\n{block}" + (f"\n{others}\n" if others else ""), encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
