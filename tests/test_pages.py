"""Every page runs in AppTest for both cities and both languages; settings hold across pages."""

from __future__ import annotations

import json

import pytest

from tests.helpers import PAGE_TITLES, briefing_state

PAGES = list(PAGE_TITLES)
CITY_NAMES = {"kaohsiung": "高雄市", "keelung": "基隆市"}


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("city", ["kaohsiung", "keelung"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_page_runs_without_exception(app_test, page, city, lang) -> None:
    at = app_test(page, **{"settings.city": city, "settings.lang": lang}).run()
    assert not at.exception, [e.message for e in at.exception]
    zh, en = PAGE_TITLES[page]
    assert at.title[0].value == (zh if lang == "zh" else en)


def test_every_navigation_page_is_tested() -> None:
    from components.sidebar import NAVIGATION

    listed = {script for _section, pages in NAVIGATION for script, _title, _icon in pages}
    assert listed == set(PAGES)


def test_overview_shows_kaohsiung_headlines(app_test) -> None:
    at = app_test().run()
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["行政區"] == "38"
    assert metrics["社福中心"] == "18"
    assert metrics["警察分局"] == "17"
    assert metrics["脆弱家庭服務戶數（戶）"] == "10,452"
    assert metrics["進用率（第一期）"] == "96.2%"
    assert metrics["新增員額"] == "689"
    # each figure carries its source on hover
    assert all(m.help for m in at.metric)


def test_overview_keelung_says_no_precincts(app_test) -> None:
    at = app_test(**{"settings.city": "keelung"}).run()
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["警察分局"] == "無資料"
    assert metrics["行政區"] == "7"
    assert metrics["進用率"] == "無資料"
    assert any("未提供核定與已進用人數" in c.value for c in at.caption)


def test_settings_persist_across_page_switches(app_test) -> None:
    at = app_test().run()
    at.selectbox(key="settings.city").set_value("keelung").run()
    at.radio(key="settings.lang").set_value("en").run()
    at.radio(key="settings.year_style").set_value("ad").run()
    at.switch_page("pages/map.py").run()
    assert not at.exception
    assert at.session_state["settings.city"] == "keelung"
    assert at.selectbox(key="settings.city").value == "keelung"
    assert at.radio(key="settings.lang").value == "en"
    assert at.title[0].value == "Service network map"
    at.switch_page("app.py").run()
    assert at.radio(key="settings.year_style").value == "ad"
    assert at.title[0].value == "Overview"


def test_map_page_kaohsiung_calls_out_many_to_many(app_test) -> None:
    at = app_test("pages/map.py").run()
    infos = [i.value for i in at.info]
    assert "鳳山區由 2 個社福中心服務：鳳山中心、五甲中心" in infos
    assert "三民區由 2 個警察分局負責：三民第一分局、三民第二分局" in infos
    assert len(at.get("component_instance")) == 1  # the folium map
    relations = at.dataframe[0].value
    assert len(relations) == 38
    matrix = at.dataframe[1].value
    assert matrix.shape == (18, 18)  # centre name column + 17 precincts


def test_map_page_keelung_explains_missing_precinct_layer(app_test) -> None:
    at = app_test("pages/map.py", **{"settings.city": "keelung"}).run()
    assert not at.exception
    assert any("未列警察分局" in i.value for i in at.info)
    assert at.session_state["map.layer"] == "centre"
    assert len(at.dataframe[0].value) == 7


def test_map_focus_on_a_centre_lists_its_precincts(app_test) -> None:
    at = app_test("pages/map.py").run()
    at.selectbox(key="map.focus").set_value("centre:sanmin").run()
    assert not at.exception
    # a list in the narrow panel (a grid there would cut the long names)
    panel = next(m.value for m in at.markdown if m.value.startswith("**須合作的警察分局"))
    assert panel.splitlines()[2:] == [
        "- 三民第一分局（共同負責 1 區）",
        "- 三民第二分局（共同負責 1 區）",
    ]


def _district_fills(at) -> dict[str, str]:
    """Town code → fill colour, read from the map settings the page hands to the browser."""
    (component,) = at.get("component_instance")
    script = json.loads(component.proto.json_args)["script"]
    start = script.index("var s = ") + len("var s = ")
    return json.JSONDecoder().raw_decode(script[start:])[0]["fills"]


TAOYUAN, YANCHENG = "64000370", "64000010"  # the largest (928 km²) and smallest (1.4 km²)


def test_switching_layer_to_area_colours_districts_by_area(app_test) -> None:
    at = app_test("pages/map.py").run()
    by_centre = _district_fills(at)
    at.session_state["map.layer"] = "area_km2"
    at.run()
    assert not at.exception
    by_area = _district_fills(at)
    assert len(by_area) == 38 and by_area != by_centre
    from safetynet.network.catchments import SEQUENTIAL_PALETTE

    assert by_area[TAOYUAN] == SEQUENTIAL_PALETTE[-1]
    assert by_area[YANCHENG] == SEQUENTIAL_PALETTE[0]
    assert set(by_area.values()) == set(SEQUENTIAL_PALETTE)
    legend = json.loads(at.get("component_instance")[0].proto.json_args)["html"]
    assert "面積" in legend


def test_a_store_from_a_newer_release_gives_a_message_not_a_traceback(
    app_test, tmp_database_url
) -> None:
    import sqlalchemy as sa

    from safetynet.storage.store import Store

    store = Store.open(tmp_database_url)
    with store.engine.begin() as conn:
        conn.execute(sa.text("UPDATE meta SET value = '99' WHERE key = 'schema_version'"))
    at = app_test().run()
    assert not at.exception
    # a short sentence in the user's language; the details only in the server log
    assert at.error[0].value == (
        "資料庫已由較新版本的儀表板更新，本版本無法讀取；請通知系統管理者更新程式。"
    )


def test_indicators_page_kaohsiung_opens_on_the_latest_results(app_test) -> None:
    at = app_test("pages/indicators.py").run()
    # the detail chart's table is built when its expander is opened
    assert len(at.get("download_button")) == 1
    at.session_state["indicators.detail_data"] = True
    at.run()
    assert not at.exception
    assert at.selectbox(key="indicators.year").value == 2020
    assert at.subheader[0].value == "109年：達成 4 項、未達成 0 項、無資料 1 項（共 5 項指標）"
    scorecard = at.dataframe[0].value.set_index("指標")  # p1_s1_01, its code not sent
    assert "代碼" not in scorecard.columns
    assert scorecard.loc["社福中心設置數", "狀態"] == "✔ 達成"
    assert scorecard.loc["社福中心設置數", "實績"] == "18 處"
    assert scorecard.loc["社福中心設置數", "趨勢（實績 vs 目標）"].startswith("data:image/svg+xml")
    headings = [m.value for m in at.markdown if m.value.startswith("#### ")]
    assert headings[0] == "#### 第一期 · 策略一：布建社會福利服務中心整合社會救助與福利服務"
    assert len(at.get("download_button")) == 2  # scorecard and the detail chart's table
    assert len(at.get("plotly_chart")) == 1


def test_indicators_page_year_and_agency_filters(app_test) -> None:
    at = app_test("pages/indicators.py").run()
    at.selectbox(key="indicators.year").set_value(2023).run()
    assert not at.exception
    assert at.subheader[0].value.startswith("112年：達成 0 項、未達成 0 項、無資料 26 項")
    assert sum(len(df.value) for df in at.dataframe if "指標" in df.value.columns) == 26
    at.selectbox(key="indicators.agency").set_value("勞工局").run()
    assert at.subheader[0].value.startswith("112年：達成 0 項、未達成 0 項、無資料 3 項")
    assert list(at.dataframe[0].value["指標"]) == [  # s4_06, s4_07, s4_08
        "弱勢失業者推介就業比率",
        "協助精神障礙者就業人數",
        "辦理多元類別就業導向失業者訓練參與人數",
    ]
    # the detail follows the filter
    assert at.selectbox(key="indicators.detail").value == "s4_06"
    # the picker names indicators, not their codes
    assert at.selectbox(key="indicators.detail").options[0] == "弱勢失業者推介就業比率"


def test_indicators_page_detail_shows_definition_derivation_and_chart(app_test) -> None:
    at = app_test(
        "pages/indicators.py", **{"indicators.year": 2023, "indicators.detail_data": True}
    ).run()
    at.selectbox(key="indicators.detail").set_value("s2_a01").run()
    assert not at.exception
    texts = [m.value for m in at.markdown]
    assert "### 寄養家庭數" in texts
    # 現有182戶 is held once, as the 110年 actual, and starts the derived path
    assert any(
        "年度目標以線性推算自110年實績 182 戶（以最早實績為起點）至200 戶（114年）" in x
        for x in texts
    )
    assert "182 戶" in [m.value for m in at.metric if m.label == "基準值"]
    assert any("無資料：來源僅列指標名稱" in i.value for i in at.info)
    chart_table = at.dataframe[-1].value
    # the first year has no target: it reads 無資料 on the page, never None
    assert chart_table["年度目標"].tolist() == ["無資料", "187", "191", "196", "200"]
    assert list(chart_table["目標類型"]) == ["", "推算", "推算", "推算", "訂定"]
    at.selectbox(key="indicators.detail").set_value("s4_05").run()
    texts = [m.value for m in at.markdown]
    assert any("每學年辦理該項宣導至少3場次" in x for x in texts)


def test_indicators_page_keelung_in_english(app_test) -> None:
    at = app_test(
        "pages/indicators.py", **{"settings.city": "keelung", "settings.lang": "en"}
    ).run()
    assert not at.exception
    assert at.subheader[0].value == "ROC 107: 0 met, 0 missed, 1 with no data (1 tracked)"
    row = at.dataframe[0].value.iloc[0]
    assert row["Actual"] == "25%"
    # the explanation is a mark in the grid, in full below it (the final target in the detail)
    assert row["Notes"] == "①"
    texts = [m.value for m in at.markdown]
    assert "① The source gives no target year, so there is no yearly target" in texts
    assert any("The source gives no target year" in x and "50%" in x for x in texts)


def test_indicators_page_keeps_choices_valid_when_the_city_changes(app_test) -> None:
    at = app_test("pages/indicators.py", **{"indicators.year": 2024}).run()
    at.selectbox(key="indicators.agency").set_value("衛生局").run()
    at.selectbox(key="settings.city").set_value("keelung").run()
    assert not at.exception
    assert at.selectbox(key="indicators.year").value == 2018
    assert at.selectbox(key="indicators.agency").value == ""
    assert at.selectbox(key="indicators.detail").value == "s1_01"


def test_briefing_steps_through_slides(app_test, tmp_database_url) -> None:
    from safetynet.briefing.deck import SECTIONS, section_keys

    at = app_test("pages/briefing.py", **{"briefing.year": 2021}).run()
    assert not at.exception
    # the sections the page opens with, figures up to 110年: as many slides as the deck has
    opening = [k for k in section_keys() if SECTIONS[k].default]
    n = _deck_length(tmp_database_url, "kaohsiung", "zh", 2021, opening)
    assert briefing_state(at)[0] == f"第 1 / {n} 頁"
    assert "高雄市 強化社會安全網計畫簡報" in briefing_state(at)[1]
    assert at.button(key="briefing.prev").disabled
    at.button(key="briefing.next").click().run()
    assert briefing_state(at) == (f"第 2 / {n} 頁", "服務網絡")
    # the footer names the document a director knows, not its file name
    assert any("資料來源：高雄市執行強化社會安全網第二期計畫報告" in m.value for m in at.markdown)
    for _ in range(4):
        at.button(key="briefing.next").click().run()
    assert briefing_state(at) == (f"第 6 / {n} 頁", "來源公布的通報數字")
    assert any("+176.58%" in m.value for m in at.markdown)
    at.button(key="briefing.next").click().run()
    assert briefing_state(at) == (f"第 7 / {n} 頁", "各類通報件數")
    assert any("無資料" in m.value and "brief-message" in m.value for m in at.markdown)
    at.button(key="briefing.next").click().run()
    assert briefing_state(at) == (f"第 8 / {n} 頁", "109年脆弱家庭風險類型比例")
    (chart,) = at.get("plotly_chart")
    assert json.loads(chart.proto.spec)["data"][0]["y"] == [43, 28, 12, 6, 6, 5]
    at.button(key="briefing.prev").click().run()
    at.button(key="briefing.prev").click().run()
    at.button(key="briefing.prev").click().run()
    assert briefing_state(at) == (f"第 5 / {n} 頁", "服務網絡地圖")
    assert len(at.get("image")) == 1  # the map picture
    for _ in range(n - 5):
        at.button(key="briefing.next").click().run()
    assert briefing_state(at) == (f"第 {n} / {n} 頁", "110年計分卡：目標提醒")
    assert at.button(key="briefing.next").disabled
    assert not at.exception


def test_briefing_shows_a_saved_planner_scenario(app_test, tmp_database_url) -> None:
    from safetynet.staffing.planner import PlannerParams, ServiceLine
    from safetynet.staffing.scenarios import save_scenario
    from safetynet.storage.store import Store

    at = app_test("pages/briefing.py", **{"briefing.sections": ["staffing_scenario"]}).run()
    assert briefing_state(at)[0] == "第 1 / 2 頁"
    assert any("尚無已儲存的人力試算方案" in c.value for c in at.caption)  # how to save one
    line = ServiceLine("保護服務", caseload=350, cases_per_worker=35, workers_per_supervisor=5,
                       approved_posts=10, hired_now=8)  # fmt: skip
    store = Store.open(tmp_database_url)
    save_scenario(store, "kaohsiung", "甲案", PlannerParams((line,), 2021, 2022), who="甲")
    save_scenario(store, "kaohsiung", "乙案", PlannerParams((line,), 2021, 2023), who="甲")
    at.run()
    assert at.selectbox(key="briefing.scenario").options == ["乙案", "甲案"]  # by name
    assert briefing_state(at)[0] == "第 1 / 3 頁"  # the first is shown: chart and lines
    at.selectbox(key="briefing.scenario").set_value("甲案").run()
    at.button(key="briefing.next").click().run()
    assert briefing_state(at) == ("第 2 / 3 頁", "方案「甲案」：應核定員額與目前員額")
    (chart,) = at.get("plotly_chart")
    bars = json.loads(chart.proto.spec)["data"]
    assert [b["x"] for b in bars] == [["110年", "111年"]] * 3
    assert [b["y"] for b in bars] == [[12, 12], [10, 10], [8, 8]]  # posts, approved, hired
    assert not at.exception


def _deck_length(url: str, city: str, lang: str, year: int | None, keys: list[str]) -> int:
    """How many slides the deck model makes of the store's data (so no test copies a count)."""
    from safetynet.briefing.deck import BriefingContext, build_deck
    from safetynet.cities import get_city
    from safetynet.storage.store import Store

    store = Store.open(url)
    try:
        context = BriefingContext(get_city(city), store.read_city(city), lang, "roc", year)
        return len(build_deck(context, keys).slides)
    finally:
        store.close()


def test_briefing_sections_and_year_shape_the_deck(app_test, tmp_database_url) -> None:
    at = app_test("pages/briefing.py", **{"settings.city": "keelung", "settings.lang": "en"}).run()
    assert not at.exception
    at.multiselect(key="briefing.sections").set_value(["staffing"]).run()
    everything = _deck_length(tmp_database_url, "keelung", "en", None, ["staffing"])
    assert briefing_state(at)[0] == f"Slide 1 of {everything}"
    at.selectbox(key="briefing.year").set_value(2018).run()
    n = _deck_length(tmp_database_url, "keelung", "en", 2018, ["staffing"])
    assert briefing_state(at)[0] == f"Slide 1 of {n}"
    at.button(key="briefing.next").click().run()
    assert briefing_state(at) == (f"Slide 2 of {n}", "New posts by year")
    figure = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert figure["data"][0]["x"] == ["ROC 107"]  # nothing after the chosen year
    at.multiselect(key="briefing.sections").set_value([]).run()
    assert any("Pick at least one section" in i.value for i in at.info)


# every page that draws plotly charts as it opens (the planner's charts, drawn once its inputs
# are complete, are checked in test_staffing_pages.py)
CHART_PAGES = [
    ("pages/referrals.py", "keelung"),
    ("pages/risk_types.py", "kaohsiung"),
    ("pages/staffing.py", "keelung"),
    ("pages/indicators.py", "keelung"),
    ("pages/briefing.py", "keelung"),
]


@pytest.mark.parametrize(("page", "city"), CHART_PAGES)
def test_every_chart_saves_a_slide_sized_png(app_test, page, city) -> None:
    at = app_test(page, **{"settings.city": city}).run()
    if page == "pages/briefing.py":  # the staffing section's second slide is a chart
        at.multiselect(key="briefing.sections").set_value(["staffing"]).run()
        at.button(key="briefing.next").click().run()
    charts = at.get("plotly_chart")
    assert charts, f"{page} drew no chart"
    for chart in charts:
        options = json.loads(chart.proto.config)["toImageButtonOptions"]
        assert (options["width"], options["height"], options["scale"]) == (1600, 900, 2)
        assert options["filename"] != "newplot"


def test_the_phases_table_is_laid_out_by_the_browser(app_test) -> None:
    """The phases' sources are prose: an HTML table, whose Chinese lines the browser
    breaks by the 禁則 rule (the grid started a line with 「，110年10月13日）」)."""
    at = app_test("pages/staffing.py").run()
    assert not at.exception
    assert len(at.table) == 1
    phases = at.table[0].value
    assert list(phases.columns) == ["期別", "計畫", "年度", "狀態", "資料來源"]
    assert list(phases["期別"]) == ["1", "2", "3"]
    assert phases["資料來源"].iloc[0].startswith("高雄市執行強化社會安全網第二期計畫報告（")
    assert not [df for df in at.dataframe if list(df.value.columns) == list(phases.columns)]


def test_the_indicator_chart_follows_the_year_style_and_language(app_test) -> None:
    """The detail chart is kept per revision, year style and language and shared by
    sessions: a switch draws the other one, never the first one again."""

    def years_shown(at) -> list[str]:
        (chart,) = at.get("plotly_chart")
        return [str(x) for x in json.loads(chart.proto.spec)["layout"]["xaxis"]["ticktext"]]

    at = app_test("pages/indicators.py", **{"settings.city": "keelung"}).run()
    assert not at.exception
    assert any(x.endswith("年") for x in years_shown(at))  # 民國 years as a director reads them
    at.radio(key="settings.lang").set_value("en").run()
    assert any(x.startswith("ROC ") for x in years_shown(at))
    at.radio(key="settings.year_style").set_value("ad").run()
    shown = years_shown(at)
    assert shown and not any("ROC" in x or "年" in x for x in shown)
