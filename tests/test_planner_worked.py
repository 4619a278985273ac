"""The planner opens with a worked plan from the city's data, asks for what it lacks
without errors, words its gaps, and takes a caseload from the case records."""

from __future__ import annotations

from pathlib import Path

import pytest

from safetynet import DATA_DIR
from safetynet.cities import get_city
from safetynet.i18n import STRINGS
from safetynet.phases import load_phases
from safetynet.staffing.planner import PlannerParams, ServiceLine, validate_params
from safetynet.staffing.planner_views import prefill_text, problem_text
from safetynet.staffing.presets import city_presets
from safetynet.staffing.worked_plan import worked_plan
from safetynet.storage.loading import read_raw_tables
from safetynet.validation.city import validate_city
from tests.cases_fixtures import (  # noqa: F401 - fixtures are used by name
    case_engine,
    postgres_url,
    reference,
)

PLANNER = "pages/staffing_planner.py"
# The inputs in the order the page shows them in a ratio-method line's box.
FIELD_ORDER = ("caseload", "caseload_change_pct", "cases_per_worker", "workers_per_supervisor",
               "vacancy_rate_pct", "turnover_pct", "lead_time_months", "approved_posts",
               "hired_now")  # fmt: skip


def typed(city: str):
    tables, problems = validate_city(get_city(city), read_raw_tables(DATA_DIR, city))
    assert problems == []
    return tables


def values(plan) -> dict[str, dict[str, float]]:
    return {line.name_zh: {k: p.value for k, p in line.values} for line in plan.lines}


def test_kaohsiung_worked_plan_is_its_posts_table() -> None:
    """610 = 262 approved in phase 1 + 348 new in phase 2; 256 hired; plan over phase 2."""
    tables = typed("kaohsiung")
    plan = worked_plan(tables["staffing"], city_presets(tables["outcomes"]))
    assert (plan.base_year, plan.end_year) == (2021, 2025)
    got = values(plan)
    assert list(got) == ["社會局", "衛生局", "毒防局", "少輔會"]
    assert got["社會局"] == {"approved_posts": 610, "hired_now": 256}
    assert sum(v["approved_posts"] for v in got.values()) == 1006  # the printed 合計
    assert sum(v["hired_now"] for v in got.values()) == 305
    social = dict(plan.lines[0].values)["approved_posts"]
    text = prefill_text(social, "zh", load_phases(tables["phases"]))
    assert text.startswith("第一期核定 262 ＋ 第二期新增 348（人力表）")
    assert "高雄市執行強化社會安全網第二期計畫報告" in text  # the document, by name


def test_keelung_worked_plan_covers_its_plan_years_with_printed_standards() -> None:
    tables = typed("keelung")
    plan = worked_plan(tables["staffing"], city_presets(tables["outcomes"]))
    assert (plan.base_year, plan.end_year) == (2018, 2020)  # the years its plan covers
    got = values(plan)
    assert len(got) == 7  # every unit of the staffing table is a service line
    assert got["家庭中心"] == {"hired_now": 13, "approved_posts": 27, "lead_time_months": 6}
    offender = got["加害人合併精神疾病(含自殺企圖)服務人力"]
    assert offender["cases_per_worker"] == 35 and offender["workers_per_supervisor"] == 5
    assert got["加害人處遇協調服務人力"]["workers_per_supervisor"] == 2
    assert "cases_per_worker" not in got["家庭中心"]  # no ratio printed for it
    assert sum(v["approved_posts"] for k, v in got.items() if "approved_posts" in v) == 86


@pytest.mark.parametrize("field", ["caseload", "approved_posts", "cases_per_worker"])
def test_a_negative_number_is_called_negative(field) -> None:
    line = ServiceLine("甲", caseload=10.0, cases_per_worker=35.0, workers_per_supervisor=5.0)
    params = PlannerParams(lines=(line.__class__(**{**vars(line), field: -3}),))
    [problem] = validate_params(params)
    expected = "不可為負數" if field != "cases_per_worker" else "須大於 0"
    assert problem_text(problem, "zh").endswith(expected)
    assert "請填寫" not in problem_text(problem, "zh")


def test_the_role_has_one_name() -> None:
    assert not [k for k, v in STRINGS.items() if "編修者" in v["zh"]]
    assert [k for k, v in STRINGS.items() if "編輯者" in v["zh"]]  # the name used
    root = Path(__file__).resolve().parents[1]
    shown = [*root.glob("*.py"), *root.glob("*.md"), *root.glob("safetynet/**/*.py"),
             *root.glob("components/**/*.py"), *root.glob("pages/*.py")]  # fmt: skip
    assert not [str(f) for f in shown if "編修者" in f.read_text(encoding="utf-8")]


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def line_names(at) -> list[str]:
    """The service lines as the table of every line's inputs lists them, unnumbered."""
    table = at.dataframe[0].value
    return [name.split(". ", 1)[1] for name in table[table.columns[0]]]


def pick(at, city: str, n: int) -> str:
    """Show the ``n``-th service line's inputs (from 0), as a user picks it above its box;
    its id (for the widgets' keys)."""
    at.selectbox(key=f"planner.line.{city}").select_index(n).run()
    assert not at.exception
    return at.selectbox(key=f"planner.line.{city}").value


@pytest.mark.parametrize("city", ["kaohsiung", "keelung"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_planner_opens_with_the_city_plan_and_no_errors(app_test, city, lang) -> None:
    at = app_test(PLANNER, **{"settings.city": city, "settings.lang": lang}).run()
    assert not at.exception and not at.error
    names = line_names(at)
    staffing = typed(city)["staffing"]
    column = "agency_zh" if lang == "zh" else "agency_en"
    assert names == list(staffing[column].drop_duplicates())
    approved = [w.value for w in at.number_input if w.key.endswith(".approved_posts")]
    assert approved[0] == {"kaohsiung": 610, "keelung": 27}[city]
    captions = " ".join(c.value for c in at.caption)
    assert ("出處" if lang == "zh" else "From") in captions
    info = " ".join(i.value for i in at.info)
    asked = "1. {}{}".format(
        names[0], "：目前案量（案）" if lang == "zh" else ": Current caseload (cases)"
    )
    assert asked in info.replace("\\", "")  # asked for, not an error
    shown = metrics(at)
    short = {"kaohsiung": 701, "keelung": 41}[city]  # approved − hired
    label = "核定員額尚未進用" if lang == "zh" else "Approved posts not yet filled"
    assert shown[label] == (f"尚缺 {short} 人" if lang == "zh" else f"{short} short")
    base = {"kaohsiung": 2021, "keelung": 2018}[city]
    assert at.selectbox(key="planner.base_year").value == base


@pytest.mark.parametrize("city", ["kaohsiung", "keelung"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_prefilled_number_says_where_it_came_from(app_test, city, lang) -> None:
    """One 「出處：」 note per number the worked plan filled in, naming how and the document."""
    tables = typed(city)
    plan = worked_plan(tables["staffing"], city_presets(tables["outcomes"]))
    phases = load_phases(tables["phases"])
    label = "出處：" if lang == "zh" else "From: "
    expected = [
        label + prefill_text(prefill, lang, phases)
        for line in plan.lines
        for _field, prefill in sorted(line.values, key=lambda v: FIELD_ORDER.index(v[0]))
    ]
    assert expected and all(len(text) > len(label) + 10 for text in expected)
    at = app_test(PLANNER, **{"settings.city": city, "settings.lang": lang}).run()
    shown = []
    for n in range(len(at.selectbox(key=f"planner.line.{city}").options)):  # each in turn
        pick(at, city, n)
        shown += [c.value.replace("\\", "") for c in at.caption if c.value.startswith(label)]
    assert shown == expected


def test_keelung_plans_the_complete_lines_and_words_the_gap(app_test) -> None:
    at = app_test(PLANNER, **{"settings.city": "keelung"}).run()
    options = at.selectbox(key="planner.line.keelung").options
    offender = "planner." + pick(
        at, "keelung", next(i for i, o in enumerate(options) if "精神疾病" in o)
    )
    at.number_input(key=f"{offender}.caseload").set_value(170.0).run()
    assert not at.exception and not at.error
    shown = metrics(at)
    assert shown["109年需要社工"] == "5"  # ⌈170 ÷ 35⌉, with 1 supervisor: 6 in all
    assert shown["109年與已進用人數差距"] == "尚缺 6 人"  # 0 in post now
    assert "試算結果只含已填齊的服務線" in " ".join(c.value for c in at.caption)
    at.number_input(key=f"{offender}.caseload").set_value(-5.0).run()
    errors = " ".join(e.value for e in at.error)
    assert "不可為負數" in errors and "請填寫" not in errors


def test_the_end_year_offers_the_end_of_every_phase(app_test) -> None:
    at = app_test(PLANNER).run()
    end = at.selectbox(key="planner.end_year")
    assert "119年（社安網計畫2.0結束）" in end.options
    end.set_value(2030).run()
    assert not at.exception


# -- 目前案量 from the case records --------------------------------------------------------------
@pytest.mark.parametrize(
    ("year", "basis", "cases"),
    [
        (2021, "open_at_year_end", 3),  # hand-counted in tests/test_case_analysis.py
        (2022, "open_at_year_end", 5),
        (2022, "served_in_year", 8),
    ],
)
def test_caseload_from_the_case_records(case_engine, reference, year, basis, cases) -> None:  # noqa: F811
    from safetynet.cases.repository import commit_case_import, prepare_case_import
    from safetynet.staffing.caseload import caseload_from_cases
    from tests.case_analysis_fixtures import dozen_files
    from tests.cases_fixtures import TODAY

    plan = prepare_case_import(case_engine, "kaohsiung", dozen_files(), reference, today=TODAY)
    commit_case_import(case_engine, plan, who="測試")
    reading = caseload_from_cases(case_engine, "kaohsiung", "real", year, basis)
    assert (reading.cases, reading.basis, reading.year) == (cases, basis, year)
    with pytest.raises(ValueError, match="unknown caseload basis"):
        caseload_from_cases(case_engine, "kaohsiung", "real", year, "at_some_point")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_without_case_records_the_caseload_option_says_so(app_test, lang) -> None:
    at = app_test(PLANNER, **{"settings.lang": lang}).run()
    info = " ".join(i.value for i in at.info)
    assert ("尚無個案資料" if lang == "zh" else "No case records yet") in info
    assert "planner.cases.apply" not in {b.key for b in at.button}


@pytest.mark.parametrize("city", ["kaohsiung", "keelung"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_demo_caseload_is_labelled_and_filled_into_a_line(app_test, city, lang) -> None:
    from safetynet.cases.demo import build_demo_export
    from tests.cases_fixtures import TODAY
    from tests.helpers import load_cases

    load_cases(build_demo_export(city, 2024, 2025, seed=2, today=TODAY, scale=0.02).files(),
               city=city, dataset="demo")  # fmt: skip
    at = app_test(PLANNER, **{"settings.city": city, "settings.lang": lang}).run()
    assert not at.exception
    demo = "示範資料" if lang == "zh" else "synthetic demo data"
    assert demo in " ".join(w.value for w in at.warning)
    # the records' caseload goes to the line whose inputs are shown: pick the second
    second = at.session_state[f"planner.state.{city}"]["lines"][1]["uid"]
    at.selectbox(key=f"planner.line.{city}").set_value(second).run()
    at.selectbox(key="planner.cases.year").set_value(2025)
    at.radio(key="planner.cases.basis").set_value("served_in_year").run()
    uid = at.selectbox(key="planner.cases.line").value
    assert uid == second
    at.button(key="planner.cases.apply").click().run()
    assert not at.exception
    caseload = at.number_input(key=f"planner.{uid}.caseload").value
    assert caseload is not None and caseload > 0
    captions = " ".join(c.value for c in at.caption)
    said = "114服務" if lang == "zh" else "cases served in ROC 114"
    assert said.replace("114服務", "114年服務") in captions.replace("\\", "")
    assert ("示範資料（合成）" if lang == "zh" else "synthetic demo data") in captions
