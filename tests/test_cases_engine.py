"""The case store on DuckDB and PostgreSQL: imports, re-imports, the log, and equal answers."""

# Fixtures are imported from cases_fixtures; test arguments then share their names.
# ruff: noqa: F811

from __future__ import annotations

import os
import stat
from datetime import date

import pandas as pd
import pytest

from safetynet.cases import queries as q
from safetynet.cases import repository
from safetynet.cases.demo import build_demo_export
from safetynet.cases.engine import (
    MEMBERS,
    RECORDS,
    RISKS,
    case_store_url,
    open_case_store,
)
from safetynet.cases.repository import (
    CaseConflictError,
    commit_case_import,
    prepare_case_import,
    remove_dataset,
)
from tests.cases_fixtures import (  # noqa: F401 - fixtures are used by name
    TODAY,
    assert_same_store,
    case_engine,
    case_row,
    duck_engine,
    export_files,
    fresh_database,
    member_row,
    postgres_url,
    reference,
    snapshot,
)


def do_import(engine, reference, files, who="王編輯", dataset="real", today=TODAY):
    plan = prepare_case_import(engine, "kaohsiung", files, reference, today=today, dataset=dataset)
    assert plan.ok, plan.messages("en")
    if plan.changes_anything:
        commit_case_import(engine, plan, who=who)
    return plan


def month_row(plan, month: str) -> dict[str, int]:
    row = plan.months[plan.months["month"] == pd.Timestamp(month)]
    return row.drop(columns="month").iloc[0].to_dict()


def test_import_stores_counts_not_case_numbers(case_engine, reference) -> None:
    plan = do_import(case_engine, reference, export_files())
    assert plan.total("cases_added") == 2 and plan.total("members_added") == 3
    records = case_engine.table(RECORDS).to_pandas()
    assert sorted(records["district_code"]) == ["64000120", "64000130"]
    stored_text = " ".join(
        str(v) for t in snapshot(case_engine).values() for v in t.to_numpy().ravel()
    )
    assert "A001" not in stored_text and "A002" not in stored_text
    assert records["case_key"].str.fullmatch(r"[0-9a-f]{32}").all()
    by_risk = q.count_cases(case_engine, "kaohsiung", "real", ["risk_type"])
    assert by_risk.set_index("risk_type")["cases"].to_dict() == {
        "child_development": 2,
        "economic_hardship": 2,
    }


def test_same_file_twice_changes_nothing(case_engine, reference) -> None:
    do_import(case_engine, reference, export_files())
    before = snapshot(case_engine)
    plan = prepare_case_import(case_engine, "kaohsiung", export_files(), reference, today=TODAY)
    assert plan.ok and not plan.changes_anything
    assert plan.total("cases_unchanged") == 2
    assert_same_store(before, snapshot(case_engine))


def test_reimport_of_an_overlapping_period_replaces_it(case_engine, reference) -> None:
    first = [
        case_row("A001", 通報日期="110/03/05"),
        case_row("A002", 通報日期="110/04/01"),
        case_row("A003", 通報日期="110/05/20"),
    ]
    members = [member_row(c["個案編號"]) for c in first]
    do_import(case_engine, reference, export_files(first, members))
    # Next month's export covers April–June: A002 is closed now, A003 left the export,
    # A004 is new. March (A001) lies outside the period and stays.
    second = [
        case_row("A002", 通報日期="110/04/01", 結案日期="110/06/01", 結案原因="達成目標"),
        case_row("A004", 通報日期="110/06/02"),
    ]
    plan = do_import(
        case_engine, reference, export_files(second, [member_row("A002"), member_row("A004")])
    )
    assert plan.period == (date(2021, 4, 1), date(2021, 6, 30))
    assert month_row(plan, "2021-04-01")["cases_changed"] == 1
    assert month_row(plan, "2021-05-01")["cases_removed"] == 1
    assert month_row(plan, "2021-05-01")["members_removed"] == 1
    assert month_row(plan, "2021-06-01")["cases_added"] == 1
    monthly = q.monthly_counts(case_engine, "kaohsiung", "real")
    assert monthly["month"].dt.strftime("%Y-%m").tolist() == ["2021-03", "2021-04", "2021-06"]
    assert monthly["cases"].tolist() == [1, 1, 1]
    assert q.open_cases(case_engine, "kaohsiung", "real", date(2021, 6, 30))["cases"].item() == 2


def test_a_case_whose_referral_month_moved_is_changed_not_duplicated(
    case_engine, reference
) -> None:
    do_import(
        case_engine,
        reference,
        export_files([case_row("A001", 通報日期="110/03/05")], [member_row("A001")]),
    )
    moved = [case_row("A001", 通報日期="110/04/05", 開案日期="110/04/10")]
    plan = do_import(case_engine, reference, export_files(moved, [member_row("A001")]))
    assert plan.total("cases_changed") == 1 and plan.total("cases_added") == 0
    cases = q.count_cases(case_engine, "kaohsiung", "real", ["month"])
    assert cases["cases"].tolist() == [1]
    assert cases["month"].dt.month.tolist() == [4]


def test_the_log_records_the_editor_and_the_counts(case_engine, reference) -> None:
    do_import(case_engine, reference, export_files(), who="林督導")
    log = q.import_log(case_engine, "kaohsiung")
    assert log.loc[0, "who"] == "林督導"
    assert (log.loc[0, "cases_added"], log.loc[0, "members_added"]) == (2, 3)
    assert (log.loc[0, "cases_total"], log.loc[0, "members_total"]) == (2, 3)
    assert log.loc[0, "file_name"] == "cases.csv, case_members.csv"


def test_a_stale_preview_is_refused_and_writes_nothing(case_engine, reference) -> None:
    stale = prepare_case_import(case_engine, "kaohsiung", export_files(), reference, today=TODAY)
    do_import(case_engine, reference, export_files([case_row("B001")], [member_row("B001")]))
    before = snapshot(case_engine)
    with pytest.raises(CaseConflictError):
        commit_case_import(case_engine, stale, who="x")
    assert_same_store(before, snapshot(case_engine))


def test_a_failure_mid_write_leaves_the_store_as_it_was(
    case_engine, reference, monkeypatch
) -> None:
    do_import(case_engine, reference, export_files())
    before = snapshot(case_engine)
    plan = prepare_case_import(
        case_engine,
        "kaohsiung",
        export_files([case_row("A001", 脆弱程度="低")], [member_row("A001")]),
        reference,
        today=TODAY,
    )
    calls = []

    def failing_insert(engine, cur, table, frame, columns):
        calls.append(table)
        if table == MEMBERS:
            raise RuntimeError("disk full")
        return original(engine, cur, table, frame, columns)

    original = repository._insert
    monkeypatch.setattr(repository, "_insert", failing_insert)
    with pytest.raises(RuntimeError, match="disk full"):
        commit_case_import(case_engine, plan, who="x")
    assert calls == [RECORDS, RISKS, MEMBERS]  # the deletes and two inserts had run
    assert_same_store(before, snapshot(case_engine))


def test_demo_dataset_is_separate_and_removable(case_engine, reference) -> None:
    do_import(case_engine, reference, export_files())
    demo = build_demo_export("kaohsiung", 2021, 2021, seed=3, today=TODAY, scale=0.02)
    do_import(case_engine, reference, demo.files(), dataset="demo")
    sets = q.datasets(case_engine, "kaohsiung").set_index("dataset")
    assert sets.loc["real", "cases"] == 2 and sets.loc["demo", "cases"] == len(demo.cases)
    assert q.active_dataset(case_engine, "kaohsiung") == "real"
    remove_dataset(case_engine, "kaohsiung", "demo", who="王編輯")
    assert q.datasets(case_engine, "kaohsiung")["dataset"].tolist() == ["real"]
    log = q.import_log(case_engine, "kaohsiung")
    assert log.loc[0, "action"] == "remove" and log.loc[0, "cases_removed"] == len(demo.cases)


def test_keys_stay_unique_after_many_imports(case_engine, reference) -> None:
    demo = build_demo_export("kaohsiung", 2021, 2022, seed=5, today=TODAY, scale=0.03)
    do_import(case_engine, reference, demo.files())
    # The second half again, with some cases changed: a re-import of an overlapping period.
    later = demo.cases[demo.cases["通報日期"] >= "111/01/01"].copy()
    later.loc[later.index[:20], "脆弱程度"] = "低"
    members = demo.members[demo.members["個案編號"].isin(later["個案編號"])]
    files = [
        ("cases.csv", later.to_csv(index=False).encode()),
        ("case_members.csv", members.to_csv(index=False).encode()),
    ]
    plan = do_import(case_engine, reference, files)
    assert 0 < plan.total("cases_changed") <= 20
    records = case_engine.table(RECORDS).to_pandas()
    members_stored = case_engine.table(MEMBERS).to_pandas()
    assert not records.duplicated(["city", "dataset", "case_key"]).any()
    assert not members_stored.duplicated(["city", "dataset", "case_key", "member_no"]).any()
    assert len(records) == len(demo.cases) and len(members_stored) == len(demo.members)


def test_another_key_is_refused(case_engine, reference, tmp_path, monkeypatch) -> None:
    do_import(case_engine, reference, export_files())
    before = snapshot(case_engine)
    monkeypatch.setenv("SAFETYNET_CASE_KEY", "ab" * 32)
    plan = prepare_case_import(case_engine, "kaohsiung", export_files(), reference, today=TODAY)
    assert "雜湊金鑰與資料庫建立時不同" in plan.messages("zh")[0]
    assert_same_store(before, snapshot(case_engine))


def test_the_key_file_is_created_private_and_reused(duck_engine) -> None:
    first = duck_engine.key()
    mode = stat.S_IMODE(os.stat(duck_engine.key_file).st_mode)
    assert mode == 0o600 and len(first) == 32
    assert duck_engine.key() == first


def test_the_case_store_sits_beside_the_main_store(monkeypatch, tmp_path) -> None:
    monkeypatch.delenv("SAFETYNET_CASES_URL", raising=False)
    monkeypatch.setenv("SAFETYNET_DATABASE_URL", f"sqlite:///{tmp_path}/x.sqlite")
    assert case_store_url() == f"duckdb:///{tmp_path}/cases.duckdb"
    monkeypatch.setenv("SAFETYNET_DATABASE_URL", "postgresql+psycopg2://u@h/db")
    assert case_store_url() == "postgresql+psycopg2://u@h/db"


# -- the two engines answer alike ------------------------------------------------------------
QUESTIONS = {
    "district x age band x year": lambda e: q.count_persons(
        e, "kaohsiung", "real", ["district_code", "age_band", "year"]
    ),
    "centre x sex": lambda e: q.count_persons(e, "kaohsiung", "real", ["centre_id", "sex"]),
    "platform bands x role": lambda e: q.count_persons(
        e, "kaohsiung", "real", ["age_band", "role"], q.PLATFORM_BANDS
    ),
    "month x source": lambda e: q.count_cases(e, "kaohsiung", "real", ["month", "referral_source"]),
    "risk type x vulnerability": lambda e: q.count_cases(
        e, "kaohsiung", "real", ["risk_type", "vulnerability"]
    ),
    "proactive x main risk": lambda e: q.count_cases(
        e, "kaohsiung", "real", ["proactive", "main_risk_type"]
    ),
    "open at a date by centre": lambda e: q.open_cases(
        e, "kaohsiung", "real", date(2021, 12, 31), ["centre_id"]
    ),
    "served in 2021": lambda e: pd.DataFrame(
        {"n": [q.served_in_year(e, "kaohsiung", "real", 2021)]}
    ),
    "monthly": lambda e: q.monthly_counts(e, "kaohsiung", "real"),
    "datasets": lambda e: q.datasets(e, "kaohsiung"),
}


def test_duckdb_and_postgresql_give_identical_results(postgres_url, reference, tmp_path) -> None:
    demo = build_demo_export("kaohsiung", 2020, 2022, seed=7, today=TODAY, scale=0.05)
    key_file = tmp_path / "case_key"
    duck = open_case_store(f"duckdb:///{tmp_path / 'c.duckdb'}", key_file)
    url, drop = fresh_database(postgres_url)
    pg = open_case_store(url, key_file)
    try:
        for engine in (duck, pg):
            do_import(engine, reference, demo.files())
        for name, ask in QUESTIONS.items():
            a, b = ask(duck), ask(pg)
            assert len(a) > 0, name
            pd.testing.assert_frame_equal(a, b, check_dtype=False, obj=name)
        assert_same_store(
            {
                k: v.drop(columns=["imported_at"], errors="ignore")
                for k, v in snapshot(duck).items()
            },
            {k: v.drop(columns=["imported_at"], errors="ignore") for k, v in snapshot(pg).items()},
        )
    finally:
        duck.close()
        pg.close()
        drop()
