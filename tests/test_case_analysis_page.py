"""The 個案分析 / Case analysis page in AppTest: both cities and languages, with and without
case data, the demo labelled, the release switch on every view and in every download."""

from __future__ import annotations

import io
import json
import re

import openpyxl
import pandas as pd
import pytest

from safetynet.auth import Editor
from safetynet.cases.demo import build_demo_export
from tests.case_analysis_fixtures import dozen_files
from tests.cases_fixtures import TODAY
from tests.helpers import load_cases, reload_cases, texts

PAGE = "pages/case_analysis.py"
EDITOR = Editor("wang", "王小明")


def page(app_test, city: str = "kaohsiung", lang: str = "zh", **state):
    return app_test(PAGE, **{"settings.city": city, "settings.lang": lang, **state})


def whole_period(at) -> None:
    """Set the referral period to the dozen's two years (2021–2022)."""
    [slider] = [s for s in at.select_slider if s.key.startswith("case_analysis.period")]
    slider.set_value((pd.Timestamp("2021-01-01"), pd.Timestamp("2022-12-01"))).run()


def tables(at) -> list[pd.DataFrame]:
    return [d.value for d in at.dataframe]


@pytest.mark.parametrize("city", ["kaohsiung", "keelung"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_without_case_data_the_page_says_so(app_test, city, lang) -> None:
    at = page(app_test, city, lang).run()
    assert not at.exception, [e.message for e in at.exception]
    expected = {
        "zh": "尚無個案資料：編輯者尚未匯入此縣市的個案資料。",
        "en": "No case data yet: an editor has not imported this city's case records.",
    }[lang]
    assert expected in [i.value for i in at.info]
    assert len(at.get("plotly_chart")) == 0


def test_an_editor_is_pointed_to_the_data_page(app_test) -> None:
    at = page(app_test, **{"auth.editor": EDITOR, "auth.seen": 9e18}).run()
    assert "請至「資料管理」頁的「個案資料」分頁匯入" in texts(at)
    links = [p.proto for p in at.get("page_link")]
    assert any(
        p.label == "前往資料管理（個案資料）" and "data_management" in p.page for p in links
    ), [(p.label, p.page) for p in links]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_dozen_by_district_and_year_hand_counted(app_test, lang) -> None:
    load_cases(dozen_files())
    at = page(
        app_test,
        lang=lang,
        **{
            "case_analysis.measure": "cases",
            "case_analysis.rows": "district",
            "case_analysis.cols": "year",
        },
    ).run()
    assert not at.exception, [e.message for e in at.exception]
    whole_period(at)
    at.multiselect(key="case_analysis.districts").set_value(
        ["64000010", "64000050", "64000120", "64000130"]
    ).run()
    assert not at.exception, [e.message for e in at.exception]
    table = tables(at)[0]
    district = "行政區" if lang == "zh" else "District"
    total = "合計" if lang == "zh" else "Total"
    y2021 = "110年" if lang == "zh" else "ROC 110"
    y2022 = "111年" if lang == "zh" else "ROC 111"
    fengshan = "鳳山區" if lang == "zh" else "Fengshan District"
    yancheng = "鹽埕區" if lang == "zh" else "Yancheng District"
    rows = table.set_index(district)
    # public release by default: 鳳山 3 in 2021 is a count; 1 and 2 show as <3; zeros stay 0
    assert rows.loc[yancheng, y2021] == "0"
    assert rows.loc[yancheng, y2022] == "<3"
    assert rows.loc[fengshan, y2022] == "<3"
    assert rows.loc[total, total] == "12"
    assert rows.loc[total, y2021] == "6"


def test_staff_view_shows_every_count_when_an_editor_turns_release_off(app_test) -> None:
    load_cases(dozen_files())
    at = page(
        app_test,
        **{
            "auth.editor": EDITOR,
            "auth.seen": 9e18,
            "case_analysis.measure": "cases",
            "case_analysis.rows": "district",
            "case_analysis.cols": "year",
            "case_analysis.districts": ["64000010", "64000050", "64000120", "64000130"],
        },
    ).run()
    whole_period(at)
    at.toggle(key="case_analysis.public").set_value(False).run()
    assert not at.exception, [e.message for e in at.exception]
    rows = tables(at)[0].set_index("行政區")
    assert rows.loc["鹽埕區"].tolist() == ["0", "2", "2"]
    assert rows.loc["三民區"].tolist() == ["1", "2", "3"]
    assert rows.loc["鳳山區"].tolist() == ["3", "1", "4"]
    assert rows.loc["林園區"].tolist() == ["2", "1", "3"]
    assert "內部檢視：未隱藏小數值" in texts(at)


def test_a_viewer_cannot_turn_public_release_off(app_test) -> None:
    load_cases(dozen_files())
    at = page(app_test).run()
    switch = at.toggle(key="case_analysis.public")
    assert switch.value is True and switch.proto.disabled
    assert "關閉公開發布需以編輯者登入" in texts(at)


RELEASE = {
    True: ("公開發布：1–2 以「<3」表示", "Public release: counts of 1–2 show as '<3'"),
    False: ("內部檢視：未隱藏小數值", "Internal view: small numbers are not hidden"),
}


@pytest.mark.parametrize("public", [True, False])
def test_the_release_state_shows_on_each_view_and_in_its_downloads(app_test, public) -> None:
    load_cases(dozen_files())
    state = {"auth.editor": EDITOR, "auth.seen": 9e18} if not public else {}
    at = page(app_test, **state).run()
    if not public:
        at.toggle(key="case_analysis.public").set_value(False).run()
    assert not at.exception
    zh, _en = RELEASE[public]
    # three views (heat table, bars, pyramid), each says its release state
    found = [
        e
        for kind in ("caption", "warning")
        for e in at.get(kind)
        if zh in str(e.value).replace("\\", "")
    ]
    assert len(found) == 3
    # each view's CSV and Excel say what they hold (their content: see the last test)
    labels = [d.proto.label for d in at.get("download_button") if d.key.startswith("case_anal")]
    state = "公開發布" if public else "內部檢視"
    assert sorted(labels) == sorted([f"下載 CSV（{state}）", f"下載 Excel（{state}）"] * 3)


def test_the_demo_dataset_is_labelled_on_every_view(app_test) -> None:
    demo = build_demo_export("kaohsiung", 2024, 2025, seed=2, today=TODAY, scale=0.02)
    load_cases(demo.files(), dataset="demo")
    at = page(app_test, lang="en").run()
    assert not at.exception, [e.message for e in at.exception]
    shown = texts(at)
    assert "Showing 示範資料 / synthetic data" in shown
    # the page's banner, and each of the three views
    assert shown.count("示範資料 / synthetic data: invented cases") == 1 + 3
    titles = [f.proto.spec for f in at.get("plotly_chart")]
    assert titles and all("[synthetic data]" in spec for spec in titles)


@pytest.mark.parametrize("city", ["kaohsiung", "keelung"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_view_draws_for_both_cities_and_languages(app_test, city, lang) -> None:
    demo = build_demo_export(city, 2025, 2025, seed=4, today=TODAY, scale=0.02)
    load_cases(demo.files(), city=city, dataset="demo")
    at = page(app_test, city, lang).run()
    assert not at.exception, [e.message for e in at.exception]
    assert len(at.get("plotly_chart")) == 3
    assert len(tables(at)) >= 3
    for table in tables(at):
        assert not table.isin(["None", "nan", "NaN"]).any().any()
    # the demo is labelled in either language: the page's banner, each view, each chart title
    assert texts(at).count("示範資料 / synthetic data") == 1 + 3
    marker = "【示範資料】" if lang == "zh" else "[synthetic data]"
    titles = [json.loads(f.proto.spec)["layout"]["title"]["text"] for f in at.get("plotly_chart")]
    assert all(title.startswith(marker) for title in titles), titles


def test_typed_bands_are_checked_and_used(app_test) -> None:
    load_cases(dozen_files())
    at = page(app_test, **{"case_analysis.measure": "persons", "case_analysis.cols": "age_band"})
    at.run()
    at.text_input(key="case_analysis.band_text").input("０－５，３～８、65歲以上").run()
    assert "年齡組 0-5 與 3-8 重疊（3–5 歲會被算兩次）" in texts(at)
    assert "分組有誤，仍使用前一組" in texts(at)
    at.text_input(key="case_analysis.band_text").input("0-17、18歲以上").run()
    assert not at.exception
    assert at.session_state["cases.band_set"]["text"] == "0-17, 18+"
    assert at.selectbox(key="case_analysis.band_choice").value == "preset:platform"
    columns = list(tables(at)[0].columns)
    assert "0–17歲" in columns and "18歲以上" in columns


def test_an_editor_saves_a_band_set_that_every_page_then_offers(app_test) -> None:
    load_cases(dozen_files())
    at = page(app_test, **{"auth.editor": EDITOR, "auth.seen": 9e18}).run()
    at.text_input(key="case_analysis.band_text").input("0-2, 3-5, 6-11, 12-17, 18+").run()
    at.text_input(key="case_analysis.band_name").input("早療分組").run()
    at.button(key="case_analysis.band_save").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert "已儲存分組「早療分組」。" in texts(at)
    assert at.selectbox(key="case_analysis.band_choice").value == "saved:早療分組"
    # the set's history says when, at Taipei time (not UTC ISO)
    history = next(d.value for d in at.dataframe if "分組名稱" in d.value.columns)
    assert list(history["分組名稱"]) == ["早療分組"]
    saved_at = history["時間（臺北）"].iloc[0]
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", saved_at)
    now = pd.Timestamp.now(tz="Asia/Taipei").tz_localize(None)
    assert abs(pd.Timestamp(saved_at) - now) < pd.Timedelta(minutes=5)
    # another session (a viewer) sees it offered
    other = page(app_test).run()
    assert "已存：早療分組" in other.selectbox(key="case_analysis.band_choice").options


def test_rates_without_population_say_so_and_show_counts(app_test) -> None:
    load_cases(dozen_files())
    at = page(app_test, **{"case_analysis.measure": "cases_rate"}).run()
    assert not at.exception
    assert any("資料中尚無人口（population 表）" in i.value for i in at.info)


def test_downloads_carry_the_release_state_and_the_table() -> None:
    from safetynet.cases.analysis import Scope
    from safetynet.cases.display import view_csv, view_notes, view_xlsx

    frame = pd.DataFrame({"行政區": ["鹽埕區", "合計"], "111年": ["<3", "12"]})
    for public, dataset in ((True, "real"), (False, "demo")):
        notes = view_notes(
            title="個案數：依行政區",
            city="高雄市",
            scope=Scope(start=TODAY.replace(day=1), end=TODAY),
            public=public,
            threshold=3,
            dataset=dataset,
            lang="zh",
            style="roc",
        )
        csv = view_csv(frame, notes).decode("utf-8-sig")
        first = csv.splitlines()[0]
        assert RELEASE[public][0] in first
        assert ("示範資料 / synthetic data" in csv) == (dataset == "demo")
        assert "鹽埕區,<3" in csv
        book = openpyxl.load_workbook(io.BytesIO(view_xlsx(frame, notes, public=public, lang="zh")))
        assert book.sheetnames[0] == ("個案分析（公開發布）" if public else "個案分析（內部檢視）")
        assert RELEASE[public][0] in book["說明"]["A2"].value


def test_a_warm_rerun_runs_no_query_and_an_import_does(app_test, monkeypatch) -> None:
    import components.case_data as case_data

    calls: list[tuple] = []
    real_count = case_data.count

    def counting(*args, **kwargs):
        calls.append(args[3:5])  # measure, dims
        return real_count(*args, **kwargs)

    monkeypatch.setattr(case_data, "count", counting)
    load_cases(dozen_files())
    at = page(app_test).run()
    assert not at.exception
    first = len(calls)
    assert first == 2  # the main table and the pyramid
    at.run()
    at.run()
    assert len(calls) == first  # warm reruns: cached on the case store's revision
    # a new import advances the revision: the next run reads afresh
    reload_cases(dozen_files())
    at.run()
    assert not at.exception
    assert len(calls) == first + 2
