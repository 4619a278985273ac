#!/usr/bin/env python3
"""Server memory across browser sessions: does it come down after the sessions close?

Starts ``streamlit run app.py`` on a free local port with a store of its own
(shipped data, or ``--rows`` synthetic rows per growing table as in
bench/run_volume.py), then opens ``--sessions`` browser sessions one after
another in Debian's chromium (Playwright, never ``playwright install``); each
visits every page once and is closed. The server's RSS (``VmRSS``, and the
peak ``VmHWM``) is read from /proc: after start, after the first session, after
the last, and again once Streamlit has dropped the closed sessions
(``server.disconnectedSessionTTL`` is set to ``--ttl`` seconds here, and the
bench waits a little longer than that).

    .venv/bin/python bench/run_sessions.py --sessions 20 --label after

Figures go to ``bench/volume/sessions-<label>.json``; ``bench/run_volume.py
--report`` puts them into bench/RESULTS.md. Only 127.0.0.1 is contacted.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))
sys.path.insert(0, str(PROJECT_ROOT / "bench"))

OUT_DIR = PROJECT_ROOT / "bench" / "volume"
CHROMIUM = "/usr/bin/chromium"
APP_IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
PAGES = (
    "/",
    "/map",
    "/referrals",
    "/risk_types",
    "/staffing",
    "/staffing_planner",
    "/indicators",
    "/briefing",
    "/data_management",
)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _rss(pid: int) -> dict[str, float]:
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            values[key] = int(rest.split()[0]) / 1024
    return values


def _wait_healthy(url: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError("the server did not become healthy")


def _session(browser, base: str, timeout_ms: int) -> float:
    start = time.perf_counter()
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    for path in PAGES:
        page.goto(base + path)
        page.wait_for_selector(APP_IDLE, timeout=timeout_ms)
        page.wait_for_timeout(300)  # the last deltas drawn
        page.wait_for_selector(APP_IDLE, timeout=timeout_ms)
    context.close()
    return time.perf_counter() - start


def run(rows: int, sessions: int, ttl: int, timeout_ms: int) -> dict[str, object]:
    from playwright.sync_api import sync_playwright

    tmp = Path(tempfile.mkdtemp(prefix="safetynet-sessions-"))
    url = f"sqlite:///{tmp / 'store.sqlite'}"
    if rows:
        from volume_data import fill_store

        fill_store(url, "kaohsiung", rows)
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "SAFETYNET_DATABASE_URL": url}
    log = open(tmp / "server.log", "w")  # noqa: SIM115 - closed below
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "app.py",
            "--server.headless",
            "true",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--browser.gatherUsageStats",
            "false",
            "--server.fileWatcherType",
            "none",
            "--server.disconnectedSessionTTL",
            str(ttl),
        ],  # fmt: skip
        cwd=PROJECT_ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    result: dict[str, object] = {"rows": rows, "sessions": sessions, "ttl_s": ttl}
    try:
        _wait_healthy(base)
        result["start"] = _rss(server.pid)
        times = []
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            for i in range(sessions):
                times.append(_session(browser, base, timeout_ms))
                if i == 0:
                    result["after_first"] = _rss(server.pid)
                print(f"session {i + 1}: {times[-1]:.1f} s, {_rss(server.pid)}", flush=True)
            browser.close()
        result["after_last"] = _rss(server.pid)
        result["session_s"] = sum(times) / len(times)
        time.sleep(ttl + 30)  # closed sessions are dropped after the TTL
        result["after_ttl"] = _rss(server.pid)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        log.close()
        shutil.rmtree(tmp, ignore_errors=True)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=0)
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--ttl", type=int, default=30)
    parser.add_argument("--timeout-ms", type=int, default=180_000)
    parser.add_argument("--label", default="after")
    args = parser.parse_args()
    result = run(args.rows, args.sessions, args.ttl, args.timeout_ms)
    OUT_DIR.mkdir(exist_ok=True)
    out = OUT_DIR / f"sessions-{args.label}.json"
    done = json.loads(out.read_text()) if out.exists() else {"label": args.label, "runs": []}
    done["runs"] = [r for r in done["runs"] if r["rows"] != args.rows] + [result]
    done["date"] = time.strftime("%Y-%m-%dT%H:%M:%S%z")
    out.write_text(json.dumps(done, indent=1), encoding="utf-8")
    print(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
