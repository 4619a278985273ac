"""Numbers and years as a Taiwanese director reads them."""

from __future__ import annotations

import pytest

from safetynet.formatting import (
    format_kpi,
    format_number,
    format_pct,
    format_value,
    format_year,
    format_year_range,
    with_unit,
)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ((2020, "roc", "zh"), "109年"),
        ((2020, "ad", "zh"), "2020年"),
        ((2020, "roc", "en"), "ROC 109"),
        ((2020, "ad", "en"), "2020"),
        ((2020, "roc", "zh", "school"), "109學年度"),
        ((None, "roc", "zh"), "無資料"),
        ((None, "roc", "en"), "no data"),
    ],
)
def test_format_year(args, expected) -> None:
    assert format_year(*args) == expected


def test_format_year_range() -> None:
    assert format_year_range(2018, 2020, "roc", "zh") == "107–109年"
    assert format_year_range(2021, 2025, "ad", "en") == "2021–2025"


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        (10452, "戶", "10,452 戶"),
        (43.0, "%", "43%"),
        (96.2, "%", "96.2%"),
        (176.58, "%", "176.58%"),
        (4.96, "次/人", "4.96 次/人"),
        (371458, None, "371,458"),
        (None, "戶", "無資料"),
        (float("nan"), "%", "無資料"),
    ],
)
def test_format_value(value, unit, expected) -> None:
    assert format_value(value, unit) == expected


def test_kpi_moves_units_to_the_label() -> None:
    assert format_kpi(371458, "人") == ("371,458", "人")
    assert format_kpi(96.2, "%") == ("96.2%", None)
    assert format_kpi(None, "人", "en") == ("no data", "人")
    assert with_unit("總人口", "人") == "總人口（人）"
    assert with_unit("Total population", "persons", "en") == "Total population (persons)"


def test_thousands_and_percent() -> None:
    assert format_number(1006) == "1,006"
    assert format_pct(305 / 317 * 100) == "96.2%"
