"""Figure builders: the right traces with the right values and labels in the chosen language."""

from __future__ import annotations

import plotly.graph_objects as go
import pytest

from components.charts import FONT_SIZE, wrap_label
from components.referral_charts import build_referral_figure, build_reporter_figure
from components.risk_charts import build_risk_change_figure, build_risk_share_figure
from safetynet.referrals.trends import ReferralParams, compute_referral_trends
from safetynet.risk.shares import compute_risk_shares
from tests.helpers import KAOHSIUNG_2020, outcomes, referrals, shares


@pytest.fixture(scope="module")
def keelung(shipped_store):
    tables = shipped_store.read_city("keelung")
    return compute_referral_trends(tables["referrals"], tables["outcomes"])


def _trace(fig: go.Figure, start: str):
    return next(tr for tr in fig.data if tr.name.startswith(start))


@pytest.mark.parametrize(
    ("chart", "trace_type"), [("line", go.Scatter), ("bar", go.Bar)], ids=["line", "bar"]
)
def test_one_trace_per_type_with_counts(keelung, chart, trace_type) -> None:
    fig = build_referral_figure(keelung, chart=chart, lang="zh", year_style="roc")
    assert len(fig.data) == 8
    assert all(isinstance(tr, trace_type) for tr in fig.data)
    dv = _trace(fig, "家庭暴力通報數")
    assert dv.name == "家庭暴力通報數（件）（期間 +19.9%）"
    assert list(dv.x) == ["104年", "105年", "106年"]
    assert list(dv.y) == [1499, 1523, 1798]
    assert list(dv.text) == ["1,499", "1,523", "1,798"]
    assert fig.layout.font.size >= FONT_SIZE
    assert fig.layout.yaxis.title.text == "數量（單位見圖例）"


def test_english_and_gregorian_years(keelung) -> None:
    fig = build_referral_figure(keelung, lang="en", year_style="ad")
    dv = _trace(fig, "Domestic violence")
    assert dv.name == "Domestic violence reports (reports) (+19.9% over the period)"
    assert list(dv.x) == ["2015", "2016", "2017"]
    roc = build_referral_figure(keelung, lang="en", year_style="roc")
    assert list(roc.data[0].x) == ["ROC 104", "ROC 105", "ROC 106"]


def test_small_multiples_give_each_type_its_panel(keelung) -> None:
    fig = build_referral_figure(keelung, facets=True, lang="zh")
    assert len(fig.data) == 8
    assert len({tr.xaxis for tr in fig.data}) == 8  # one panel per type
    titles = [a.text for a in fig.layout.annotations]
    assert titles[0].startswith("家庭暴力通報數（件）")
    assert not fig.layout.showlegend
    # each panel keeps its own scale: the psychiatric caseload panel goes far higher
    ranges = [fig.layout[f"yaxis{'' if i == 0 else i + 1}"].range[1] for i in range(8)]
    assert max(ranges) > 10 * min(ranges)


def test_index_view_starts_at_100_with_a_reference_line(keelung) -> None:
    fig = build_referral_figure(keelung, measure="index", lang="zh")
    dv = _trace(fig, "家庭暴力通報數")
    assert list(dv.y) == pytest.approx([100, 100 * 1523 / 1499, 100 * 1798 / 1499])
    assert fig.layout.yaxis.title.text == "指數（首年＝100）"
    assert [s.y0 for s in fig.layout.shapes] == [100]
    assert not dv.name.endswith("（件）")  # units do not apply to an index


def test_filtered_types_and_years(shipped_store) -> None:
    tables = shipped_store.read_city("keelung")
    trends = compute_referral_trends(
        tables["referrals"],
        tables["outcomes"],
        ReferralParams(year_from=2016, types=("suicide", "child_protection")),
    )
    fig = build_referral_figure(trends, chart="bar", lang="zh")
    assert [tr.name.split("（")[0] for tr in fig.data] == ["兒少保護通報數", "自殺通報人次"]
    assert list(fig.data[1].x) == ["105年", "106年"]
    assert list(fig.data[1].y) == [599, 557]


def test_rates_per_10000() -> None:
    trends = compute_referral_trends(
        referrals((2016, "a", 120), (2017, "a", 90)),
        outcomes(("population", 2016, None, 400_000.0)),
    )
    fig = build_referral_figure(trends, measure="rate", lang="en", year_style="ad")
    assert list(fig.data[0].y[:1]) == [3.0]
    assert fig.layout.yaxis.title.text == "Per 10,000 residents"


def test_reporter_figure_stacks_sources_per_type() -> None:
    trends = compute_referral_trends(
        referrals(
            (2016, "a", 5, "社政"),
            (2016, "a", 3, "醫衛"),
            (2017, "a", 7, "社政"),
            (2016, "b", 2, "教育"),
            (2016, "b", 4, "警政"),
        ),
        outcomes(),
    )
    fig = build_reporter_figure(trends, lang="zh")
    assert fig.layout.barmode == "stack"
    assert len(fig.data) == 4  # (a: 社政, 醫衛) + (b: 教育, 警政)
    assert [a.text for a in fig.layout.annotations] == ["a通報數", "b通報數"]
    social = [tr for tr in fig.data if tr.name == "社政"][0]
    assert list(social.y) == [5, 7]


# -- risk shares ------------------------------------------------------------------


@pytest.fixture(scope="module")
def kaohsiung_shares(shipped_store):
    return compute_risk_shares(shipped_store.read("kaohsiung", "risk_shares")).shares


def test_sorted_bar_with_values(kaohsiung_shares) -> None:
    fig = build_risk_share_figure(kaohsiung_shares, lang="zh", title="109年")
    assert len(fig.data) == 1
    bar = fig.data[0]
    assert isinstance(bar, go.Bar) and bar.orientation == "h"
    assert list(bar.x) == [43, 28, 12, 6, 6, 5]
    assert list(bar.y)[:2] == ["經濟陷困", "兒少發展不利"]
    assert list(bar.text) == ["43%", "28%", "12%", "6%", "6%", "5%"]
    assert fig.layout.yaxis.autorange == "reversed"  # largest on top
    assert fig.layout.title.text == "109年"
    assert "家庭經濟陷困至有福利需求" in bar.hovertext[0]


def test_full_names_in_english(kaohsiung_shares) -> None:
    fig = build_risk_share_figure(kaohsiung_shares, full_names=True, lang="en")
    assert fig.data[0].y[0] == wrap_label("Family economic hardship with welfare needs", 34)
    assert fig.layout.xaxis.title.text == "Share (%)"


def test_donut_shows_the_printed_shares(kaohsiung_shares) -> None:
    fig = build_risk_share_figure(kaohsiung_shares, chart="donut", lang="en")
    assert len(fig.data) == 1
    pie = fig.data[0]
    assert isinstance(pie, go.Pie) and pie.hole == 0.5
    assert list(pie.values) == [43, 28, 12, 6, 6, 5]
    assert list(pie.labels)[0] == "Economic hardship"
    assert pie.texttemplate == "%{label}<br>%{text}"
    assert list(pie.text)[0] == "43%"


@pytest.mark.parametrize(("lang", "text"), [("zh", "+3.0 個百分點"), ("en", "+3.0 pp")])
def test_change_in_points(lang, text) -> None:
    data = shares((2019, (40, 6, 7, 30, 11, 6)), (2020, KAOHSIUNG_2020))
    fig = build_risk_change_figure(compute_risk_shares(data).shares, lang=lang)
    assert len(fig.data) == 1
    assert list(fig.data[0].x) == pytest.approx([3, -2, 1, -1, 0, -1])
    assert fig.data[0].text[0] == text
