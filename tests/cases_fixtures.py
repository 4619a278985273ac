"""Fixtures of the case-record tests: both engines, a small export written in code.

``case_engine`` runs a test once on DuckDB and once on PostgreSQL. The
PostgreSQL server is the session's one (``pg_cluster`` in ``conftest.py``,
started by ``tests/postgres.py``); without PostgreSQL the PostgreSQL half is
skipped locally and fails under ``CI=true``.
"""

from __future__ import annotations

import io
import uuid
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa

from safetynet import DATA_DIR
from safetynet.cases.engine import IMPORTS, MEMBERS, RECORDS, RISKS, CaseEngine, open_case_store
from safetynet.cases.format import CASE_COLUMNS, MEMBER_COLUMNS
from safetynet.cases.parsing import Reference, city_names
from tests.postgres import Cluster, require_postgres

TODAY = date(2026, 11, 30)


@pytest.fixture(scope="session")
def postgres_url(pg_cluster: Cluster | None) -> str:
    """An administrator URL of the session's PostgreSQL server (tests/postgres.py)."""
    return require_postgres(pg_cluster).admin_url


def fresh_database(admin_url: str) -> tuple[str, Callable[[], None]]:
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
    drop()


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
