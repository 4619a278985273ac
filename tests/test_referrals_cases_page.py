"""The 通報趨勢 page's counts from the case records, in AppTest: both cities and languages,
with and without case data, the demo labelled, printed figures beside with their difference,
and no hidden count shown as a number in a public release.

Expected counts are the hand counts of ``tests/case_analysis_fixtures.py`` (see
``tests/test_referrals_from_cases.py``).
"""

from __future__ import annotations

import pandas as pd
import pytest

from safetynet.auth import Editor
from safetynet.cases.demo import build_demo_export
from tests.case_analysis_fixtures import dozen_files
from tests.helpers import figures, load_cases, reload_cases, texts

PAGE = "pages/referrals.py"
EDITOR = Editor("wang", "王小明")
STAFF = {"auth.editor": EDITOR, "auth.seen": 9e18, "cases.public": False}
NONE = {
    "zh": "尚無個案資料，無法由個案計算通報件數",
    "en": "has no case records yet, so referrals cannot be counted from cases",
}


def page(app_test, city: str = "kaohsiung", lang: str = "zh", **state):
    return app_test(PAGE, **{"settings.city": city, "settings.lang": lang, **state})


def case_table(at) -> pd.DataFrame:
    """The table of the section from the case records (its first column is 年度 / 月份)."""
    counted = {"個案計算件數", "Counted from cases"}
    months = {"月份", "Month"}
    return next(
        d.value
        for d in at.dataframe
        if counted & set(d.value.columns) or d.value.columns[0] in months
    )


def case_figure(at):
    return next(f for f in figures(at) if "個案資料" in str(f.layout.title.text) or
                "case records" in str(f.layout.title.text))  # fmt: skip


@pytest.mark.parametrize("city", ["kaohsiung", "keelung"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_without_case_data_the_section_says_so_and_printed_figures_stay(
    app_test, city, lang
) -> None:
    at = page(app_test, city, lang).run()
    assert not at.exception, [e.message for e in at.exception]
    assert any(NONE[lang] in i.value for i in at.info)
    # the printed trend is untouched: Keelung's chart, Kaohsiung's "no data"
    assert len(figures(at)) == (1 if city == "keelung" else 0)


@pytest.mark.parametrize("city", ["kaohsiung", "keelung"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_with_the_demo_the_trend_is_drawn_and_labelled(app_test, city, lang) -> None:
    demo = build_demo_export(city, 2024, 2025, seed=3, today=pd.Timestamp("2026-11-30").date(),
                             scale=0.02)  # fmt: skip
    load_cases(demo.files(), city=city, dataset="demo")
    at = page(app_test, city, lang).run()
    assert not at.exception, [e.message for e in at.exception]
    shown = texts(at)
    assert "示範資料 / synthetic data" in shown
    assert not any(NONE[lang] in i.value for i in at.info)
    fig = case_figure(at)
    assert fig.layout.title.text.startswith("【示範資料】" if lang == "zh" else "[synthetic data]")
    assert 1 <= len(fig.data) <= 12
    assert list(fig.data[0].x) == (["113年", "114年"] if lang == "zh" else ["ROC 113", "ROC 114"])
    table = case_table(at)
    assert not table.isin(["None", "nan", "NaN", "<NA>"]).any().any()
    assert len(figures(at)) == (2 if city == "keelung" else 1)  # printed (Keelung) + cases
    if city == "kaohsiung":
        # the printed trend is still empty, and says the counts from cases are below
        assert any("下方另有由個案資料計算" in i.value or "counted from the case records" in
                   i.value for i in at.info)  # fmt: skip
    assert ("公開發布：" if lang == "zh" else "Public release:") in shown
    # neither city prints referrals by source: that section points to the counts from cases
    above = (
        "各來源件數見上方" if lang == "zh" else "Counts by source from the case records are above"
    )
    assert any(above in i.value for i in at.info)


def test_the_dozen_yearly_by_type_in_public_release_hides_small_counts(app_test) -> None:
    load_cases(dozen_files())
    at = page(app_test).run()
    assert not at.exception, [e.message for e in at.exception]
    table = case_table(at).set_index(["年度", "風險類型"])
    counts = table["個案計算件數"]
    # every yearly count of the dozen is 1–3 and the sum of hidden months: none shows a number
    assert set(counts) <= {"<3", "*"}
    assert counts.loc[("110年", "家庭經濟陷困至有福利需求")] == "*"  # 3 = 1 + 1 + 1, hidden
    assert "公開發布：1–2 以「<3」表示" in texts(at)
    fig = case_figure(at)
    assert all(pd.isna(y) for trace in fig.data for y in trace.y)  # hidden: not drawn


def test_the_dozen_monthly_by_source_for_staff_equals_the_hand_counts(app_test) -> None:
    load_cases(dozen_files())
    at = page(
        app_test,
        **STAFF,
        **{"referrals.cases.by": "referral_source", "referrals.cases.grain": "month"},
    ).run()
    assert not at.exception, [e.message for e in at.exception]
    table = case_table(at).set_index("月份")
    assert len(table) == 24 and table.index[0] == "110年01月" and table.index[-1] == "111年12月"
    assert table.loc["110年03月", "教育"] == "1" and table.loc["110年03月", "警政"] == "1"
    assert table.loc["110年03月", "全部通報"] == "2"
    assert table.loc["111年08月", "社政"] == "1" and table.loc["111年05月", "全部通報"] == "0"
    assert "內部檢視：未隱藏小數值" in texts(at)
    fig = case_figure(at)
    assert fig.layout.barmode == "stack"
    assert fig.data[0].x[0] == "110年01月"


def test_western_years_in_english_on_the_month_axis(app_test) -> None:
    load_cases(dozen_files())
    at = page(
        app_test,
        "kaohsiung",
        "en",
        **STAFF,
        **{"settings.year_style": "ad", "referrals.cases.grain": "month"},
    ).run()
    assert not at.exception, [e.message for e in at.exception]
    table = case_table(at).set_index("Month")
    assert table.index[0] == "2021-01"
    assert table.loc["2021-02", "Family economic hardship with welfare needs"] == "1"
    assert case_figure(at).data[0].x[0] == "2021-01"


def printed(tmp_database_url: str, rows: list[tuple]) -> None:
    from safetynet.storage.store import Store

    frame = pd.DataFrame(
        [
            {
                "year": year,
                "referral_type": code,
                "type_zh": zh,
                "type_en": en,
                "reporter": None,
                "count": n,
                "unit": "件",
                "unit_en": "reports",
                "source": "測試 · 假設之出版數字",
                "note": None,
            }
            for year, code, zh, en, n in rows
        ]
    )
    store = Store.open(tmp_database_url)
    store.save_user_rows("kaohsiung", "referrals", frame, who="測試")
    store.close()


def test_a_difference_from_the_printed_figure_is_pointed_out(app_test, tmp_database_url) -> None:
    printed(
        tmp_database_url,
        [
            (2021, "economic_hardship", "經濟陷困通報", "Economic hardship referrals", 5),
            (2022, "economic_hardship", "經濟陷困通報", "Economic hardship referrals", 3),
        ],
    )
    load_cases(dozen_files())
    at = page(app_test, **STAFF).run()
    assert not at.exception, [e.message for e in at.exception]
    # the printed figures stay in the printed trend, as printed
    printed_fig = next(f for f in figures(at) if f not in [case_figure(at)])
    assert [list(tr.y) for tr in printed_fig.data] == [[5.0, 3.0]]
    table = case_table(at).set_index(["年度", "風險類型"])
    econ = "家庭經濟陷困至有福利需求"
    assert table.loc[("110年", econ), "個案計算件數"] == "3"
    assert table.loc[("110年", econ), "出版數字"] == "5"
    assert table.loc[("110年", econ), "與出版數字差異"] == "個案計算較出版數字 -2（-40.0%）"
    assert table.loc[("111年", econ), "與出版數字差異"] == "相同"
    assert table.loc[("110年", econ), "出版數字出處"] == "測試 · 假設之出版數字"
    assert any("有 1 筆（年度 × 類別）個案計算件數與出版數字不同" in w.value for w in at.warning)


def test_in_public_release_a_hidden_count_is_not_compared(app_test, tmp_database_url) -> None:
    printed(
        tmp_database_url,
        [(2021, "economic_hardship", "經濟陷困通報", "Economic hardship referrals", 5)],
    )
    load_cases(dozen_files())
    at = page(app_test).run()
    assert not at.exception, [e.message for e in at.exception]
    row = case_table(at).set_index(["年度", "風險類型"]).loc[("110年", "家庭經濟陷困至有福利需求")]
    assert row["個案計算件數"] == "*"
    assert row["出版數字"] == "5"
    assert row["與出版數字差異"] == "不比較：個案計算件數因小數值隱藏"
    assert not any("個案計算件數與出版數字不同" in w.value for w in at.warning)


def test_the_csv_carries_the_release_state_the_demo_label_and_the_marks() -> None:
    from safetynet.cases.display import dataset_note, release_note, view_csv
    from safetynet.referrals import from_cases as fc

    months = pd.date_range("2024-01-01", "2024-12-01", freq="MS")
    tidy = pd.DataFrame(
        {"month": months, "referral_source": "health", "count": [1] + [5] * 11}
    )  # one month of 1: hidden, and so must another month be (the year is shown)
    counts = fc.CaseReferralCounts(
        {
            "referral_source": tidy,
            "risk_type": tidy.rename(columns={"referral_source": "risk_type"}),
        }
    )
    trend = fc.build_case_trend(counts, "referral_source", public=True)
    frame = fc.monthly_table(trend, [2024], "zh", "roc")
    notes = fc.trend_notes(
        trend,
        dataset_note=dataset_note("demo", "zh"),
        release_note=release_note(True, 3, "zh"),
        lang="zh",
        heading="高雄市 · 【示範資料】通報件數（個案資料）：依通報來源逐月",
    )
    lines = view_csv(frame, notes).decode("utf-8-sig").splitlines()
    assert lines[0].startswith("公開發布：1–2 以「<3」表示")
    assert lines[1].startswith("示範資料 / synthetic data")
    assert lines[2] == "高雄市 · 【示範資料】通報件數（個案資料）：依通報來源逐月"
    assert lines[3].startswith("個案計算件數：通報日期落在該月（年）的個案數")
    body = lines[lines.index("月份,醫衛,全部通報") + 1 :]
    assert body[0] == "113年01月,<3,*"  # a hidden total shows 「*」, never 「<3」
    assert sum("*" in line for line in body) >= 1  # another month hidden to protect it
    assert len(body) == 12


def test_the_download_button_says_its_release_state(app_test) -> None:
    load_cases(dozen_files())
    for state, label in (({}, "下載 CSV（公開發布）"), (STAFF, "下載 CSV（內部檢視）")):
        at = page(app_test, **state).run()
        assert not at.exception, [e.message for e in at.exception]
        [button] = [d for d in at.get("download_button") if d.key == "referrals.cases.csv"]
        assert button.proto.label == label


def test_a_warm_rerun_runs_no_query_and_an_import_does(app_test, monkeypatch) -> None:
    import components.case_data as case_data

    calls: list[tuple] = []
    real = case_data.count_case_referrals

    def counting(*args, **kwargs):
        calls.append(args[1:])  # city, dataset
        return real(*args, **kwargs)

    monkeypatch.setattr(case_data, "count_case_referrals", counting)
    load_cases(dozen_files())
    at = page(app_test).run()
    assert not at.exception, [e.message for e in at.exception]
    assert calls == [("kaohsiung", "real")]
    at.run()
    at.button_group(key="referrals.cases.by").set_value("referral_source").run()  # same counts
    at.button_group(key="referrals.cases.grain").set_value("month").run()
    assert not at.exception, [e.message for e in at.exception]
    assert len(calls) == 1  # cached on the case store's revision
    reload_cases(dozen_files())
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    assert len(calls) == 2  # a new import: read afresh
