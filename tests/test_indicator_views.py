"""The indicators page's words, tables and charts: labels in the language, status as
icon and word, derived targets visibly distinct, the table behind each chart."""

from __future__ import annotations

import base64
import re

import pytest

from components.indicator_charts import (
    ACTUAL_COLOUR,
    FINAL_COLOUR,
    OKABE_ITO,
    build_indicator_figure,
    build_sparkline,
    has_chart_data,
)
from components.indicator_panels import SCORECARD_LINES, SPARK_COLUMN_PX
from components.tables import fitted_column_config
from safetynet.formatting import note_mark
from safetynet.i18n import t
from safetynet.indicators.tracker import (
    BEHIND,
    MET,
    MISSED,
    NO_DATA,
    ScorecardParams,
    Summary,
    build_track,
    compute_scorecard,
)
from safetynet.indicators.views import (
    derivation_notes,
    format_gap,
    scorecard_display_table,
    scorecard_grid,
    status_label,
    summary_sentence,
    target_text,
    track_display_table,
)
from safetynet.table_fit import BUDGET_PX, row_height_px
from tests.helpers import actuals, indicator, targets, tracker_of


def foster_like():
    ind = indicator(
        unit="戶", unit_en="households", target=200.0, baseline=182.0, baseline_year=2021
    )
    return build_track(ind, targets((2025, 200)), actuals((2021, 182), (2022, 185)))


@pytest.mark.parametrize(
    ("status", "lang", "expected"),
    [
        (MET, "zh", "✔ 達成"),
        (MISSED, "zh", "✖ 未達成"),
        (BEHIND, "zh", "◐ 進度落後"),
        (NO_DATA, "zh", "○ 無資料"),
        (MET, "en", "✔ Met"),
        (BEHIND, "en", "◐ Behind"),
    ],
)
def test_status_is_icon_and_word(status, lang, expected) -> None:
    assert status_label(status, lang) == expected


@pytest.mark.parametrize(
    ("summary", "style", "lang", "expected"),
    [
        (Summary(2026, 12, 3, 0, 6), "roc", "zh", "115年：達成 12 項、未達成 3 項、無資料 6 項"),
        (
            Summary(2026, 12, 3, 2, 6),
            "roc",
            "zh",
            "115年：達成 12 項、未達成 3 項、進度落後 2 項、無資料 6 項",
        ),
        (Summary(2020, 4, 0, 0, 1), "ad", "en", "2020: 4 met, 0 missed, 1 with no data"),
    ],
)
def test_summary_sentence(summary, style, lang, expected) -> None:
    assert summary_sentence(summary, style, lang) == expected


def test_gap_in_points_for_percent_and_units_for_counts() -> None:
    pct = indicator()
    count = indicator(unit="處", unit_en="sites")
    assert format_gap(15.0, pct, "zh") == "+15 個百分點"
    assert format_gap(-0.5, pct, "en") == "−0.5 pts"
    assert format_gap(-1.0, count, "zh") == "−1 處"
    assert format_gap(0.0, count, "en") == "±0 sites"
    assert format_gap(None, count, "zh") == "無資料"


def test_derived_targets_are_marked_in_text_and_tables() -> None:
    track = foster_like()
    assert target_text(track.target_for(2022), track.indicator, "zh") == "187 戶（推算）"
    assert target_text(track.target_for(2025), track.indicator, "zh") == "200 戶"
    assert target_text(track.target_for(2023), track.indicator, "en") == "191 households (derived)"
    table = track_display_table(track, "roc", "zh")
    assert list(table["年度"]) == ["110年", "111年", "112年", "113年", "114年"]
    assert list(table["目標類型"]) == ["", "推算", "推算", "推算", "訂定"]
    assert list(table["狀態"])[:2] == ["○ 無資料", "✖ 未達成"]
    assert table["實績"].tolist()[:2] == [182, 185]
    assert "推算：自110年起線性推算" in table["說明"].tolist()


def test_track_table_in_english_with_gregorian_school_years() -> None:
    ind = indicator(target=88.0, baseline=None, baseline_year=None)
    track = build_track(ind, targets(), actuals((2020, 94.6), basis="school"))
    table = track_display_table(track, "ad", "en")
    assert table["Year"].iloc[0] == "school year 2020–21"
    assert table["Actual"].iloc[0] == 94.6


def test_derivation_note_says_where_the_path_starts() -> None:
    zh = derivation_notes(foster_like(), "roc", "zh")
    assert zh[0].startswith("年度目標以線性推算自基準值 182 戶（110年）至200 戶（114年）")
    assert any("整數" in s for s in zh)
    en = derivation_notes(foster_like(), "ad", "en")
    assert "the baseline 182 households (2021)" in en[0]
    relative = build_track(
        indicator(target_rule="relative_to_previous", direction="down", target=5.0),
        targets(),
        actuals(),
    )
    assert derivation_notes(relative, "roc", "zh") == [
        "相對目標：每年目標 = 前一年實績 較前一年下降 5%，由實績計算，不另行輸入。"
    ]


def test_scorecard_table_for_kaohsiung_2020() -> None:
    card = compute_scorecard(tracker_of("kaohsiung"), ScorecardParams(2020))
    table = scorecard_display_table(card, "roc", "zh").set_index("代碼")
    assert table.loc["p1_s3_01", "實績"] == "95%"
    assert table.loc["p1_s3_01", "年度目標"] == "80%"
    assert table.loc["p1_s3_01", "差距"] == "+15 個百分點"
    assert table.loc["p1_s3_01", "狀態"] == "✔ 達成"
    assert table.loc["p1_s3_03", "實績"] == "4.96 次/人"
    assert table.loc["p1_s4_01", "狀態"] == "○ 無資料"
    assert table.loc["p1_s3_01", "策略"] == "第一期 · 策略三：整合加害人合併精神疾病與自殺防治服務"
    en = scorecard_display_table(card, "ad", "en")
    assert "Status" in en.columns and en["Year"].iloc[0] == "2020"
    assert en["Strategy"].iloc[0] == "Phase 1 · Strategy 1"


def _trace(fig, name):
    return next(tr for tr in fig.data if tr.name == name)


def test_detail_figure_traces_in_chinese() -> None:
    fig = build_indicator_figure(foster_like(), "roc", "zh")
    names = [tr.name for tr in fig.data if tr.showlegend is not False]
    assert names == ["年度目標（訂定）", "年度目標（推算）", "實績", "最終目標 200 戶（114年）"]
    derived = _trace(fig, "年度目標（推算）")
    given = _trace(fig, "年度目標（訂定）")
    assert list(derived.x) == [2022, 2023, 2024] and list(derived.y) == [187, 191, 196]
    # derived differ from given by marker shape, not only colour
    assert derived.marker.symbol.endswith("-open") and not given.marker.symbol.endswith("-open")
    actual = _trace(fig, "實績")
    assert list(actual.y) == [182, 185] and actual.line.color == ACTUAL_COLOUR
    final = _trace(fig, "最終目標 200 戶（114年）")
    assert list(final.y) == [200, 200] and final.line.dash == "dash"
    assert final.line.color == FINAL_COLOUR
    assert list(fig.layout.xaxis.ticktext) == ["110年", "111年", "112年", "113年", "114年"]
    assert fig.layout.title.text == "單位：戶"
    low, high = fig.layout.yaxis.range
    assert 150 < low < 182 and high > 200  # zoomed on the path, room for labels on top
    assert fig.layout.font.size >= 16
    colours = {tr.marker.color for tr in fig.data if tr.mode and "markers" in tr.mode}
    assert colours <= set(OKABE_ITO.values())


def test_detail_figure_in_english_with_baseline_and_relative_targets() -> None:
    ind = indicator(unit="家", unit_en="providers", target=10.0, target_year=2022, baseline=4.0)
    fig = build_indicator_figure(
        build_track(ind, targets((2021, 9), (2022, 10)), actuals()), "ad", "en"
    )
    names = {tr.name for tr in fig.data}
    assert {"Baseline", "Yearly target (given)", "Yearly target (derived)"} <= names
    assert _trace(fig, "Baseline").x == (2020,)
    assert list(fig.layout.xaxis.ticktext)[0] == "2020"
    relative = build_track(
        indicator(target_rule="relative_to_previous", direction="down", target=5.0),
        targets(),
        actuals((2021, 10.0), (2022, 9.0)),
    )
    fig = build_indicator_figure(relative, "roc", "en")
    rel = _trace(fig, "Yearly target (from last year's actual)")
    assert list(rel.x) == [2022, 2023] and rel.y == pytest.approx((9.5, 8.55))
    assert not any(tr.name.startswith("Final target") for tr in fig.data)


def test_sparkline_shows_target_path_and_actuals() -> None:
    spark = build_sparkline(foster_like())
    assert spark is not None
    assert spark.svg.count('class="actual"') == 2
    assert spark.svg.count('class="target-derived"') == 3
    assert spark.svg.count('class="target-given"') == 1
    assert 'class="target-path"' in spark.svg and 'class="actual-path"' in spark.svg
    assert base64.b64decode(spark.data_uri.split(",", 1)[1]).decode() == spark.svg


def test_no_sparkline_and_no_chart_without_data() -> None:
    track = build_track(indicator(target_year=None, baseline=None), targets(), actuals())
    assert not has_chart_data(track)
    assert build_sparkline(track) is None


def test_scorecard_grid_marks_its_notes_and_keeps_them_all() -> None:
    """The page's grid: caveat, target kind and explanation as marks, each note listed once;
    the target without its kind (「4 處」, the kind a note)."""
    card = compute_scorecard(tracker_of("kaohsiung"), ScorecardParams(2022))
    for lang in ("zh", "en"):
        full = scorecard_display_table(card, "roc", lang)
        grid, notes = scorecard_grid(card, "roc", lang)
        assert len(set(notes)) == len(notes)
        marks = {note_mark(n): note for n, note in enumerate(notes, start=1)}
        caveat, explain = t("ind.col.caveat", lang), t("ind.col.explain", lang)
        assert caveat not in grid.columns and explain not in grid.columns
        for i, shown in enumerate(grid[t("ind.col.notes", lang)]):
            texts = [marks[m] for m in shown.split()]
            assert full[explain].iat[i] in texts
            cav = full[caveat].iat[i]
            assert (cav in texts) if cav else not any(x.startswith("⚠") for x in texts)
    zh, _ = scorecard_grid(card, "roc", "zh")
    assert not zh[t("ind.col.target", "zh")].str.contains("推算").any()
    derived = scorecard_display_table(card, "roc", "zh")[t("ind.col.target", "zh")]
    assert derived.str.contains("（推算）").any()  # the CSV keeps the kind in the cell


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("city", ["kaohsiung", "keelung"])
def test_every_scorecard_grid_fits_a_laptop_page(city: str, lang: str) -> None:
    """Each agency's grid of each strategy, every year: no wider than the page's column at
    1366×768 (no sideways scrolling), rows no taller than the scorecard allows."""
    tracker = tracker_of(city)
    trend = t("ind.col.trend", lang)
    shown = [
        t(f"ind.col.{c}", lang)
        for c in ("indicator", "status", "notes", "target", "actual", "gap", "trend")
    ]
    for year in range(2018, 2027):
        card = compute_scorecard(tracker, ScorecardParams(year))
        if not card.rows:
            continue
        grid, _ = scorecard_grid(card, "roc", lang)
        grid[trend] = ""
        keys = [t("ind.col.strategy", lang), t("ind.col.agency", lang)]
        for label, part in grid.groupby(keys, sort=False):
            config, row_height = fitted_column_config(
                part[shown],
                {trend: {"label": t("ind.col.trend_short", lang), "width": SPARK_COLUMN_PX}},
                None,
                SCORECARD_LINES,
            )
            wide = sum(c["width"] for c in config.values())
            assert wide <= BUDGET_PX, (year, label, wide)
            assert (row_height or 0) <= row_height_px(SCORECARD_LINES), (year, label)


def _marks(svg: str) -> list[tuple[float, float, float]]:
    """Each dot's and square's centre and half size in a sparkline."""
    dots = [
        (float(x), float(y), 3.5)
        for x, y in re.findall(r'<circle[^>]* cx="([\d.]+)" cy="([\d.]+)"', svg)
    ]
    squares = [
        (float(x) + 3, float(y) + 3, 3.0)
        for x, y in re.findall(r'<rect[^>]* x="(-?[\d.]+)" y="(-?[\d.]+)"', svg)
    ]
    return dots + squares


def test_the_first_years_trend_is_drawn_where_it_can_be_seen() -> None:
    """Kaohsiung 109: each indicator has its target and actual in 109 only, over the
    phase's years 107–109. The picture spans the years with points (one: in the middle),
    not three years with the points squeezed against the right edge; every mark is whole."""
    card = compute_scorecard(tracker_of("kaohsiung"), ScorecardParams(2020))
    first = card.rows[0].track
    assert first.chart_years == (2018, 2019, 2020)
    spark = build_sparkline(first, 140, 40)
    assert spark is not None
    marks = _marks(spark.svg)
    assert len(marks) == 2  # 109's actual and target
    assert all(x == 70 for x, _y, _r in marks)
    for row in card.rows:
        for height in (29, 42, 86):  # a short, a picture-high and a wrapped row
            spark = build_sparkline(row.track, 140, height)
            if spark is None:
                continue
            for x, y, r in _marks(spark.svg):
                assert r + 2 <= x <= 140 - r - 2 and r + 2 <= y <= height - r - 2, spark.svg


def test_a_scorecard_rows_trend_picture_fits_its_row_and_says_no_data() -> None:
    from components.indicator_panels import (
        GRID_CELL_PAD_PX,
        SPARK_ROW_PX,
        scorecard_row_px,
        trend_picture,
    )

    # a one-line row is tall enough for the picture at its full 40 px; a wrapped row keeps
    # its height, and the picture drawn for it is no wider than its column
    assert scorecard_row_px(None) == SPARK_ROW_PX >= 40 + 2 * GRID_CELL_PAD_PX
    assert scorecard_row_px(92) == 92
    for row_px in (SPARK_ROW_PX, 92):
        svg = base64.b64decode(trend_picture(foster_like(), "zh", row_px).split(",", 1)[1]).decode()
        height = row_px - 2 * GRID_CELL_PAD_PX
        assert f'height="{height}"' in svg and 'width="140"' in svg
        assert SPARK_COLUMN_PX >= 140  # the picture fits its column
    empty = build_track(indicator(target_year=None, baseline=None), targets(), actuals())
    for lang, words in (("zh", "無資料"), ("en", "no data")):
        svg = base64.b64decode(trend_picture(empty, lang, SPARK_ROW_PX).split(",", 1)[1]).decode()
        assert f">{words}</text>" in svg
