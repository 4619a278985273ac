"""Saved planner scenarios, presets with their sources, and the .xlsx export."""

from __future__ import annotations

import io
import json

import openpyxl
import pytest
import sqlalchemy as sa

from safetynet.staffing.planner import PlannerParams, ServiceLine, compute_plan
from safetynet.staffing.planner_views import plan_xlsx
from safetynet.staffing.presets import CWLA_SOURCE, load_presets
from safetynet.staffing.scenarios import (
    ScenarioError,
    delete_scenario,
    duplicate_scenario,
    list_scenarios,
    load_scenario,
    params_from_json,
    params_to_json,
    save_scenario,
    unique_copy_name,
)
from safetynet.storage.store import Store

PARAMS = PlannerParams(
    lines=(
        ServiceLine(
            "加害人合併精神疾病",
            caseload=170,
            cases_per_worker=35,
            workers_per_supervisor=5,
            hired_now=0,
            lead_time_months=6,
        ),
        ServiceLine(
            "加害人處遇協調",
            method="time",
            caseload=40,
            hours_per_case_month=6,
            productive_hours_month=120,
            workers_per_supervisor=2,
        ),
    ),
    base_year=2021,
    end_year=2023,
)


# Saved scenarios live in the store: on SQLite and on PostgreSQL (see conftest).
pytestmark = pytest.mark.both_engines


def test_json_round_trip_keeps_every_field() -> None:
    assert params_from_json(params_to_json(PARAMS)) == PARAMS


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda _payload: "not json", "not JSON"),
        (lambda p: json.dumps(p | {"version": 99}), "format version"),
        (lambda p: json.dumps(p | {"extra": 1}), "do not match"),
        (lambda p: json.dumps(p | {"lines": [{"name": "x", "colour": "red"}]}), "line 1"),
        (
            lambda p: json.dumps(p | {"lines": [p["lines"][0] | {"caseload": -5}]}),
            "Current caseload",
        ),
    ],
)
def test_params_are_validated_on_load(mutate, message) -> None:
    payload = json.loads(params_to_json(PARAMS))
    with pytest.raises(ValueError, match=message):
        params_from_json(mutate(payload))


def test_save_reload_duplicate_delete(store) -> None:
    assert save_scenario(store, "keelung", "  基準  方案 ", PARAMS, who="甲") == "基準 方案"
    assert load_scenario(store, "keelung", "基準 方案") == PARAMS
    copy = duplicate_scenario(store, "keelung", "基準 方案", "複本", who="甲")
    assert load_scenario(store, "keelung", copy) == PARAMS
    assert [s.name for s in list_scenarios(store, "keelung")] == ["基準 方案", "複本"]
    assert list_scenarios(store, "kaohsiung") == []  # per city
    delete_scenario(store, "keelung", "基準 方案", who="甲")
    assert [s.name for s in list_scenarios(store, "keelung")] == ["複本"]
    with pytest.raises(ScenarioError) as err:
        delete_scenario(store, "keelung", "基準 方案", who="甲")
    assert err.value.code == "missing"


def test_an_existing_name_is_only_replaced_on_request(store) -> None:
    save_scenario(store, "keelung", "A", PARAMS, who="甲")
    changed = PlannerParams(lines=PARAMS.lines[:1], base_year=2021, end_year=2025)
    with pytest.raises(ScenarioError) as err:
        save_scenario(store, "keelung", "A", changed, who="甲")
    assert err.value.code == "exists"
    assert load_scenario(store, "keelung", "A") == PARAMS  # untouched
    save_scenario(store, "keelung", "A", changed, who="乙", overwrite=True)
    assert load_scenario(store, "keelung", "A") == changed


@pytest.mark.parametrize(
    ("name", "params", "code"),
    [
        ("", PARAMS, "name_required"),
        ("x" * 81, PARAMS, "name_too_long"),
        ("bad", PlannerParams(lines=(ServiceLine("x"),)), "invalid"),
    ],
)
def test_bad_saves_write_nothing(store, name, params, code) -> None:
    with pytest.raises(ScenarioError) as err:
        save_scenario(store, "keelung", name, params, who="甲")
    assert err.value.code == code
    assert list_scenarios(store, "keelung") == []


def test_a_corrupted_scenario_is_reported_not_loaded(store) -> None:
    save_scenario(store, "keelung", "A", PARAMS, who="甲")
    with store.engine.begin() as conn:
        conn.execute(sa.update(store.scenarios).values(params_json='{"version": 1}'))
    with pytest.raises(ScenarioError) as err:
        load_scenario(store, "keelung", "A")
    assert err.value.code == "unreadable"


def test_scenarios_survive_reopening_and_a_reload_of_shipped_data(database_url) -> None:
    url = database_url
    save_scenario(Store.open(url), "kaohsiung", "A", PARAMS, who="甲")
    reopened = Store.open(url)
    reopened.load_shipped("kaohsiung")
    assert load_scenario(reopened, "kaohsiung", "A") == PARAMS


def test_unique_copy_name() -> None:
    assert unique_copy_name(["A"], "A") == "A (2)"
    assert unique_copy_name(["A", "A (2)"], "A") == "A (3)"


def test_every_preset_has_a_source_and_keelung_values_come_from_the_data(store) -> None:
    presets = load_presets({c: store.read(c, "outcomes") for c in ("kaohsiung", "keelung")})
    assert all(p.source for p in presets)
    by_key = {p.key: p for p in presets}
    assert by_key["keelung_offender_ratio"].value == 35
    assert by_key["keelung_offender_span"].value == 5
    assert by_key["keelung_coordination_span"].value == 2
    assert (by_key["keelung_recruit_min"].value, by_key["keelung_recruit_max"].value) == (4, 6)
    assert by_key["keelung_offender_ratio"].source.startswith("003_8c0365bf83128a38.txt · 策略3")
    cwla = {p.key: p.value for p in presets if p.source == CWLA_SOURCE}
    assert cwla == {
        "cwla_investigations": 12,
        "cwla_ongoing": 17,
        "cwla_foster_low": 12,
        "cwla_foster_high": 15,
        "cwla_supervision": 5,
    }
    assert (
        by_key["cwla_ongoing"].label("en") == "CWLA ongoing services: 17 active families per worker"
    )
    # Kaohsiung's data holds no presets of its own
    assert all(
        p.key.startswith("cwla") for p in load_presets({"k": store.read("kaohsiung", "outcomes")})
    )


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_xlsx_export_holds_inputs_results_and_notes(store, lang) -> None:
    presets = load_presets({"keelung": store.read("keelung", "outcomes")})
    data = plan_xlsx("基準方案", compute_plan(PARAMS), lang, "roc", presets)
    book = openpyxl.load_workbook(io.BytesIO(data))
    names = {"zh": ["說明", "試算條件", "逐年合計", "各服務線", "人員流動與招募", "敏感度分析", "參考標準"],
             "en": ["Notes", "Inputs", "By year", "By service line", "Staff flow", "Sensitivity", "Reference standards"]}  # fmt: skip
    assert book.sheetnames == names[lang]
    notes = [c.value for c in book[names[lang][0]]["A"]]
    assert any("基準方案" in str(v) for v in notes)
    totals = list(book[names[lang][2]].values)
    header, first = totals[0], totals[1]
    workers = header.index({"zh": "需要社工", "en": "Workers needed"}[lang])
    assert first[0] == {"zh": "110年", "en": "ROC 110"}[lang]
    assert first[workers] == 5 + 2  # 170/35 → 5; 40 × 6 / 120 = 2


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_xlsx_export_writes_names_that_look_like_formulas_as_text(start) -> None:
    """A service line or scenario named like a formula is text in every sheet, not a formula."""
    line_name = f'{start}HYPERLINK("http://example.invalid","開啟")'
    line = ServiceLine(line_name, caseload=100, cases_per_worker=20, workers_per_supervisor=5)
    params = PlannerParams(lines=(line,))
    data = plan_xlsx(f"{start}1+1", compute_plan(params), "zh", "roc")
    book = openpyxl.load_workbook(io.BytesIO(data))
    cells = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    texts = [str(c.value) for c in cells if c.value is not None]
    assert "'" + line_name in texts  # the inputs sheet, as typed
    assert not any(v.startswith(("=", "+", "@", "\t", "\r")) for v in texts)
    assert any(v.endswith(start + "1+1") for v in texts)  # the title names the scenario


def test_keelung_source_lines_start_from_their_printed_ratios(store) -> None:
    from safetynet.staffing.posts import required_by_year
    from safetynet.staffing.presets import source_line_inputs

    presets = load_presets({"keelung": store.read("keelung", "outcomes")})
    lines = list(required_by_year(store.read("keelung", "staffing"))["agency_zh"])
    inputs = [source_line_inputs(name, presets) for name in lines]
    assert [(i["cases_per_worker"], i["workers_per_supervisor"]) for i in inputs] == [
        (35, 5),  # offenders with mental illness or suicide risk: 1:35, 1 supervisor per 5
        (None, 2),  # treatment coordination: no caseload ratio printed, 2 + 1
    ]
    assert {i["lead_time_months"] for i in inputs} == {6}
