"""The synthetic export: deterministic, calibrated to the printed figures, labelled, and the CLI."""

# Fixtures are imported from cases_fixtures; test arguments then share their names.
# ruff: noqa: F811

from __future__ import annotations

import io
from datetime import date

import pandas as pd
import pytest

from safetynet.cases import queries as q
from safetynet.cases.demo import DemoRefused, build_demo_export, load_demo, parse_years
from safetynet.cases.engine import RECORDS
from safetynet.cli import main
from tests.cases_fixtures import TODAY, duck_engine, reference, shipped_reference  # noqa: F401


def test_same_arguments_give_the_same_files() -> None:
    a = build_demo_export("kaohsiung", 2019, 2020, seed=1, today=TODAY)
    b = build_demo_export("kaohsiung", 2019, 2020, seed=1, today=TODAY)
    assert a.files() == b.files()
    c = build_demo_export("kaohsiung", 2019, 2020, seed=2, today=TODAY)
    assert c.files() != a.files()


def test_the_demo_matches_the_printed_kaohsiung_2020_figures(duck_engine, reference) -> None:
    load_demo(duck_engine, reference, "kaohsiung", who="t", today=TODAY)
    assert q.served_in_year(duck_engine, "kaohsiung", "demo", 2020) == 10_452
    r = duck_engine.table(RECORDS).to_pandas()
    served = r[
        (r["opened_date"] <= "2020-12-31")
        & (r["closed_date"].isna() | (r["closed_date"] >= "2020-01-01"))
    ]
    assert served["proactive"].sum() == 2_090  # 20 %
    shares = served["main_risk_type"].value_counts(normalize=True).mul(100).round(0)
    assert shares.to_dict() == {
        "economic_hardship": 43,
        "child_development": 28,
        "disability_illness": 12,
        "family_conflict": 6,
        "adjustment_difficulty": 6,
        "family_crisis": 5,
    }
    closed = r[r["closed_date"].between("2020-01-01", "2020-12-31")]
    assert round((closed["close_reason"] == "goals_met").mean() * 100) == 70
    # plausible per district: every district has cases, the large ones the most
    per_district = r.groupby("district_code").size()
    assert len(per_district) == 38
    assert per_district["64000120"] > 20 * per_district["64000360"]  # 鳳山 vs 茂林
    assert r["referral_date"].max() <= pd.Timestamp(TODAY)
    with pytest.raises(DemoRefused):
        load_demo(duck_engine, reference, "kaohsiung", who="t", today=TODAY)


def test_keelung_gets_an_uncalibrated_demo_that_imports(duck_engine) -> None:
    from safetynet.cases.repository import prepare_case_import

    demo = build_demo_export("keelung", 2020, 2020, seed=1, today=TODAY)
    plan = prepare_case_import(
        duck_engine,
        "keelung",
        demo.files(),
        shipped_reference("keelung"),
        today=TODAY,
        dataset="demo",
    )
    assert plan.ok, plan.messages("en")
    assert 500 < plan.total("cases_added") < 3_000


def test_nothing_is_dated_after_today() -> None:
    demo = build_demo_export("kaohsiung", 2024, 2025, seed=1, today=date(2025, 6, 30), scale=0.2)
    for column in ("通報日期", "開案日期", "結案日期"):
        assert demo.cases[column][demo.cases[column] != ""].max() <= "114/06/29"


@pytest.mark.parametrize(
    ("text", "years"),
    [("107-114", (2018, 2025)), ("2019-2020", (2019, 2020)), ("109", (2020, 2020))],
)
def test_years_in_roc_or_western(text, years) -> None:
    assert parse_years(text) == years


def test_command_line_writes_checks_imports_and_removes(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("SAFETYNET_DATABASE_URL", f"sqlite:///{tmp_path}/s.sqlite")
    out = io.StringIO()
    assert (
        main(["demo-cases", "--years", "110-110", "--seed", "3", "--out", str(tmp_path / "d")], out)
        == 0
    )
    cases, members = tmp_path / "d" / "cases.csv", tmp_path / "d" / "case_members.csv"
    assert cases.exists() and members.exists()
    out = io.StringIO()
    assert (
        main(
            ["import-cases", str(cases), "--members", str(members), "--dry-run", "--lang", "en"],
            out,
        )
        == 0
    )
    assert "Nothing written." in out.getvalue()
    assert "Replaces cases referred 2021-01 to 2021-12" in out.getvalue()
    bad = tmp_path / "bad.csv"
    bad.write_text(
        cases.read_text(encoding="utf-8-sig").replace("高雄市", "基隆市", 1), encoding="utf-8"
    )
    out = io.StringIO()
    assert main(["import-cases", str(bad), "--members", str(members), "--lang", "en"], out) == 1
    assert "bad.csv, line 2, column 縣市: the city differs from the chosen city" in out.getvalue()
    out = io.StringIO()
    assert (
        main(["import-cases", str(cases), str(members), "--editor", "排程", "--lang", "en"], out)
        == 0
    )
    assert "Written (import log entry 1)." in out.getvalue()
    assert main(["demo-cases", "--load"], io.StringIO()) == 1  # real data is there
    assert main(["demo-cases", "--remove"], io.StringIO()) == 0
