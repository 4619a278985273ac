#!/usr/bin/env python3
"""Warm revisits in chromium: how long a page takes to come back once it was seen (issue 19).

For each checkout (this tree, and with ``--baseline REV`` that commit as well) the
script starts ``streamlit run app.py`` as ``bench/load_sessions.py`` does (headless,
loopback, its own temporary SQLite store), warms it with one websocket session
walking every page, then opens one chromium tab (Playwright driving
``/usr/bin/chromium``, 1400 × 1000, zh-TW) and clicks through every page of the
navigation once, untimed. Then ``--rounds`` times over: each page's sidebar link
is clicked and timed until the page is drawn: a run has finished after the click
(its `script_finished` arrived), the title is there, nothing is stale, every plotly
chart has drawn its svg and, on the map, the districts are drawn in the folium iframe.
One click at a time, one tab: this is the lone user's view, not the load of a room.

Per page: median and worst of the rounds, and the ``rerun_script`` messages the
browser sent per click (1 = no extra rerun). The machine's load average is
recorded before each checkout (2 cores; other work stretches these times).

    .venv/bin/python bench/warm_revisits.py --baseline 9e51821 --rounds 5 --out bench/RESULTS.md

The section ``## Warm revisits in chromium (issue 19)`` of the file is replaced;
other sections are kept.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))

from bench.load_client import LiveServer  # noqa: E402
from bench.load_sessions import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    PAGE_LINK,
    RERUN_WINDOW_S,
    Checkout,
    RunWatch,
    _server,
    _streamlit_version,
    _wait_drawn,
    baseline_checkout,
    navigation_paths,
    warm_up,
    write_section,
)

HEADING = "## Warm revisits in chromium (issue 19)"
GOAL_S = 1.0
TIMEOUT_S = 180.0


@dataclass
class PageRevisits:
    page: str
    seconds: list[float] = field(default_factory=list)
    reruns: list[int] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@dataclass
class CheckoutRevisits:
    label: str
    load_before: float
    load_after: float = 0.0
    pages: list[PageRevisits] = field(default_factory=list)


def revisit_pages(server: LiveServer, nav: Sequence[str], rounds: int) -> list[PageRevisits]:
    """One tab: every page once (untimed), then ``rounds`` timed clicks on each page's link."""
    from playwright.sync_api import sync_playwright

    results = {path: PageRevisits(page=path) for path in nav}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-TW")
            page = context.new_page()
            watch = RunWatch(page)
            page.goto(f"{server.base_url}/{nav[0]}")
            _wait_drawn(page, watch, 0.0)
            order = [*range(1, len(nav)), 0]  # the sidebar lists the links in nav's order
            for rnd in range(rounds + 1):
                for i in order:
                    path = nav[i]
                    try:
                        watch.reruns = 0
                        start = time.perf_counter()
                        page.locator(PAGE_LINK).nth(i).click()
                        _wait_drawn(page, watch, start)
                        elapsed = time.perf_counter() - start
                        page.wait_for_timeout(RERUN_WINDOW_S * 1000)  # reruns still asked for
                    except Exception as err:  # reported in the table
                        results[path].errors.append(type(err).__name__)
                        print(f"  /{path}: {err}".splitlines()[0], file=sys.stderr, flush=True)
                        continue
                    if rnd:  # round 0 is the first visit of each page in this tab
                        results[path].seconds.append(elapsed)
                        results[path].reruns.append(watch.reruns)
            context.close()
        finally:
            browser.close()
    return [results[path] for path in nav]


def measure(checkout: Checkout, rounds: int) -> CheckoutRevisits:
    nav = navigation_paths(checkout.app_dir)
    with _server(checkout, "revisits") as server:
        warm_up(server, nav, TIMEOUT_S)
        out = CheckoutRevisits(label=checkout.label, load_before=os.getloadavg()[0])
        print(f"{checkout.label}: {rounds} rounds of revisits", file=sys.stderr, flush=True)
        out.pages = revisit_pages(server, nav, rounds)
        out.load_after = os.getloadavg()[0]
    return out


def _cell(page: PageRevisits) -> str:
    if not page.seconds:
        return "failed: " + ", ".join(page.errors)
    median, worst = statistics.median(page.seconds), max(page.seconds)
    mark = "" if median < GOAL_S else " ⚠"
    reruns = "" if set(page.reruns) <= {1} else f" (reruns {min(page.reruns)}–{max(page.reruns)})"
    errors = (
        f" ({len(page.errors)} failed: {', '.join(sorted(set(page.errors)))})"
        if page.errors
        else ""
    )
    return f"{median:.2f} / {worst:.2f}{mark}{reruns}{errors}"


def render(results: Sequence[CheckoutRevisits], rounds: int) -> str:
    labels = [r.label for r in results]
    lines = [
        HEADING,
        "",
        f"- Date: {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC;"
        f" nproc {os.cpu_count()}, Python {sys.version.split()[0]},"
        f" Streamlit {_streamlit_version()}, Debian chromium",
        "- Load average (1 min) before → after each checkout: "
        + "; ".join(f"{r.label} {r.load_before:.1f} → {r.load_after:.1f}" for r in results)
        + " (2 cores: above 2, other processes stretch these times)",
        f"- Method: `bench/warm_revisits.py`; one tab, every page seen once, then {rounds}"
        " rounds of clicks on each page's sidebar link, each timed until the page is drawn"
        " (run finished, no stale element, every plotly chart's svg, the map's districts in"
        f" its iframe). Cells: median / worst seconds; ⚠ = median at or above the"
        f" {GOAL_S:g} s goal; reruns shown only when a click sent more than one.",
        "",
        "| Page | " + " | ".join(labels) + " |",
        "|---|" + "---:|" * len(labels),
    ]
    # every checkout's pages, in the order of the one with the most (pages come and go)
    order = max((r.pages for r in results), key=len)
    for name in [p.page for p in order]:
        cells = []
        for r in results:
            page = next((p for p in r.pages if p.page == name), None)
            cells.append(_cell(page) if page else "–")
        lines.append(f"| /{name} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--baseline", metavar="REV", help="also measure this commit, as 'before'")
    parser.add_argument("--rounds", type=int, default=5, help="timed revisits per page")
    parser.add_argument("--out", type=Path, help="write the section into this markdown file")
    args = parser.parse_args(argv)
    if not CHROMIUM.exists():
        parser.error(f"{CHROMIUM} is missing")
    if not 1 <= args.rounds <= 20:
        parser.error("--rounds must be 1..20")

    results = []
    with contextlib.ExitStack() as stack:
        checkouts = []
        if args.baseline:
            tree = stack.enter_context(baseline_checkout(args.baseline))
            short = subprocess.run(
                ["git", "-C", str(PROJECT_ROOT), "rev-parse", "--short", args.baseline],
                capture_output=True,
                text=True,
                check=True,
            ).stdout.strip()
            checkouts.append(Checkout(label=f"before ({short})", app_dir=tree))
        checkouts.append(
            Checkout(label="after" if args.baseline else "current", app_dir=PROJECT_ROOT)
        )
        for checkout in checkouts:
            results.append(measure(checkout, args.rounds))

    section = render(results, args.rounds)
    print(section)
    if args.out:
        write_section(args.out, section, heading=HEADING)
        print(f"written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
