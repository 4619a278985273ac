"""The indicator tracker computed once per city and store revision (TrackerTables): the
scorecard of every year, agency and size is a selection from it, and equals the scorecard
computed from the whole tables as before; read from the store a part at a time, it is
the same as read whole."""

from __future__ import annotations

import pandas as pd
import pytest

from safetynet.indicators import tables as tracker_tables
from safetynet.indicators.tables import TrackerTables
from safetynet.indicators.tracker import (
    ScorecardParams,
    TrackerParams,
    build_tracks,
    compute_status_table,
    scorecard_from_status,
    status_agencies,
    strategy_counts,
)
from safetynet.indicators.views import doubted_orders, strategy_summary_table
from safetynet.storage.store import Change, Store

TABLE_NAMES = (
    "indicators",
    "indicator_targets",
    "indicator_actuals",
    "indicator_definitions",
    "phases",
)


def whole_tables(store: Store, city: str) -> TrackerParams:
    return TrackerParams(*(store.read(city, name) for name in TABLE_NAMES))


def status_rows(statuses: pd.DataFrame) -> list[tuple]:
    columns = ["indicator_id", "order", "phase", "strategy", "agency_zh", "year", "status"]
    frame = statuses[columns].astype(object)
    return [tuple(None if pd.isna(v) else v for v in row) for row in frame.itertuples(False)]


def assert_same_as_whole_tables(tables: TrackerTables, params: TrackerParams) -> None:
    """Every year's (and agency's) scorecard, uncapped and capped, its counts per strategy
    and every indicator's track equal those computed from the whole tables."""
    statuses = compute_status_table(params)
    assert status_rows(tables.statuses) == status_rows(statuses)
    assert list(tables.statuses["has_actual"]) == list(statuses["has_actual"])
    assert list(tables.listing["indicator_id"]) == list(params.indicators["indicator_id"])
    for column in tracker_tables.LISTING_COLUMNS:  # texts shared or not, as stored
        got = [None if pd.isna(v) else v for v in tables.listing[column]]
        assert got == [None if pd.isna(v) else v for v in params.indicators[column]], column
    orders = range(len(params.indicators))
    assert doubted_orders(tables.listing, orders) == doubted_orders(params.indicators, orders)
    assert tables.agencies == status_agencies(params.indicators)
    years = sorted(int(y) for y in statuses["year"].unique())
    assert years  # the city tracks its indicators over some years
    for year in years:
        for agency in [None, *(zh for zh, _ in tables.agencies)]:
            card = ScorecardParams(year, agency)
            for limit in (None, 3):
                expected = scorecard_from_status(params, statuses, card, limit)
                assert tables.scorecard(card, limit) == expected, (year, agency, limit)
            for lang in ("zh", "en"):
                pd.testing.assert_frame_equal(
                    tables.strategy_table(card, lang),
                    strategy_summary_table(
                        strategy_counts(statuses, card), params.indicators, lang
                    ),
                )
    orders = list(range(len(params.indicators)))
    assert tables.tracks(orders) == build_tracks(params, orders)
    assert tables.tracks(orders[::-2]) == build_tracks(params, orders[::-2])


@pytest.mark.parametrize("city", ["kaohsiung", "keelung"])
def test_shipped_cities_from_the_store_equal_the_whole_tables(shipped_store, city) -> None:
    assert_same_as_whole_tables(
        TrackerTables.from_store(shipped_store, city), whole_tables(shipped_store, city)
    )


@pytest.mark.parametrize("city", ["kaohsiung", "keelung"])
def test_shipped_cities_from_frames_equal_the_whole_tables(shipped_store, city) -> None:
    params = whole_tables(shipped_store, city)
    assert_same_as_whole_tables(TrackerTables.from_params(params), params)


@pytest.mark.both_engines
def test_read_a_few_rows_at_a_time_equals_read_whole(new_town_store, monkeypatch) -> None:
    """Parts of 2 indicators and SQL lists of 2 ids: the same statuses and scorecards as
    the whole tables, on both engines (the fixture city has indicators of two phases)."""
    from tests.fixture_city import SLUG

    monkeypatch.setattr(tracker_tables, "PART_ROWS", 2)
    monkeypatch.setattr(tracker_tables, "ID_BATCH", 2)
    params = whole_tables(new_town_store, SLUG)
    assert len(params.indicators) > 2  # more than one part
    assert_same_as_whole_tables(TrackerTables.from_store(new_town_store, SLUG), params)


def test_a_user_row_and_a_deleted_indicator_are_read_as_the_store_reads_them(store) -> None:
    """The rows in force: an editor's target wins over the printed one, a deleted
    indicator is gone from the listing, the statuses and every scorecard."""
    tables = store.read_city("kaohsiung")
    targets = tables["indicator_targets"].head(1).copy()
    targets["target"] = targets["target"] + 1
    store.save_user_rows("kaohsiung", "indicator_targets", targets, who="測試")
    first = tables["indicators"].iloc[0]
    old = {c: (None if pd.isna(v) else v) for c, v in first.items()}
    key = {"indicator_id": first["indicator_id"]}
    store.apply_changes(
        "kaohsiung", "indicators", [Change(key, old, None)], who="測試", check_versions=False
    )
    got = TrackerTables.from_store(store, "kaohsiung")
    assert first["indicator_id"] not in set(got.listing["indicator_id"])
    assert first["indicator_id"] not in set(got.statuses["indicator_id"].astype(str))
    assert_same_as_whole_tables(got, whole_tables(store, "kaohsiung"))
