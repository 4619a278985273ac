"""The referral-trend and risk-type pages: what a director sees, and that the controls work."""

from __future__ import annotations

import pytest

from tests.helpers import figures


def table_with(at, column: str):
    """The first table on the page that has ``column``."""
    return next(d.value for d in at.dataframe if column in d.value.columns)


def button_group(at, key: str):
    return next(b for b in at.get("button_group") if b.key == key)


def keelung_referrals(app_test, **state):
    return app_test("pages/referrals.py", **{"settings.city": "keelung", **state}).run()


# -- referrals ---------------------------------------------------------------------


def test_keelung_referrals_start_with_eight_series_in_small_multiples(app_test) -> None:
    at = keelung_referrals(app_test, **{"referrals.series_data": True})
    assert not at.exception
    [fig] = figures(at)
    assert len(fig.data) == 8
    assert len({tr.xaxis for tr in fig.data}) == 8  # automatic small multiples
    assert any("自動以分圖呈現" in c.value for c in at.caption)
    assert list(fig.data[0].x) == ["104年", "105年", "106年"]
    # published figures as cards with their source, marked as published
    metrics = {m.label: m for m in at.metric}
    assert metrics["通報件數（107年1–6月）（件）"].value == "197"
    assert all(m.help for m in at.metric)
    assert any(c.value.startswith("來源公布值（非本系統計算）") for c in at.caption)
    # no yearly population: counts only, and the page says why
    assert any("僅顯示件數" in c.value and "371,458" in c.value for c in at.caption)
    assert list(button_group(at, "referrals.measure").options) == [
        "件數",
        "指數（首年＝100）",
    ]
    # the summary table shows growth next to each series, with a CSV download
    summary = table_with(at, "成長率")  # 期間成長率, under its short header
    assert summary.loc[summary["類型"] == "家庭暴力通報數", "成長率"].item() == "+19.9%"
    assert len(at.get("download_button")) >= 2
    # no reporting sources in the data: 無資料, not an empty chart
    assert any(i.value.startswith("通報來源（社政、醫衛、教育、警政…）：無資料") for i in at.info)


def test_changing_chart_type_and_layout(app_test) -> None:
    at = keelung_referrals(app_test)
    button_group(at, "referrals.chart").set_value("bar").run()
    [fig] = figures(at)
    assert {tr.type for tr in fig.data} == {"bar"}
    button_group(at, "referrals.layout").set_value("combined").run()
    [fig] = figures(at)
    assert len(fig.data) == 8
    assert {tr.xaxis for tr in fig.data} <= {None, "x"}  # one chart
    assert not any("自動以分圖呈現" in c.value for c in at.caption)


def test_index_view(app_test) -> None:
    at = keelung_referrals(app_test)
    button_group(at, "referrals.measure").set_value("index").run()
    [fig] = figures(at)
    assert all(tr.y[0] == 100 for tr in fig.data)
    assert {tr.xaxis for tr in fig.data} <= {None, "x"}  # indices share one scale
    assert fig.layout.yaxis.title.text == "指數（首年＝100）"


def test_year_range_changes_chart_and_tables(app_test) -> None:
    at = keelung_referrals(app_test)
    at.select_slider(key="referrals.years").set_range(2016, 2017).run()
    assert not at.exception
    [fig] = figures(at)
    assert list(fig.data[0].x) == ["105年", "106年"]
    summary = table_with(at, "成長率")
    row = summary[summary["類型"] == "家庭暴力通報數"].iloc[0]
    assert row["期間"] == "105–106年"
    assert row["成長率"] == "+18.1%"


def test_type_filter_and_empty_selection(app_test) -> None:
    at = keelung_referrals(app_test)
    at.multiselect(key="referrals.types").set_value(["suicide", "child_protection"]).run()
    [fig] = figures(at)
    assert len(fig.data) == 2
    at.multiselect(key="referrals.types").set_value([]).run()
    assert not at.exception
    assert figures(at) == []  # never an empty chart
    assert any("請至少選擇一種通報類型" in i.value for i in at.info)


def test_gregorian_years_in_english(app_test) -> None:
    at = keelung_referrals(app_test, **{"settings.lang": "en", "settings.year_style": "ad"})
    [fig] = figures(at)
    assert list(fig.data[0].x) == ["2015", "2016", "2017"]
    assert table_with(at, "Period").iloc[0]["Period"] == "2015–2017"


def test_kaohsiung_shows_the_published_growth_and_no_data_for_counts(app_test) -> None:
    at = app_test("pages/referrals.py").run()
    assert not at.exception
    metrics = {m.label: m for m in at.metric}
    growth = metrics["脆弱家庭通報量提升"]
    assert growth.value == "+176.58%"
    assert growth.help.startswith("高雄市執行強化社會安全網第二期計畫報告")  # the document, by name
    assert any(i.value.startswith("高雄市逐年通報件數：無資料") for i in at.info)
    assert figures(at) == []
    # the published figure: marked as such (①), its counts 無資料, the marks listed below
    summary = table_with(at, "附註")
    assert summary.iloc[0]["成長率"] == "+176.58%"
    assert summary.iloc[0]["首年"] == "無資料"
    assert summary.iloc[0]["附註"].startswith("①")
    assert any("① 來源公布值（非本系統計算）" in m.value for m in at.markdown)


# -- risk types --------------------------------------------------------------------


def test_kaohsiung_risk_types_bar_cards_and_table(app_test) -> None:
    at = app_test("pages/risk_types.py").run()
    # the tables under the charts are built when their expanders are opened
    assert not [d for d in at.dataframe if "比例" in d.value.columns]
    at.session_state["risk.chart_data"] = True
    at.session_state["risk.outcomes_data"] = True
    at.run()
    assert not at.exception
    [fig] = figures(at)
    assert list(fig.data[0].x) == [43, 28, 12, 6, 6, 5]
    assert fig.data[0].y[0] == "經濟陷困"
    assert fig.layout.title.text == "109年脆弱家庭風險類型比例"
    assert any("只有一個年度" in c.value for c in at.caption)
    assert any(c.value == "備註：比例基準（案件或家戶）未載" for c in at.caption)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics == {
        "脆弱家庭服務戶數（戶）": "10,452",
        "主動發掘具潛在脆弱因子之家戶比率": "20%",
        "服務後達成目標結案之家庭比率": "70%",
        "服務後脆弱性下降之家庭比率": "60%",
        "服務後家庭功能提升之家庭比率": "61%",
        "社工介入後家庭脆弱性下降": "12%",
    }
    assert all(m.help for m in at.metric)
    shares_table = table_with(at, "比例")
    assert shares_table["比例"].tolist() == ["43%", "28%", "12%", "6%", "6%", "5%"]
    assert len(table_with(at, "數值")) == 6  # outcome figures table


def test_donut_and_full_names(app_test) -> None:
    at = app_test("pages/risk_types.py", **{"settings.lang": "en"}).run()
    button_group(at, "risk.chart").set_value("donut").run()
    [fig] = figures(at)
    assert fig.data[0].type == "pie"
    assert list(fig.data[0].labels)[0] == "Economic hardship"
    at.toggle(key="risk.full_names").set_value(True).run()
    [fig] = figures(at)
    assert list(fig.data[0].labels)[0].startswith("Family economic hardship")


@pytest.mark.parametrize(
    ("lang", "message", "metric"),
    [
        ("zh", "基隆市沒有脆弱家庭風險類型比例資料", "持續服務案數（案）"),
        (
            "en",
            "Keelung City has no vulnerable-family risk-type shares",
            "Cases currently in service (cases)",
        ),
    ],
)
def test_keelung_has_no_risk_types_and_shows_what_it_has(app_test, lang, message, metric) -> None:
    at = app_test(
        "pages/risk_types.py", **{"settings.city": "keelung", "settings.lang": lang}
    ).run()
    assert not at.exception
    assert any(message in i.value for i in at.info)
    assert figures(at) == []
    assert {m.label: m.value for m in at.metric}[metric] == "64"


def test_bad_shares_are_refused_with_a_clear_message(app_test, tmp_path, monkeypatch) -> None:
    from safetynet.storage.store import Store
    from tests.helpers import broken_copy

    def halve_first(frame):
        frame.loc[0, "share_pct"] = "33"
        return frame

    data = broken_copy(tmp_path, "kaohsiung", "risk_shares", halve_first)
    open_store = Store.open.__func__
    monkeypatch.setattr(
        Store, "open", classmethod(lambda cls, url=None: open_store(cls, url, data_dir=data))
    )
    at = app_test("pages/risk_types.py").run()
    assert not at.exception
    assert any(
        "risk_shares.csv, line 2, column share_pct: shares for 2020 add up to 90 %" in w.value
        for w in at.warning
    )
    assert figures(at) == []  # the refused file was not stored, so nothing is charted


def test_filters_from_another_city_are_dropped(app_test) -> None:
    at = keelung_referrals(app_test, **{"referrals.types": ["vulnerable_family"]})
    assert not at.exception
    assert len(figures(at)[0].data) == 8


def _user_shares(year: int, values: tuple[int, ...]):
    import pandas as pd

    from safetynet.risk.types import RISK_TYPES

    return pd.DataFrame(
        [
            {
                "year": str(year),
                "risk_type": r.code,
                "type_zh": r.full_zh,
                "type_en": r.full_en,
                "share_pct": str(v),
                "source": "000_a6c4c72a35a39901.txt · test",
                "note": None,
            }
            for r, v in zip(RISK_TYPES, values, strict=True)
        ]
    )


def test_a_second_year_brings_the_change_in_points(app_test, tmp_database_url) -> None:
    from safetynet.storage.store import Store

    Store.open(tmp_database_url).save_user_rows(
        "kaohsiung", "risk_shares", _user_shares(2019, (40, 6, 7, 30, 11, 6))
    )
    at = app_test("pages/risk_types.py", **{"risk.chart_data": True}).run()
    assert not at.exception
    assert at.selectbox(key="risk.year").value == 2020
    assert at.selectbox(key="risk.compare").value == 2019
    share, change = figures(at)
    assert change.layout.title.text == "109年較108年比例變化（百分點）"
    assert change.data[0].x[:2] == [3, -2]
    assert table_with(at, "較108年變化")["較108年變化"].iloc[0] == "+3.0 個百分點"
    at.selectbox(key="risk.compare").set_value(0).run()  # no comparison
    assert len(figures(at)) == 1
    at.selectbox(key="risk.year").set_value(2019).run()
    assert figures(at)[0].data[0].x[0] == 40


def test_user_rows_that_do_not_add_up_are_shown_as_a_data_error(app_test, tmp_database_url) -> None:
    from safetynet.storage.store import Store

    Store.open(tmp_database_url).save_user_rows(
        "kaohsiung", "risk_shares", _user_shares(2021, (60, 5, 6, 28, 12, 6))
    )
    at = app_test("pages/risk_types.py").run()
    assert not at.exception
    assert "資料錯誤：110年各風險類型比例合計 117%" in at.error[0].value
    assert figures(at)[0].layout.title.text == "109年脆弱家庭風險類型比例"  # 2021 not charted
