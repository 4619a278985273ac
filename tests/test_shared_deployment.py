"""A shared deployment: viewers on a read-only PostgreSQL role; the operator's migrate and health.

The read-only tests run on PostgreSQL only: SQLite has no roles (a viewer
deployment of SQLite is one machine's file). The owner creates the store;
the viewer role gets ``CONNECT``, ``USAGE`` on the schema and ``SELECT`` on
the tables, as the README's deployment section says, and nothing else.
The command-line tests run on both engines.
"""

from __future__ import annotations

import logging
import shutil
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from safetynet import DATA_DIR
from safetynet.auth import hash_password
from safetynet.cli import main
from safetynet.storage.store import SCHEMA_VERSION, Store, StoreBehindError
from tests.helpers import PAGE_TITLES, load_v2_dump
from tests.postgres import Cluster

ENV_URL = "SAFETYNET_DATABASE_URL"
on_postgresql = pytest.mark.parametrize("engine", ["postgresql"], indirect=True)


@pytest.fixture
def read_only_url(pg: Cluster) -> Iterator[Callable[[str], str]]:
    """``read_only_url(owner_url)``: the URL of a new role that may only read that database."""
    made: list[tuple[str, str]] = []

    def make(owner_url: str) -> str:
        database = sa.make_url(owner_url).database
        assert database is not None, owner_url
        role = f"viewer_{uuid.uuid4().hex[:10]}"
        pg.execute(f"CREATE ROLE {role} LOGIN PASSWORD 'viewer-pass'")
        pg.execute(
            f'GRANT CONNECT ON DATABASE "{database}" TO {role}',
            f"GRANT USAGE ON SCHEMA public TO {role}",
            f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role}",
            # tables a later migration adds (as the owner, here postgres) are readable too
            f"ALTER DEFAULT PRIVILEGES FOR ROLE postgres IN SCHEMA public "
            f"GRANT SELECT ON TABLES TO {role}",
            database=database,
        )
        made.append((role, database))
        return pg.url(database, user=role, password="viewer-pass")

    yield make
    for role, database in made:
        pg.execute(f"DROP OWNED BY {role}", database=database)
        pg.execute(f"DROP ROLE {role}")


@on_postgresql
def test_a_read_only_role_cannot_write(store: Store, read_only_url) -> None:
    viewer = Store.open(read_only_url(store.url))
    with (
        pytest.raises(sa.exc.ProgrammingError, match="permission denied"),
        viewer.engine.begin() as conn,
    ):
        conn.execute(sa.text("UPDATE meta SET value = '1' WHERE key = 'revision'"))
    viewer.close()


@on_postgresql
@pytest.mark.parametrize("page", list(PAGE_TITLES))
def test_a_read_only_role_serves_every_viewer_page(
    app_test, store: Store, read_only_url, monkeypatch: pytest.MonkeyPatch, page: str
) -> None:
    """Every page, as a viewer sees it, from a role that may only SELECT."""
    owner = store.url
    before = store.content_hash()
    monkeypatch.setenv(ENV_URL, read_only_url(owner))
    at = app_test(page, **{"settings.city": "kaohsiung", "settings.lang": "zh"}).run()
    assert not at.exception, [e.message for e in at.exception]
    assert at.title[0].value == PAGE_TITLES[page][0]
    assert not [e.value for e in at.error if "資料庫" in e.value]
    assert store.content_hash() == before


@on_postgresql
def test_changed_shipped_files_on_a_read_only_role_serve_what_is_stored(
    new_database, read_only_url, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    owner = new_database()
    Store.open(owner, data).close()
    viewer_url = read_only_url(owner)
    path = data / "kaohsiung" / "centres.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("旗山中心", "旗山社福中心"), "utf-8")
    with caplog.at_level(logging.WARNING, logger="safetynet.storage.store"):
        viewer = Store.open(viewer_url, data)
    assert viewer.stale_shipped == ["kaohsiung"]
    assert "旗山中心" in set(viewer.read("kaohsiung", "centres")["name_zh"])
    assert any("cannot write" in r.getMessage() for r in caplog.records)
    viewer.close()
    upgraded = Store.open(owner, data)  # the owner loads them
    assert "旗山社福中心" in set(upgraded.read("kaohsiung", "centres")["name_zh"])
    upgraded.close()


@on_postgresql
def test_a_store_behind_on_a_read_only_role_says_so(
    app_test, new_database, read_only_url, monkeypatch: pytest.MonkeyPatch
) -> None:
    owner = new_database()
    load_v2_dump(owner, "postgresql")
    viewer_url = read_only_url(owner)
    with pytest.raises(StoreBehindError, match="python -m safetynet migrate"):
        Store.open(viewer_url, DATA_DIR)
    monkeypatch.setenv(ENV_URL, viewer_url)
    at = app_test().run()
    assert not at.exception
    assert at.error[0].value == "資料庫尚待升級，目前無法開啟；請通知系統管理者升級資料庫。"
    assert main(["health", "--url", viewer_url]) == 2
    assert main(["migrate", "--url", owner]) == 0  # the owner upgrades
    assert main(["health", "--url", viewer_url]) == 0


@on_postgresql
def test_logging_in_on_a_read_only_server_is_refused_with_a_reason(
    app_test, store: Store, read_only_url, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV_URL, read_only_url(store.url))
    at = app_test("pages/data_management.py", **{"settings.city": "keelung"})
    at.secrets["editors"] = {
        "wang": {"name": "王小明", "password_hash": hash_password("pw-123456")}
    }
    at.run()
    at.text_input(key="auth.user").input("wang")
    at.text_input(key="auth.password").input("pw-123456")
    at.get("form_submit_button")[0].click().run()
    assert not at.exception
    assert "此伺服器僅供檢視，無法登入編輯；請改用編輯用的網址。" in [e.value for e in at.error]
    assert len(at.data_editor) == 0


# -- the operator's commands, on both engines --------------------------------------------------
@pytest.mark.both_engines
def test_migrate_creates_then_reports_current_and_health_reports_rows(
    database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["health", "--url", database_url]) in {1, 2}  # nothing there yet
    capsys.readouterr()
    assert main(["migrate", "--url", database_url]) == 0
    assert f"schema upgraded from version 0 to {SCHEMA_VERSION}" in capsys.readouterr().out
    assert main(["migrate", "--url", database_url]) == 0
    assert f"schema version {SCHEMA_VERSION} (revision 000{SCHEMA_VERSION}): current" in (
        capsys.readouterr().out
    )
    assert main(["health", "--url", database_url]) == 0
    out = capsys.readouterr().out
    assert f"this release: {SCHEMA_VERSION}" in out and ": current" in out
    rows = {line.split()[0]: line.split()[1:] for line in out.splitlines() if line}
    assert rows["rows"] == ["kaohsiung", "keelung"]
    assert rows["districts"] == ["38", "7"]
    assert "pass" not in out.replace("password", "")  # the URL is printed without a password


@pytest.mark.both_engines
def test_health_of_an_unreadable_store_exits_1(engine: str, tmp_path: Path, pg) -> None:
    if engine == "sqlite":
        url = f"sqlite:///{tmp_path / 'missing.sqlite'}"
    else:
        url = pg.url("no_such_database")
    assert main(["health", "--url", url]) == 1
    if engine == "sqlite":
        assert not (tmp_path / "missing.sqlite").exists()  # health creates nothing


# -- the README's roles, as written -------------------------------------------------------------
def _readme_roles_sql() -> str:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### Roles") :]
    start = section.index("```sql") + len("```sql")
    block = section[start : section.index("```", start)]
    return "\n".join(line.split("--", 1)[0] for line in block.splitlines())  # no comments


@on_postgresql
def test_the_readme_roles_work_as_described(pg: Cluster, tmp_path: Path) -> None:
    """The README's SQL, run as written (names made unique): the owner migrates, the editor
    role saves data and scenarios and logs in, the viewer role reads every table and writes none."""
    from safetynet.staffing.planner import PlannerParams, ServiceLine
    from safetynet.staffing.scenarios import save_scenario
    from safetynet.storage.logins import attempt_login

    prefix = f"sn{uuid.uuid4().hex[:8]}"
    sql = _readme_roles_sql().replace("safetynet", prefix).replace("'…'", "'pw-123'")
    before_connect, after_connect = sql.split(f"\\c {prefix}")
    statements = [s.strip() for s in before_connect.split(";") if s.strip()]
    pg.execute(*statements)
    try:
        pg.execute(*[s.strip() for s in after_connect.split(";") if s.strip()], database=prefix)
        owner = pg.url(prefix, user=f"{prefix}_owner", password="pw-123")
        editor = pg.url(prefix, user=f"{prefix}_editor", password="pw-123")
        viewer = pg.url(prefix, user=f"{prefix}_viewer", password="pw-123")
        assert main(["migrate", "--url", owner]) == 0
        store = Store.open(editor, DATA_DIR)
        store.save_user_rows(
            "keelung", "referrals", store.read("keelung", "referrals").iloc[:1].assign(count=9)
        )
        line = ServiceLine("脆弱家庭", caseload=100, cases_per_worker=25, workers_per_supervisor=5)
        save_scenario(store, "keelung", "甲", PlannerParams((line,), 2021, 2022), who="甲")
        editors = {"wang": {"name": "王", "password_hash": hash_password("pw-1234567")}}
        assert attempt_login(store, editors, "wang", "pw-1234567").editor is not None
        store.close()
        reader = Store.open(viewer, DATA_DIR)
        assert reader.read("keelung", "referrals")["count"].iloc[0] == 9
        assert reader.row_counts()["districts"] == {"kaohsiung": 38, "keelung": 7}
        with pytest.raises(sa.exc.ProgrammingError, match="permission denied"):
            reader.save_user_rows(
                "keelung",
                "referrals",
                reader.read("keelung", "referrals").iloc[:1].assign(count=10),
            )
        reader.close()
        assert main(["health", "--url", viewer]) == 0
    finally:
        pg.drop_database(prefix)
        for role in ("owner", "editor", "viewer"):
            pg.execute(f"DROP ROLE IF EXISTS {prefix}_{role}")


# -- what a store error tells a user ------------------------------------------------------------
def test_an_unreachable_store_tells_users_a_sentence_and_the_log_the_details(
    app_test, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    url = "postgresql+psycopg2://secret_user:secret_pw@127.0.0.1:1/safetynet"  # nothing listens
    monkeypatch.setenv(ENV_URL, url)
    with caplog.at_level(logging.ERROR, logger="components.data"):
        at = app_test().run()
    assert not at.exception
    assert [e.value for e in at.error] == ["無法開啟資料庫，請通知系統管理者。"]
    shown = " ".join(str(el.value) for el in at.main if hasattr(el, "value"))
    assert "127.0.0.1" not in shown and "secret_user" not in shown
    assert any("127.0.0.1" in r.getMessage() for r in caplog.records)  # the operator sees it


def test_a_failed_save_tells_the_editor_nothing_was_written_without_the_sql(
    app_test, monkeypatch: pytest.MonkeyPatch
) -> None:
    from safetynet.auth import Editor

    def failing(*_args, **_kwargs):
        raise sa.exc.OperationalError(
            "UPDATE referrals SET count = %(count)s", {"count": 1}, Exception("server closed")
        )

    monkeypatch.setattr(Store, "apply_changes", failing)
    at = app_test(
        "pages/data_management.py",
        **{
            "settings.city": "keelung",
            "data.table": "referrals",
            "auth.editor": Editor("wang", "王小明"),
        },
    ).run()
    key = next(e.key for e in at.data_editor)
    at.session_state[key] = {
        "edited_rows": {"0": {"count": 1600}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.button(key="data.save").click().run()
    assert not at.exception
    errors = [e.value for e in at.error]
    assert errors == ["資料庫暫時無法寫入，未儲存任何變更；請稍後再試，或通知系統管理者。"]
    assert "UPDATE" not in " ".join(errors)


@on_postgresql
def test_case_records_on_a_read_only_role_wait_for_the_owners_migrate(
    app_test, store: Store, read_only_url, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before the owner's migrate the viewer's case tab says what to run; after it, the
    case tables exist and the viewer reads them without writing."""
    from safetynet.i18n import t

    viewer_url = read_only_url(store.url)
    monkeypatch.setenv(ENV_URL, viewer_url)
    at = app_test("pages/data_management.py", **{"settings.lang": "zh"}).run()
    assert not at.exception, [e.message for e in at.exception]
    assert t("cases.not_set_up", "zh") in [i.value for i in at.info]

    assert main(["migrate", "--url", store.url]) == 0
    at = app_test("pages/data_management.py", **{"settings.lang": "zh"}).run()
    assert not at.exception, [e.message for e in at.exception]
    assert t("cases.not_set_up", "zh") not in [i.value for i in at.info]
    assert t("cases.empty", "zh") in [i.value for i in at.info]
