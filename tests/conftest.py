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


# -- data that tries to become markup ----------------------------------------
PAYLOADS = (
    "<img src=x onerror=alert(1)>",
    "<script>alert(2)</script>",
    "[請重新登入](http://evil.example/login)",
    "![i](http://evil.example/i.png)",
    '<a href="http://evil.example/a">連結</a>',
)
# Every column a page shows as a name, label, unit, note or citation.
PAYLOAD_COLUMNS = {
    "districts": ("name_zh", "name_en", "note", "source"),
    "centres": ("name_zh", "name_en", "note", "source"),
    "precincts": ("name_zh", "name_en", "note", "source"),
    "referrals": ("type_zh", "type_en", "reporter", "unit", "unit_en", "note", "source"),
    "risk_shares": ("type_zh", "type_en", "note", "source"),
    "outcomes": ("label_zh", "label_en", "unit", "unit_en", "note", "source"),
    "staffing": ("agency_zh", "agency_en", "note", "source"),
    "staffing_totals": ("note", "source"),
    "indicators": ("agency_zh", "agency_en", "name_zh", "name_en", "unit_en", "note", "source"),
    "indicator_targets": ("note", "source"),
    "indicator_actuals": ("note", "source"),
    "indicator_definitions": ("definition_zh", "definition_en", "note", "source"),
}
# Units that steer a calculation (percent) stay as they are.
KEEP_VALUES = frozenset({"%", "％"})


def write_payloads(url: str) -> None:
    """Put a payload into every shown text column of both cities' tables, row by row.

    Each value keeps its own text and gains one of :data:`PAYLOADS` (in turn per
    distinct value, so rows of one agency keep one name), so names stay unique
    and pages still draw; rows whose key changes are deleted and added again.
    Written through the store as a user edit would be.
    """
    from safetynet.audit import plain_record
    from safetynet.cities import CITIES
    from safetynet.schemas import TABLES
    from safetynet.store import Change, Store

    store = Store.open(url)
    for city in CITIES:
        for name, columns in PAYLOAD_COLUMNS.items():
            spec = TABLES[name]
            frame = store.read_versioned(city, name)
            turn = {c: {v: i for i, v in enumerate(dict.fromkeys(frame[c]))} for c in columns}
            changes = []
            for row in frame.to_dict("records"):
                old = plain_record(row, spec.column_names)
                new = dict(old)
                for column in columns:
                    value = old[column]
                    if value in KEEP_VALUES:
                        continue
                    payload = PAYLOADS[turn[column][row[column]] % len(PAYLOADS)]
                    new[column] = f"{payload}{value or ''}"
                old_key = {k: old[k] for k in spec.key}
                new_key = {k: new[k] for k in spec.key}
                if old_key == new_key:
                    changes.append(Change(old_key, old, new, int(row["version"])))
                else:
                    changes.append(Change(old_key, old, None, int(row["version"])))
                    changes.append(Change(new_key, None, new))
            if changes:
                store.apply_changes(city, name, changes, who="payload", check_versions=False)


@pytest.fixture(scope="session")
def payload_store_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite store whose every shown text holds a link, image or HTML payload."""
    path = tmp_path_factory.mktemp("payloads") / "payloads.sqlite"
    write_payloads(f"sqlite:///{path}")
    return path
