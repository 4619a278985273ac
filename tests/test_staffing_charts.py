"""Staffing figures: traces, values and labels in the reader's language."""

from __future__ import annotations

import pytest

from components.staffing_charts import (
    build_cumulative_plan_figure,
    build_hiring_gap_figure,
    build_plan_figure,
    build_posts_by_agency_figure,
    build_scenario_comparison_figure,
    build_sensitivity_figure,
)
from safetynet.staffing.planner import PlannerParams, ServiceLine, compute_plan
from safetynet.staffing.planner_views import comparison_by_year
from safetynet.staffing.posts import agency_table, cumulative_plan


def _plan(caseload: float, hired: int | None = None, approved: int | None = None):
    line = ServiceLine(
        "a",
        caseload=caseload,
        cases_per_worker=35,
        workers_per_supervisor=5,
        hired_now=hired,
        approved_posts=approved,
    )
    return compute_plan(PlannerParams(lines=(line,), base_year=2021, end_year=2023))


@pytest.mark.parametrize(
    ("lang", "names"),
    [
        ("zh", ["第一期已進用", "第一期未進用", "第二期新增"]),
        ("en", ["Phase 1 filled", "Phase 1 vacant", "Phase 2 new"]),
    ],
)
def test_posts_by_agency_is_stacked_by_phase(shipped_store, lang, names) -> None:
    fig = build_posts_by_agency_figure(
        agency_table(shipped_store.read("kaohsiung", "staffing")), lang
    )
    bars = [t for t in fig.data if t.type == "bar"]
    assert [b.name for b in bars] == names
    assert fig.layout.barmode == "stack"
    # horizontal bars: agency names read across (no 45° labels), the first agency on top
    assert {b.orientation for b in bars} == {"h"}
    assert fig.layout.yaxis.autorange == "reversed"
    assert list(bars[0].y)[0] == ("社會局" if lang == "zh" else "Social Affairs Bureau")
    assert [sum(b.x[i] for b in bars) for i in range(4)] == [610, 296, 91, 9]
    assert list(fig.data[-1].text) == ["610", "296", "91", "9"]  # totals on top
    # each segment's number in its middle, clear of the total just past the bar's end
    assert {b.insidetextanchor for b in bars} == {"middle"}


def test_hiring_gap_shows_approved_filled_and_the_gap(shipped_store) -> None:
    fig = build_hiring_gap_figure(agency_table(shipped_store.read("kaohsiung", "staffing")), "zh")
    approved, hired, vacant = fig.data
    assert [t.name for t in fig.data] == ["第一期核定", "第一期已進用", "第一期未進用"]
    assert {b.orientation for b in fig.data} == {"h"}
    assert list(approved.x) == [262, 49, 0, 6] and list(hired.x) == [256, 43, 0, 6]
    assert list(vacant.x) == [6, 6, 0, 0]


@pytest.mark.parametrize(
    ("city", "style", "lang", "x", "totals"),
    [
        ("keelung", "roc", "zh", ["現有人力", "107年", "108年", "109年"], [45, 59, 77, 86]),
        ("keelung", "ad", "en", ["Existing staff", "2018", "2019", "2020"], [45, 59, 77, 86]),
        ("kaohsiung", "roc", "zh", ["第一期（107–109年）", "第一、二期（107–114年）"], [317, 1006]),
    ],
)
def test_cumulative_plan_by_step(shipped_store, city, style, lang, x, totals) -> None:
    plan = cumulative_plan(shipped_store.read(city, "staffing"))
    fig = build_cumulative_plan_figure(plan, lang, style)
    total = fig.data[-1]
    assert list(total.x) == x and list(total.y) == totals
    assert len(fig.data) == plan["agency_zh"].nunique() + 1


def test_plan_figure_stacks_workers_and_supervisors_and_draws_known_lines_only() -> None:
    fig = build_plan_figure(_plan(170, hired=3).totals_frame(), "zh", "roc")
    assert [t.name for t in fig.data] == [
        "需要社工",
        "需要督導",
        "應核定員額（含空缺）",
        "目前已進用",
    ]
    assert list(fig.data[0].x) == ["110年", "111年", "112年"]
    assert list(fig.data[0].y) == [5, 5, 5] and list(fig.data[1].y) == [1, 1, 1]


def test_sensitivity_figure_marks_the_current_ratio() -> None:
    result = _plan(700)
    fig = build_sensitivity_figure(result.sensitivity_frame(), "en", 35)
    posts = fig.data[0]
    assert posts.name == "Posts to fund (with vacancy)"
    assert list(posts.x) == [25, 30, 35, 40, 45]
    assert list(posts.y) == [34, 29, 24, 22, 20]
    assert fig.layout.shapes[0].x0 == 35
    assert fig.layout.xaxis.title.text == "Target cases per worker"


def test_scenario_comparison_has_one_line_per_scenario() -> None:
    by_year = comparison_by_year({"低": _plan(170), "高": _plan(350)})
    fig = build_scenario_comparison_figure(by_year, "zh", "ad")
    assert [t.name for t in fig.data] == ["低", "高"]
    assert list(fig.data[0].x) == ["2021年", "2022年", "2023年"]
    assert list(fig.data[1].y) == [12, 12, 12]
    assert fig.layout.font.size >= 16  # readable on a projector


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_title_is_one_line(shipped_store, lang) -> None:
    """A title on two lines pushes its chart down, out of line with the chart beside it:
    the two side by side (half the page) and the planner's (the whole page) are one line."""
    staffing = shipped_store.read("kaohsiung", "staffing")  # Keelung's table has no agencies
    agencies = agency_table(staffing)
    result = _plan(700)
    figures = [
        build_posts_by_agency_figure(agencies, lang),
        build_hiring_gap_figure(agencies, lang),
        build_cumulative_plan_figure(cumulative_plan(staffing), lang, "roc"),
        build_plan_figure(result.totals_frame(), lang, "roc"),
        build_sensitivity_figure(result.sensitivity_frame(), lang, 35),
        build_scenario_comparison_figure(
            comparison_by_year({"a": _plan(170), "b": _plan(350)}), lang, "roc"
        ),
    ]
    titles = [fig.layout.title.text for fig in figures]
    assert all(titles) and not [title for title in titles if "<br>" in title], titles


def test_a_legend_of_long_names_gets_its_rows_above_the_plot(shipped_store) -> None:
    """Keelung's cumulative plan names five service lines (some of 80 characters) and the
    total: plotly puts each on its own row above the plot, and they ran into the title
    (1366×768, English). The top margin holds the title and six rows; the plot keeps its
    height."""
    from components.staffing_charts import CHART_PX, LEGEND_ROW_PX, TITLE_PX

    keelung = build_cumulative_plan_figure(
        cumulative_plan(shipped_store.read("keelung", "staffing")), "en", "roc"
    )
    assert len(keelung.data) == 6  # five lines and the total
    assert keelung.layout.margin.t >= TITLE_PX + 6 * LEGEND_ROW_PX
    assert (
        keelung.layout.height - keelung.layout.margin.t >= CHART_PX - TITLE_PX - 2 * LEGEND_ROW_PX
    )
    # a short legend keeps the usual margin and height
    kaohsiung = build_cumulative_plan_figure(
        cumulative_plan(shipped_store.read("kaohsiung", "staffing")), "zh", "roc"
    )
    assert kaohsiung.layout.margin.t == TITLE_PX + 2 * LEGEND_ROW_PX
    assert kaohsiung.layout.height is None
