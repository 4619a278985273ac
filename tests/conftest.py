"""Shared fixtures: the project root, a throw-away store, and AppTest for any page.

Every test that runs app code points ``SAFETYNET_DATABASE_URL`` at a SQLite
file under ``tmp_path``, so no test reads or writes the developer's ``var/``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

PROJECT_ROOT = Path(__file__).resolve().parent.parent
ENV_URL = "SAFETYNET_DATABASE_URL"
MAIN_SCRIPT = "app.py"


def clear_streamlit_caches() -> None:
    """Forget cached frames and the cached store (it points at another test's file)."""
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture(scope="session")
def project_root() -> Path:
    return PROJECT_ROOT


@pytest.fixture
def tmp_database_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A fresh SQLite store for this test, set as ``$SAFETYNET_DATABASE_URL``."""
    url = f"sqlite:///{tmp_path / 'test.sqlite'}"
    monkeypatch.setenv(ENV_URL, url)
    return url


AppTestFactory = Callable[..., AppTest]


@pytest.fixture
def app_test(project_root: Path, tmp_database_url: str) -> Iterator[AppTestFactory]:
    """Build an ``AppTest`` for a page script, with the test's store in force.

    ``app_test()`` gives the home page (``app.py``). ``app_test("pages/map.py")``
    starts from ``app.py`` as the main script and switches to the page before
    the first run, as a deep link does: the page runs alone, but ``st.page_link``
    paths still resolve against the folder of ``app.py``. Keyword arguments
    are put into ``session_state`` before the first run, e.g.
    ``app_test("pages/map.py", **{"settings.city": "keelung"})``.

    The environment variable is set (by ``tmp_database_url``) before anything
    runs, and Streamlit's caches are cleared before and after the test so the
    store cached by ``components.data.get_store`` is never another test's.
    """
    clear_streamlit_caches()

    def make(page: str = MAIN_SCRIPT, *, timeout: float = 60, **state: object) -> AppTest:
        at = AppTest.from_file(str(project_root / MAIN_SCRIPT), default_timeout=timeout)
        if page != MAIN_SCRIPT:
            if not (project_root / page).is_file():
                raise FileNotFoundError(project_root / page)
            at.switch_page(page)
        for key, value in state.items():
            at.session_state[key] = value
        return at

    yield make
    clear_streamlit_caches()
