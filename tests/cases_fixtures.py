"""Fixtures of the case-record tests: both engines, a small export written in code.

``case_engine`` runs a test once on DuckDB and once on PostgreSQL. The
PostgreSQL server comes from one fixture, ``postgres_url`` (an administrator
URL): ``$SAFETYNET_TEST_POSTGRES_URL`` when set, else a throw-away cluster of
Debian's binaries started for the session. Without PostgreSQL the
PostgreSQL half is skipped locally and fails under ``CI=true``.
"""

from __future__ import annotations

import glob
import io
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa

from safetynet import DATA_DIR
from safetynet.cases.engine import IMPORTS, MEMBERS, RECORDS, RISKS, CaseEngine, open_case_store
from safetynet.cases.format import CASE_COLUMNS, MEMBER_COLUMNS
from safetynet.cases.parsing import Reference, city_names

TODAY = date(2026, 11, 30)
ENV_ADMIN_URL = "SAFETYNET_TEST_POSTGRES_URL"


def _start_cluster() -> tuple[str, object]:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not found:
        raise FileNotFoundError("initdb")
    bindir = Path(found[-1]).parent
    root = Path(tempfile.mkdtemp(prefix="safetynet-cases-pg-"))
    run: dict[str, object] = {}
    if os.geteuid() == 0:  # PostgreSQL refuses root: run the server as postgres
        entry = pwd.getpwnam("postgres")
        os.chown(root, entry.pw_uid, entry.pw_gid)
        run = {"user": entry.pw_uid, "group": entry.pw_gid, "extra_groups": []}
    env = {**os.environ, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}
    data = root / "data"
    subprocess.run(
        [bindir / "initdb", "-D", data, "-U", "postgres", "-E", "UTF8", "--auth=trust"],
        check=True,
        capture_output=True,
        env=env,
        **run,
    )
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    options = f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off"
    pg_ctl = bindir / "pg_ctl"
    subprocess.run(
        [pg_ctl, "-D", data, "-o", options, "-l", root / "log", "-w", "start"],
        check=True,
        capture_output=True,
        env=env,
        **run,
    )

    def stop() -> None:
        subprocess.run(
            [pg_ctl, "-D", data, "-m", "immediate", "-w", "stop"],
            capture_output=True,
            env=env,
            **run,
        )
        shutil.rmtree(root, ignore_errors=True)

    return f"postgresql+psycopg2://postgres@127.0.0.1:{port}/postgres", stop


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """An administrator URL of a PostgreSQL server for this test session."""
    if os.environ.get(ENV_ADMIN_URL):
        yield os.environ[ENV_ADMIN_URL]
        return
    try:
        url, stop = _start_cluster()
    except (FileNotFoundError, KeyError, subprocess.CalledProcessError) as err:
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL is needed under CI: {err}")
        pytest.skip(f"no PostgreSQL here: {err}")
    try:
        yield url
    finally:
        stop()  # type: ignore[operator]


def fresh_database(admin_url: str) -> tuple[str, object]:
    """A new empty database on the server; returns its URL and a function that drops it."""
    name = f"cases_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT", poolclass=sa.NullPool)
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()

    return sa.make_url(admin_url).set(database=name).render_as_string(hide_password=False), drop


@pytest.fixture(params=["duckdb", "postgres"])
def case_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[CaseEngine]:
    """An empty case store on each engine, with its own key file."""
    key_file = tmp_path / "case_key"
    if request.param == "duckdb":
        engine = open_case_store(f"duckdb:///{tmp_path / 'cases.duckdb'}", key_file)
        yield engine
        engine.close()
        return
    url, drop = fresh_database(request.getfixturevalue("postgres_url"))
    engine = open_case_store(url, key_file)
    yield engine
    engine.close()
    drop()  # type: ignore[operator]


@pytest.fixture
def duck_engine(tmp_path: Path) -> Iterator[CaseEngine]:
    """An empty DuckDB case store (for tests about files and checks, not about engines)."""
    engine = open_case_store(f"duckdb:///{tmp_path / 'cases.duckdb'}", tmp_path / "case_key")
    yield engine
    engine.close()


def shipped_reference(city: str = "kaohsiung") -> Reference:
    districts = pd.read_csv(DATA_DIR / city / "districts.csv", dtype=str, keep_default_na=False)
    centres = pd.read_csv(DATA_DIR / city / "centres.csv", dtype=str, keep_default_na=False)
    return Reference.from_tables(city, city_names(city), districts, centres)


@pytest.fixture(scope="session")
def reference() -> Reference:
    return shipped_reference()


# -- a small export written in code ----------------------------------------------------------
CASE_HEADER = [c.zh for c in CASE_COLUMNS]
MEMBER_HEADER = [c.zh for c in MEMBER_COLUMNS]


def case_row(case_id: str = "A001", **changes: str) -> dict[str, str]:
    row = {
        "個案編號": case_id,
        "縣市": "高雄市",
        "行政區": "鳳山區",
        "社福中心": "鳳山中心",
        "通報日期": "110/03/05",
        "通報來源": "社政",
        "開案日期": "110/03/10",
        "結案日期": "",
        "結案原因": "",
        "風險類型": "經濟陷困、兒少發展",
        "脆弱程度": "高",
        "主動發掘": "是",
        "家戶人數": "3",
    }
    if "通報日期" in changes and "開案日期" not in changes:
        changes["開案日期"] = changes["通報日期"]  # opened the day it was referred
    row.update(changes)
    return row


def member_row(case_id: str = "A001", no: int = 1, **changes: str) -> dict[str, str]:
    row = {
        "個案編號": case_id,
        "成員序號": str(no),
        "角色": "主要照顧者",
        "年齡": "40",
        "出生年月": "",
        "性別": "女",
        "身心障礙": "否",
        "原住民": "否",
    }
    row.update(changes)
    return row


def to_csv(rows: list[dict[str, str]], header: list[str], encoding: str = "utf-8") -> bytes:
    frame = pd.DataFrame(rows, columns=header)
    buffer = io.StringIO()
    frame.to_csv(buffer, index=False, lineterminator="\n")
    return buffer.getvalue().encode(encoding)


def export_files(
    cases: list[dict[str, str]] | None = None,
    members: list[dict[str, str]] | None = None,
    encoding: str = "utf-8",
) -> list[tuple[str, bytes]]:
    """``cases.csv`` and ``case_members.csv`` of a small, valid export (or the rows given)."""
    if cases is None:
        cases = [case_row("A001"), case_row("A002", 行政區="林園區", 社福中心="大寮中心")]
    if members is None:
        members = [member_row("A001", 1), member_row("A001", 2, 角色="兒少", 年齡="8")]
        members += [member_row("A002", 1, 角色="長者", 年齡="70", 性別="男")]
    return [
        ("cases.csv", to_csv(cases, CASE_HEADER, encoding)),
        ("case_members.csv", to_csv(members, MEMBER_HEADER, encoding)),
    ]


# -- the whole store, to compare before and after ---------------------------------------------
def snapshot(engine: CaseEngine) -> dict[str, pd.DataFrame]:
    """Every stored row of every case table, sorted, to compare before and after."""
    out = {}
    for name in (RECORDS, RISKS, MEMBERS, IMPORTS, "case_meta"):
        frame = engine.table(name).to_pandas()
        out[name] = frame.sort_values(list(frame.columns)).reset_index(drop=True)
    return out


def assert_same_store(a: dict[str, pd.DataFrame], b: dict[str, pd.DataFrame]) -> None:
    for name in a:
        pd.testing.assert_frame_equal(a[name], b[name], check_dtype=False)
