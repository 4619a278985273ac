"""Shared fixtures: the project root, throw-away stores on SQLite and PostgreSQL, AppTest.

Stores: code tests run on the synthetic city 測試市 of
``tests/fixture_city.py`` (slug ``testville``), whose figures never change when
the shipped data is updated: ``testville`` gives its validated tables,
``town_store`` one store of it for the whole session, opened read-only (a test
that only reads takes it), ``new_town_store`` a fresh store of the test's own
(a test that writes takes it). Tests marked ``shipped_data`` check ``data/``
itself, on ``shipped_store`` (read-only, session-wide) and ``store`` (fresh, of
the test's own). No test module defines a store of its own. ``shipped_deck``
gives the briefing decks of the shipped data (built once a session) to the
layout checks. Helpers shared by modules live in ``tests/helpers.py``: no test
module imports another. Under ``CI=true`` a test module skipped at collection
fails (``tests/ci_skips.py``).

Every test that runs app code points ``SAFETYNET_DATABASE_URL`` at a store of
its own (a SQLite file under ``tmp_path``, or a new PostgreSQL database), so
no test reads or writes the developer's ``var/``.

Both engines: a test or module marked ``both_engines`` runs once per engine
(``[sqlite]`` and ``[postgresql]`` in its id) through the ``engine`` fixture;
``database_url``, ``store`` and ``tmp_database_url`` (and so ``app_test``)
follow it. Unmarked tests run on SQLite only. Marked: the store, import,
editing and audit, scenario, concurrency, migration, login, backup and CLI
tests, and of the page (AppTest) tests: the data management page, the planner
page's scenarios, and every page once as a read-only PostgreSQL viewer
(``test_shared_deployment.py``). The other page tests (every page × city ×
language, chart details) read the store the same way and stay on SQLite, to
keep the suite within a few minutes.

PostgreSQL comes from ``tests/postgres.py``: one throw-away cluster per test
session, a fresh database per test (a copy of a template that already holds
the shipped data, or of an empty one for first-start tests). Without
PostgreSQL installed the PostgreSQL cases are skipped with the reason, except
under ``CI=true``, where they fail.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from tests import ci_skips
from tests.postgres import Cluster, connect_cluster, require_postgres

if TYPE_CHECKING:
    from safetynet.storage.store import Store

PROJECT_ROOT = Path(__file__).resolve().parent.parent
ENV_URL = "SAFETYNET_DATABASE_URL"
MAIN_SCRIPT = "app.py"
ENGINES = ("sqlite", "postgresql")
SEEDED_TEMPLATE = "safetynet_seeded"


# Under CI=true a test module skipped as it is collected fails (see tests/ci_skips.py).
pytest_make_collect_report = ci_skips.pytest_make_collect_report


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "both_engines: run the test on SQLite and on PostgreSQL (see conftest)"
    )
    config.addinivalue_line(
        "markers",
        "shipped_data: checks data/ itself (every printed figure present, computed figures"
        " equal printed ones); a data update may change what these expect. The calculators"
        " are tested on the synthetic city of tests/fixture_city.py (testville)",
    )


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "engine" in metafunc.fixturenames and metafunc.definition.get_closest_marker("both_engines"):
        metafunc.parametrize("engine", ENGINES, indirect=True)


def clear_streamlit_caches() -> None:
    """Forget cached frames and the cached store (it points at another test's database)."""
    st.cache_data.clear()
    st.cache_resource.clear()
    from components.case_data import forget_case_engines
    from components.data import forget_store

    forget_store()
    forget_case_engines()


@pytest.fixture(scope="session")
def project_root() -> Path:
    return PROJECT_ROOT


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster | None]:
    """The session's PostgreSQL server, with a template database holding the shipped data."""
    cluster = connect_cluster()
    if cluster is None:
        yield None
        return
    try:
        cluster.execute(
            f'DROP DATABASE IF EXISTS "{SEEDED_TEMPLATE}"',
            f'CREATE DATABASE "{SEEDED_TEMPLATE}" TEMPLATE template0',
        )
        from safetynet import DATA_DIR
        from safetynet.storage.store import Store

        Store.open(cluster.url(SEEDED_TEMPLATE), DATA_DIR).close()
        yield cluster
        cluster.execute(f'DROP DATABASE IF EXISTS "{SEEDED_TEMPLATE}"')
    finally:
        cluster.stop()


@pytest.fixture
def engine(request: pytest.FixtureRequest) -> str:
    """``sqlite`` or ``postgresql``: the engine of this test's store (see the module docstring)."""
    return getattr(request, "param", "sqlite")


@pytest.fixture
def pg(engine: str, pg_cluster: Cluster | None) -> Cluster | None:
    """The PostgreSQL cluster when the test runs on PostgreSQL, else ``None``."""
    return require_postgres(pg_cluster) if engine == "postgresql" else None


@pytest.fixture
def new_database(
    engine: str, pg: Cluster | None, tmp_path: Path, request: pytest.FixtureRequest
) -> Iterator[Callable[..., str]]:
    """Make URLs of new databases of the test's engine: ``new_database(seeded=False)``.

    ``seeded=True`` gives a store already created and filled from ``data/``
    (on PostgreSQL a copy of the session's template, on SQLite a copy of a
    file made once per session); ``seeded=False`` an empty database, as on
    a first start. Every PostgreSQL database made is dropped after the test.
    """
    made: list[str] = []

    def make(seeded: bool = False) -> str:
        if pg is None:
            path = tmp_path / f"store-{len(made)}.sqlite"
            made.append(str(path))
            if seeded:
                shutil.copyfile(request.getfixturevalue("seeded_sqlite"), path)
            return f"sqlite:///{path}"
        name = pg.create_database(SEEDED_TEMPLATE if seeded else "template0")
        made.append(name)
        return pg.url(name)

    yield make
    if pg is not None:
        for name in made:
            pg.drop_database(name)


@pytest.fixture(scope="session")
def seeded_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite store created and filled from ``data/`` once per session (checkpointed)."""
    from safetynet import DATA_DIR
    from safetynet.storage.store import Store

    path = tmp_path_factory.mktemp("seeded") / "seeded.sqlite"
    store = Store.open(f"sqlite:///{path}", DATA_DIR)
    with store.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    return path


@pytest.fixture(scope="session")
def shipped_store(seeded_sqlite: Path) -> Iterator[Store]:
    """The shipped data of both cities, one store for the whole session, opened read-only.

    For tests that only read: any write fails ("attempt to write a readonly
    database"), so no test can change what the next one reads. A test that
    writes takes ``store``, a fresh copy of its own.
    """
    from safetynet.storage.store import Store

    path = seeded_sqlite.with_name("shipped-read-only.sqlite")
    shutil.copyfile(seeded_sqlite, path)
    opened = _read_only(Store.open(f"sqlite:///{path}"))
    yield opened
    opened.close()


# (city, language, opening year): the decks the briefing's layout checks read, every section
# each; the opening year is the one the page opens on, else all years.
DECK_CHOICES = [
    (city, lang, opening_year)
    for city in ("kaohsiung", "keelung")
    for lang in ("zh", "en")
    for opening_year in (True, False)
]


@pytest.fixture(
    scope="session",
    params=DECK_CHOICES,
    ids=lambda c: f"{c[0]}-{c[1]}-{'opening-year' if c[2] else 'all-years'}",
)
def shipped_deck(request: pytest.FixtureRequest, shipped_store: Store):
    """The briefing deck of the shipped data, every section, per :data:`DECK_CHOICES`.

    Built once a session for each choice, so the PowerPoint and PDF layout checks
    read the same decks.
    """
    from safetynet.briefing.deck import BriefingContext, build_deck, section_keys
    from safetynet.briefing.years import default_year
    from safetynet.cities import get_city

    city, lang, opening_year = request.param
    tables = shipped_store.read_city(city)
    year = default_year(tables) if opening_year else None
    return build_deck(BriefingContext(get_city(city), tables, lang, "roc", year), section_keys())


@pytest.fixture(scope="session")
def fixture_city_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``data/``'s layout holding only the synthetic 測試市 (``tests/fixture_city.py``)."""
    from tests.fixture_city import write_city

    return write_city(tmp_path_factory.mktemp("fixture-city"))


def _read_only(store: Store) -> Store:
    """Make every connection of ``store`` from now on read-only (SQLite ``query_only``)."""
    import sqlalchemy as sa

    store.engine.dispose()

    @sa.event.listens_for(store.engine, "connect")
    def _query_only(dbapi_connection, _record) -> None:
        dbapi_connection.execute("PRAGMA query_only = ON")

    return store


@pytest.fixture(scope="session")
def town_sqlite(fixture_city_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite store created and filled with only the synthetic city, once per session."""
    from safetynet.cities import CITIES
    from safetynet.storage.store import Store
    from tests.fixture_city import CITY, SLUG

    path = tmp_path_factory.mktemp("town") / "town.sqlite"
    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(CITIES, SLUG, CITY)
        opened = Store.open(f"sqlite:///{path}", fixture_city_dir)
        assert opened.refused == {}, opened.refused
    with opened.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    opened.close()
    return path


@pytest.fixture(scope="session")
def _town_store_session(town_sqlite: Path, fixture_city_dir: Path) -> Iterator[Store]:
    from safetynet.storage.store import Store

    path = town_sqlite.with_name("town-read-only.sqlite")
    shutil.copyfile(town_sqlite, path)
    opened = _read_only(Store.open(f"sqlite:///{path}", fixture_city_dir))
    yield opened
    opened.close()


@pytest.fixture
def town_store(_town_store_session: Store, testville: dict[str, pd.DataFrame]) -> Store:
    """The synthetic city's store, one for the whole session, opened read-only.

    For code tests that only read: the city is registered in ``CITIES`` for the
    test (through ``testville``), and any write fails, so no test changes what
    the next one reads. A test that writes takes ``new_town_store``.
    """
    return _town_store_session


@pytest.fixture
def new_town_store(
    engine: str,
    new_database: Callable[..., str],
    fixture_city_dir: Path,
    testville: dict[str, pd.DataFrame],
    request: pytest.FixtureRequest,
) -> Iterator[Store]:
    """A fresh store of the synthetic city, of the test's own, on the test's engine.

    SQLite: a copy of a file filled once per session; PostgreSQL: a new
    database filled from the city's files (it is small).
    """
    from safetynet.storage.store import Store

    url = new_database()
    if engine == "sqlite":
        shutil.copyfile(request.getfixturevalue("town_sqlite"), url.removeprefix("sqlite:///"))
    opened = Store.open(url, fixture_city_dir)
    yield opened
    opened.close()


@pytest.fixture(scope="session")
def _testville_tables(fixture_city_dir: Path) -> dict[str, pd.DataFrame]:
    """The synthetic city's tables read and validated once a session (it takes about a second)."""
    from safetynet.cities import CITIES
    from safetynet.storage.loading import read_raw_tables
    from safetynet.validation.city import validate_city
    from tests.fixture_city import CITY, SLUG

    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(CITIES, SLUG, CITY)
        typed, problems = validate_city(CITY, read_raw_tables(fixture_city_dir, SLUG))
    assert problems == [], problems
    return typed


@pytest.fixture
def testville(
    _testville_tables: dict[str, pd.DataFrame],
    fixture_city_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> dict[str, pd.DataFrame]:
    """The synthetic city's typed tables, read and validated as a shipped city's are.

    ``CITIES`` holds the city for the test's duration, so code that looks a city
    up by its slug finds it, and boundaries are read from the city's ``geo/``.
    Code tests use it: its figures never change when the shipped data is
    updated. Each test gets its own copies of the tables, validated once a session.
    """
    from safetynet.cities import CITIES
    from safetynet.network import geo
    from tests.fixture_city import CITY, SLUG

    monkeypatch.setitem(CITIES, SLUG, CITY)
    # Boundaries are looked up beside the city's files (the map, the briefing's map slide).
    monkeypatch.setattr(geo.boundary_path, "__defaults__", (fixture_city_dir / "geo",))
    monkeypatch.setattr(geo.load_boundaries, "__defaults__", (fixture_city_dir / "geo",))
    return {name: frame.copy() for name, frame in _testville_tables.items()}


@pytest.fixture
def database_url(new_database: Callable[..., str]) -> str:
    """An empty database of the test's engine (the store is created on first open)."""
    return new_database()


@pytest.fixture
def store(new_database: Callable[..., str]) -> Iterator[Store]:
    """A fresh store filled from ``data/``, of the test's own, on the test's engine."""
    from safetynet import DATA_DIR
    from safetynet.storage.store import Store

    opened = Store.open(new_database(seeded=True), DATA_DIR)
    yield opened
    opened.close()


@pytest.fixture
def tmp_database_url(
    engine: str, new_database: Callable[..., str], monkeypatch: pytest.MonkeyPatch
) -> str:
    """A store of the test's engine set as ``$SAFETYNET_DATABASE_URL``.

    SQLite: an empty file, so pages create the store as on a first start;
    PostgreSQL: a copy of the filled template (creating it per test is slow).
    """
    url = new_database(seeded=engine == "postgresql")
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
    "staffing_totals": ("agency_zh", "agency_en", "note", "source"),
    "indicators": ("agency_zh", "agency_en", "name_zh", "name_en", "unit_en", "note", "source"),
    "indicator_targets": ("note", "source"),
    "indicator_actuals": ("note", "source"),
    "indicator_definitions": ("definition_zh", "definition_en", "note", "source"),
    "network_agencies": ("agency_zh", "agency_en", "note", "source"),
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
    from safetynet.cities import CITIES
    from safetynet.storage.audit import plain_record
    from safetynet.storage.schemas import TABLES
    from safetynet.storage.store import Change, Store

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


# -- shipped data the store refuses at start ---------------------------------------
BROKEN_CITY = "kaohsiung"


@pytest.fixture
def broken_data(tmp_path: Path, tmp_database_url: str, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The shipped data with one district listed twice, and the app's store reading it.

    The test's store holds the good data first, so at start the store sees changed
    files, refuses them whole and keeps the problems for the pages to show.
    """
    import components.data
    from safetynet import DATA_DIR
    from safetynet.storage.store import Store

    Store.open(tmp_database_url, DATA_DIR).close()  # the good data, stored earlier
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    districts = data / BROKEN_CITY / "districts.csv"
    first_row = districts.read_text(encoding="utf-8").splitlines()[1]
    with districts.open("a", encoding="utf-8") as f:
        f.write(first_row + "\n")
    real_open = Store.open

    def open_broken(url: str | None = None, data_dir: Path = DATA_DIR, **kwargs: bool) -> Store:
        return real_open(url, data, **kwargs)

    monkeypatch.setattr(components.data.Store, "open", staticmethod(open_broken))
    return data
