"""Every page runs in AppTest for both cities and both languages; settings hold across pages."""

from __future__ import annotations

import json
import re

import pytest

PAGES = ["app.py", "pages/map.py", "pages/briefing.py"]
CITY_NAMES = {"kaohsiung": "高雄市", "keelung": "基隆市"}


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("city", ["kaohsiung", "keelung"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_page_runs_without_exception(app_test, page, city, lang) -> None:
    at = app_test(page, **{"settings.city": city, "settings.lang": lang}).run()
    assert not at.exception, [e.message for e in at.exception]
    assert at.title[0].value == {"app.py": {"zh": "總覽", "en": "Overview"},
                                 "pages/map.py": {"zh": "服務網絡地圖", "en": "Service network map"},
                                 "pages/briefing.py": {"zh": "簡報", "en": "Briefing"}}[page][lang]  # fmt: skip


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
    assert any("未提供核定與已進用人數" in i.value for i in at.info)


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
    partner_table = at.dataframe[0].value
    assert set(partner_table.iloc[:, 0]) == {"三民第一分局", "三民第二分局"}


def test_switching_layer_to_area_runs(app_test) -> None:
    at = app_test("pages/map.py").run()
    at.session_state["map.layer"] = "area_km2"
    at.run()
    assert not at.exception


def test_a_store_from_a_newer_release_gives_a_message_not_a_traceback(
    app_test, tmp_database_url
) -> None:
    import sqlalchemy as sa

    from safetynet.store import Store

    store = Store.open(tmp_database_url)
    with store.engine.begin() as conn:
        conn.execute(sa.text("UPDATE meta SET value = '99' WHERE key = 'schema_version'"))
    at = app_test().run()
    assert not at.exception
    assert "無法開啟資料庫" in at.error[0].value
    assert "schema version 99" in at.error[0].value


def _briefing_state(at) -> tuple[str, str]:
    """The slide counter and the shown slide's title, as the presenter sees them."""
    shown = [m.value for m in at.markdown if m.value.startswith('<div class="brief-')]
    counter = next(v for v in shown if v.startswith('<div class="brief-counter"'))
    title = next(v for v in shown if re.match(r'<div class="brief-(slide|deck)-title"', v))
    strip = lambda html: re.sub(r"<[^>]+>", " ", html).split()  # noqa: E731
    return " ".join(strip(counter)), " ".join(strip(title))


def test_briefing_steps_through_slides(app_test) -> None:
    at = app_test("pages/briefing.py").run()
    assert not at.exception
    assert _briefing_state(at)[0] == "第 1 / 8 頁"
    assert "高雄市 強化社會安全網計畫簡報" in _briefing_state(at)[1]
    assert at.button(key="briefing.prev").disabled
    at.button(key="briefing.next").click().run()
    assert _briefing_state(at) == ("第 2 / 8 頁", "服務網絡")
    assert any("資料來源：000_a6c4c72a35a39901.txt" in m.value for m in at.markdown)
    for _ in range(4):
        at.button(key="briefing.next").click().run()
    assert _briefing_state(at) == ("第 6 / 8 頁", "第一期人力進用（107–109年）")
    assert len(at.get("plotly_chart")) == 1
    at.button(key="briefing.prev").click().run()
    assert _briefing_state(at) == ("第 5 / 8 頁", "服務網絡地圖")
    assert len(at.get("image")) == 1  # the map picture
    for _ in range(3):
        at.button(key="briefing.next").click().run()
    assert _briefing_state(at)[0] == "第 8 / 8 頁"
    assert at.button(key="briefing.next").disabled
    assert not at.exception


def test_briefing_sections_and_year_shape_the_deck(app_test) -> None:
    at = app_test("pages/briefing.py", **{"settings.city": "keelung", "settings.lang": "en"}).run()
    assert not at.exception
    at.multiselect(key="briefing.sections").set_value(["staffing"]).run()
    assert _briefing_state(at)[0] == "Slide 1 of 4"
    at.selectbox(key="briefing.year").set_value(2018).run()
    assert _briefing_state(at)[0] == "Slide 1 of 4"
    at.button(key="briefing.next").click().run()
    assert _briefing_state(at) == ("Slide 2 of 4", "New posts by year")
    figure = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert figure["data"][0]["x"] == ["ROC 107"]  # nothing after the chosen year
    at.multiselect(key="briefing.sections").set_value([]).run()
    assert any("Pick at least one section" in i.value for i in at.info)
