"""The briefing deck: slides built from the stored tables, in order, with sources."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pytest

from safetynet.briefing import deck as briefing
from safetynet.briefing import slide_tables
from safetynet.briefing.deck import (
    BriefingContext,
    ChartSlide,
    ImageSlide,
    KpiSlide,
    MessageSlide,
    SavedScenario,
    Section,
    Series,
    TableSlide,
    build_deck,
    chart_frame,
    section_keys,
    tables_for,
)
from safetynet.briefing.slide_tables import row_lines, short_columns, split_table
from safetynet.briefing.textfit import NO_LINE_START, wrap_text
from safetynet.briefing.years import available_years
from safetynet.cities import get_city
from safetynet.figures import figure_card, outcome_figures
from safetynet.indicators.tracker import (
    ScorecardParams,
    TrackerParams,
    compute_scorecard,
    compute_tracker,
)
from safetynet.indicators.views import status_label, target_caveat
from safetynet.referrals.trends import compute_referral_trends
from safetynet.risk.shares import RISK_OUTCOME_METRICS
from safetynet.staffing.planner import compute_plan
from safetynet.storage.store import Store
from tests.helpers import SCENARIO


def deck_of(store: Store, city: str, lang: str = "zh", year: int | None = None, keys=None):
    tables = store.read_city(city)
    ctx = BriefingContext(get_city(city), tables, lang, "roc", year)
    return build_deck(ctx, keys or section_keys()), tables


def charts(deck) -> list[ChartSlide]:
    return [s for s in deck.slides if isinstance(s, ChartSlide)]


def test_kaohsiung_deck_has_every_section_in_order(shipped_store) -> None:
    deck, _ = deck_of(shipped_store, "kaohsiung", year=2021)
    kinds = [type(s).__name__ for s in deck.slides]
    assert kinds == [
        "TitleSlide",
        "KpiSlide", "KpiSlide", "KpiSlide",  # overview
        "ImageSlide",  # map
        "KpiSlide", "MessageSlide",  # referrals: published growth, no yearly counts
        "ChartSlide", "TableSlide", "KpiSlide",  # risk types: shares, names, outcomes
        "MessageSlide",  # case analysis: no case records
        "ChartSlide", "ChartSlide", "TableSlide",  # staffing
        "MessageSlide",  # staffing scenario: none saved
        "KpiSlide", *["TableSlide"] * 5,  # scorecard: 26 rows, fewer a slide where names wrap
        "TableSlide",  # the targets in doubt, with their reasons
    ]  # fmt: skip
    assert deck.slides[0].title == "高雄市 強化社會安全網計畫簡報"
    assert "資料截至 110年" in deck.slides[0].subtitle
    # every content slide with figures names its source, in the `<seed file> · <slide title>` form
    for slide in deck.slides[1:]:
        if isinstance(slide, MessageSlide) and not slide.source:
            # the slides without figures: how to save a scenario, where case records come from
            assert "人力試算" in slide.text or "個案資料" in slide.text, slide.text
            continue
        assert slide.source.startswith("000_a6c4c72a35a39901.txt · "), slide.title
    network = deck.slides[1]
    assert isinstance(network, KpiSlide)
    assert [(c.label, c.value) for c in network.cards] == [
        ("行政區", "38"), ("社福中心", "18"), ("警察分局", "17"),
    ]  # fmt: skip
    staffing = deck.slides[3]
    assert ("進用率（第一期）", "96.2%") in [(c.label, c.value) for c in staffing.cards]
    assert isinstance(deck.slides[4], ImageSlide)
    assert deck.slides[4].png.startswith(b"\x89PNG")


def test_kaohsiung_hiring_chart_equals_the_staffing_rows(shipped_store) -> None:
    deck, tables = deck_of(shipped_store, "kaohsiung")
    hiring = next(c for c in charts(deck) if c.kind == "stacked_bar")
    staffing = tables["staffing"]
    phase1 = staffing[staffing["period"] == "phase1"]
    for series, measure in zip(hiring.series, ("hired", "vacant"), strict=True):
        rows = phase1[phase1["measure"] == measure]
        assert series.values == tuple(float(v) for v in rows["posts"])
        assert hiring.categories == tuple(rows["agency_zh"])
    # stacked hired + vacant = the approved posts of each agency
    approved = phase1[phase1["measure"] == "approved"]["posts"].tolist()
    assert [h + v for h, v in zip(*(s.values for s in hiring.series), strict=True)] == approved
    assert hiring.caption == "已進用 305 / 核定 317 人，進用率 96.2%"
    doughnut = next(c for c in charts(deck) if c.kind == "doughnut")
    assert doughnut.series[0].values == (348.0, 247.0, 91.0, 3.0)
    assert sum(doughnut.series[0].values) == 689


def test_keelung_cumulative_line_agrees_with_the_printed_totals(shipped_store) -> None:
    deck, tables = deck_of(shipped_store, "keelung", "en", keys=["overview", "staffing"])
    line = next(c for c in charts(deck) if c.kind == "line")
    printed = tables["staffing_totals"]
    printed = printed[(printed["measure"] == "cumulative") & printed["agency_zh"].isna()]
    printed = printed["posts"].astype(float)
    assert line.series[0].values == tuple(printed)  # 45, 59, 77, 86
    assert line.categories == ("Existing staff", "ROC 107", "ROC 108", "ROC 109")
    yearly = next(c for c in charts(deck) if c.kind == "stacked_bar")
    assert yearly.categories == ("ROC 107", "ROC 108", "ROC 109")
    family = next(s for s in yearly.series if s.name == "Family welfare service centres")
    assert family.values == (6.0, 6.0, 2.0)
    network = next(s for s in deck.slides if isinstance(s, KpiSlide))
    assert network.cards[2].value == "no data"  # Keelung's source names no precincts
    table = next(s for s in deck.slides if isinstance(s, TableSlide))
    assert table.rows[0][:3] == ("Family welfare service centres", "13", "6")
    assert "—" in table.rows[0]  # a figure the source does not list is not shown as 0


def test_year_leaves_out_later_figures(shipped_store) -> None:
    deck, _ = deck_of(shipped_store, "keelung", year=2018, keys=["staffing"])
    yearly = next(c for c in charts(deck) if c.kind == "stacked_bar")
    assert yearly.categories == ("107年",)
    line = next(c for c in charts(deck) if c.kind == "line")
    assert line.series[0].values == (45.0, 59.0)
    empty, _ = deck_of(shipped_store, "keelung", year=2015, keys=["staffing"])
    assert isinstance(empty.slides[1], MessageSlide)
    assert "無資料" in empty.slides[1].text


def test_available_years_come_from_the_data(shipped_store) -> None:
    tables = shipped_store.read_city("kaohsiung")
    assert available_years(tables) == [2018, 2019, 2020, 2021]


def test_a_registered_section_joins_the_deck_in_its_order(shipped_store, monkeypatch) -> None:
    monkeypatch.setattr(briefing, "SECTIONS", dict(briefing.SECTIONS))

    def build_extra(ctx: BriefingContext):
        return (
            ChartSlide(
                "通報趨勢", "src", "line", ("2019", "2020"), (Series("通報", (1.0, 2.0)),), "件"
            ),
        )

    briefing.register_section(
        Section("extra", 35, "briefing.section.overview", ("referrals",), build_extra)
    )
    assert section_keys() == [
        "overview", "service_map", "referrals", "extra", "risk_types", "cases", "staffing",
        "staffing_scenario", "indicator_scorecard",
    ]  # fmt: skip
    assert tables_for(["extra", "staffing"]) == ("referrals", "staffing", "phases")
    deck, _ = deck_of(shipped_store, "keelung", keys=["staffing", "extra"])
    assert deck.slides[1].title == "通報趨勢"
    with pytest.raises(KeyError, match="unknown briefing section 'nope'"):
        deck_of(shipped_store, "keelung", keys=["nope"])


def test_slides_refuse_inconsistent_data() -> None:
    with pytest.raises(ValueError, match="2 values for 3 categories"):
        ChartSlide("t", "s", "bar", ("a", "b", "c"), (Series("x", (1.0, 2.0)),), "人")
    with pytest.raises(ValueError, match="not one of"):
        ChartSlide("t", "s", "pie", ("a",), (Series("x", (1.0,)),), "人")  # type: ignore[arg-type]  # an unknown kind on purpose
    with pytest.raises(ValueError, match="cells"):
        TableSlide("t", "s", ("a", "b"), (("1",),))


def test_number_formats_and_chart_table() -> None:
    pct = ChartSlide("t", "s", "bar", ("a", "b"), (Series("x", (96.2, None)),), "%", decimals=1)
    assert pct.number_format == '#,##0.0"%"'
    assert [pct.format_value(v, "zh") for v in pct.series[0].values] == ["96.2%", "無資料"]
    posts = ChartSlide("t", "s", "bar", ("a",), (Series("x", (1234.0,)),), "人")
    assert posts.number_format == "#,##0" and posts.format_value(1234.0, "en") == "1,234"
    frame = chart_frame(pct)
    assert frame.columns.tolist() == ["", "x"] and frame["x"].isna().tolist() == [False, True]


def test_wrap_text_breaks_chinese_but_not_before_closing_punctuation() -> None:
    text = "核定員額（第一期）與已進用人數，依人力表計算之進用率"
    lines = wrap_text(text, 1.5, 22).split("\n")
    assert "".join(lines) == text and len(lines) > 1
    assert not any(line[:1] in NO_LINE_START for line in lines)
    english = wrap_text("Share of families closed with goals met", 2.0, 22).split("\n")
    assert " ".join(english) == "Share of families closed with goals met"
    assert pd.Series(english).str.len().max() < 20


# -- the sections of issue 8 beyond overview, map and staffing ---------------------


def test_keelung_referral_chart_and_growth_equal_the_computed_trends(shipped_store) -> None:
    deck, tables = deck_of(shipped_store, "keelung", year=2020, keys=["referrals"])
    published, chart, *growth_pages = deck.slides[1:]
    assert isinstance(published, KpiSlide) and isinstance(chart, ChartSlide)
    assert ("通報件數（107年1–6月）（件）", "197") in [(c.label, c.value) for c in published.cards]
    assert all(c.caption.startswith("來源公布值") for c in published.cards)
    trends = compute_referral_trends(tables["referrals"], tables["outcomes"])
    assert chart.kind == "line" and chart.categories == ("104年", "105年", "106年")
    assert [s.name for s in chart.series] == [
        f"{rt.label_zh}（{rt.unit_zh}）" for rt in trends.types
    ]
    for series, rt in zip(chart.series, trends.types, strict=True):
        rows = trends.series[trends.series["referral_type"] == rt.code]
        assert series.values == tuple(float(v) for v in rows["count"])
    assert chart.series[0].values == (1499.0, 1523.0, 1798.0)  # 家庭暴力通報數
    assert chart.unit == "件、人次、案、人"  # types are not added: each keeps its unit
    assert chart.source == "003_8c0365bf83128a38.txt · 各類通報案件分析"
    assert all(isinstance(g, TableSlide) for g in growth_pages)
    growth_rows = [row for g in growth_pages for row in g.rows]
    assert len(growth_rows) == len(trends.summaries) == 8
    assert growth_rows[0] == ("家庭暴力通報數", "件", "104–106年", "1,499", "1,798", "+299", "+19.9%", "+18.1%")  # fmt: skip
    # the chosen year leaves out later counts
    earlier, _ = deck_of(shipped_store, "keelung", year=2016, keys=["referrals"])
    chart_2016 = charts(earlier)[0]
    assert chart_2016.categories == ("104年", "105年")
    assert not any(isinstance(s, KpiSlide) for s in earlier.slides)  # 2018 figures left out


def test_kaohsiung_referrals_show_the_published_growth_and_say_counts_are_missing(
    shipped_store,
) -> None:
    deck, _ = deck_of(shipped_store, "kaohsiung", year=2021, keys=["referrals"])
    card_slide, message = deck.slides[1:]
    (card,) = card_slide.cards
    assert (card.label, card.value) == ("脆弱家庭通報量提升", "+176.58%")
    assert "來源公布值（非本系統計算）" in card.caption
    assert isinstance(message, MessageSlide)
    assert "無資料" in message.text and "來源未載比較期間" in message.text
    assert message.source.startswith("000_a6c4c72a35a39901.txt · 策略一")
    english, _ = deck_of(shipped_store, "kaohsiung", "en", year=2021, keys=["referrals"])
    assert "no data" in english.slides[2].text and "Kaohsiung" in english.slides[2].text


def test_kaohsiung_risk_types_sorted_with_names_and_outcome_cards(shipped_store) -> None:
    deck, tables = deck_of(shipped_store, "kaohsiung", year=2021, keys=["risk_types"])
    chart, names, outcomes = deck.slides[1:]
    assert chart.kind == "bar" and chart.unit == "%"
    assert chart.series[0].values == (43.0, 28.0, 12.0, 6.0, 6.0, 5.0)
    assert chart.categories == (
        "經濟陷困", "兒少發展不利", "身障或傷病照顧", "關係衝突或疏離", "生活適應困難", "家庭變故",
    )  # fmt: skip
    assert chart.title == "109年脆弱家庭風險類型比例"
    assert "比例基準（案件或家戶）未載" in chart.caption
    assert names.rows[0] == ("家庭經濟陷困至有福利需求", "經濟陷困", "43%")
    assert [r[1] for r in names.rows] == list(chart.categories)
    figures = outcome_figures(tables["outcomes"], RISK_OUTCOME_METRICS)
    assert [c.label for c in outcomes.cards] == [figure_card(f, "zh", "roc").label for f in figures]
    assert (
        outcomes.cards[0].label,
        outcomes.cards[0].value,
    ) == ("脆弱家庭服務戶數（戶）", "10,452")
    # before the only year of shares: no chart, a reason
    early, _ = deck_of(shipped_store, "kaohsiung", "en", year=2019, keys=["risk_types"])
    assert isinstance(early.slides[1], MessageSlide) and "ROC 108" in early.slides[1].text


def test_keelung_has_no_risk_types_and_says_so(shipped_store) -> None:
    deck, _ = deck_of(shipped_store, "keelung", "en", year=2020, keys=["risk_types"])
    message, outcomes = deck.slides[1:]
    assert isinstance(message, MessageSlide)
    assert message.text.startswith("No data") and "Keelung" in message.text
    assert [c.value for c in outcomes.cards] == ["68", "64", "107"]


def test_scenario_slides_equal_the_planner_result(shipped_store) -> None:
    tables = shipped_store.read_city("kaohsiung")
    ctx = BriefingContext(get_city("kaohsiung"), tables, "zh", "roc", 2021, SCENARIO)
    chart, table = build_deck(ctx, ["staffing_scenario"]).slides[1:]
    result = compute_plan(SCENARIO.params)
    assert chart.kind == "bar" and chart.categories == ("110年", "111年", "112年", "113年")
    assert [s.name for s in chart.series] == ["應核定員額（含空缺）", "目前核定員額", "目前已進用"]
    assert chart.series[0].values == tuple(float(r.posts_needed) for r in result.totals)
    assert chart.series[1].values == (9.0,) * 4 and chart.series[2].values == (6.0,) * 4
    assert chart.source == "人力試算已儲存方案「基準方案」（2024-03-05 儲存）"
    assert table.title == "各服務線人力需求（113年）"
    end = [r for r in result.lines if r.year == 2024]
    assert [row[0] for row in table.rows] == [r.line for r in end]
    assert [row[3] for row in table.rows] == [str(r.posts_needed) for r in end]
    assert [row[5] for row in table.rows] == [
        f"+{r.gap_approved}" if r.gap_approved > 0 else str(r.gap_approved) for r in end
    ]
    # no scenario saved, or one that no longer reads back: say so instead of a chart
    none = build_deck(replace(ctx, scenario=None), ["staffing_scenario"]).slides[1]
    assert isinstance(none, MessageSlide) and "儲存方案" in none.text
    broken = replace(ctx, scenario=SavedScenario("舊方案", None, "", "格式不符"))
    assert "格式不符" in build_deck(broken, ["staffing_scenario"]).slides[1].text


@pytest.mark.parametrize(
    ("city", "year"), [("kaohsiung", 2020), ("kaohsiung", 2021), ("keelung", 2018)]
)
def test_scorecard_slides_equal_the_computed_scorecard(shipped_store, city, year) -> None:
    deck, tables = deck_of(shipped_store, city, year=year, keys=["indicator_scorecard"])
    tracker = compute_tracker(
        TrackerParams(
            tables["indicators"], tables["indicator_targets"],
            tables["indicator_actuals"], tables["indicator_definitions"], tables["phases"],
        )
    )  # fmt: skip
    card = compute_scorecard(tracker, ScorecardParams(year))
    summary, *pages = deck.slides[1:]
    doubted = [r for r in card.rows if target_caveat(r.track.indicator, "zh")]
    if doubted:  # the last slide gives the reasons of the targets in doubt
        *pages, reasons = pages
        assert reasons.title.endswith("計分卡：目標提醒")
        names = [r.track.indicator.name_zh for r in doubted]
        assert [r[0].split("（")[0] for r in reasons.rows] == names
    assert [c.value for c in summary.cards] == [
        str(card.summary.met), str(card.summary.missed),
        str(card.summary.behind), str(card.summary.no_data),
    ]  # fmt: skip
    assert [c.label for c in summary.cards] == ["✔ 達成", "✖ 未達成", "◐ 進度落後", "○ 無資料"]
    assert summary.title.startswith(f"{year - 1911}年：達成 {card.summary.met} 項")
    assert summary.caption == f"共 {card.summary.total} 項指標"
    assert all(isinstance(p, TableSlide) and len(p.rows) <= 8 for p in pages)
    for page in pages:  # rows whose names wrap take more room: fewer of them a slide
        lines = sum(n + 0.4 for n in row_lines(page.columns, page.rows))
        assert lines <= slide_tables.TABLE_LINES_PER_SLIDE or len(page.rows) == 1
    rows = [row for p in pages for row in p.rows]
    assert pages[0].columns == ("指標", "主責機關", "年度目標", "實績", "差距", "狀態", "目標提醒")
    assert [r[0] for r in rows] == [r.track.indicator.name_zh for r in card.rows]
    assert [r[5] for r in rows] == [status_label(r.status.status, "zh") for r in card.rows]
    if len(pages) > 1:
        assert pages[0].title.endswith(f"（1/{len(pages)}）")
    for page in pages:
        assert page.source  # the indicators' own source slides


def test_kaohsiung_2020_scorecard_says_four_met_one_without_data(shipped_store) -> None:
    deck, _ = deck_of(shipped_store, "kaohsiung", "en", year=2020, keys=["indicator_scorecard"])
    summary, *tables = deck.slides[1:]
    rows = [r for table in tables for r in table.rows]
    assert [c.value for c in summary.cards] == ["4", "0", "0", "1"]
    assert summary.title == "ROC 109: 4 met, 0 missed, 1 with no data"
    assert summary.caption == "5 indicators tracked"
    assert sorted(r[5] for r in rows) == ["○ No data"] + ["✔ Met"] * 4
    # "all years" scores the year the indicators page opens on
    default, _ = deck_of(shipped_store, "kaohsiung", keys=["indicator_scorecard"])
    assert default.slides[1].title.startswith("109年：達成 4 項")


def test_tables_never_split_a_short_word_and_take_fewer_rows_when_names_wrap() -> None:
    short_names = pd.DataFrame({"指標": [f"指標{i}" for i in range(12)], "實績": ["無資料"] * 12})
    slides = split_table("表", "來源", short_names)
    assert [len(s.rows) for s in slides] == [8, 4]  # one line a row: eight a slide
    long_name = "脆弱家庭服務3個月後案件被通報保護案件比率與兒少保護案件再通報率" * 2
    wide = pd.DataFrame(
        {
            "指標": [long_name] * 12,
            "說明": [long_name] * 12,
            "實績": ["無資料"] * 12,
            "狀態": ["○ 無資料"] * 12,
        }
    )
    assert short_columns(list(wide.columns), wide.to_numpy().tolist()) == (False, False, True, True)
    lines = row_lines(list(wide.columns), wide.to_numpy().tolist())
    assert all(n >= 3 for n in lines)  # the names wrap over three lines or more
    slides = split_table("表", "來源", wide)
    assert max(len(s.rows) for s in slides) < 8
    assert sum(len(s.rows) for s in slides) == 12
    assert slides[0].title == f"表（1/{len(slides)}）"


def test_a_split_table_numbers_its_parts_in_the_readers_script() -> None:
    """Chinese titles keep full-width brackets (「計分卡（1/2）」); English ones read
    「Scorecard ROC 109 (1/2)」, with ASCII brackets after a space."""
    frame = pd.DataFrame({"Indicator": [f"Indicator {i}" for i in range(12)]})
    english = split_table("Scorecard ROC 109", "source", frame, lang="en")
    assert [s.title for s in english] == ["Scorecard ROC 109 (1/2)", "Scorecard ROC 109 (2/2)"]
    chinese = split_table("計分卡 109年", "來源", frame, lang="zh")
    assert [s.title for s in chinese] == ["計分卡 109年（1/2）", "計分卡 109年（2/2）"]
