"""Programme phases as data: names and periods read from the phases table, the phase running
on a day, and a phase added through the import path seen on every page that lists phases."""

from __future__ import annotations

import io
from datetime import date

import pandas as pd
import pytest

from safetynet import DATA_DIR
from safetynet.cities import get_city
from safetynet.phases import (
    city_phase_figures,
    current_phase_card,
    last_phase_year,
    load_phases,
    national_figures,
    period_label,
    phase_contexts,
    phase_on,
)
from safetynet.storage.loading import read_raw_tables
from safetynet.validation.city import validate_city


def typed(city: str) -> dict[str, pd.DataFrame]:
    tables, problems = validate_city(get_city(city), read_raw_tables(DATA_DIR, city))
    assert problems == []
    return tables


PHASES = load_phases(typed("kaohsiung")["phases"])


def test_shipped_phases_are_the_programme_and_the_2_0_plan() -> None:
    assert [(p.number, p.year_from, p.year_to) for p in PHASES] == [
        (1, 2018, 2020),
        (2, 2021, 2025),
        (3, 2026, 2030),
    ]
    assert PHASES[2].name("zh") == "社安網計畫2.0"
    assert "2025-12-18" in PHASES[2].source
    assert last_phase_year(PHASES) == 2030
    keelung = load_phases(typed("keelung")["phases"])
    assert [(p.number, p.name_zh, p.year_from, p.year_to) for p in keelung] == [
        (p.number, p.name_zh, p.year_from, p.year_to) for p in PHASES
    ]


def test_the_current_phase_card_names_the_phase_and_its_years() -> None:
    card = current_phase_card(PHASES, date(2026, 12, 1), "zh", "roc")
    assert (card.label, card.value, card.raw) == ("目前期程", "社安網計畫2.0", 3)
    assert card.caption == "115–119年 · 依今天日期（115年）"
    assert "2025-12-18" in card.source
    none = current_phase_card(PHASES, date(2031, 1, 1), "en", "western")
    assert (none.value, none.raw, none.source) == ("no phase runs today", None, "")
    assert none.caption == "by today's date (2031)"


@pytest.mark.parametrize(
    ("day", "phase"),
    [
        (date(2020, 12, 31), 1),
        (date(2021, 1, 1), 2),
        (date(2026, 12, 1), 3),
        (date(2031, 1, 1), None),
    ],
)
def test_the_phase_running_on_a_day(day, phase) -> None:
    found = phase_on(PHASES, day)
    assert (found.number if found else None) == phase


@pytest.mark.parametrize(
    ("period", "lang", "label"),
    [
        ("phase1", "zh", "第一期"),
        ("phase1_2", "zh", "第一、二期"),  # as the source prints the column
        ("phase1_2", "en", "Phases 1–2"),
        ("phase3", "zh", "社安網計畫2.0"),
        ("phase2_3", "en", "Phase 2 + Safety Net 2.0"),
        ("phase4", "zh", "第四期"),  # not stored: the generic name
        ("baseline", "zh", "現有人力"),
        ("y2019", "en", "2019"),
    ],
)
def test_period_labels_come_from_the_phases_table(period, lang, label) -> None:
    assert period_label(period, lang, PHASES) == label


def test_national_figures_are_kept_apart_from_the_city_own() -> None:
    tables = typed("kaohsiung")
    figures = {f.figure_id: f for f in national_figures(tables["phase_national_figures"], 3)}
    assert figures["budget"].value == 819.6 and figures["budget"].unit == "億元"
    assert figures["local_professional_staff"].value == 9125
    assert figures["local_professional_staff"].year == 2030
    assert figures["local_professional_staff_increase"].value == 1528
    counts = {k: figures[k].value for k in ("social_welfare_centres",
              "community_mental_health_centres", "psychiatric_disability_collaboration_points",
              "food_banks")}  # fmt: skip
    assert counts == {
        "social_welfare_centres": 158,
        "community_mental_health_centres": 101,
        "psychiatric_disability_collaboration_points": 83,
        "food_banks": 386,
    }
    strategies = [f.label_zh.removeprefix("策略：") for f in figures.values() if f.value is None]
    assert strategies == ["攜幼扶老", "優化提升", "布建心衛", "常態落實", "專業久任", "科技導入"]
    assert all("2025-12-18" in f.source for f in figures.values())
    own = city_phase_figures(tables["staffing"], tables["indicators"], 3)
    assert own.approved_posts is None and own.indicators is None  # 無資料 until entered
    assert city_phase_figures(tables["staffing"], tables["indicators"], 2).approved_posts == 689


def test_phase_contexts_list_the_phases_with_national_figures_and_the_city_own() -> None:
    tables = typed("kaohsiung")
    contexts = phase_contexts(
        tables["phases"], tables["phase_national_figures"], tables["staffing"], tables["indicators"]
    )
    # only the 2.0 plan (phase 3) has national figures in the shipped documents
    assert [c.phase.number for c in contexts] == [3]
    (context,) = contexts
    assert context.national == national_figures(tables["phase_national_figures"], 3)
    assert context.own == city_phase_figures(tables["staffing"], tables["indicators"], 3)


# -- a fourth phase, added through the import path, on every page that lists phases ----------

PHASE_4 = (
    "phase,name_zh,name_en,year_from,year_to,source,note\n"
    "4,第四期試辦,Phase 4 pilot,2031,2035,衛福部（2030-11-30，第四期核定） · 期程,\n"
)


def _import(url: str, city: str, table: str, text: str) -> None:
    from safetynet.editing.importing import prepare_import
    from safetynet.editing.plans import commit
    from safetynet.storage.store import Store

    store = Store.open(url, DATA_DIR)
    try:
        plan = prepare_import(store, city, table, f"{table}.csv", text.encode(), who="甲")
        assert plan.ok, plan.messages("en")
        commit(store, plan, who="甲")
    finally:
        store.close()


def test_an_unknown_phase_is_refused_on_import_until_the_phase_is_imported(
    tmp_database_url,
) -> None:
    from safetynet.editing.importing import prepare_import
    from safetynet.storage.store import Store

    row = "phase,strategy,agency_zh,agency_en\n4,1,社會局,Social Affairs Bureau\n"
    store = Store.open(tmp_database_url, DATA_DIR)
    plan = prepare_import(store, "kaohsiung", "network_agencies", "n.csv", row.encode(), who="甲")
    assert not plan.ok
    assert any("第 4 期不在 phases" in m for m in plan.messages("zh"))
    store.close()
    _import(tmp_database_url, "kaohsiung", "phases", PHASE_4)
    store = Store.open(tmp_database_url, DATA_DIR)
    plan = prepare_import(store, "kaohsiung", "network_agencies", "n.csv", row.encode(), who="甲")
    assert plan.ok, plan.messages("en")
    store.close()


@pytest.mark.parametrize("city", ["kaohsiung", "keelung"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_imported_phase_shows_on_every_page_that_lists_phases(
    app_test, tmp_database_url, city, lang
) -> None:
    _import(tmp_database_url, city, "phases", PHASE_4)
    name = "第四期試辦" if lang == "zh" else "Phase 4 pilot"
    state = {"settings.city": city, "settings.lang": lang}

    staffing = app_test("pages/staffing.py", **state).run()
    assert not staffing.exception
    # the phases table is an HTML table (st.table): its sources wrap by the 禁則 rule
    phases = next(d.value for d in staffing.table if name in d.value.to_string())
    assert len(phases) == 4

    planner = app_test("pages/staffing_planner.py", **state).run()
    assert not planner.exception
    end = "124年（第四期試辦結束）" if lang == "zh" else "ROC 124 (end of Phase 4 pilot)"
    assert end in planner.selectbox(key="planner.end_year").options

    overview = app_test(**state).run()
    assert not overview.exception
    today = phase_on((*PHASES, *load_phases(pd.read_csv(io.StringIO(PHASE_4)))), date.today())
    shown = {m.label: m.value for m in overview.metric}
    current = "目前期程" if lang == "zh" else "Current phase"
    expected = (
        today.name(lang)
        if today
        else ("今天不在任何期程內" if lang == "zh" else "no phase runs today")
    )
    assert shown[current] == expected


def test_a_phase_4_indicator_is_tracked_over_its_phase_and_named_by_it(
    app_test, tmp_database_url
) -> None:
    _import(tmp_database_url, "kaohsiung", "phases", PHASE_4)
    indicator = (
        "indicator_id,phase,strategy,agency_zh,agency_en,name_zh,name_en,unit,unit_en,"
        "direction,target_rule,baseline,baseline_year,target,target_year\n"
        "p4_01,4,1,社會局,Social Affairs Bureau,試辦指標,Pilot indicator,%,percent,up,"
        "by_target_year,,,50,2035\n"
    )
    _import(tmp_database_url, "kaohsiung", "indicators", indicator)
    at = app_test("pages/indicators.py").run()
    assert not at.exception
    years = at.selectbox(key="indicators.year").options
    assert "120年" in years and "124年" in years  # 2031–2035 tracked: the phase's years
    at.selectbox(key="indicators.year").set_value(2031).run()
    assert not at.exception
    shown = [m.value for m in at.markdown if m.value.startswith("#### 第四期試辦 · ")]
    assert shown  # its strategy heading names the phase as the phases table does
