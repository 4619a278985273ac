"""A bureau's real volume: the pages and views accept any valid table size without error,
and their charts stay bounded (a few panels, a few traces) however many categories come in.

Sizes are drawn from seeded random generators (reproducible: the seed is in the test id),
up to a few thousand rows per table; no timing is asserted here (speed is in bench/).
"""

from __future__ import annotations

import random
import re

import pandas as pd
import pytest

from components.indicator_charts import build_indicator_figure, build_sparkline
from components.referral_charts import build_referral_figure, build_reporter_figure
from components.staffing_charts import (
    build_cumulative_plan_figure,
    build_hiring_gap_figure,
    build_posts_by_agency_figure,
)
from safetynet.briefing.deck import BriefingContext, build_deck
from safetynet.cities import get_city
from safetynet.editing.importing import prepare_import
from safetynet.editing.plans import commit
from safetynet.indicators.tables import TrackerTables
from safetynet.indicators.tracker import (
    BEHIND,
    MET,
    MISSED,
    NO_DATA,
    ScorecardParams,
    TrackerParams,
    compute_scorecard,
    compute_status_table,
    compute_tracker,
    default_status_year,
    default_year,
    scorecard_from_status,
    status_years,
    strategy_counts,
)
from safetynet.indicators.views import (
    scorecard_display_table,
    strategy_summary_table,
    track_display_table,
)
from safetynet.referrals.trends import (
    DEFAULT_REPORTER_TYPES,
    MAX_CHART_TYPES,
    MAX_REPORTER_TYPES,
    ReferralParams,
    compute_referral_trends,
    reporter_chart,
)
from safetynet.staffing.posts import (
    CHART_AGENCIES,
    agency_table,
    compute_staffing_overview,
    cumulative_plan,
)
from safetynet.staffing.views import (
    agency_display_table,
    cumulative_display_table,
    staffing_display_table,
)
from safetynet.storage.store import Store
from tests.helpers import figures, staffing_frame

SOURCE = "局內統計 · 年度通報來源統計"
REPORTERS = ["社政", "醫衛", "教育", "警政", "司法", "村里", "民眾", "其他單位"]


def referral_frame(
    n_types: int, n_sources: int, years: list[int], *, totals: bool = False
) -> pd.DataFrame:
    """Counts per type, year and source (and, with ``totals``, a printed total row)."""
    rows = []
    for k in range(n_types):
        for year in years:
            counts = [(f"來源{j:02d}", 10 + (k * 7 + year + j * 13) % 90) for j in range(n_sources)]
            if totals or not counts:
                rows.append((year, k, None, sum(c for _, c in counts) or 5 + k))
            rows += [(year, k, source, count) for source, count in counts]
    return pd.DataFrame(
        {
            "year": [r[0] for r in rows],
            "referral_type": [f"type_{r[1]:02d}" for r in rows],
            "type_zh": [f"類型{r[1]:02d}通報數" for r in rows],
            "type_en": [f"Type {r[1]:02d} reports" for r in rows],
            "reporter": [r[2] for r in rows],
            "count": [r[3] for r in rows],
            "unit": "件",
            "unit_en": "reports",
            "source": SOURCE,
            "note": None,
        }
    )


def empty_outcomes() -> pd.DataFrame:
    return pd.DataFrame(
        columns=["metric", "label_zh", "label_en", "year", "year_to", "value", "source", "note"]
    )


# -- the page: 12 types × 4 sources × 3 years, imported as a user would -------------------


def _import_referrals(frame: pd.DataFrame) -> None:
    store = Store.open()
    data = frame.to_csv(index=False).encode("utf-8")
    plan = prepare_import(store, "kaohsiung", "referrals", "referrals.csv", data, who="測試")
    assert plan.ok, plan.messages("zh")
    commit(store, plan, who="測試")
    store.engine.dispose()


def test_twelve_types_by_four_sources_show_the_source_chart(app_test) -> None:
    frame = referral_frame(12, 4, [2019, 2020, 2021])
    names = dict(zip([f"來源{j:02d}" for j in range(4)], REPORTERS[:4], strict=True))
    frame["reporter"] = frame["reporter"].map(names)
    _import_referrals(frame)
    at = app_test("pages/referrals.py").run()
    assert not at.exception
    trend, by_source = figures(at)
    assert len(trend.data) == 8  # the eight largest types to start with; the user adds more
    titles = [a.text for a in by_source.layout.annotations]
    assert len(titles) == DEFAULT_REPORTER_TYPES
    assert {tr.name for tr in by_source.data} == {"社政", "醫衛", "教育", "警政"}

    # every type with its sources, two sources one by one and the rest as 其他
    at.multiselect(key="referrals.reporter_types").set_value(
        [f"type_{k:02d}" for k in range(MAX_REPORTER_TYPES)]
    )
    at.number_input(key="referrals.top_sources").set_value(2).run()
    assert not at.exception
    _, by_source = figures(at)
    assert len(by_source.layout.annotations) == MAX_REPORTER_TYPES
    names = {tr.name for tr in by_source.data}
    assert len(names) == 3 and "其他（2 個來源）" in names
    # the sources table lists what the chart shows, by type, year and source (built when
    # its expander is opened)
    assert not [d for d in at.dataframe if "通報來源" in d.value.columns]
    at.session_state["referrals.reporters_data"] = True
    at.run()
    table = next(d.value for d in at.dataframe if "通報來源" in d.value.columns)
    assert len(table) == MAX_REPORTER_TYPES * 4 * 3


def test_thirty_types_by_twenty_sources_stay_a_few_panels_and_traces() -> None:
    frame = referral_frame(30, 20, list(range(2015, 2022)))
    trends = compute_referral_trends(frame, empty_outcomes())
    fig = build_reporter_figure(trends, types=list(frame["referral_type"].unique()), top_sources=6)
    assert len(fig.layout.annotations) == MAX_REPORTER_TYPES
    assert len({tr.name for tr in fig.data}) == 7  # six sources and 其他
    other = [tr for tr in fig.data if tr.name.startswith("其他")][0]
    assert other.name == "其他（14 個來源）"
    # the 其他 part is the sum of the folded sources: nothing is lost
    chart = reporter_chart(trends.reporters, list(frame["referral_type"].unique()[:1]), 6)
    shown = frame[(frame["referral_type"] == "type_00") & frame["reporter"].notna()]
    assert chart.rows["count"].sum() == shown["count"].sum()
    trend = build_referral_figure(trends, facets=True)
    assert len(trend.data) == MAX_CHART_TYPES


# -- any size: referrals -----------------------------------------------------------------


@pytest.mark.parametrize("seed", range(12))
def test_referral_views_accept_any_size(seed: int) -> None:
    rng = random.Random(seed)
    n_types = rng.randint(1, 40)
    n_years = rng.randint(1, 12)
    n_sources = rng.randint(0, max(0, min(25, 3000 // (n_types * n_years) - 1)))
    first = rng.randint(2000, 2020)
    years = sorted(rng.sample(range(first, first + 20), n_years))
    frame = referral_frame(n_types, n_sources, years, totals=rng.random() < 0.5)
    everything = compute_referral_trends(frame, empty_outcomes())
    assert len(everything.all_types) == n_types
    codes = [rt.code for rt in everything.all_types]
    picked = tuple(rng.sample(codes, rng.randint(1, n_types)))
    trends = compute_referral_trends(
        frame, empty_outcomes(), ReferralParams(years[0], years[-1], picked)
    )
    assert len(trends.summaries) == len(picked)
    for measure in ("count", "index"):
        for facets in (False, True):
            fig = build_referral_figure(trends, measure=measure, facets=facets)
            assert len(fig.data) == min(len(picked), MAX_CHART_TYPES)
    top = rng.randint(1, 12)
    fig = build_reporter_figure(trends, types=list(picked), top_sources=top)
    if n_sources:
        assert len(fig.layout.annotations) == min(len(picked), MAX_REPORTER_TYPES)
        assert len({tr.name for tr in fig.data}) <= top + 1
    else:
        assert not fig.data
    fig.to_json()  # what reaches the browser is valid


def test_referral_series_match_the_counts_year_by_year() -> None:
    frame = referral_frame(3, 2, [2016, 2017, 2019], totals=True)
    trends = compute_referral_trends(frame, empty_outcomes())
    series = trends.series.set_index(["referral_type", "year"])
    totals = frame[frame["reporter"].isna()].set_index(["referral_type", "year"])["count"]
    assert series["count"].to_dict() == totals.to_dict()
    row = series.loc[("type_01", 2017)]
    before = totals[("type_01", 2016)]
    assert row["yoy_change"] == totals[("type_01", 2017)] - before
    assert row["index"] == pytest.approx(100 * totals[("type_01", 2017)] / before)
    assert pd.isna(series.loc[("type_01", 2019), "yoy_change"])  # 2018 is missing


# -- any size: indicators ------------------------------------------------------------------

RULES = ("by_target_year", "every_year", "relative_to_previous")
INDICATOR_SOURCE = "000_a6c4c72a35a39901.txt · 策略一：測試"


def indicator_tables(rng: random.Random, n: int) -> TrackerParams:
    """``n`` indicators with every kind of target rule, baselines, printed targets and
    actuals (some years missing), in the store's column layout."""
    ind, targets, actuals, definitions = [], [], [], []
    for i in range(n):
        rule = rng.choice(RULES)
        phase = rng.choice((1, 2))
        first, last = {1: (2018, 2020), 2: (2021, 2025)}[phase]
        has_base = rule == "by_target_year" and rng.random() < 0.5
        ind.append(
            {
                "indicator_id": f"i_{i:05d}",
                "phase": phase,
                "strategy": rng.randint(1, 4),
                "agency_zh": rng.choice(("社會局", "衛生局", "教育局", None)),
                "agency_en": "Agency",
                "name_zh": f"指標{i}",
                "name_en": f"Indicator {i}",
                "unit": rng.choice(("%", "處", "人")),
                "unit_en": "unit",
                "direction": rng.choice(("up", "down")),
                "target_rule": rule,
                "baseline": float(rng.randint(0, 80)) if has_base else None,
                "baseline_year": first - 1 if has_base else None,
                "target": float(rng.randint(1, 100)),
                "target_year": None if rng.random() < 0.2 else last,
                "source": INDICATOR_SOURCE,
                "note": None,
            }
        )
        for year in rng.sample(range(first, last + 1), rng.randint(0, 2)):
            targets.append(
                {
                    "indicator_id": f"i_{i:05d}",
                    "year": year,
                    "target": float(rng.randint(1, 100)),
                    "source": INDICATOR_SOURCE,
                    "note": None,
                }
            )
        for year in rng.sample(range(first - 1, last + 1), rng.randint(0, 3)):
            actuals.append(
                {
                    "indicator_id": f"i_{i:05d}",
                    "year": year,
                    "year_basis": "calendar",
                    "value": float(rng.randint(0, 100)),
                    "source": INDICATOR_SOURCE,
                    "note": None,
                }
            )
        if rng.random() < 0.3:
            definitions.append(
                {
                    "indicator_id": f"i_{i:05d}",
                    "definition_zh": "定義",
                    "definition_en": "Definition",
                    "source": INDICATOR_SOURCE,
                    "note": None,
                }
            )
    columns = {
        "targets": ["indicator_id", "year", "target", "source", "note"],
        "actuals": ["indicator_id", "year", "year_basis", "value", "source", "note"],
        "definitions": ["indicator_id", "definition_zh", "definition_en", "source", "note"],
    }
    indicators = pd.DataFrame(ind)
    for column in ("baseline_year", "target_year"):
        indicators[column] = indicators[column].astype("Int64")
    return TrackerParams(
        indicators,
        pd.DataFrame(targets, columns=columns["targets"]),
        pd.DataFrame(actuals, columns=columns["actuals"]),
        pd.DataFrame(definitions, columns=columns["definitions"]),
    )


@pytest.mark.parametrize("seed", range(8))
def test_indicator_views_accept_any_size(seed: int) -> None:
    rng = random.Random(seed)
    params = indicator_tables(rng, rng.choice((1, 7, 40, 300, 2000)))
    tracker = compute_tracker(params)
    statuses = compute_status_table(params)
    # the compact status table says what the tracks say, year by year
    expected = [(tr.indicator.indicator_id, s.year, s.status) for tr in tracker.tracks
                for s in tr.statuses]  # fmt: skip
    got = list(zip(statuses["indicator_id"], statuses["year"], statuses["status"], strict=True))
    assert got == expected
    year = default_status_year(statuses)
    assert year == default_year(tracker)
    if year is None:
        return
    full = compute_scorecard(tracker, ScorecardParams(year))
    every = scorecard_from_status(params, statuses, ScorecardParams(year), None)
    assert every.summary == full.summary
    assert [r.track.indicator.indicator_id for r in every.rows] == [
        r.track.indicator.indicator_id for r in full.rows
    ]
    assert [r.status for r in every.rows] == [r.status for r in full.rows]
    few = scorecard_from_status(params, statuses, ScorecardParams(year), 25)
    # the page's tracker, computed once: each year's scorecard is a selection from it
    tables = TrackerTables.from_params(params)
    for each_year in status_years(statuses):
        for limit in (None, 25):
            card = ScorecardParams(each_year)
            assert tables.scorecard(card, limit) == scorecard_from_status(
                params, statuses, card, limit
            )
    assert few.summary == full.summary and len(few.rows) == min(25, len(full.rows))
    urgency = {MISSED: 0, BEHIND: 1, NO_DATA: 2, MET: 3}
    shown = sorted(urgency[r.status.status] for r in few.rows)
    assert shown == sorted(urgency[r.status.status] for r in full.rows)[: len(few.rows)]
    by_strategy = strategy_summary_table(
        strategy_counts(statuses, ScorecardParams(year)), params.indicators, "zh"
    )
    assert by_strategy["合計"].sum() == full.summary.total
    assert len(scorecard_display_table(few, "roc", "en")) == len(few.rows)
    for row in few.rows[:5]:
        build_indicator_figure(row.track, "roc", "zh").to_json()
        build_sparkline(row.track)
        track_display_table(row.track, "ad", "en")


def test_briefing_scorecard_stays_a_few_slides_at_any_size() -> None:
    params = indicator_tables(random.Random(3), 1500)
    tables = {
        "indicators": params.indicators,
        "indicator_targets": params.targets,
        "indicator_actuals": params.actuals,
        "indicator_definitions": params.definitions,
    }
    ctx = BriefingContext(get_city("kaohsiung"), tables, "zh", "roc", 2023)
    deck = build_deck(ctx, ["indicator_scorecard"])
    kinds = [type(s).__name__ for s in deck.slides]
    # title, the sentence, the counts per strategy (8 at most: one slide), a 4-slide appendix
    assert kinds == ["TitleSlide", "KpiSlide", "TableSlide"] + ["TableSlide"] * 4
    strategies = deck.slides[2]
    assert "各策略" in strategies.title and len(strategies.rows) <= 8
    assert deck.slides[3].title.startswith("附錄")
    assert "完整計分卡" in deck.slides[3].caption


def test_briefing_lists_every_target_in_doubt_when_the_scorecard_is_capped() -> None:
    """The appendix holds the most urgent indicators; the targets in doubt are all listed,
    also those of indicators that met their target and so are left out of the appendix."""
    params = indicator_tables(random.Random(3), 1500)
    statuses = compute_status_table(params)
    met = statuses[(statuses["year"] == 2023) & (statuses["status"] == MET)]["order"]
    doubted = sorted(int(o) for o in met.iloc[-3:])
    indicators = params.indicators.copy()
    note = "⚠ 目標疑為全國目標：全國目標 / ⚠ Target reads like a national target: national"
    indicators.loc[doubted, "note"] = note
    tables = {
        "indicators": indicators,
        "indicator_targets": params.targets,
        "indicator_actuals": params.actuals,
        "indicator_definitions": params.definitions,
    }
    deck = build_deck(
        BriefingContext(get_city("kaohsiung"), tables, "zh", "roc", 2023), ["indicator_scorecard"]
    )
    appendix = [r for s in deck.slides if s.title.startswith("附錄") for r in s.rows]
    names = {indicators.loc[o, "name_zh"] for o in doubted}
    assert appendix and not names & {r[0] for r in appendix}  # met: not the most urgent
    [reasons] = [s for s in deck.slides if s.title.endswith("目標提醒")]
    assert sorted(r[0].split("（")[0] for r in reasons.rows) == sorted(names)
    assert all(r[1] == "⚠ 目標疑為全國目標：全國目標" for r in reasons.rows)


# -- any size: staffing ------------------------------------------------------------------


@pytest.mark.parametrize("seed", range(8))
def test_staffing_views_accept_any_size(seed: int) -> None:
    rng = random.Random(seed)
    yearly = seed % 2 == 1
    frame = staffing_frame(rng, rng.choice((1, 5, 60, 500)), yearly)
    plan = cumulative_plan(frame)
    posts = frame.groupby(["agency_zh", "period", "measure"])["posts"].sum()
    for row in plan.itertuples():
        if row.step == "phase1":
            assert row.posts == posts[(row.agency_zh, "phase1", "approved")]
        elif row.step == "phase1_2":
            expected = posts[(row.agency_zh, "phase1", "approved")]
            expected += posts[(row.agency_zh, "phase2", "new")]
            assert row.posts == expected
        elif row.step != "baseline":  # existing staff plus every new post up to that year
            periods = ("y2018", "y2019", "y2020")[: ("y2018", "y2019", "y2020").index(row.step) + 1]
            expected = posts.get((row.agency_zh, "baseline", "existing"), 0)
            expected += sum(posts.get((row.agency_zh, p, "new"), 0) for p in periods)
            assert row.posts == expected
    overview = compute_staffing_overview(frame)
    agencies = agency_table(frame)
    if not agencies.empty:
        fig = build_posts_by_agency_figure(agencies, "zh")
        assert len(fig.data[0].y) <= CHART_AGENCIES  # one bar per agency, across
        if agencies["approved"].notna().any():
            build_hiring_gap_figure(agencies, "en").to_json()
        agency_display_table(agencies, "zh")
    if not plan.empty:
        fig = build_cumulative_plan_figure(plan, "zh", "roc")
        assert len(fig.data) <= CHART_AGENCIES + 1  # agencies (and 其他), then the total line
        assert cumulative_display_table(plan, "en", "ad")["Agency"].iloc[-1] == "Total"
    staffing_display_table(frame, None, "zh", "roc")
    assert overview.cumulative == tuple(
        (step, int(g["year"].iloc[0]), int(g["posts"].sum()))
        for step, g in plan.groupby("step", sort=False)
    )


# -- the pages with a few hundred rows each ---------------------------------------------------


def test_pages_with_hundreds_of_indicators_and_agencies(app_test) -> None:
    """Saved as a user would (through the store); the pages show bounded views without error."""
    rng = random.Random(7)
    params = indicator_tables(rng, 360)
    params.indicators["phase"] = 2  # every indicator is tracked in 2021–2025
    store = Store.open()
    for name, frame in (
        ("indicators", params.indicators),
        ("indicator_targets", params.targets[params.targets["year"] >= 2021]),
        ("indicator_actuals", params.actuals),
        ("staffing", staffing_frame(rng, 120, yearly=False)),
    ):
        store.save_user_rows("kaohsiung", name, frame, who="測試")
    store.engine.dispose()

    at = app_test("pages/indicators.py", **{"indicators.year": 2023}).run()
    assert not at.exception
    assert "共 3" in at.subheader[0].value  # every indicator counted in the summary
    shown = sum(len(df.value) for df in at.dataframe if "指標" in df.value.columns)
    assert shown == 300  # the most urgent rows; the CSV holds all
    strategies = next(df.value for df in at.dataframe if "合計" in df.value.columns)
    assert strategies["合計"].sum() > 300

    at = app_test("pages/staffing.py").run()
    assert not at.exception
    for fig in figures(at):
        assert len(fig.data[0].x or []) <= CHART_AGENCIES or len(fig.data) <= CHART_AGENCIES + 1

    at = app_test("pages/briefing.py", **{"briefing.year": 2023}).run()
    assert not at.exception
    counter = next(m.value for m in at.markdown if '<div class="brief-counter">' in m.value)
    total = int(re.search(r"/ (\d+) 頁", counter).group(1))
    assert total <= 40  # every section, each bounded (the shipped deck has 17 slides)


def test_the_indicators_page_changes_year_at_thousands_of_indicators(app_test) -> None:
    """3,000 indicators saved as a user would: each year the page shows the summary of
    every indicator and the 300 most urgent, as computed from the whole tables, and the
    detail picker finds any indicator by its code."""
    rng = random.Random(11)
    params = indicator_tables(rng, 3000)
    params.indicators["phase"] = 2  # every indicator is tracked in 2021–2025
    store = Store.open()
    for name, frame in (
        ("indicators", params.indicators),
        ("indicator_targets", params.targets[params.targets["year"] >= 2021]),
        ("indicator_actuals", params.actuals),
        ("indicator_definitions", params.definitions),
    ):
        store.save_user_rows("kaohsiung", name, frame, who="測試")
    stored = TrackerParams(
        *(
            store.read("kaohsiung", name)
            for name in ("indicators", "indicator_targets", "indicator_actuals")
        ),
        store.read("kaohsiung", "indicator_definitions"),
        store.read("kaohsiung", "phases"),
    )
    store.engine.dispose()
    statuses = compute_status_table(stored)

    at = app_test("pages/indicators.py", **{"indicators.year": 2021}).run()
    assert not at.exception
    for year in (2024, 2022):
        at.selectbox(key="indicators.year").set_value(year).run()
        assert not at.exception
        expected = scorecard_from_status(stored, statuses, ScorecardParams(year), 300)
        assert f"共 {expected.summary.total} 項" in at.subheader[0].value
        # the scorecard names its indicators (the store's codes are not shown)
        # (one grid per strategy and agency, each in the scorecard's order)
        grids = [list(df.value["指標"]) for df in at.dataframe if "指標" in df.value.columns]
        order = [r.track.indicator.name_zh for r in expected.rows]
        assert sorted(i for grid in grids for i in grid) == sorted(order)
        for grid in grids:
            assert grid == sorted(grid, key=order.index)

    at.text_input(key="indicators.search").set_value("i_02999").run()
    assert not at.exception
    assert at.selectbox(key="indicators.detail").options == ["指標2999"]  # found by its code
    assert any("指標2999" in h.value for h in at.markdown)


# -- caches follow the store's revision ------------------------------------------------------


def test_a_rerun_reads_nothing_and_a_save_elsewhere_is_seen(app_test, monkeypatch) -> None:
    reads: list[str] = []
    original, summary = Store.read, Store.summary

    def counting(self, city, name, *args, **kwargs):
        reads.append(name)
        return original(self, city, name, *args, **kwargs)

    def summing(self, city, name, *args, **kwargs):
        reads.append(name)
        return summary(self, city, name, *args, **kwargs)

    monkeypatch.setattr(Store, "read", counting)
    monkeypatch.setattr(Store, "summary", summing)
    at = app_test("pages/referrals.py", **{"settings.city": "keelung"}).run()
    assert not at.exception and reads
    reads.clear()
    at.run()
    assert reads == []  # nothing read again, nothing recomputed: the revision is the same

    # another process (the command-line import, a second server) saves a row
    other = Store.open()
    frame = referral_frame(1, 0, [2017])
    frame["referral_type"], frame["type_zh"] = "new_kind", "新類型通報數"
    other.save_user_rows("keelung", "referrals", frame, who="排程")
    other.engine.dispose()
    at.run()
    assert not at.exception
    assert set(reads) == {"referrals", "outcomes"}  # only the tables the page shows
    options = at.multiselect(key="referrals.types").options
    assert "新類型通報數" in options


def test_the_scorecard_csv_holds_every_indicator(tmp_database_url) -> None:
    from components.indicator_panels import full_scorecard_table

    store = Store.open(tmp_database_url)
    tables = store.read_city("kaohsiung")
    params = TrackerParams(
        tables["indicators"], tables["indicator_targets"],
        tables["indicator_actuals"], tables["indicator_definitions"], tables["phases"],
    )  # fmt: skip
    expected = scorecard_display_table(
        compute_scorecard(compute_tracker(params), ScorecardParams(2023)), "roc", "zh"
    )
    got = full_scorecard_table(store, "kaohsiung", 2023, None, "roc", "zh")
    pd.testing.assert_frame_equal(got, expected)
    assert len(got) == 26
