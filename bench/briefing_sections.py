#!/usr/bin/env python3
"""One briefing section built alone from a filled store, in a process of its own.

What the briefing page pays for a section (issue 20), without the page: each section
is built by a child process, as the page builds it (``section_tables`` one section at
a time; the scorecard from what it shows of every year, read part by part; the staffing
sums), and the
child reports its peak RSS over its imports (``ru_maxrss`` at the end less the RSS once
the modules are imported), the seconds the build took and the slides it made.
``--tracemalloc`` also reports Python's own peak (slower; the RSS is then not the
page's). The store is only read: a store filled by ``bench/run_volume.py
--store-dir`` serves as it is.

    .venv/bin/python bench/briefing_sections.py --store /tmp/vol-stores/volume-100000.sqlite \
        --sections indicator_scorecard risk_types

The briefing year is the page's opening year (:func:`opening_year`), found once by a
child of its own so that no section pays for it; ``--year`` gives one.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))

CITY = "kaohsiung"
SECTIONS = ("overview", "referrals", "risk_types", "staffing", "indicator_scorecard")


def _rss_kib() -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def _imports() -> None:
    """Import what a section build imports (the sections register themselves)."""
    for name in (
        "safetynet.briefing.reads",
        "safetynet.briefing.sections",
        "safetynet.indicators.tables",
        "safetynet.staffing.slides",
    ):
        importlib.import_module(name)


def child_year(url: str) -> None:
    """Print the page's opening year of the store at ``url``."""
    _imports()
    from safetynet.briefing.sections.scorecard import stored_scorecards
    from safetynet.briefing.years import stored_years
    from safetynet.storage.store import Store

    store = Store.open(url, upgrade=False)  # the store is only read
    print(json.dumps(stored_scorecards(store, CITY).opening_year(stored_years(store, CITY))))


def child_section(url: str, key: str, year: int | None, lang: str, trace: bool) -> None:
    """Build section ``key`` of the store at ``url`` as the page does; print its figures."""
    _imports()
    import tracemalloc

    from safetynet.briefing.deck import BriefingContext, build_deck
    from safetynet.briefing.reads import section_tables
    from safetynet.briefing.sections.scorecard import SCORECARD_SECTION, stored_scorecards
    from safetynet.cities import get_city
    from safetynet.staffing.slides import stored_staffing_parts
    from safetynet.storage.store import Store

    store = Store.open(url, upgrade=False)  # the store is only read
    place = get_city(CITY)
    base = _rss_kib()
    if trace:
        tracemalloc.start()
    start = time.perf_counter()
    tracker = stored_scorecards(store, CITY) if key == SCORECARD_SECTION else None
    staffing = stored_staffing_parts(store, CITY, year) if key == "staffing" else None
    ctx = BriefingContext(place, {}, lang, "roc", year, None, None, tracker, staffing)
    deck = build_deck(ctx, (key,), lambda k: section_tables(store, place, k, year))
    seconds = time.perf_counter() - start
    traced = tracemalloc.get_traced_memory()[1] if trace else None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    print(
        json.dumps(
            {
                "section": key,
                "imports_mib": round(base / 1024, 1),
                "peak_over_imports_mib": round((peak - base) / 1024, 1),
                "traced_peak_mib": None if traced is None else round(traced / 2**20, 1),
                "seconds": round(seconds, 2),
                "slides": len(deck.slides),
            }
        )
    )


def _run(args: list[str]) -> str:
    done = subprocess.run(
        [sys.executable, __file__, *args], capture_output=True, text=True, check=False
    )
    if done.returncode:
        raise SystemExit(done.stderr)
    return done.stdout.strip().splitlines()[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--store", required=True, help="a filled SQLite store (only read)")
    parser.add_argument("--sections", nargs="+", default=list(SECTIONS), choices=SECTIONS)
    parser.add_argument("--year", type=int, help="the briefing year (default: the page's)")
    parser.add_argument("--lang", default="zh")
    parser.add_argument("--tracemalloc", action="store_true")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    url = f"sqlite:///{Path(args.store).resolve()}"
    if args.child == "year":
        child_year(url)
        return
    if args.child:
        child_section(url, args.child, args.year, args.lang, args.tracemalloc)
        return
    year = (
        args.year
        if args.year is not None
        else json.loads(_run(["--store", args.store, "--child", "year"]))
    )
    load = os.getloadavg()[0]
    print(json.dumps({"store": args.store, "year": year, "load_before": round(load, 1)}))
    for key in args.sections:
        extra = ["--tracemalloc"] if args.tracemalloc else []
        if year is not None:
            extra += ["--year", str(year)]
        print(_run(["--store", args.store, "--child", key, "--lang", args.lang, *extra]))
        sys.stdout.flush()
    print(json.dumps({"load_after": round(os.getloadavg()[0], 1)}))


if __name__ == "__main__":
    main()
