#!/usr/bin/env python3
"""Concurrent sessions against the real server (issue 19); see bench/README.md.

For each checkout (``--app-dir``, or ``--baseline REV`` beside the current tree)
and each scenario, a fresh ``streamlit run app.py`` is started on a loopback port
with its own SQLite store, warmed by one session walking every page, and then
driven by N = 1, 5, 20 concurrent websocket sessions (``bench/load_client.py``):

* ``map``: each session opens ``/map`` and clicks the map link again ``--repeat`` times;
* ``briefing``: the same for ``/briefing``;
* ``walk``: each session opens ``/`` and clicks through every page of the
  navigation (``NAVIGATION`` in the checkout's ``components/sidebar.py``).

All sessions connect first and start together. Per scenario and N: the server's
CPU seconds per page run (user + system of the server process, from psutil),
median and worst page time (rerun request → ``script_finished``), KB sent per
run, and the server's RSS before the sessions, at its peak (sampled every
50 ms) and a few seconds after they closed.

Then, in chromium (Playwright driving ``/usr/bin/chromium``, on a fresh warmed
server), per page: a first visit (a new browser context opening the page's URL)
and a warm revisit (the page's sidebar link clicked in a context that has seen
every page), each timed to the page drawn: the script run finished, every
plotly chart drawn and, on the map, the district paths in the folium iframe.

No thresholds: figures are printed and, with ``--out``, written under their own
heading of bench/RESULTS.md (other sections are kept).
"""

from __future__ import annotations

import argparse
import ast
import asyncio
import contextlib
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

import psutil

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))

from bench.load_client import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    LiveServer,
    PageRun,
    StreamlitSession,
    run_pages,
    run_streamlit,
)

HEADING = "## Concurrent sessions (issue 19)"
SCENARIOS = ("map", "briefing", "walk")
MAX_SESSIONS = 50
SCENARIO_DEADLINE_S = 900
SETTLE_S = 3.0
RSS_SAMPLE_S = 0.05
OUTPUT_DIR = PROJECT_ROOT / "test-output" / "load"
MIB = 1024 * 1024


# -- checkouts -------------------------------------------------------------------
@dataclass
class Checkout:
    label: str
    app_dir: Path
    options: dict[str, str] = field(default_factory=dict)  # Streamlit options


def navigation_paths(app_dir: Path) -> list[str]:
    """URL paths of the checkout's navigation, in its order ("" for app.py)."""
    source = (app_dir / "components" / "sidebar.py").read_text(encoding="utf-8")
    for node in ast.walk(ast.parse(source)):
        target = getattr(node, "target", None) or (getattr(node, "targets", None) or [None])[0]
        if isinstance(target, ast.Name) and target.id == "NAVIGATION" and node.value is not None:
            navigation = ast.literal_eval(node.value)
            break
    else:
        raise SystemExit(f"no NAVIGATION in {app_dir}/components/sidebar.py")
    paths = []
    for _section, pages in navigation:
        for script, _title, _icon in pages:
            paths.append("" if script == "app.py" else Path(script).stem)
    return paths


@contextlib.contextmanager
def baseline_checkout(rev: str) -> Iterator[Path]:
    """The tree of ``rev`` exported into a temporary folder (``git archive``)."""
    with tempfile.TemporaryDirectory(prefix="load-baseline-") as tmp:
        archive = subprocess.run(
            ["git", "-C", str(PROJECT_ROOT), "archive", "--format=tar", rev],
            check=True,
            capture_output=True,
        )
        subprocess.run(["tar", "-x", "-C", tmp], input=archive.stdout, check=True)
        yield Path(tmp)


# -- measuring the server --------------------------------------------------------
class RssSampler:
    """Peak RSS of a process, sampled in a thread while a scenario runs."""

    def __init__(self, proc: psutil.Process):
        self.proc = proc
        self.peak = proc.memory_info().rss
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def _loop(self) -> None:
        while not self._stop.wait(RSS_SAMPLE_S):
            with contextlib.suppress(psutil.Error):
                self.peak = max(self.peak, self.proc.memory_info().rss)

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def cpu_seconds(proc: psutil.Process) -> float:
    times = proc.cpu_times()
    return times.user + times.system


@dataclass
class ScenarioResult:
    label: str
    scenario: str
    sessions: int
    runs: list[PageRun]
    cpu_s: float
    wall_s: float
    rss_before: int
    rss_peak: int
    rss_after: int
    load_before: float

    @property
    def ok_runs(self) -> list[PageRun]:
        return [r for r in self.runs if r.ok]

    @property
    def failed(self) -> int:
        return len(self.runs) - len(self.ok_runs)

    @property
    def cpu_per_run(self) -> float:
        return self.cpu_s / max(len(self.runs), 1)

    def times(self, page: str | None = None) -> list[float]:
        return [r.seconds for r in self.runs if page is None or r.page == page]


def session_paths(scenario: str, nav: Sequence[str], repeat: int) -> list[str]:
    if scenario == "walk":
        return list(nav)
    return [scenario] * (1 + repeat)


async def _drive(base_url: str, n: int, paths: Sequence[str], timeout_s: float) -> list[PageRun]:
    """N sessions connect, then all start ``paths`` at once."""
    sessions = [StreamlitSession(base_url, run_timeout_s=timeout_s) for _ in range(n)]
    start = asyncio.Event()

    async def one(session: StreamlitSession) -> list[PageRun]:
        await start.wait()
        runs = [await session.open(paths[0])]
        for path in paths[1:]:
            if runs[-1].status == "TIMEOUT":  # the socket may still carry that run
                break
            runs.append(await session.navigate(path))
        return runs

    try:
        await asyncio.gather(*(s.connect() for s in sessions))
        tasks = [asyncio.create_task(one(s)) for s in sessions]
        start.set()
        async with asyncio.timeout(SCENARIO_DEADLINE_S):
            results = await asyncio.gather(*tasks)
    finally:
        await asyncio.gather(*(s.close() for s in sessions), return_exceptions=True)
    return [run for runs in results for run in runs]


def run_scenario(
    server: LiveServer, label: str, scenario: str, n: int, paths: Sequence[str], timeout_s: float
) -> ScenarioResult:
    proc = psutil.Process(server.pid)
    time.sleep(SETTLE_S)
    load_before = os.getloadavg()[0]
    rss_before = proc.memory_info().rss
    cpu_before = cpu_seconds(proc)
    wall_start = time.perf_counter()
    with RssSampler(proc) as sampler:
        runs = asyncio.run(_drive(server.base_url, n, paths, timeout_s))
        wall = time.perf_counter() - wall_start
        cpu = cpu_seconds(proc) - cpu_before
        time.sleep(SETTLE_S)  # sessions closed; the server lets them go
    return ScenarioResult(
        label=label,
        scenario=scenario,
        sessions=n,
        runs=runs,
        cpu_s=cpu,
        wall_s=wall,
        rss_before=rss_before,
        rss_peak=sampler.peak,
        rss_after=proc.memory_info().rss,
        load_before=load_before,
    )


def warm_up(server: LiveServer, nav: Sequence[str], timeout_s: float) -> list[PageRun]:
    """The first visitor after a start: one session through every page (not counted)."""
    return asyncio.run(run_pages(server.base_url, nav, run_timeout_s=timeout_s))


# -- chromium --------------------------------------------------------------------
# The page is drawn: no run is going on, the main title is there, nothing is stale, and
# every plotly chart has drawn its svg. That the run asked for has finished is known
# from the websocket (RunWatch): a fast run (a warm revisit of a cached page) can go
# from running to not running within one render of the app, so the app's script-state
# attribute never changes, and a wait for it timed out on the briefing's revisit.
PAGE_DRAWN = """
() => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  const main = document.querySelector('[data-testid="stMain"]');
  if (!main || !main.querySelector('h1')) return false;
  if (main.querySelector('[data-stale="true"]')) return false;
  const charts = main.querySelectorAll('[data-testid="stPlotlyChart"]');
  for (const c of charts) { if (!c.querySelector('.main-svg')) return false; }
  return true;
}
"""
FOLIUM_IFRAME = 'iframe[title*="streamlit_folium"]'
PAGE_LINK = '[data-testid="stSidebar"] a[data-testid="stPageLink-NavLink"]'
BROWSER_TIMEOUT_MS = 120_000
RERUN_WINDOW_S = 2.0  # after the page is drawn, reruns the browser still asks for


@dataclass
class BrowserVisit:
    page: str
    first_s: float | None = None
    first_reruns: int = 0
    revisit_s: float | None = None
    revisit_reruns: int = 0
    error: str = ""


class RunWatch:
    """A tab's websocket as the browser uses it: ``reruns`` = the ``rerun_script``
    messages it sent (reset it before a visit), ``finished`` = when each
    ``script_finished`` arrived (``time.perf_counter``)."""

    def __init__(self, page) -> None:
        self.reruns = 0
        self.finished: list[float] = []
        page.on(
            "websocket",
            lambda ws: (ws.on("framesent", self._sent), ws.on("framereceived", self._received)),
        )

    def _sent(self, payload: bytes | str) -> None:
        from streamlit.proto.BackMsg_pb2 import BackMsg

        if isinstance(payload, bytes):
            msg = BackMsg()
            with contextlib.suppress(Exception):
                msg.ParseFromString(payload)
                if msg.WhichOneof("type") == "rerun_script":
                    self.reruns += 1

    def _received(self, payload: bytes | str) -> None:
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        if isinstance(payload, bytes):
            msg = ForwardMsg()
            with contextlib.suppress(Exception):
                msg.ParseFromString(payload)
                if msg.WhichOneof("type") == "script_finished":
                    self.finished.append(time.perf_counter())


def _wait_drawn(page, watch: RunWatch, start: float) -> None:
    """Until a run finished after ``start`` (a perf_counter time) and the page is drawn
    (on the map: the districts in the folium iframe too)."""
    deadline = time.perf_counter() + BROWSER_TIMEOUT_MS / 1000
    while not any(t >= start for t in watch.finished):
        if time.perf_counter() > deadline:
            raise TimeoutError(f"no run finished within {BROWSER_TIMEOUT_MS / 1000:.0f} s")
        page.wait_for_timeout(5)  # lets playwright deliver the websocket's frames
    page.wait_for_function(PAGE_DRAWN, polling="raf", timeout=BROWSER_TIMEOUT_MS)
    if page.locator(FOLIUM_IFRAME).count():
        districts = page.frame_locator(FOLIUM_IFRAME).first.locator("path.district")
        districts.first.wait_for(state="attached", timeout=BROWSER_TIMEOUT_MS)


def browser_visits(server: LiveServer, nav: Sequence[str]) -> list[BrowserVisit]:
    from playwright.sync_api import sync_playwright

    visits = {path: BrowserVisit(page=path) for path in nav}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            for path in nav:  # first visits: a fresh context per page
                context = browser.new_context(
                    viewport={"width": 1400, "height": 1000}, locale="zh-TW"
                )
                page = context.new_page()
                watch = RunWatch(page)
                try:
                    start = time.perf_counter()
                    page.goto(f"{server.base_url}/{path}")
                    _wait_drawn(page, watch, start)
                    visits[path].first_s = time.perf_counter() - start
                    page.wait_for_timeout(RERUN_WINDOW_S * 1000)
                    visits[path].first_reruns = watch.reruns
                except Exception as err:  # reported in the table
                    visits[path].error = f"first: {type(err).__name__}"
                finally:
                    context.close()

            context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-TW")
            page = context.new_page()
            watch = RunWatch(page)
            page.goto(f"{server.base_url}/{nav[0]}")
            _wait_drawn(page, watch, 0.0)
            # the sidebar lists the links in the navigation's order
            order = [*range(1, len(nav)), 0]
            for rnd in ("visit", "revisit"):
                for i in order:
                    path = nav[i]
                    try:
                        watch.reruns = 0
                        start = time.perf_counter()
                        page.locator(PAGE_LINK).nth(i).click()
                        _wait_drawn(page, watch, start)
                        elapsed = time.perf_counter() - start
                        page.wait_for_timeout(RERUN_WINDOW_S * 1000)
                        if rnd == "revisit":
                            visits[path].revisit_s = elapsed
                            visits[path].revisit_reruns = watch.reruns
                    except Exception as err:  # reported in the table
                        visits[path].error += f" {rnd}: {type(err).__name__}"
            context.close()
        finally:
            browser.close()
    return [visits[path] for path in nav]


# -- the report ------------------------------------------------------------------
@dataclass
class Report:
    checkouts: list[Checkout]
    sessions: list[int]
    repeat: int
    results: list[ScenarioResult] = field(default_factory=list)
    warmups: dict[tuple[str, str], list[PageRun]] = field(default_factory=dict)
    browser: dict[str, list[BrowserVisit]] = field(default_factory=dict)
    browser_load: dict[str, float] = field(default_factory=dict)  # load average before
    started: str = field(default_factory=lambda: dt.datetime.now(dt.UTC).isoformat(" ", "seconds"))


def _cpu_model() -> str:
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or "?"


def _streamlit_version() -> str:
    import streamlit

    return streamlit.__version__


def _fmt(value: float | None, digits: int = 2) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def _page_name(path: str) -> str:
    return f"/{path}"


def render(report: Report) -> str:
    labels = [c.label for c in report.checkouts]
    mem = psutil.virtual_memory().total / (1024**3)
    lines = [
        HEADING,
        "",
        f"- Date: {report.started} UTC",
        f"- Machine: nproc {os.cpu_count()}, {_cpu_model()}, {mem:.0f} GiB,"
        f" Linux {platform.release()}. Other work may share the machine: *Load avg* is the"
        " 1-minute load average just before the row's sessions started (2 cores; above 2 the"
        " page times are stretched by other processes, CPU seconds much less so)",
        f"- Python {platform.python_version()}, Streamlit {_streamlit_version()}",
        "- Checkouts: "
        + "; ".join(
            f"**{c.label}** `{c.app_dir}`" + "".join(f" `--{k} {v}`" for k, v in c.options.items())
            for c in report.checkouts
        ),
        "- Method: `bench/load_sessions.py` starts `streamlit run app.py` (headless, loopback,"
        " file watcher off, a fresh SQLite store) once per checkout and scenario, warms it with"
        " one session walking every page, then drives N concurrent websocket sessions"
        " (`bench/load_client.py`: the frontend's handshake, `rerun_script` by page name or"
        " page hash, ForwardMsg cache hashes sent back; no browser, no static files)."
        " All N sessions connect, then start together.",
        f"- Scenarios: **map** and **briefing** = each session opens the page and clicks its"
        f" link {report.repeat} more times ({report.repeat + 1} runs); **walk** = each session"
        " opens `/` and clicks through every page of the navigation.",
        "- Server CPU per page run = user + system CPU seconds of the server process during"
        " the scenario ÷ page runs. Page time = rerun request sent → `script_finished`"
        " received. RSS after = 3 s after the sessions closed (Streamlit keeps a closed"
        " session for reconnection for 2 minutes).",
        "",
        "How to run (about 10 minutes per checkout):",
        "",
        "```sh",
        ".venv/bin/python bench/load_sessions.py --sessions 1,5,20 --out bench/RESULTS.md",
        "# before and after in one run: a baseline commit beside the current tree",
        ".venv/bin/python bench/load_sessions.py --baseline <rev> --out bench/RESULTS.md",
        "```",
        "",
        "### Server CPU, page time and memory",
        "",
        "| Scenario | N | Code | Page runs | Failed | Server CPU per run (s) | Median page (s)"
        " | Worst page (s) | KB sent per run | RSS before / peak / after (MiB) | Load avg |",
        "|---|---:|---|---:|---:|---:|---:|---:|---:|---|---:|",
    ]
    order = {s: i for i, s in enumerate(SCENARIOS)}
    rows = sorted(
        report.results, key=lambda r: (order[r.scenario], r.sessions, labels.index(r.label))
    )
    for r in rows:
        times = r.times()
        kb = sum(run.bytes for run in r.runs) / max(len(r.runs), 1) / 1024
        lines.append(
            f"| {r.scenario} | {r.sessions} | {r.label} | {len(r.runs)} | {r.failed}"
            f" | {r.cpu_per_run:.2f} | {_fmt(statistics.median(times) if times else None)}"
            f" | {_fmt(max(times) if times else None)} | {kb:.0f}"
            f" | {r.rss_before / MIB:.0f} / {r.rss_peak / MIB:.0f} / {r.rss_after / MIB:.0f}"
            f" | {r.load_before:.1f} |"
        )

    walks = [r for r in rows if r.scenario == "walk"]
    if walks:
        n_max = max(r.sessions for r in walks)
        lines += [
            "",
            f"### Walk, per page (N = {n_max}; median / worst page time in s)",
            "",
            "| Page | " + " | ".join(labels) + " |",
            "|---|" + "---:|" * len(labels),
        ]
        by_label = {r.label: r for r in walks if r.sessions == n_max}
        pages = list(dict.fromkeys(run.page for r in by_label.values() for run in r.runs))
        for page in pages:
            cells = []
            for label in labels:
                r = by_label.get(label)
                t = r.times(page) if r else []
                cells.append(f"{statistics.median(t):.2f} / {max(t):.2f}" if t else "–")
            lines.append(f"| {_page_name(page)} | " + " | ".join(cells) + " |")

    if report.warmups:
        lines += [
            "",
            "### First visitor after a server start (one session, every page; s)",
            "",
            "| Page | " + " | ".join(labels) + " |",
            "|---|" + "---:|" * len(labels),
        ]
        first = {}
        for (label, _scenario), runs in report.warmups.items():
            first.setdefault(label, runs)  # the first scenario's server is as cold as any
        pages = list(dict.fromkeys(run.page for runs in first.values() for run in runs))
        for page in pages:
            cells = []
            for label in labels:
                t = [run.seconds for run in first.get(label, []) if run.page == page]
                cells.append(_fmt(t[0] if t else None))
            lines.append(f"| {_page_name(page)} | " + " | ".join(cells) + " |")

    if report.browser:
        lines += [
            "",
            "### Chromium: first visit and warm revisit per page (s)",
            "",
            "First visit = a new browser context opens the page's URL (HTML, scripts, websocket,"
            " script run, drawing). Warm revisit = in a context that has seen every page, a"
            " click on the page's sidebar link. Both end when the run has finished, every"
            " plotly chart is drawn and, on the map, the districts are drawn in the folium"
            " iframe. Reruns = `rerun_script` messages the browser sent for that visit"
            f" (counted until {RERUN_WINDOW_S:.0f} s after it was drawn). Load average before:"
            + ", ".join(f" {label} {load:.1f}" for label, load in report.browser_load.items())
            + ".",
            "",
            "| Page | "
            + " | ".join(f"{label}: first (reruns) | {label}: revisit (reruns)" for label in labels)
            + " |",
            "|---|" + "---:|---:|" * len(labels),
        ]
        # rows by page: checkouts' navigations differ (a page added since the baseline),
        # so a page's cells are looked up by its path, not by its place in the list
        nav = list(dict.fromkeys(v.page for vs in report.browser.values() for v in vs))
        by_page = {label: {v.page: v for v in visits} for label, visits in report.browser.items()}
        for page in nav:
            cells = []
            for label in labels:
                v = by_page.get(label, {}).get(page)
                if v is None:
                    cells += ["–", "–"]
                    continue
                cells.append(f"{_fmt(v.first_s)} ({v.first_reruns})")
                cells.append(f"{_fmt(v.revisit_s)} ({v.revisit_reruns})")
            lines.append(f"| {_page_name(page)} | " + " | ".join(cells) + " |")
        errors = [
            f"{label} {v.page}: {v.error}"
            for label, vs in report.browser.items()
            for v in vs
            if v.error
        ]
        if errors:
            lines += ["", "Browser errors: " + "; ".join(errors)]
    return "\n".join(lines) + "\n"


def write_section(path: Path, section: str, *, heading: str = HEADING) -> None:
    """Replace the section under ``heading`` of ``path`` (or append it); keep every other one."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmark results\n"
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if line.strip() == heading), None)
    if start is None:
        new = text.rstrip("\n") + "\n\n" + section
    else:
        end = next(
            (i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines)
        )
        before = "\n".join(lines[:start]).rstrip("\n")
        after = "\n".join(lines[end:]).strip("\n")
        new = (before + "\n\n" if before else "") + section
        if after:
            new += "\n" + after + "\n"
    path.write_text(new, encoding="utf-8")


def _run_dict(run: PageRun) -> dict:
    data = {k: v for k, v in vars(run).items() if not isinstance(v, dict)}
    data["element_bytes"] = dict(run.element_bytes)
    data["element_counts"] = dict(run.element_counts)
    return data


def dump_json(report: Report, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {
        "started": report.started,
        "checkouts": [{"label": c.label, "app_dir": str(c.app_dir)} for c in report.checkouts],
        "results": [
            {
                "label": r.label,
                "scenario": r.scenario,
                "sessions": r.sessions,
                "cpu_s": r.cpu_s,
                "wall_s": r.wall_s,
                "rss_before": r.rss_before,
                "rss_peak": r.rss_peak,
                "rss_after": r.rss_after,
                "load_before": r.load_before,
                "runs": [_run_dict(run) for run in r.runs],
            }
            for r in report.results
        ],
        "warmups": {
            f"{label}/{scenario}": [_run_dict(run) for run in runs]
            for (label, scenario), runs in report.warmups.items()
        },
        "browser": {label: [asdict(v) for v in vs] for label, vs in report.browser.items()},
    }
    path.write_text(json.dumps(data, indent=1, default=str), encoding="utf-8")


# -- main ------------------------------------------------------------------------
def _parse_app_dir(value: str) -> Checkout:
    label, sep, path = value.partition("=")
    if not sep:
        label, path = "", value
    app_dir = Path(path).resolve()
    if not (app_dir / "app.py").is_file():
        raise argparse.ArgumentTypeError(f"{app_dir} has no app.py")
    return Checkout(label=label or app_dir.name, app_dir=app_dir)


def _options(text: str | Sequence[str]) -> dict[str, str]:
    """``NAME=VALUE`` items (comma-separated, or a list) as Streamlit options."""
    items = text.split(",") if isinstance(text, str) else text
    options = {}
    for item in filter(None, (part.strip() for part in items)):
        name, sep, value = item.partition("=")
        if not sep:
            raise SystemExit(f"option {item!r}: expected NAME=VALUE")
        options[name] = value
    return options


def _parse_sessions(value: str) -> list[int]:
    try:
        counts = [int(v) for v in value.split(",") if v.strip()]
    except ValueError as err:
        raise argparse.ArgumentTypeError(str(err)) from err
    if not counts or any(n < 1 or n > MAX_SESSIONS for n in counts):
        raise argparse.ArgumentTypeError(f"session counts must be 1..{MAX_SESSIONS}")
    return counts


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--app-dir",
        action="append",
        type=_parse_app_dir,
        default=[],
        metavar="[LABEL=]DIR",
        help="a checkout to measure (repeatable); default: this tree",
    )
    parser.add_argument(
        "--baseline",
        metavar="REV",
        help="also measure this commit (exported with git archive) as 'before'",
    )
    parser.add_argument(
        "--option",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a Streamlit option for every server, e.g. runner.postScriptGC=false (repeatable)",
    )
    parser.add_argument(
        "--variant",
        action="append",
        default=[],
        metavar="LABEL:NAME=VALUE[,NAME=VALUE]",
        help="also measure the current tree with these Streamlit options, as LABEL",
    )
    parser.add_argument("--sessions", type=_parse_sessions, default=[1, 5, 20])
    parser.add_argument(
        "--scenarios", default=",".join(SCENARIOS), help=f"subset of {','.join(SCENARIOS)}"
    )
    parser.add_argument("--repeat", type=int, default=2, help="extra clicks on map/briefing")
    parser.add_argument("--timeout", type=float, default=180.0, help="per page run, seconds")
    parser.add_argument("--no-browser", action="store_true", help="skip the chromium visits")
    parser.add_argument("--out", type=Path, help="write the section into this markdown file")
    parser.add_argument(
        "--json", type=Path, default=OUTPUT_DIR / "results.json", help="raw figures"
    )
    args = parser.parse_args(argv)
    scenarios = [s for s in args.scenarios.split(",") if s]
    unknown = set(scenarios) - set(SCENARIOS)
    if unknown:
        parser.error(f"unknown scenarios {sorted(unknown)}")

    with contextlib.ExitStack() as stack:
        checkouts: list[Checkout] = []
        if args.baseline:
            tree = stack.enter_context(baseline_checkout(args.baseline))
            short = subprocess.run(
                ["git", "-C", str(PROJECT_ROOT), "rev-parse", "--short", args.baseline],
                capture_output=True,
                text=True,
                check=True,
            ).stdout.strip()
            checkouts.append(Checkout(label=f"before ({short})", app_dir=tree))
        checkouts += args.app_dir or [
            Checkout(label="after" if args.baseline else "current", app_dir=PROJECT_ROOT)
        ]
        for variant in args.variant:
            label, _, opts = variant.partition(":")
            checkouts.append(Checkout(label=label, app_dir=PROJECT_ROOT, options=_options(opts)))
        common = _options(",".join(args.option))
        for checkout in checkouts:
            checkout.options = common | checkout.options
        report = Report(checkouts=checkouts, sessions=args.sessions, repeat=args.repeat)
        run_all(report, scenarios, args.timeout, browser=not args.no_browser)

    section = render(report)
    print(section)
    dump_json(report, args.json)
    if args.out:
        write_section(args.out, section)
        print(f"written to {args.out} (raw figures: {args.json})")
    return 0


def run_all(report: Report, scenarios: Sequence[str], timeout_s: float, *, browser: bool) -> None:
    for scenario in scenarios:
        for checkout in report.checkouts:
            nav = navigation_paths(checkout.app_dir)
            paths = session_paths(scenario, nav, report.repeat)
            with _server(checkout, f"{scenario}") as server:
                report.warmups[(checkout.label, scenario)] = warm_up(server, nav, timeout_s)
                for n in report.sessions:
                    _progress(f"{checkout.label}: {scenario}, {n} session(s)")
                    result = run_scenario(server, checkout.label, scenario, n, paths, timeout_s)
                    report.results.append(result)
                    _progress(_summary(result))
    if browser and CHROMIUM.exists():
        for checkout in report.checkouts:
            nav = navigation_paths(checkout.app_dir)
            with _server(checkout, "browser") as server:
                warm_up(server, nav, timeout_s)
                _progress(f"{checkout.label}: chromium visits")
                report.browser_load[checkout.label] = os.getloadavg()[0]
                report.browser[checkout.label] = browser_visits(server, nav)
    elif browser:
        _progress(f"{CHROMIUM} is missing: no browser figures")


@contextlib.contextmanager
def _server(checkout: Checkout, name: str) -> Iterator[LiveServer]:
    safe = "".join(ch if ch.isalnum() else "_" for ch in checkout.label)
    log = OUTPUT_DIR / f"{safe}_{name}.log"
    with (
        tempfile.TemporaryDirectory(prefix="load-store-") as store,
        run_streamlit(checkout.app_dir, Path(store), log, options=checkout.options) as server,
    ):
        yield server


def _summary(r: ScenarioResult) -> str:
    times = r.times()
    return (
        f"  runs {len(r.runs)} failed {r.failed}  cpu/run {r.cpu_per_run:.2f} s"
        f"  median {statistics.median(times):.2f} s  worst {max(times):.2f} s"
        f"  rss {r.rss_before / MIB:.0f}/{r.rss_peak / MIB:.0f}/{r.rss_after / MIB:.0f} MiB"
        f"  wall {r.wall_s:.1f} s"
    )


def _progress(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


if __name__ == "__main__":
    sys.exit(main())
