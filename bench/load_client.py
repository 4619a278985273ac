"""A small Streamlit client over the websocket, and the real server it talks to.

Used by ``bench/load_sessions.py`` (concurrent sessions), ``bench/profile_pages.py``
(a profiler attached to the server while pages run) and ``tests/test_load_client.py``.

The client speaks to ``streamlit run`` the way the frontend of Streamlit 1.67 does,
without a browser and without drawing anything:

- ``GET /_stcore/health`` (the frontend's ping) sets the ``_streamlit_xsrf`` cookie;
  ``GET /_stcore/host-config`` is fetched as the frontend does.
- The websocket ``/_stcore/stream`` is opened with the subprotocols
  ``["streamlit", <xsrf cookie value>]``, the cookie and a same-origin ``Origin``
  header (``web/server/starlette/starlette_websocket.py`` checks the origin and
  the token against the cookie).
- A page run is a ``BackMsg.rerun_script`` (``ClientState``): the first request
  of a session names the page by its URL path (``page_name``, e.g. ``"map"``;
  ``""`` for the home page) as a deep link does; later ones name it by the
  ``page_script_hash`` from the ``navigation`` message, as a click on an
  ``st.page_link`` does. ``cached_message_hashes`` lists the messages this client
  holds, so the server answers those with ``ref_hash`` messages, as it does for
  a browser.
- ForwardMsgs are read until ``script_finished`` (a run ended early for a
  rerun keeps reading). Cacheable messages are kept and expire after
  ``max_cached_message_age`` runs, as the frontend's ForwardMsg cache does.

Widget values are not echoed back (the frontend sends the state of every
widget it shows); the app keeps its settings in ``st.session_state``, so the
pages run the same. Nothing is fetched but the websocket and the two small
endpoints: no HTML, JavaScript, component or static files.

Only loopback addresses are accepted.
"""

from __future__ import annotations

import asyncio
import contextlib
import http.cookies
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.asyncio.client import connect

LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
# Debian's chromium, as the browser tests and the browser benchmarks start it.
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-quic",
]
XSRF_COOKIE = "_streamlit_xsrf"
HEALTH_TIMEOUT_S = 60
DEFAULT_RUN_TIMEOUT_S = 180.0
# Streamlit's default for global.maxCachedMessageAge; the server sends its own.
DEFAULT_MAX_CACHED_MESSAGE_AGE = 2
FINAL_STATUSES = frozenset(
    {
        ForwardMsg.FINISHED_SUCCESSFULLY,
        ForwardMsg.FINISHED_WITH_COMPILE_ERROR,
        ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY,
    }
)
# Locale and time zone a user in Taiwan sends with every rerun.
CONTEXT_LOCALE = "zh-TW"
CONTEXT_TIMEZONE = "Asia/Taipei"
CONTEXT_TIMEZONE_OFFSET_MIN = -480


class ClientError(RuntimeError):
    """The server did not answer as a Streamlit server should."""


# -- the server ------------------------------------------------------------------
@dataclass
class LiveServer:
    """A ``streamlit run app.py`` process on a loopback port."""

    base_url: str
    pid: int
    log_path: Path
    app_dir: Path

    def log_tail(self, lines: int = 40) -> str:
        with contextlib.suppress(OSError):
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        return ""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def streamlit_command(port: int, python: str = sys.executable) -> list[str]:
    """The command line of the real server, as the browser tests start it."""
    return [
        python,
        "-m",
        "streamlit",
        "run",
        "app.py",
        "--server.headless",
        "true",
        "--server.address",
        "127.0.0.1",
        "--server.port",
        str(port),
        "--browser.gatherUsageStats",
        "false",
        "--server.fileWatcherType",
        "none",
    ]


def stop_process(proc: subprocess.Popen) -> None:
    """Stop a server started in its own process group: TERM, then KILL after 15 s."""
    if proc.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=15)


@contextlib.contextmanager
def run_streamlit(
    app_dir: Path,
    store_dir: Path,
    log_path: Path,
    *,
    command: Sequence[str] | None = None,
    extra_env: dict[str, str] | None = None,
    options: dict[str, str] | None = None,
) -> Iterator[LiveServer]:
    """Start the app in ``app_dir`` with its own SQLite store; stop it (by its pid) after.

    ``command`` replaces the python and module part, e.g. to start the server
    under a tracing wrapper; the ``streamlit run`` options are appended.
    ``options`` are more Streamlit options, e.g. ``{"runner.postScriptGC": "false"}``.
    """
    port = free_port()
    store_dir.mkdir(parents=True, exist_ok=True)
    log_path.parent.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    env["SAFETYNET_DATABASE_URL"] = f"sqlite:///{store_dir / 'load.sqlite'}"
    env["PYTHONUNBUFFERED"] = "1"
    env.update(extra_env or {})
    cmd = streamlit_command(port)
    for name, value in (options or {}).items():
        cmd += [f"--{name}", value]
    if command is not None:
        cmd = [*command, *cmd[3:]]  # keep "run app.py --server..." after the wrapper
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(
            cmd,
            cwd=app_dir,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # own process group, stopped as a whole
        )
    server = LiveServer(
        base_url=f"http://127.0.0.1:{port}", pid=proc.pid, log_path=log_path, app_dir=app_dir
    )
    try:
        wait_healthy(server, proc)
        yield server
    finally:
        stop_process(proc)


def wait_healthy(server: LiveServer, proc: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + HEALTH_TIMEOUT_S
    while True:
        if proc is not None and proc.poll() is not None:
            raise ClientError(f"streamlit exited with {proc.returncode}:\n{server.log_tail()}")
        try:
            with urllib.request.urlopen(server.base_url + "/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        if time.monotonic() > deadline:
            raise ClientError(
                f"streamlit not healthy after {HEALTH_TIMEOUT_S} s:\n{server.log_tail()}"
            )
        time.sleep(0.25)


# -- one page run ----------------------------------------------------------------
@dataclass
class PageRun:
    """What one script run sent back, as the client saw it."""

    page: str  # URL path of the page ("" for the home page)
    seconds: float  # rerun request sent → script_finished received
    first_message_s: float | None  # request → first ForwardMsg
    messages: int = 0
    bytes: int = 0
    ref_hits: int = 0  # elements answered with a ref_hash (held by this client)
    early_finishes: int = 0  # runs that ended for a rerun before this one finished
    status: str = ""
    exceptions: list[str] = field(default_factory=list)
    error_alerts: list[str] = field(default_factory=list)
    page_not_found: str | None = None
    element_bytes: Counter = field(default_factory=Counter)  # element type → bytes
    element_counts: Counter = field(default_factory=Counter)
    # ids of the widgets drawn inside an ``st.fragment`` (their change reruns the fragment only)
    fragment_widgets: set[str] = field(default_factory=set)

    @property
    def ok(self) -> bool:
        return (
            self.status == "FINISHED_SUCCESSFULLY"
            and not self.exceptions
            and self.page_not_found is None
        )


@dataclass
class _Cached:
    payload: bytes
    run_count: int


# -- one session -----------------------------------------------------------------
class StreamlitSession:
    """One browser tab's worth of protocol: a websocket session that runs pages."""

    def __init__(self, base_url: str, *, run_timeout_s: float = DEFAULT_RUN_TIMEOUT_S):
        parts = urlsplit(base_url)
        if parts.scheme != "http" or parts.hostname not in LOOPBACK_HOSTS:
            raise ValueError(f"only a loopback http server is allowed, not {base_url!r}")
        self.base_url = base_url.rstrip("/")
        self.netloc = parts.netloc
        self.run_timeout_s = run_timeout_s
        self.page_hashes: dict[str, str] = {}  # url_pathname → page_script_hash
        self.current_page_hash = ""
        self.max_cached_age = DEFAULT_MAX_CACHED_MESSAGE_AGE
        self.session_id: str | None = None
        self._cache: dict[str, _Cached] = {}
        self._run_count = 0
        self._ws = None
        self._xsrf: str | None = None

    # connection
    async def connect(self) -> None:
        self._xsrf = await asyncio.to_thread(self._ping)
        headers = {"Origin": f"http://{self.netloc}"}
        if self._xsrf:
            headers["Cookie"] = f"{XSRF_COOKIE}={self._xsrf}"
        self._ws = await connect(
            f"ws://{self.netloc}/_stcore/stream",
            subprotocols=["streamlit", self._xsrf or "PLACEHOLDER_AUTH_TOKEN"],
            additional_headers=headers,
            max_size=None,  # the map's component message is ~0.2 MB
            open_timeout=30,
            ping_interval=None,
        )

    def _ping(self) -> str | None:
        """The frontend's health ping and host-config fetch; returns the XSRF cookie value."""
        with urllib.request.urlopen(self.base_url + "/_stcore/health", timeout=30) as r:
            if r.status != 200:
                raise ClientError(f"health check answered {r.status}")
            cookies = http.cookies.SimpleCookie()
            for header in r.headers.get_all("Set-Cookie") or []:
                cookies.load(header)
        with urllib.request.urlopen(self.base_url + "/_stcore/host-config", timeout=30) as r:
            r.read()
        morsel = cookies.get(XSRF_COOKIE)
        return morsel.value if morsel else None

    async def close(self) -> None:
        if self._ws is not None:
            await self._ws.close()
            self._ws = None

    async def __aenter__(self) -> StreamlitSession:
        await self.connect()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    # page runs
    async def open(self, path: str = "") -> PageRun:
        """The first request of a tab opened at ``/<path>`` (a deep link)."""
        return await self._run(page_name=path.strip("/"), page_script_hash="", label=path)

    async def navigate(self, path: str) -> PageRun:
        """A click on the ``st.page_link`` to ``/<path>`` (needs a run before it)."""
        key = path.strip("/")
        if key not in self.page_hashes:
            raise ClientError(f"no page {path!r} in the navigation {sorted(self.page_hashes)}")
        return await self._run(page_name="", page_script_hash=self.page_hashes[key], label=key)

    async def rerun(self) -> PageRun:
        """Rerun the current page (the "Rerun" menu item, or a widget change)."""
        label = next((p for p, h in self.page_hashes.items() if h == self.current_page_hash), "")
        return await self._run(page_name="", page_script_hash=self.current_page_hash, label=label)

    async def _run(self, *, page_name: str, page_script_hash: str, label: str) -> PageRun:
        if self._ws is None:
            raise ClientError("not connected")
        msg = BackMsg()
        state = msg.rerun_script
        state.query_string = ""
        state.page_name = page_name
        state.page_script_hash = page_script_hash
        state.cached_message_hashes.extend(self._cache)
        state.widget_states.SetInParent()
        ctx = state.context_info
        ctx.locale = CONTEXT_LOCALE
        ctx.timezone = CONTEXT_TIMEZONE
        ctx.timezone_offset = CONTEXT_TIMEZONE_OFFSET_MIN
        ctx.url = f"{self.base_url}/{label}"
        ctx.is_embedded = False
        ctx.color_scheme = "light"

        run = PageRun(page=label, seconds=0.0, first_message_s=None)
        start = time.perf_counter()
        await self._ws.send(msg.SerializeToString())
        try:
            async with asyncio.timeout(self.run_timeout_s):
                while True:
                    data = await self._ws.recv()
                    if run.first_message_s is None:
                        run.first_message_s = time.perf_counter() - start
                    if self._handle(data, run):
                        break
        except TimeoutError:
            run.status = "TIMEOUT"
        run.seconds = time.perf_counter() - start
        return run

    def _handle(self, data: bytes, run: PageRun) -> bool:
        """Account for one ForwardMsg; True once the run has finished."""
        run.messages += 1
        run.bytes += len(data)
        fmsg = ForwardMsg()
        fmsg.ParseFromString(data)
        kind = fmsg.WhichOneof("type")
        if kind == "ref_hash":
            cached = self._cache.get(fmsg.ref_hash)
            if cached is None:
                run.exceptions.append(f"ForwardMsg cache miss for {fmsg.ref_hash}")
                return False
            cached.run_count = self._run_count
            run.ref_hits += 1
            fmsg = ForwardMsg()
            fmsg.ParseFromString(cached.payload)
            kind = fmsg.WhichOneof("type")
        elif fmsg.metadata.cacheable and fmsg.hash and fmsg.hash not in self._cache:
            self._cache[fmsg.hash] = _Cached(data, self._run_count)

        if kind == "new_session":
            session = fmsg.new_session
            self.session_id = session.initialize.session_id or self.session_id
            self.current_page_hash = session.page_script_hash
            if session.config.max_cached_message_age:
                self.max_cached_age = session.config.max_cached_message_age
        elif kind == "navigation":
            for page in fmsg.navigation.app_pages:
                self.page_hashes[page.url_pathname] = page.page_script_hash
            if fmsg.navigation.page_script_hash:
                self.current_page_hash = fmsg.navigation.page_script_hash
        elif kind == "page_not_found":
            run.page_not_found = fmsg.page_not_found.page_name or run.page
        elif kind == "delta":
            self._account_delta(fmsg, len(data), run)
        elif kind == "script_finished":
            status = fmsg.script_finished
            if status not in FINAL_STATUSES:
                run.early_finishes += 1
                return False
            run.status = ForwardMsg.ScriptFinishedStatus.Name(status)
            self._expire_cache()
            return True
        return False

    @staticmethod
    def _account_delta(fmsg: ForwardMsg, size: int, run: PageRun) -> None:
        delta = fmsg.delta
        if delta.WhichOneof("type") != "new_element":
            return
        element = delta.new_element
        kind = element.WhichOneof("type") or "?"
        run.element_bytes[kind] += size
        run.element_counts[kind] += 1
        widget_id = getattr(getattr(element, kind, None), "id", "")
        if delta.fragment_id and isinstance(widget_id, str) and widget_id:
            run.fragment_widgets.add(widget_id)
        if kind == "exception":
            exc = element.exception
            run.exceptions.append(f"{exc.type}: {exc.message}")
        elif kind == "alert" and element.alert.format == Alert.ERROR:
            run.error_alerts.append(element.alert.body)

    def _expire_cache(self) -> None:
        """As the frontend's ForwardMsg cache: drop what was not used for too many runs."""
        self._run_count += 1
        for key in [
            k for k, v in self._cache.items() if self._run_count - v.run_count > self.max_cached_age
        ]:
            del self._cache[key]


async def run_pages(base_url: str, paths: Sequence[str], **kwargs: float) -> list[PageRun]:
    """One session: open ``paths[0]`` as a deep link, then click through the rest."""
    async with StreamlitSession(base_url, **kwargs) as session:
        runs = [await session.open(paths[0])]
        for path in paths[1:]:
            runs.append(await session.navigate(path))
        return runs
