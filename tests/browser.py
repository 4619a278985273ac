"""What the browser tests share: a `streamlit run app.py` server on a free loopback port,
Debian's chromium driven by playwright, a session that records every request, and
the selectors and waits the pages need (fixtures are imported by the test modules).

Needs ``/usr/bin/chromium`` (``apt-get install chromium fonts-noto-cjk``);
never ``playwright install``. Without chromium the tests skip, except under
``CI=true``, where they fail. Screenshots and the server log go to
``test-output/<test name>/`` in the project root (git-ignored).
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from bench.load_client import (
    CHROMIUM,
    CHROMIUM_ARGS,
    ClientError,
    free_port,
    stop_process,
    streamlit_command,
    wait_healthy,
)
from components.sidebar import NAVIGATION
from tests.ci_skips import missing
from tests.helpers import import_or_skip

PROJECT_ROOT = Path(__file__).resolve().parent.parent
OUTPUT_ROOT = PROJECT_ROOT / "test-output"
RENDER_TIMEOUT_MS = 60_000  # a cold first run seeds the store before drawing
MAP_TIMEOUT_MS = 60_000

# Selectors, as rendered by Streamlit 1.67.
SIDEBAR = '[data-testid="stSidebar"]'
FOLDER_NAV = '[data-testid="stSidebarNav"]'  # the automatic pages/ navigation
PAGE_LINK = 'a[data-testid="stPageLink-NavLink"]'  # inside [data-testid="stPageLink"]
LINK_LABEL = '[data-testid="stMarkdownContainer"]'  # label of a page link or radio option
SELECTBOX = '[data-testid="stSelectbox"]'
RADIO_OPTION = 'label[data-testid="stRadioOption"]'
MAIN_TITLE = '[data-testid="stMain"] h1'
EXCEPTION = '[data-testid="stException"]'
DIALOG = '[role="dialog"]'
APP_IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
FOLIUM_IFRAME = 'iframe[title*="streamlit_folium"]'  # title "streamlit_folium.st_folium"
DISTRICT_PATH = "path.district"

LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
LOCAL_SCHEMES = {"data", "blob", "about", "chrome-error"}

N_PAGES = sum(len(pages) for _section, pages in NAVIGATION)
BUTTON = '[data-testid="stButton"]'
DOWNLOAD_BUTTON = '[data-testid="stDownloadButton"]'
PLOT_POINT = ".js-plotly-plot g.point"

sync_api = import_or_skip("playwright.sync_api")
expect = sync_api.expect


# -- the server ----------------------------------------------------------------
@dataclass
class AppServer:
    base_url: str
    log_path: Path
    # Whether a browser page was already opened on this server; the deep-link
    # test needs a server whose first request is the deep link.
    visited: bool = False

    def url(self, path: str = "/") -> str:
        self.visited = True
        return self.base_url + path

    def log_tail(self, lines: int = 40) -> str:
        with contextlib.suppress(OSError):
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        return ""


# Starts streamlit with the shipped data read from another folder (argv[1]): a test's
# copy with a broken file, which the store refuses at start.
_LAUNCH_WITH_DATA = (
    "import pathlib, sys\n"
    "import safetynet\n"
    "safetynet.DATA_DIR = pathlib.Path(sys.argv.pop(1))\n"
    "from streamlit.web.cli import main\n"
    "main(prog_name='streamlit')\n"
)


@contextlib.contextmanager
def run_streamlit(work_dir: Path, name: str, data_dir: Path | None = None) -> Iterator[AppServer]:
    """Start ``streamlit run app.py`` on a free port with its own store; stop it after.

    ``data_dir``: read the shipped data from there instead of ``data/``.
    """
    port = free_port()
    work_dir.mkdir(parents=True, exist_ok=True)
    log_dir = OUTPUT_ROOT / name
    log_dir.mkdir(parents=True, exist_ok=True)
    log_path = log_dir / "streamlit.log"
    env = dict(os.environ)
    env["SAFETYNET_DATABASE_URL"] = f"sqlite:///{work_dir / 'test.sqlite'}"
    env["PYTHONUNBUFFERED"] = "1"
    cmd = streamlit_command(port)
    if data_dir is not None:  # [python, "-m", "streamlit", "run", ...]
        cmd = [cmd[0], "-c", _LAUNCH_WITH_DATA, str(data_dir), *cmd[3:]]
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(
            cmd,
            cwd=PROJECT_ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # own process group, killed as a whole
        )
    server = AppServer(base_url=f"http://127.0.0.1:{port}", log_path=log_path)
    try:
        try:
            # The health check is not a page request: the server stays "fresh".
            wait_healthy(server, proc)
        except ClientError as err:
            pytest.fail(str(err))
        yield server
    finally:
        stop_process(proc)


@pytest.fixture(scope="module")
def app_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppServer]:
    with run_streamlit(tmp_path_factory.mktemp("browser-store"), "server") as server:
        yield server


# -- the browser ---------------------------------------------------------------
@pytest.fixture(scope="module", autouse=True)
def require_chromium() -> None:
    """Skip without Debian's chromium, before a server is started; under CI=true, fail."""
    if not CHROMIUM.exists():
        missing(f"{CHROMIUM} is missing (apt-get install chromium fonts-noto-cjk)")


@pytest.fixture(scope="module")
def browser(require_chromium: None):
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@dataclass
class Session:
    page: object
    out_dir: Path
    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)

    def screenshot(self, name: str) -> None:
        self.page.screenshot(path=str(self.out_dir / f"{name}.png"), full_page=True)

    def foreign_requests(self) -> list[str]:
        """Requests that would leave the machine (the app must work offline)."""
        foreign = []
        for url in self.requests:
            parts = urlsplit(url)
            if parts.scheme in LOCAL_SCHEMES:
                continue
            if parts.scheme in {"http", "https", "ws", "wss"} and parts.hostname in LOCAL_HOSTS:
                continue
            foreign.append(url)
        return foreign


def _test_dir(request: pytest.FixtureRequest) -> Path:
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name)
    out = OUTPUT_ROOT / name
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    return out


@pytest.fixture
def session(browser, request: pytest.FixtureRequest) -> Iterator[Session]:
    """A fresh browser context (no shared cookies/state) and its output folder."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-TW")
    context.set_default_timeout(RENDER_TIMEOUT_MS)
    page = context.new_page()
    s = Session(page=page, out_dir=_test_dir(request))
    # context-level: also sees requests made by the component iframes
    context.on("request", lambda req: s.requests.append(req.url))
    page.on(
        "console",
        lambda msg: s.console_errors.append(msg.text) if msg.type == "error" else None,
    )
    try:
        yield s
    finally:
        with contextlib.suppress(Exception):
            s.screenshot("last")
        (s.out_dir / "requests.txt").write_text("\n".join(s.requests) + "\n")
        context.close()


# -- helpers -------------------------------------------------------------------
def wait_rendered(page, title: str) -> None:
    """Wait until the page shows ``title`` as its h1 and the script run has finished."""
    page.wait_for_selector(SIDEBAR, state="visible")
    expect(page.locator(MAIN_TITLE).first).to_have_text(title, timeout=RENDER_TIMEOUT_MS)
    page.wait_for_selector(APP_IDLE, state="attached")


def assert_healthy(page) -> None:
    """No Python exception on the page, no dialog (e.g. "Page not found")."""
    expect(page.locator(EXCEPTION)).to_have_count(0)
    dialogs = page.locator(DIALOG)
    if dialogs.count():
        pytest.fail(f"unexpected dialog: {dialogs.first.inner_text()!r}")


def sidebar_link(page, label: str):
    """The sidebar page link whose label is exactly ``label`` (its icon name is text too)."""
    return (
        page.locator(SIDEBAR)
        .locator(PAGE_LINK)
        .filter(has=page.locator(LINK_LABEL).filter(has_text=_exactly(label)))
    )


def _exactly(text: str) -> re.Pattern[str]:
    return re.compile(rf"^\s*{re.escape(text)}\s*$")


def city_box(page):
    """The sidebar city selectbox: an input with role combobox whose value is the shown city."""
    return page.locator(SIDEBAR).locator(SELECTBOX).get_by_role("combobox").first


def choose_city(page, city_label: str) -> None:
    city_box(page).click()
    page.get_by_role("option", name=city_label, exact=True).click()
    expect(city_box(page)).to_have_value(city_label)


def radio_option(page, option_label: str):
    return (
        page.locator(SIDEBAR)
        .locator(RADIO_OPTION)
        .filter(has=page.locator(LINK_LABEL).filter(has_text=_exactly(option_label)))
    )


def choose_radio(page, option_label: str) -> None:
    radio_option(page, option_label).click()


def district_paths(page):
    return page.frame_locator(FOLIUM_IFRAME).first.locator(DISTRICT_PATH)


# -- tests ---------------------------------------------------------------------
