"""Readings a director would dispute (issue 17): each checked against what the source prints.

Every test reads the shipped data (or a broken copy of it, or an editor's
save) the way a reviewer holding the two slide decks would check it.
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from safetynet import DATA_DIR
from safetynet.briefing.deck import BriefingContext, TableSlide, build_deck
from safetynet.cities import get_city
from safetynet.editing.plans import commit
from safetynet.i18n import note_in
from safetynet.indicators.tracker import (
    INDICATOR_TABLES,
    ScorecardParams,
    TrackerParams,
    compute_scorecard,
    compute_status_table,
    scorecard_from_status,
)
from safetynet.indicators.views import scorecard_display_table, track_display_table
from safetynet.network.views import district_relations
from safetynet.storage.loading import read_raw_tables
from safetynet.storage.store import Store
from safetynet.validation.city import validate_city
from tests.helpers import broken_copy, edit, problems_of, tracker_of

# Checks of the shipped data against the printed sources (see conftest: shipped_data).
pytestmark = pytest.mark.shipped_data

KAOHSIUNG_STAFF = "000_a6c4c72a35a39901.txt · 社安網計畫人力進用核定"
KEELUNG_STAFF = "003_8c0365bf83128a38.txt · 人力分年規劃與執行"
NATIONAL_LIKE = ("s3_04", "s4_02", "s4_03", "s4_07", "s4_08")


def raw(city: str, name: str) -> pd.DataFrame:
    return read_raw_tables(DATA_DIR, city)[name]


def typed(city: str) -> dict[str, pd.DataFrame]:
    tables, problems = validate_city(get_city(city), read_raw_tables(DATA_DIR, city))
    assert problems == []
    return tables


def scorecard(city: str, year: int):
    tracker = tracker_of(city)
    return tracker, compute_scorecard(tracker, ScorecardParams(year))


def status_scorecard(city: str, year: int):
    """The scorecard as the indicators page and the briefing build it (from the statuses)."""
    params = TrackerParams(*(typed(city)[name] for name in INDICATOR_TABLES))
    return scorecard_from_status(params, compute_status_table(params), ScorecardParams(year), None)


# -- 1. 「服務3個月後」 -----------------------------------------------------------------
def test_s1_01_is_the_share_reported_3_months_after_service() -> None:
    row = raw("kaohsiung", "indicators").set_index("indicator_id").loc["s1_01"]
    assert "服務3個月後" in row["name_zh"]
    assert "3 months after service" in row["name_en"]
    assert "within" not in row["name_en"]
    definitions = raw("kaohsiung", "indicator_definitions")
    assert "s1_01" not in set(definitions["indicator_id"])  # no definition text to correct


# -- 2. what was missing ----------------------------------------------------------------
def test_most_centres_nationally_is_held_beside_the_18_centres() -> None:
    tracker, _ = scorecard("kaohsiung", 2020)
    for lang, words in (("zh", "全國設置最多"), ("en", "the most set up nationwide")):
        table = track_display_table(tracker.track("p1_s1_01"), "roc", lang)
        row = table[table.iloc[:, 0] == ("109年" if lang == "zh" else "ROC 109")].iloc[0]
        assert row.iloc[3] == 18  # the actual: 完成設置18處
        assert words in row.iloc[-1]  # the note column


@pytest.mark.parametrize(
    ("city", "period", "measure", "printed", "source"),
    [
        (
            "kaohsiung",
            "phase1_2",
            "approved_total",
            {"社會局": 610, "衛生局": 296, "毒防局": 91, "少輔會": 9},
            KAOHSIUNG_STAFF,
        ),  # fmt: skip
        (
            "keelung",
            "y2020",
            "cumulative",
            {
                "家庭中心": 27,
                "保護性社工(成保、性侵、兒保)": 26,
                "充實社工人力計畫(家暴、兒保、老保、身障)": 14,
                "衛生局": 16,
                "警察局": 3,
            },
            KEELUNG_STAFF,
        ),  # fmt: skip
    ],
)
def test_printed_totals_per_agency_are_held_with_their_source(
    city, period, measure, printed, source
) -> None:
    totals = raw(city, "staffing_totals")
    rows = totals[(totals["period"] == period) & (totals["measure"] == measure)]
    per_agency = rows[rows["agency_zh"].notna()]
    assert (
        dict(zip(per_agency["agency_zh"], per_agency["posts"].astype(int), strict=True)) == printed
    )
    assert set(per_agency["source"]) == {source}
    assert per_agency["agency_en"].notna().all()


def test_a_printed_agency_total_that_disagrees_with_the_sums_is_refused(tmp_path: Path) -> None:
    def wrong(frame: pd.DataFrame) -> pd.DataFrame:
        frame.loc[frame["agency_zh"] == "社會局", "posts"] = "611"
        return frame

    data = broken_copy(tmp_path, "kaohsiung", "staffing_totals", wrong)
    assert problems_of(data, "kaohsiung") == [
        "staffing_totals.csv, line 7, column posts: printed total 611 for 社會局 "
        "phase1_2/approved_total but staffing.csv adds up to 610"
    ]


def test_a_printed_total_of_an_unknown_agency_is_refused(tmp_path: Path) -> None:
    data = broken_copy(
        tmp_path,
        "keelung",
        "staffing_totals",
        lambda f: f.replace({"agency_zh": {"警察局": "消防局"}}),
    )
    assert problems_of(data, "keelung") == [
        "staffing_totals.csv, line 14, column agency_zh: '消防局' is not in staffing.csv"
    ]


def test_the_eight_network_agencies_of_strategy_4_are_held_as_printed() -> None:
    network = raw("kaohsiung", "network_agencies")
    assert list(network["agency_zh"]) == [
        "社會局", "衛生局", "教育局", "民政局", "勞工局", "警察局", "原民會", "毒防局",
    ]  # fmt: skip
    assert set(network["phase"]) == {"2"} and set(network["strategy"]) == {"4"}
    assert set(network["source"]) == {"000_a6c4c72a35a39901.txt · 第二期計畫政策規劃重點"}
    assert raw("keelung", "network_agencies").empty  # Keelung names sectors, not agencies


def test_the_indicators_page_names_the_network_agencies_under_strategy_4(app_test) -> None:
    at = app_test("pages/indicators.py", **{"indicators.year": 2023}).run()
    assert not at.exception
    captions = [c.value for c in at.caption]
    assert (
        "網絡單位（8）：社會局、衛生局、教育局、民政局、勞工局、警察局、原民會、毒防局" in captions
    )
    # once, under the phase-2 strategy-4 heading only (other strategies print no list)
    assert sum("網絡單位" in c for c in captions) == 1


# -- 3. phase-2 targets that read like national targets ---------------------------------------
def test_national_like_targets_keep_their_printed_value_and_carry_a_reason() -> None:
    indicators = raw("kaohsiung", "indicators").set_index("indicator_id")
    printed = {"s3_04": "49", "s4_02": "126", "s4_03": "88", "s4_07": "4180", "s4_08": "47000"}
    for indicator, value in printed.items():
        row = indicators.loc[indicator]
        assert row["target"] == value
        for lang, words in (
            ("zh", "⚠ 目標疑為全國目標"),
            ("en", "⚠ Target reads like a national target"),
        ):
            assert words in note_in(row["note"], lang), (indicator, lang)
    assert "83" in indicators.loc["s3_04", "note"]
    assert "9人" in indicators.loc["s4_02", "note"]
    assert "94.6%" in indicators.loc["s4_03", "note"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_scorecard_says_why_beside_the_status(lang: str) -> None:
    card = status_scorecard("kaohsiung", 2023)
    table = scorecard_display_table(card, "roc", lang).set_index("代碼" if lang == "zh" else "Code")
    columns = list(table.columns)
    status = columns.index("狀態" if lang == "zh" else "Status")
    caveat = "目標提醒" if lang == "zh" else "Target caveat"
    assert columns[status + 1] == caveat  # right beside the status
    head = "⚠ 目標疑為全國目標" if lang == "zh" else "⚠ Target reads like a national target"
    for indicator in NATIONAL_LIKE:
        assert table.loc[indicator, caveat].startswith(head), indicator
    others = table.drop(index=list(NATIONAL_LIKE))
    assert (others[caveat] == "").all()
    assert "94.6%" in table.loc["s4_03", caveat]


def test_the_indicators_page_scorecard_shows_the_reason(app_test) -> None:
    at = app_test("pages/indicators.py", **{"indicators.year": 2023}).run()
    frames = [df.value for df in at.dataframe if "指標" in df.value.columns]
    shown = pd.concat(frames).set_index("指標")
    columns = list(shown.columns)
    assert columns[columns.index("狀態") + 1] == "附註"  # the marks beside the status
    marks = shown.loc["少輔會專業人力", "附註"].split()
    # listed in full below the grid, each after its mark
    lines = [line for m in at.markdown for line in m.value.split("  \n")]
    assert any(
        line.startswith(f"{mark} ⚠ 目標疑為全國目標：本市少輔會社安網核定員額僅9人")
        for mark in marks
        for line in lines
    ), lines
    at.selectbox(key="indicators.detail").set_value("s3_04").run()
    assert any("83" in w.value for w in at.warning)


def test_the_briefing_scorecard_shows_the_caveat_and_its_reasons(store: Store) -> None:
    ctx = BriefingContext(get_city("kaohsiung"), store.read_city("kaohsiung"), "zh", "roc", 2023)
    deck = build_deck(ctx, ["indicator_scorecard"])
    tables = [s for s in deck.slides if isinstance(s, TableSlide)]
    *scorecards, reasons = tables
    assert reasons.title == "112年計分卡：目標提醒"
    rows = [dict(zip(s.columns, r, strict=True)) for s in scorecards for r in s.rows]
    assert all(list(s.columns[-2:]) == ["狀態", "目標提醒"] for s in scorecards)
    flagged = [r["指標"] for r in rows if r["目標提醒"] == "⚠ 目標疑為全國目標"]
    assert len(flagged) == len(NATIONAL_LIKE) and len(rows) == 26
    assert reasons.columns == ("指標（最終目標）", "目標提醒")
    assert [r[0] for r in reasons.rows] == [f"{name}（{final}）" for name, final in zip(flagged, (
        "49 處（114年）", "126 人（114年）", "88%（114學年度）", "4,180 人（114年）", "47,000 人（114年）",
    ), strict=True)]  # fmt: skip
    assert reasons.rows[2][1].startswith("⚠ 目標疑為全國目標：本市109學年度復學率已達94.6%")
    assert reasons.source.startswith("000_a6c4c72a35a39901.txt · 策略三")


# -- 4. Keelung ---------------------------------------------------------------------------
def outcome(city: str, metric: str) -> pd.Series:
    outcomes = raw(city, "outcomes")
    return outcomes[outcomes["metric"] == metric].iloc[0]


@pytest.mark.parametrize("metric", ["cases_in_service", "children_in_service"])
def test_currently_in_service_takes_its_year_from_context_and_is_flagged(metric: str) -> None:
    row = outcome("keelung", metric)
    assert row["year"] == "2018" and row["note"].startswith("⚠ 推定")
    assert "⚠ Inferred" in note_in(row["note"], "en")


@pytest.mark.parametrize(
    ("metric", "total"),
    [
        ("offender_mh_social_workers_needed", "6"),
        ("offender_mh_supervisors_needed", "6"),
        ("offender_coordination_social_workers_needed", "3"),
        ("offender_coordination_supervisors_needed", "3"),
    ],
)
def test_workers_and_supervisors_are_not_said_to_match_the_2020_requirement(metric, total) -> None:
    note = outcome("keelung", metric)["note"]
    assert "match" not in note and "相符" not in note
    assert f"requirement of {total}" in note_in(note, "en")
    staffing = raw("keelung", "staffing")
    required = staffing[(staffing["measure"] == "required") & (staffing["period"] == "y2020")]
    assert total in set(required["posts"])  # only the totals are in the table


def test_the_referral_rate_is_197_of_the_total_population() -> None:
    rate = float(outcome("keelung", "referral_rate_pct")["value"])
    referrals = float(outcome("keelung", "referrals_jan_jun")["value"])
    population = float(outcome("keelung", "population")["value"])
    assert (referrals, population, rate) == (197, 371458, 0.053)
    assert round(100 * referrals / population, 3) == rate
    note = note_in(outcome("keelung", "referral_rate_pct")["note"], "en")
    assert "197 / 371,458 = 0.053%" in note and "denominator not stated" not in note


def test_the_printed_density_is_kept_and_the_difference_noted() -> None:
    row = outcome("keelung", "population_density")
    area = float(outcome("keelung", "area_km2")["value"])
    population = float(outcome("keelung", "population")["value"])
    assert row["value"] == "2795"
    assert round(population / area) == 2798
    assert "2,798" in note_in(row["note"], "en") and "2,795" in note_in(row["note"], "zh")


# -- 5. each printed figure held once -----------------------------------------------------
NUMERIC = {
    "outcomes": ("value",),
    "indicators": ("baseline", "target"),
    "indicator_targets": ("target",),
    "indicator_actuals": ("value",),
    "staffing": ("posts",),
    "staffing_totals": ("posts",),
}


def places(city: str, value: float, slide: str) -> list[str]:
    """Every cell of ``city``'s tables holding ``value`` in a row cited to ``slide``."""
    found = []
    for name, columns in NUMERIC.items():
        frame = raw(city, name)
        for i, row in frame.iterrows():
            if not row["source"].endswith(slide):
                continue
            for column in columns:
                cell = row[column]
                if cell is not None and not pd.isna(cell) and math.isclose(float(cell), value):
                    found.append(f"{name}.csv line {i + 2} {column}")
    return found


K1 = "策略一：布建社會福利服務中心整合社會救助與福利服務 (1/3)"
K3 = "策略三：整合加害人合併精神疾病與自殺防治服務 (1/1)"
K4 = "策略四：強化部會網絡資源布建，拓展公私協力服務"
KS2 = "策略二：優化保護服務輸送，提升風險控管"
KS3 = "策略三：強化精神疾病及自殺防治服務，精進前端預防及危機處理機制"
Q1 = "策略1 布建社會福利服務中心整合社會救助與福利服務"


K4P1 = "策略四：整合跨部會服務體系 (2/2)"
Q3 = "策略3 整合加害人合併精神疾病與自殺防治服務"
PLAN = "人力分年規劃與執行"


@pytest.mark.parametrize(
    ("city", "value", "slide", "held_in"),
    [
        ("kaohsiung", 16, K1, ["indicators.csv line 31 target"]),  # 中央目標值16處
        ("kaohsiung", 18, K1, ["indicator_actuals.csv line 9 value"]),  # 完成設置18處
        ("kaohsiung", 95, K3, ["indicator_actuals.csv line 2 value"]),
        ("kaohsiung", 4.96, K3, ["indicator_actuals.csv line 4 value"]),
        # 出監兩週內執行處遇課程100% (outcomes), 治療處遇完成率100% (the target) and
        # 完成處遇比率100% (the actual) are three printed figures, each in one place
        (
            "kaohsiung",
            100,
            K3,
            [
                "outcomes.csv line 27 value",
                "indicators.csv line 24 target",
                "indicator_actuals.csv line 3 value",
            ],
        ),  # fmt: skip
        ("kaohsiung", 94.6, K4, ["indicator_actuals.csv line 5 value"]),  # 109學年度復學率
        ("kaohsiung", 40, K4P1, ["indicators.csv line 32 target"]),  # 降低毒品再犯率(40%以下)
        ("kaohsiung", 182, KS2, ["indicator_actuals.csv line 7 value"]),  # 現有182戶
        ("kaohsiung", 200, KS2, ["indicators.csv line 26 target"]),  # 114年200戶
        ("kaohsiung", 4, KS2, ["indicator_actuals.csv line 6 value"]),  # 109年4家
        ("kaohsiung", 10, KS2, ["indicators.csv line 27 target"]),  # 111年10家
        ("kaohsiung", 2, KS2, ["indicators.csv line 29 target"]),  # 新增2案
        ("kaohsiung", 1, KS2, ["indicators.csv line 30 target"]),  # 新設1家
        ("kaohsiung", 6, KS3, ["indicators.csv line 28 target"]),  # 心衛中心分站6處
        # 110年已布建3處 (the actual); the other 3 is 已連結區域內3家精神專科醫院
        (
            "kaohsiung",
            3,
            KS3,
            ["outcomes.csv line 41 value", "indicator_actuals.csv line 8 value"],
        ),  # fmt: skip
        ("kaohsiung", 1006, "社安網計畫人力進用核定", ["staffing_totals.csv line 6 posts"]),
        ("keelung", 25, Q1, ["indicator_actuals.csv line 2 value"]),  # 開戶率25%
        ("keelung", 50, Q1, ["indicators.csv line 2 target"]),  # 目標達到50%
        ("keelung", 6, Q3, ["staffing.csv line 25 posts"]),  # 共需6名人力 = 109年需求人力 6
        ("keelung", 3, Q3, ["staffing.csv line 29 posts"]),  # 共需3名人力 = 109年需求人力 3
        ("keelung", 41, PLAN, ["staffing_totals.csv line 9 posts"]),  # also in the text
        ("keelung", 86, PLAN, ["staffing_totals.csv line 5 posts"]),  # also in the text
        ("keelung", 67, PLAN, ["outcomes.csv line 37 value"]),  # printed in the text only
    ],
)
def test_each_printed_figure_is_held_once(city, value, slide, held_in) -> None:
    assert places(city, value, slide) == held_in


def test_a_second_copy_of_a_final_target_is_refused_naming_both_places(tmp_path: Path) -> None:
    def second_copy(frame: pd.DataFrame) -> pd.DataFrame:
        row = frame.iloc[[0]].assign(indicator_id="s2_a01", year="2025", target="200")
        return pd.concat([frame, row], ignore_index=True)

    data = broken_copy(tmp_path, "kaohsiung", "indicator_targets", second_copy)
    assert problems_of(data, "kaohsiung") == [
        "indicator_targets.csv, line 3, column year: s2_a01: the 2025 target is already held in "
        "indicators.csv (indicator s2_a01, column target, at target_year 2025); hold it once "
        "and change it there"
    ]


def test_an_editor_adding_a_baseline_that_is_an_actual_is_refused(store: Store) -> None:
    def baseline(frame: pd.DataFrame) -> pd.DataFrame:
        row = frame.index[frame["indicator_id"] == "s2_a01"][0]
        frame.loc[row, ["baseline", "baseline_year"]] = [182, 2021]
        return frame

    plan = edit(store, "kaohsiung", "indicators", baseline)
    assert plan.messages("zh") == [
        "第 25 列 baseline：s2_a01 的 2021 年基準值已存為 indicator_actuals 表中 s2_a01 的 2021 年"
        "實績（value 欄）；同一數字只存一處：存為實績，基準值留空"
    ]


def test_an_editor_changing_the_printed_precinct_count_alone_is_refused(store: Store) -> None:
    def fewer(frame: pd.DataFrame) -> pd.DataFrame:
        frame.loc[frame["metric"] == "police_precincts_count", "value"] = 16
        return frame

    before = store.content_hash()
    plan = edit(store, "kaohsiung", "outcomes", fewer)
    assert plan.messages("en") == [
        "row 2, column value: police_precincts_count is 16 but the city declares 17 precincts "
        "(safetynet/cities.py); the two must agree"
    ]
    with pytest.raises(ValueError, match="plan with problems"):
        commit(store, plan, who="王小明")
    assert store.content_hash() == before


def test_an_editor_changing_a_figure_held_once_is_saved(store: Store) -> None:
    def corrected(frame: pd.DataFrame) -> pd.DataFrame:
        row = frame.index[frame["indicator_id"] == "s4_03"][0]
        frame.loc[row, "value"] = 94.7
        return frame

    plan = edit(store, "kaohsiung", "indicator_actuals", corrected)
    assert plan.ok, plan.messages("en")
    commit(store, plan, who="王小明")
    actuals = store.read("kaohsiung", "indicator_actuals").set_index("indicator_id")
    assert actuals.loc["s4_03", "value"] == 94.7
    outcomes = store.read("kaohsiung", "outcomes")
    assert 94.6 not in set(outcomes["value"])  # no stale copy left behind


# -- 6. 鼓山區 and 茄萣區 -----------------------------------------------------------------
@pytest.mark.parametrize("town_code", ["64000020", "64000260"])  # 鼓山區, 茄萣區
def test_the_district_is_not_in_doubt_its_centre_and_precinct_are(town_code: str) -> None:
    district = raw("kaohsiung", "districts").set_index("town_code").loc[town_code]
    assert not str(district["note"]).startswith("⚠")
    for relation in ("district_centres", "district_precincts"):
        rows = raw("kaohsiung", relation)
        rows = rows[rows["town_code"] == town_code]
        assert rows["note"].str.startswith("⚠").all(), relation
    for lang in ("zh", "en"):
        panel = district_relations(typed("kaohsiung"), lang).set_index("town_code").loc[town_code]
        assert panel["inferred"] and panel["note"].startswith("⚠"), lang


def test_a_district_is_flagged_by_any_of_its_relation_rows() -> None:
    tables = typed("kaohsiung")
    precincts = tables["district_precincts"].copy()
    row = precincts.index[precincts["town_code"] == "64000030"][
        0
    ]  # 左營區: centre note is a caveat
    precincts.loc[row, "note"] = "⚠ 推定：測試 / Inferred: test"
    relations = district_relations({**tables, "district_precincts": precincts}, "zh")
    zuoying = relations.set_index("town_code").loc["64000030"]
    assert zuoying["inferred"] and zuoying["note"].startswith("⚠ 推定：測試")
