"""The staffing page's kept figures (issue 20): what it shows from them equals what the
whole tables give, on the fixture city, on random staffing tables and on a store with
users' changes (both engines)."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pandas as pd
import pytest

from safetynet.i18n import note_in
from safetynet.phases import city_phase_figures
from safetynet.staffing.figures import (
    StaffingFigures,
    agency_csv_table,
    agency_head_table,
    cumulative_csv_table,
    cumulative_head_table,
    figures_from_tables,
    required_notes,
    staffing_figures,
)
from safetynet.staffing.posts import (
    agency_chart_table,
    agency_table,
    compute_staffing_overview,
    cumulative_chart_plan,
    cumulative_plan,
    hiring_gap_table,
    published_checks,
    required_by_year,
    required_rows,
)
from safetynet.staffing.views import (
    agency_display_table,
    cumulative_display_table,
    staffing_display_head,
    staffing_display_table,
)
from safetynet.storage.store import DATA_DIR, Store
from tests.helpers import edited_store, staffing_frame

NO_OUTCOMES = pd.DataFrame(columns=["metric", "value", "source", "label_zh", "label_en", "note"])
NO_TOTALS = pd.DataFrame(
    columns=["agency_zh", "agency_en", "period", "year_from", "year_to", "measure", "posts"]
)


def assert_same_views(
    figures: StaffingFigures,
    staffing: pd.DataFrame,
    outcomes: pd.DataFrame,
    totals: pd.DataFrame,
    shown: int,
) -> None:
    """Every view the page shows from ``figures`` is the whole table's (its first rows)."""
    overview = compute_staffing_overview(staffing)
    assert figures.overview == overview
    assert figures.checks == published_checks(overview, outcomes, staffing, totals)
    agencies = agency_table(staffing)
    assert figures.agency_count == len(agencies)
    assert figures.any_approved == bool(agencies["approved"].notna().any())
    pd.testing.assert_frame_equal(figures.agency_chart, agency_chart_table(staffing))
    pd.testing.assert_frame_equal(figures.gap_chart, hiring_gap_table(staffing))
    plan = cumulative_plan(staffing)
    pd.testing.assert_frame_equal(figures.plan_chart, cumulative_chart_plan(staffing))
    assert figures.plan_steps.empty == plan.empty
    assert list(figures.plan_steps["step"]) == list(plan["step"].drop_duplicates())
    pd.testing.assert_frame_equal(figures.required, required_by_year(staffing))
    for lang, style in (("zh", "roc"), ("en", "ad")):
        if len(agencies):
            whole = agency_display_table(agencies, lang)
            head = agency_head_table(figures, lang, shown)
            pd.testing.assert_frame_equal(head, whole.head(shown), obj=f"agencies {lang}")
        if len(plan):
            whole = cumulative_display_table(plan, lang, style)
            head = cumulative_head_table(figures, lang, style, shown)
            pd.testing.assert_frame_equal(head, whole.head(shown), obj=f"plan {lang}")
            assert figures.plan_agencies[lang] + 1 == len(whole)


def test_the_fixture_city_shows_the_whole_tables_views(testville) -> None:
    staffing, outcomes = testville["staffing"], testville["outcomes"]
    totals = testville["staffing_totals"]
    agencies = staffing["agency_zh"].nunique()
    for shown in (1, 2, agencies, agencies + 1, 2_000):
        figures = figures_from_tables(staffing, outcomes, totals, shown)
        assert_same_views(figures, staffing, outcomes, totals, shown)
    figures = figures_from_tables(staffing, outcomes, totals, 2_000)
    assert figures.overview.hiring is not None  # the city has figures to compare
    assert len(figures.agencies) == agencies and figures.checks


@pytest.mark.parametrize("seed", range(12))
def test_random_staffing_tables_show_the_whole_tables_views(seed: int) -> None:
    rng = random.Random(seed)
    frame = staffing_frame(rng, rng.choice((1, 5, 13, 40, 250)), yearly=seed % 2 == 1)
    if seed % 4 == 3:  # a few agencies' rows gone: agencies without approved or new posts
        frame = frame.drop(index=list(range(0, len(frame), 5))).reset_index(drop=True)
    for shown in (1, 3, 12, 2_000):
        figures = figures_from_tables(frame, NO_OUTCOMES, NO_TOTALS, shown)
        assert_same_views(figures, frame, NO_OUTCOMES, NO_TOTALS, shown)
        assert len(figures.agencies) <= shown
        assert figures.plan["agency_zh"].nunique() <= 2 * shown


@pytest.fixture
def edited(database_url: str, tmp_path: Path) -> Store:
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    return edited_store(database_url, data)


@pytest.mark.both_engines
def test_the_stored_figures_and_downloads_are_the_whole_tables(edited: Store) -> None:
    store = edited
    for slug in ("kaohsiung", "keelung"):
        staffing = store.read(slug, "staffing")
        outcomes = store.read(slug, "outcomes")
        totals = store.read(slug, "staffing_totals")
        figures = staffing_figures(store, slug, 3)
        assert_same_views(figures, staffing, outcomes, totals, 3)
        required = required_rows(staffing)
        for lang in ("zh", "en"):
            notes = dict.fromkeys(note_in(n, lang) for n in required["note"] if n)
            assert required_notes(figures, lang) == list(notes)
        assert figures.required_sources == tuple(dict.fromkeys(required["source"]))
        pd.testing.assert_frame_equal(
            agency_csv_table(store, slug, "en"), agency_display_table(agency_table(staffing), "en")
        )
        pd.testing.assert_frame_equal(
            cumulative_csv_table(store, slug, "zh", "roc"),
            cumulative_display_table(cumulative_plan(staffing), "zh", "roc"),
        )
    store.engine.dispose()


@pytest.mark.both_engines
def test_the_phase_figures_from_sums_are_those_of_the_whole_tables(edited: Store) -> None:
    """The staffing page's phase section reads the posts summed per period and measure and
    the indicators counted per phase, not the whole tables: the same figures."""
    store = edited
    every = []
    for slug in ("kaohsiung", "keelung"):
        staffing, indicators = store.read(slug, "staffing"), store.read(slug, "indicators")
        posts = store.summary(slug, "staffing", ("period", "measure"), ("posts",))
        counts = store.summary(slug, "indicators", ("phase",))
        found = [city_phase_figures(staffing, indicators, n) for n in (1, 2, 3)]
        assert [city_phase_figures(posts, counts, n) for n in (1, 2, 3)] == found
        every += found
    assert any(f.approved_posts for f in every) and any(f.indicators for f in every)
    store.engine.dispose()


def test_the_detail_rows_give_the_first_rows_of_the_whole_detail() -> None:
    frame = staffing_frame(random.Random(4), 900, yearly=False)
    figures = figures_from_tables(frame, NO_OUTCOMES, NO_TOTALS, 2_000)
    whole = staffing_display_table(frame, None, "en", "ad")
    head, rows = staffing_display_head(figures.detail, None, "en", "ad", 2_000)
    assert figures.detail_count == len(frame) == len(whole) > 2_000
    pd.testing.assert_frame_equal(head, whole.head(2_000))
