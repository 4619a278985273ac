#!/usr/bin/env python3
"""Where the server's CPU goes per page run, and what holds its memory (issue 19).

CPU (default): a warmed ``streamlit run app.py`` (as ``bench/load_sessions.py``
starts it) has ``py-spy record`` attached while one websocket session runs a
page ``--runs`` times; repeated for each page. Per page it prints the server's
CPU seconds per run (psutil), the event-loop thread's part of it, and the
py-spy samples sorted into the costs issue 19 asks about (an exclusive
breakdown that sums to 100 %, then cross-cutting costs that overlap it), with
the heaviest frames of the app's own code. The raw collapsed stacks go to
``test-output/profile/<page>.txt`` (open them in speedscope or flamegraph.pl).

Memory (``--memory``): the server runs under ``bench/traced_server.py``
(tracemalloc on from the start); ``--sessions`` sessions walk every page and
stay connected, then close. At each step the server's RSS, Streamlit's own
``/_stcore/metrics`` cache sizes and the tracemalloc difference against the
warmed server are printed; at the end the server is asked to ``malloc_trim``,
which tells memory still referenced from memory only kept by the allocator.

py-spy needs ptrace (root, or CAP_SYS_PTRACE). Loopback only; nothing is
written outside ``test-output/``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import psutil

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))

from bench.load_client import LiveServer, StreamlitSession, run_pages, run_streamlit  # noqa: E402
from bench.load_sessions import _options, navigation_paths  # noqa: E402

OUTPUT_DIR = PROJECT_ROOT / "test-output" / "profile"
PY_SPY = Path(sys.executable).with_name("py-spy")
TRACED_SERVER = PROJECT_ROOT / "bench" / "traced_server.py"
MIB = 1024 * 1024

# Exclusive breakdown: a sample goes to the first category one of whose patterns
# matches a frame of its stack ("function (file:line)" as py-spy writes them).
CATEGORIES: list[tuple[str, str]] = [
    (
        "after the run: gc.collect(2) (runner.postScriptGC), clean-up",
        r"^ScriptRunner\._on_script_finished \(",
    ),
    ("st_folium: render the map to HTML/JS + component", r"\(streamlit_folium/"),
    ("folium map object built (components/map.py)", r"^build_service_map \(components/map\.py"),
    ("st.plotly_chart: figure → JSON", r"^PlotlyMixin\.plotly_chart \("),
    ("st.dataframe: frame → Arrow", r"\(streamlit/elements/arrow\.py"),
    (
        "store reads: load_table(s), st.cache_data",
        r"\(components/data\.py|\(streamlit/runtime/caching/",
    ),
    ("sidebar: 10 page links + 3 settings widgets", r"^render_sidebar \(components/sidebar\.py"),
    ("page frame: set_page_config, CSS, title", r"^start_page \(components/page\.py"),
    ("other st.* elements and widgets of the page", r"\(streamlit/(elements|delta_generator)"),
    ("page code: figures, tables, safetynet", r"\((components|safetynet)/|{pages}"),
    ("script runner: exec, session state, widgets, ForwardMsg queue", r""),
]
SCRIPT_THREAD = re.compile(r"^thread \(\d+\): ScriptRunner\.scriptThread")
# Cross-cutting costs: share of samples with any matching frame (they overlap the above).
CROSS_CUTTING: list[tuple[str, str]] = [
    ("ForwardMsg hash (deterministic serialise + md5)", r"^populate_hash_if_needed \("),
    ("ForwardMsg serialise for the websocket", r"^serialize_forward_msg \("),
    ("Jinja2 template compile (branca Element)", r"^Environment\.compile \(jinja2"),
    ("json.dumps", r"^dumps \(json/"),
    ("plotly to_json / validation", r"\(plotly/"),
    ("pandas", r"\(pandas/"),
    ("pyarrow", r"\(pyarrow/"),
    ("translation t()", r"^t \(safetynet/i18n\.py"),
    ("SQLAlchemy (store)", r"\(sqlalchemy/"),
    ("pickle (st.cache_data copies)", r"(^_?pickle|\(pickle\.py|loads \(|dumps \(pickle)"),
]
APP_FRAME = r"\((components|safetynet)/|{pages}"


def page_frames(nav: Sequence[str]) -> str:
    """Frames of the page scripts themselves: py-spy names them by file name only."""
    names = ["app", *(p for p in nav if p)]
    return r"\((?:" + "|".join(map(re.escape, names)) + r")\.py:\d+\)$"


# -- CPU -----------------------------------------------------------------------
@dataclass
class Profile:
    page: str
    runs: int
    cpu_per_run: float  # the whole server process
    main_per_run: float  # the main thread: the event loop (websocket, rerun requests)
    median_run_s: float
    samples: Counter  # stack (tuple of frames, thread first) → count; script threads only

    @property
    def script_per_run(self) -> float:
        """CPU of the threads that ran the script (they end with their run)."""
        return self.cpu_per_run - self.main_per_run


def _thread_cpu(proc: psutil.Process) -> tuple[float, float]:
    """(whole process, main thread) CPU seconds, from the kernel's accounting."""
    times = proc.cpu_times()
    main = next((t for t in proc.threads() if t.id == proc.pid), None)
    return times.user + times.system, (main.user_time + main.system_time) if main else 0.0


def read_raw(path: Path) -> Counter:
    samples: Counter = Counter()
    for line in path.read_text(errors="replace").splitlines():
        stack, _, count = line.rpartition(" ")
        if stack and count.isdigit():
            samples[tuple(stack.split(";"))] += int(count)
    return samples


async def _repeat(base_url: str, page: str, runs: int) -> list[float]:
    async with StreamlitSession(base_url) as session:
        times = [(await session.open(page)).seconds]
        for _ in range(runs - 1):
            run = await session.navigate(page)
            if not run.ok:
                raise RuntimeError(f"/{page}: {run.status} {run.exceptions}")
            times.append(run.seconds)
        return times


def profile_page(
    server: LiveServer, page: str, runs: int, rate: int, out_dir: Path, gil: bool
) -> Profile:
    raw = out_dir / f"{page or 'home'}.txt"
    cmd = [str(PY_SPY), "record", "--pid", str(server.pid), "--rate", str(rate)]
    cmd += ["--format", "raw", "--threads", "--output", str(raw)]
    if gil:
        cmd.append("--gil")
    proc = psutil.Process(server.pid)
    spy = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        time.sleep(1.0)  # py-spy attached
        cpu0, main0 = _thread_cpu(proc)
        times = asyncio.run(_repeat(server.base_url, page, runs))
        cpu1, main1 = _thread_cpu(proc)
    finally:
        spy.send_signal(signal.SIGINT)
        spy.wait(timeout=60)
    # py-spy cannot tell the sleeping file-watcher and thread-pool threads from
    # running ones here, so only the script threads' stacks are kept; the rest of
    # the process (the event loop) is measured by the kernel's per-thread times.
    samples = Counter({k: n for k, n in read_raw(raw).items() if SCRIPT_THREAD.match(k[0])})
    return Profile(
        page=page,
        runs=runs,
        cpu_per_run=(cpu1 - cpu0) / runs,
        main_per_run=(main1 - main0) / runs,
        median_run_s=statistics.median(times),
        samples=samples,
    )


def _matches(pattern: re.Pattern[str], stack: Sequence[str]) -> bool:
    return any(pattern.search(frame) for frame in stack)


def breakdown(
    samples: Counter, pages: str
) -> tuple[list[tuple[str, int]], list[tuple[str, int]], int]:
    total = sum(samples.values())
    compiled = [(name, re.compile(p.replace("{pages}", pages))) for name, p in CATEGORIES]
    exclusive: Counter = Counter()
    for stack, n in samples.items():
        for name, pattern in compiled:
            if _matches(pattern, stack):  # the last pattern ("") takes the rest
                exclusive[name] += n
                break
    cross = []
    for name, p in CROSS_CUTTING:
        pattern = re.compile(p)
        cross.append((name, sum(n for s, n in samples.items() if _matches(pattern, s))))
    return [(name, exclusive[name]) for name, _ in CATEGORIES], cross, total


def top_frames(samples: Counter, pages: str, limit: int = 15) -> list[tuple[str, int]]:
    """App frames (page scripts, components, safetynet) by inclusive samples."""
    app_frame = re.compile(APP_FRAME.replace("{pages}", pages))
    inclusive: Counter = Counter()
    for stack, n in samples.items():
        for frame in set(stack[1:]):
            if app_frame.search(frame):
                inclusive[frame] += n
    return inclusive.most_common(limit)


def report_cpu(profiles: Sequence[Profile], nav: Sequence[str]) -> str:
    pages = page_frames(nav)
    lines = []
    for p in profiles:
        exclusive, cross, total = breakdown(p.samples, pages)
        total = max(total, 1)
        lines += [
            f"### /{p.page}: {p.cpu_per_run:.3f} s server CPU per run ({p.runs} runs,"
            f" median {p.median_run_s:.2f} s)",
            "",
            f"Event loop (main thread): {p.main_per_run:.3f} s per run; script thread and the"
            f" rest: {p.script_per_run:.3f} s, split by {total} py-spy samples of the script"
            " threads:",
            "",
            "| Cost (script thread) | Share | ≈ s CPU per run |",
            "|---|---:|---:|",
        ]
        for name, n in exclusive:
            if n:
                share = n / total
                lines.append(f"| {name} | {share:.1%} | {share * p.script_per_run:.3f} |")
        lines += ["", "| Cross-cutting (overlaps the above) | Share | ≈ s CPU per run |"]
        lines.append("|---|---:|---:|")
        for name, n in cross:
            if n:
                share = n / total
                lines.append(f"| {name} | {share:.1%} | {share * p.script_per_run:.3f} |")
        lines += ["", "Heaviest app frames (inclusive):", "", "```"]
        for frame, n in top_frames(p.samples, pages):
            lines.append(f"{n / total:6.1%}  {frame}")
        lines += ["```", ""]
    return "\n".join(lines)


# -- memory ----------------------------------------------------------------------
def _metrics(server: LiveServer) -> dict[str, int]:
    with urllib.request.urlopen(server.base_url + "/_stcore/metrics", timeout=30) as r:
        text = r.read().decode()
    sizes = {}
    for line in text.splitlines():
        m = re.match(r'cache_memory_bytes\{cache_type="([^"]+)",cache="([^"]*)"\} (\d+)', line)
        if m:
            sizes[f"{m.group(1)}:{m.group(2)}"] = int(m.group(3))
        m = re.match(r"active_sessions (\d+)", line)
        if m:
            sizes["active_sessions"] = int(m.group(1))
    return sizes


def _snapshot(server: LiveServer, snap_dir: Path, name: str) -> Path:
    """Ask the traced server for a tracemalloc snapshot (after gc.collect)."""
    (snap_dir / "request").write_text(name)
    psutil.Process(server.pid).send_signal(signal.SIGUSR1)
    done = snap_dir / f"{name}.done"
    deadline = time.monotonic() + 300
    while not done.exists():
        if time.monotonic() > deadline:
            raise TimeoutError(f"no snapshot {name}")
        time.sleep(0.2)
    return snap_dir / f"{name}.snap"


def _rss(server: LiveServer) -> float:
    return psutil.Process(server.pid).memory_info().rss / MIB


def _diff(base: Path, other: Path, limit: int, group: str = "traceback") -> list[str]:
    import tracemalloc

    old = tracemalloc.Snapshot.load(str(base))
    new = tracemalloc.Snapshot.load(str(other))
    stats = new.compare_to(old, group)
    total = sum(s.size_diff for s in stats)
    lines = [f"net {total / MIB:+.1f} MiB traced"]
    for stat in sorted(stats, key=lambda s: -s.size_diff)[:limit]:
        frames = [
            f"{Path(f.filename).name if 'site-packages' not in f.filename else _short(f.filename)}"
            f":{f.lineno}"
            for f in stat.traceback
        ]
        lines.append(
            f"{stat.size_diff / MIB:+8.2f} MiB {stat.count_diff:+7d} blocks  "
            + " < ".join(frames[-1:-7:-1])
        )
    return lines


def _short(filename: str) -> str:
    return filename.split("site-packages/", 1)[1]


async def _hold_sessions(base_url: str, n: int, nav: Sequence[str]) -> list[StreamlitSession]:
    sessions = [StreamlitSession(base_url) for _ in range(n)]
    await asyncio.gather(*(s.connect() for s in sessions))

    async def walk(session: StreamlitSession) -> None:
        await session.open(nav[0])
        for path in nav[1:]:
            await session.navigate(path)

    await asyncio.gather(*(walk(s) for s in sessions))
    return sessions


def memory_probe(app_dir: Path, sessions: int, linger_s: float, out_dir: Path) -> str:
    nav = navigation_paths(app_dir)
    snap_dir = out_dir / "snapshots"
    shutil.rmtree(snap_dir, ignore_errors=True)
    snap_dir.mkdir(parents=True)
    lines: list[str] = []

    def step(name: str, server: LiveServer) -> Path:
        path = _snapshot(server, snap_dir, name)
        metrics = _metrics(server)
        caches = sum(v for k, v in metrics.items() if ":" in k)
        lines.append(
            f"- {name}: RSS {_rss(server):.0f} MiB, Streamlit caches {caches / MIB:.2f} MiB,"
            f" active sessions {metrics.get('active_sessions', '?')}"
        )
        return path

    with (
        tempfile.TemporaryDirectory(prefix="profile-store-") as store,
        run_streamlit(
            app_dir,
            Path(store),
            out_dir / "traced_server.log",
            command=[sys.executable, str(TRACED_SERVER)],
            extra_env={"TRACED_SERVER_DIR": str(snap_dir)},
        ) as server,
    ):
        asyncio.run(run_pages(server.base_url, nav))  # warm: every page once
        warm = step("warm", server)

        async def scenario() -> None:
            held = await _hold_sessions(server.base_url, sessions, nav)
            await asyncio.to_thread(step, f"{sessions}_sessions_open", server)
            await asyncio.gather(*(s.close() for s in held))

        asyncio.run(scenario())
        time.sleep(3)
        closed = step("closed", server)
        if linger_s:
            time.sleep(linger_s)
            # a new session touches the session storage, which drops expired entries
            asyncio.run(run_pages(server.base_url, [nav[0]]))
            step(f"closed_{linger_s:.0f}s", server)
        before = _rss(server)
        psutil.Process(server.pid).send_signal(signal.SIGUSR2)  # malloc_trim(0)
        time.sleep(2)
        lines.append(f"- malloc_trim(0): RSS {before:.0f} → {_rss(server):.0f} MiB")

        open_snap = snap_dir / f"{sessions}_sessions_open.snap"
        lines += ["", f"tracemalloc, {sessions} sessions open vs warm:", "```"]
        lines += _diff(warm, open_snap, 25)
        lines += ["```", "", "tracemalloc, closed vs warm:", "```"]
        lines += _diff(warm, closed, 25)
        lines += ["```"]
        last = snap_dir / f"closed_{linger_s:.0f}s.snap"
        if linger_s and last.exists():
            lines += ["", f"tracemalloc, {linger_s:.0f} s after closing vs warm:", "```"]
            lines += _diff(warm, last, 15)
            lines += ["```"]
        counts = snap_dir / "objects.json"
        if counts.exists():
            lines += ["", "Live objects by type at each snapshot (top growth):", "```"]
            data = json.loads(counts.read_text())
            first = data[0]["counts"]
            for entry in data:
                growth = sorted(
                    ((k, v - first.get(k, 0)) for k, v in entry["counts"].items()),
                    key=lambda kv: -kv[1],
                )[:8]
                lines.append(
                    f"{entry['name']}: " + ", ".join(f"{k} {d:+d}" for k, d in growth if d)
                )
            lines += ["```"]
    return "\n".join(lines) + "\n"


# -- main ------------------------------------------------------------------------
def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--app-dir", type=Path, default=PROJECT_ROOT)
    parser.add_argument("--pages", help="comma-separated URL paths (home = ''); default: all")
    parser.add_argument("--runs", type=int, default=12, help="page runs per page")
    parser.add_argument("--rate", type=int, default=100, help="py-spy samples per second")
    parser.add_argument("--gil", action="store_true", help="sample only the GIL holder")
    parser.add_argument("--memory", action="store_true", help="the memory probe instead")
    parser.add_argument("--sessions", type=int, default=20, help="memory probe sessions")
    parser.add_argument("--linger", type=float, default=0.0, help="memory probe: wait s")
    parser.add_argument(
        "--option",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a Streamlit option for the server, e.g. runner.postScriptGC=false",
    )
    parser.add_argument("--out-dir", type=Path, default=OUTPUT_DIR)
    args = parser.parse_args(argv)
    app_dir = args.app_dir.resolve()
    args.out_dir.mkdir(parents=True, exist_ok=True)

    if args.memory:
        print(memory_probe(app_dir, min(args.sessions, 50), args.linger, args.out_dir))
        return 0

    if not PY_SPY.exists():
        raise SystemExit(f"{PY_SPY} missing: pip install -r requirements-dev.txt")
    nav = navigation_paths(app_dir)
    pages = nav if args.pages is None else [p.strip("/") for p in args.pages.split(",")]
    with (
        tempfile.TemporaryDirectory(prefix="profile-store-") as store,
        run_streamlit(
            app_dir, Path(store), args.out_dir / "server.log", options=_options(args.option)
        ) as server,
    ):
        asyncio.run(run_pages(server.base_url, nav))  # warm: every page once
        profiles = []
        for page in pages:
            print(f"profiling /{page}", file=sys.stderr, flush=True)
            profiles.append(
                profile_page(server, page, args.runs, args.rate, args.out_dir, args.gil)
            )
    print(report_cpu(profiles, nav))
    return 0


if __name__ == "__main__":
    sys.exit(main())
