"""The staffing pages as a user drives them: figures shown, inputs changed, scenarios kept."""

from __future__ import annotations

import json
import re

import pytest

from components.auth import EDITOR_KEY
from safetynet.auth import Editor

OVERVIEW = "pages/staffing.py"
PLANNER = "pages/staffing_planner.py"


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_overview_kaohsiung_shows_computed_rates_that_match_the_source(app_test) -> None:
    at = app_test(OVERVIEW).run()
    assert not at.exception
    shown = metrics(at)
    assert shown["進用率（第一期）"] == "96.2%"
    assert shown["員額數增加"] == "+372"
    assert shown["空缺率（第一期）"] == "3.8%"
    assert shown["第一、二期核定總計"] == "1,006"
    assert len(at.get("plotly_chart")) == 3
    checks = at.dataframe[0].value.set_index("項目")
    assert len(checks) == 11 and set(checks["一致"]) == {"✓"}  # 2 rates, 5 totals, 4 agencies
    welfare = checks.loc["社會局 · 第一、二期（107–114年） · 核定總計（第一期核定＋第二期新增）"]
    assert (welfare["來源數字"], welfare["計算結果"]) == (610, 610)
    # every table can be downloaded
    assert len(at.get("download_button")) >= len(at.dataframe)


def test_overview_agency_table_fits_a_laptop_in_english(app_test) -> None:
    """The English headers were too wide for 1366×768 (the last column off to the right):
    short ones, the full name as the tooltip, numbers still with separators."""
    at = app_test(OVERVIEW, **{"settings.lang": "en"}).run()
    assert not at.exception
    element = next(d for d in at.dataframe if "P1 approved" in d.value.columns)
    assert list(element.value.columns) == [
        "Agency", "P1 approved", "P1 filled", "P1 vacant", "Hiring rate (%)", "P2 new", "P1–2 total"
    ]  # fmt: skip
    config = json.loads(element.proto.columns)
    assert config["P1–2 total"]["help"] == "Phases 1–2 total"
    assert config["P1 approved"]["help"] == "Phase 1 approved"
    assert config["P1–2 total"]["type_config"]["format"] == "%,d"  # 1,006
    assert element.value["P1–2 total"].tolist()[-1] == 1006


def test_overview_keelung_in_english(app_test) -> None:
    at = app_test(OVERVIEW, **{"settings.city": "keelung", "settings.lang": "en"}).run()
    assert not at.exception
    shown = metrics(at)
    assert shown["Protective-service caseload per social worker (cases per worker)"] == "131"
    assert shown["People served per social worker (persons)"] == "2,147"
    assert shown["National people served per full-time social worker (persons)"] == "1,723"
    assert shown["Social worker recruitment cycle (months)"] == "4–6"
    assert shown["New social worker posts planned"] == "41"
    assert shown["Social workers in ROC 109"] == "86"
    assert any("no approved and filled posts" in i.value for i in at.info)
    assert len(at.get("plotly_chart")) == 1  # the cumulative plan; no empty agency charts


def _keelung_planner(app_test, lang: str = "zh", *, editor: bool = False):
    state = {"settings.city": "keelung", "settings.lang": lang}
    if editor:  # as after logging in on the planner or the data page
        state[EDITOR_KEY] = Editor("wang", "王小明")
    at = app_test(PLANNER, **state).run()
    assert not at.exception
    return at


# Keelung's staffing table: five units, then the two offender lines (its 6th and 7th lines).
OFFENDER, COORDINATION = "keelung.6", "keelung.7"


def _pick(at, uid: str, city: str = "keelung"):
    """Pick the service line whose inputs are shown, as a user does above its box."""
    at.selectbox(key=f"planner.line.{city}").set_value(uid).run()
    assert not at.exception
    return at


def _keep(at, *uids: str) -> None:
    """Remove every Keelung line but ``uids`` (each picked, then its remove button)."""
    for n in range(1, 8):
        if f"keelung.{n}" not in uids:
            _pick(at, f"keelung.{n}").button(key=f"planner.keelung.{n}.remove").click().run()


def _summary(at, column: str) -> dict[str, object]:
    """A column of the table of every line's inputs, by line name (「6. 加害人…」)."""
    table = at.dataframe[0].value
    return dict(zip(table[table.columns[0]], table[column], strict=True))


def test_planner_starts_from_the_source_and_asks_for_what_it_lacks(app_test) -> None:
    at = _keelung_planner(app_test)
    # only the picked line's inputs are drawn: the first line's at first
    assert {w.key.split(".")[2] for w in at.number_input} == {"1"}
    ratios = _summary(at, "每人案量")
    assert ratios["6. 加害人合併精神疾病(含自殺企圖)服務人力"] == "35"
    assert ratios["1. 家庭中心"] == ""  # none printed for it: blank, not invented
    _pick(at, OFFENDER)
    assert at.number_input(key=f"planner.{OFFENDER}.cases_per_worker").value == 35
    assert at.number_input(key=f"planner.{OFFENDER}.workers_per_supervisor").value == 5
    assert at.number_input(key=f"planner.{OFFENDER}.lead_time_months").value == 6
    assert at.number_input(key=f"planner.{OFFENDER}.caseload").value is None
    assert not at.error  # what the plan lacks is asked for, not flagged
    asked = " ".join(i.value for i in at.info).replace("\\", "")
    assert "6. 加害人合併精神疾病(含自殺企圖)服務人力：目前案量（案）" in asked
    assert "109年需要社工" not in metrics(at)  # nothing planned from incomplete lines
    _pick(at, COORDINATION)
    assert at.number_input(key=f"planner.{COORDINATION}.workers_per_supervisor").value == 2


def test_planner_worked_example_and_outputs_follow_inputs(app_test) -> None:
    at = _pick(_keelung_planner(app_test), OFFENDER)
    at.number_input(key=f"planner.{OFFENDER}.caseload").set_value(170.0).run()
    offender = "6. 加害人合併精神疾病(含自殺企圖)服務人力"
    assert _summary(at, "案量")[offender] == "170"  # the table follows the input
    # another line picked and this one again: the number entered is still there
    _pick(at, "keelung.1")
    assert _pick(at, OFFENDER).number_input(key=f"planner.{OFFENDER}.caseload").value == 170
    _keep(at, OFFENDER)
    assert not at.exception and not at.error
    shown = metrics(at)
    assert shown["109年需要社工"] == "5"
    assert shown["109年需要督導"] == "1"
    assert shown["109年應核定員額"] == "6"
    assert shown["109年與已進用人數差距"] == "尚缺 6 人"  # nobody in post yet (現有人力 0)
    assert shown["最早需開始招募"] == "106年7月"  # 6-month cycle before Jan 107
    at.number_input(key=f"planner.{OFFENDER}.caseload").set_value(350.0).run()
    assert metrics(at)["109年需要社工"] == "10"
    at.number_input(key=f"planner.{OFFENDER}.vacancy_rate_pct").set_value(20.0).run()
    assert metrics(at)["109年應核定員額"] == "15"  # ⌈12 ÷ 0.8⌉
    at.selectbox(key="planner.end_year").set_value(2023).run()
    assert "112年需要社工" in metrics(at)


def test_planner_apply_preset_and_add_a_time_standard_line(app_test) -> None:
    at = _keelung_planner(app_test, "en")
    _keep(at, OFFENDER, COORDINATION)
    _pick(at, OFFENDER).number_input(key=f"planner.{OFFENDER}.caseload").set_value(170.0).run()
    _pick(at, COORDINATION)
    at.number_input(key=f"planner.{COORDINATION}.caseload").set_value(34.0).run()
    presets = at.radio(key="planner.preset")
    cwla = next(i for i, o in enumerate(presets.options) if o.startswith("CWLA ongoing"))
    presets.set_value(cwla)
    apply = at.button(key="planner.apply_preset")
    assert "Offender treatment coordination staff" in apply.label  # applied to the line shown
    apply.click().run()
    assert at.number_input(key=f"planner.{COORDINATION}.cases_per_worker").value == 17
    assert metrics(at)["Workers needed, ROC 109"] == "7"  # 5 + ⌈34/17⌉
    at.button(key="planner.add_line").click().run()  # the new line is the one shown
    at.radio(key="planner.keelung.8.method").set_value("time").run()
    for key, value in (("caseload", 10.0), ("hours_per_case_month", 24.0),
                       ("productive_hours_month", 120.0), ("workers_per_supervisor", 5.0)):  # fmt: skip
        at.number_input(key=f"planner.keelung.8.{key}").set_value(value).run()
    assert not at.error
    assert metrics(at)["Workers needed, ROC 109"] == "9"  # + ⌈10 × 24 ÷ 120⌉


@pytest.mark.both_engines
def test_save_reload_duplicate_compare_delete_revert(app_test) -> None:
    at = _pick(_keelung_planner(app_test, editor=True), OFFENDER)
    at.number_input(key=f"planner.{OFFENDER}.caseload").set_value(170.0).run()
    _keep(at, OFFENDER)
    at.text_input(key="planner.scenario_name").input("基準").run()
    at.button(key="planner.save").click().run()
    assert "已儲存方案「基準」。" in [s.value for s in at.success]

    at.number_input(key=f"planner.{OFFENDER}.caseload").set_value(350.0).run()
    at.text_input(key="planner.scenario_name").input("成長").run()
    at.button(key="planner.save").click().run()
    assert metrics(at)["109年需要社工"] == "10"

    # saving under a used name is refused unless asked to replace
    at.button(key="planner.save").click().run()
    assert any("已有名為「成長」的方案" in e.value for e in at.error)

    at.selectbox(key="planner.scenario").set_value("基準")
    at.button(key="planner.load").click().run()
    assert at.number_input(key="planner.keelung.8.caseload").value == 170
    assert metrics(at)["109年需要社工"] == "5"

    at.button(key="planner.duplicate").click().run()
    assert at.selectbox(key="planner.scenario").options == ["基準", "基準 (2)", "成長"]

    at.multiselect(key="planner.compare").set_value(["基準", "成長"]).run()
    assert not at.exception
    table = at.dataframe[-1].value
    assert list(table["方案"]) == ["基準", "成長"]
    assert list(table["應核定員額（含空缺）"]) == [6, 12]
    chart = at.get("plotly_chart")[-1]
    lines = json.loads(chart.proto.spec)["data"]
    assert [line["name"] for line in lines] == ["基準", "成長"]
    assert [line["y"][-1] for line in lines] == [6, 12]  # the table's posts in the end year
    options = json.loads(chart.proto.config)["toImageButtonOptions"]
    assert (options["width"], options["height"], options["scale"]) == (1600, 900, 2)

    at.selectbox(key="planner.scenario").set_value("基準 (2)")
    at.button(key="planner.delete").click().run()
    assert any("確認刪除" in w.value for w in at.warning)  # nothing deleted without confirming
    at.checkbox(key="planner.confirm_delete").check()
    at.button(key="planner.delete").click().run()
    assert at.selectbox(key="planner.scenario").options == ["基準", "成長"]

    # every save, copy and deletion is in the history with the editor, at Taipei time; the
    # revert picker starts at the newest entry (the deletion), named as the history names it
    history = next(d.value for d in at.dataframe if "方案名稱" in d.value.columns)
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", v) for v in history["時間（臺北）"])
    assert set(history["還原第幾筆"]) == {""}  # nothing reverted yet: blank, not 「None」
    picker = at.selectbox(key="planner.revert_entry")
    newest = int(history["編號"].max())
    assert picker.value == newest
    assert picker.options[0].startswith(f"第 {newest} 筆 · ")
    at.button(key="planner.revert").click().run()
    assert at.selectbox(key="planner.scenario").options == ["基準", "基準 (2)", "成長"]
    history = next(d.value for d in at.dataframe if "方案名稱" in d.value.columns)
    assert list(history["動作"]) == ["新增", "刪除", "新增", "新增", "新增"]
    assert set(history["修改者"]) == {"王小明"}
    # after the revert the picker starts again at the newest entry: the revert itself
    assert at.selectbox(key="planner.revert_entry").value == int(history["編號"].max())


def test_scenarios_are_kept_per_city(app_test) -> None:
    at = _pick(_keelung_planner(app_test, editor=True), OFFENDER)
    at.number_input(key=f"planner.{OFFENDER}.caseload").set_value(170.0).run()
    _keep(at, OFFENDER)
    at.text_input(key="planner.scenario_name").input("基隆方案").run()
    at.button(key="planner.save").click().run()
    at.selectbox(key="settings.city").set_value("kaohsiung").run()
    assert not at.exception
    assert "此縣市尚無已儲存的方案。" in [c.value for c in at.caption]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_kaohsiung_planner_plans_a_line_once_its_caseload_and_ratio_are_entered(
    app_test, lang
) -> None:
    at = app_test(PLANNER, **{"settings.lang": lang}).run()
    assert not at.exception and not at.error
    table = at.dataframe[0].value
    assert list(table[table.columns[0]]) == {
        "zh": ["1. 社會局", "2. 衛生局", "3. 毒防局", "4. 少輔會"],
        "en": ["1. Social Affairs Bureau", "2. Department of Health",
               "3. Drug Abuse Prevention Bureau", "4. Juvenile Guidance Committee"],
    }[lang]  # fmt: skip
    caseload = {"zh": "案量", "en": "Cases"}[lang]
    ratio = {"zh": "每人案量", "en": "Ratio"}[lang]
    # the source prints no caseload or ratio for them: blank, nothing invented
    assert set(table[caseload]) == set(table[ratio]) == {""}
    _pick(at, "kaohsiung.2", "kaohsiung")
    for uid in ("kaohsiung.2", "kaohsiung.3", "kaohsiung.4"):  # the next line is shown
        at.button(key=f"planner.{uid}.remove").click().run()
    for field, value in (
        ("caseload", 1200.0),
        ("cases_per_worker", 30.0),
        ("workers_per_supervisor", 5.0),
    ):
        at.number_input(key=f"planner.kaohsiung.1.{field}").set_value(value).run()
    assert not at.exception and not at.error
    shown = metrics(at)
    assert shown[{"zh": "114年需要社工", "en": "Workers needed, ROC 114"}[lang]] == "40"
    # 40 workers + 8 supervisors = 48 against 256 hired: 208 more than needed
    gap = {"zh": "114年與已進用人數差距", "en": "Gap vs people hired, ROC 114"}[lang]
    assert shown[gap] == {"zh": "多 208 人", "en": "208 over"}[lang]


@pytest.mark.both_engines
def test_a_viewer_plans_and_compares_but_cannot_save(app_test, tmp_database_url) -> None:
    from safetynet.staffing.planner import PlannerParams, ServiceLine
    from safetynet.staffing.scenarios import save_scenario
    from safetynet.storage.store import Store

    line = ServiceLine("加害人合併精神疾病或自殺風險", caseload=170.0, cases_per_worker=35.0,
                       workers_per_supervisor=5.0)  # fmt: skip
    save_scenario(Store.open(tmp_database_url), "keelung", "基準",
                  PlannerParams(lines=(line,), base_year=2021, end_year=2025), who="甲")  # fmt: skip
    at = _keelung_planner(app_test)
    keys = {b.key for b in at.button}
    assert not keys & {"planner.save", "planner.duplicate", "planner.delete"}
    assert "planner.load" in keys  # reading a saved scenario is not a write
    assert any("需以編輯者身分登入" in i.value for i in at.info)
    at.button(key="planner.load").click().run()
    caseloads = [w.value for w in at.number_input if w.key.endswith(".caseload")]
    assert caseloads == [170]


def test_overview_shows_a_saved_staffing_row_at_once(app_test, tmp_database_url) -> None:
    """The page's figures are kept per store revision and shared by sessions: a row saved
    by an editor shows on the next run, in the cards, the agency table and its chart."""
    import pandas as pd

    from safetynet.storage.store import Store

    at = app_test(OVERVIEW).run()
    assert metrics(at)["第一、二期核定總計"] == "1,006"
    row = {
        "agency_zh": "社會局", "agency_en": "Social Affairs Bureau", "period": "phase1",
        "year_from": "2018", "year_to": "2020", "measure": "approved", "posts": "300",
        "source": "測試 · 使用者輸入", "note": "",
    }  # fmt: skip
    Store.open(tmp_database_url).save_user_rows("kaohsiung", "staffing", pd.DataFrame([row]))
    at.run()
    assert not at.exception
    assert metrics(at)["第一、二期核定總計"] == "1,044"  # 262 → 300 approved
    agencies = next(d.value for d in at.dataframe if "單位" in d.value.columns)
    welfare = agencies[agencies["單位"] == "社會局"].iloc[0]
    assert 300 in set(welfare.to_numpy().tolist())
    bars = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    assert any(300 in trace.get("x", []) + trace.get("y", []) for b in bars for trace in b["data"])
