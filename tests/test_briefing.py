"""The briefing deck: slides built from the stored tables, in order, with sources."""

from __future__ import annotations

import pandas as pd
import pytest

from safetynet import briefing
from safetynet.briefing import (
    BriefingContext,
    ChartSlide,
    ImageSlide,
    KpiSlide,
    MessageSlide,
    Section,
    Series,
    TableSlide,
    TitleSlide,
    available_years,
    build_deck,
    chart_frame,
    section_keys,
    tables_for,
)
from safetynet.cities import get_city
from safetynet.pdf_export import NO_LINE_START, wrap_text
from safetynet.store import Store


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    return Store.open(f"sqlite:///{tmp_path_factory.mktemp('briefing') / 'store.sqlite'}")


def deck_of(store: Store, city: str, lang: str = "zh", year: int | None = None, keys=None):
    tables = store.read_city(city)
    ctx = BriefingContext(get_city(city), tables, lang, "roc", year)
    return build_deck(ctx, keys or section_keys()), tables


def charts(deck) -> list[ChartSlide]:
    return [s for s in deck.slides if isinstance(s, ChartSlide)]


def test_kaohsiung_deck_has_every_section_in_order(store) -> None:
    deck, _ = deck_of(store, "kaohsiung", year=2021)
    kinds = [type(s).__name__ for s in deck.slides]
    assert kinds == [
        "TitleSlide", "KpiSlide", "KpiSlide", "KpiSlide", "ImageSlide",
        "ChartSlide", "ChartSlide", "TableSlide",
    ]  # fmt: skip
    assert deck.slides[0].title == "高雄市 強化社會安全網計畫簡報"
    assert "資料截至 110年" in deck.slides[0].subtitle
    # every content slide names its source, in the `<seed file> · <slide title>` form
    for slide in deck.slides[1:]:
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


def test_kaohsiung_hiring_chart_equals_the_staffing_rows(store) -> None:
    deck, tables = deck_of(store, "kaohsiung")
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


def test_keelung_cumulative_line_agrees_with_the_printed_totals(store) -> None:
    deck, tables = deck_of(store, "keelung", "en")
    line = next(c for c in charts(deck) if c.kind == "line")
    printed = tables["staffing_totals"]
    printed = printed[printed["measure"] == "cumulative"]["posts"].astype(float)
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


def test_year_leaves_out_later_figures(store) -> None:
    deck, _ = deck_of(store, "keelung", year=2018, keys=["staffing"])
    yearly = next(c for c in charts(deck) if c.kind == "stacked_bar")
    assert yearly.categories == ("107年",)
    line = next(c for c in charts(deck) if c.kind == "line")
    assert line.series[0].values == (45.0, 59.0)
    empty, _ = deck_of(store, "keelung", year=2015, keys=["staffing"])
    assert isinstance(empty.slides[1], MessageSlide)
    assert "無資料" in empty.slides[1].text


def test_available_years_come_from_the_data(store) -> None:
    tables = store.read_city("kaohsiung")
    assert available_years(tables) == [2018, 2019, 2020, 2021]


def test_a_registered_section_joins_the_deck_in_its_order(store, monkeypatch) -> None:
    monkeypatch.setattr(briefing, "SECTIONS", dict(briefing.SECTIONS))

    def build_referrals(ctx: BriefingContext):
        return (
            ChartSlide(
                "通報趨勢", "src", "line", ("2019", "2020"), (Series("通報", (1.0, 2.0)),), "件"
            ),
        )

    briefing.register_section(
        Section("referrals", 30, "briefing.section.overview", ("referrals",), build_referrals)
    )
    assert section_keys() == ["overview", "service_map", "referrals", "staffing"]
    assert tables_for(["referrals", "staffing"]) == ("referrals", "staffing")
    deck, _ = deck_of(store, "keelung", keys=["staffing", "referrals"])
    assert deck.slides[1].title == "通報趨勢"
    with pytest.raises(KeyError, match="unknown briefing section 'nope'"):
        deck_of(store, "keelung", keys=["nope"])


def test_slides_refuse_inconsistent_data() -> None:
    with pytest.raises(ValueError, match="2 values for 3 categories"):
        ChartSlide("t", "s", "bar", ("a", "b", "c"), (Series("x", (1.0, 2.0)),), "人")
    with pytest.raises(ValueError, match="not one of"):
        ChartSlide("t", "s", "pie", ("a",), (Series("x", (1.0,)),), "人")  # type: ignore[arg-type]
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
    assert isinstance(TitleSlide("a", "b", "c"), TitleSlide)


def test_wrap_text_breaks_chinese_but_not_before_closing_punctuation() -> None:
    text = "核定員額（第一期）與已進用人數，依人力表計算之進用率"
    lines = wrap_text(text, 1.5, 22).split("\n")
    assert "".join(lines) == text and len(lines) > 1
    assert not any(line[:1] in NO_LINE_START for line in lines)
    english = wrap_text("Share of families closed with goals met", 2.0, 22).split("\n")
    assert " ".join(english) == "Share of families closed with goals met"
    assert pd.Series(english).str.len().max() < 20
