"""Numbers and years as a Taiwanese director reads them."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pandas as pd
import pytest

from safetynet.formatting import (
    format_kpi,
    format_number,
    format_pct,
    format_pp,
    format_signed_pct,
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


# -- formatting is total: any value a column may hold renders as text -----------
ODD_VALUES = [
    None,
    float("nan"),
    np.nan,
    pd.NA,
    pd.NaT,
    float("inf"),
    float("-inf"),
    np.float64("inf"),
    np.float32("-inf"),
    1e308,
    -1e308,
    1e-320,
    10**400,
    -(10**400),
    2**63,
    0,
    -0.0,
    -5,
    -1234567.891,
    np.int64(-7),
    np.int8(3),
    np.float32(1.5),
    np.float64(96.2),
    Decimal("1.5"),
    Decimal("NaN"),
    Decimal("-Infinity"),
    True,
    "",
    "   ",
    "abc",
    "12",
    "<img src=x onerror=alert(1)>",
    "[請重新登入](http://evil)",
    [1, 2],
    np.array([1.0, 2.0]),
    pd.Timestamp("2020-01-01"),
    np.datetime64("2020-01-01"),
    object(),
]
CALLS = {
    "format_number": lambda v: format_number(v),
    "format_number_2": lambda v: format_number(v, 2, "en"),
    "format_number_0": lambda v: format_number(v, 0),
    "format_pct": lambda v: format_pct(v),
    "format_value_pct": lambda v: format_value(v, "%"),
    "format_value_unit": lambda v: format_value(v, "戶", "en"),
    "format_value_none": lambda v: format_value(v, None),
    "format_kpi": lambda v: " ".join(x or "" for x in format_kpi(v, "人")),
    "format_signed_pct": lambda v: format_signed_pct(v),
    "format_pp": lambda v: format_pp(v, "en"),
    "format_year_roc": lambda v: format_year(v),
    "format_year_ad_en": lambda v: format_year(v, "ad", "en"),
    "format_year_school": lambda v: format_year(v, "roc", "zh", "school"),
    "format_year_range": lambda v: format_year_range(v, 2020),
    "format_year_range_end": lambda v: format_year_range(2018, v, "ad", "en"),
}


@pytest.mark.parametrize("call", list(CALLS))
@pytest.mark.parametrize("value", ODD_VALUES, ids=[repr(v)[:30] for v in ODD_VALUES])
def test_every_formatter_renders_any_value_as_text(call, value) -> None:
    text = CALLS[call](value)
    assert isinstance(text, str) and text.strip()
    assert "nan" not in text.lower()  # NaN reads 無資料, never "nan"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (float("inf"), "∞"),
        (float("-inf"), "-∞"),
        (np.float64("nan"), "無資料"),
        (Decimal("NaN"), "無資料"),
        (10**400, "∞"),
        (1e300, "1e+300"),
        (-1234567.891, "-1,234,567.89"),
        (np.int64(-7), "-7"),
        ("abc", "abc"),
    ],
)
def test_odd_numbers_read_sensibly(value, expected) -> None:
    assert format_number(value) == expected


def test_odd_years_and_signed_changes_read_sensibly() -> None:
    assert format_year("2020") == "109年"
    assert format_year(np.int64(2020), "ad", "en") == "2020"
    assert format_year(float("inf")) == "inf"
    assert format_year("去年") == "去年"
    assert format_signed_pct(float("inf")) == "+∞%"
    assert format_signed_pct(-3.5) == "-3.5%"
    assert format_signed_pct(0) == "+0.0%"
    assert format_pp(float("-inf")) == "-∞ 個百分點"
    assert format_value(1e20, "%") == "1e+20%"


# -- tables as shown: no 「None」, one number style ------------------------------
def test_a_shown_table_has_no_none_and_separates_thousands() -> None:
    from safetynet.formatting import table_for_display

    frame = pd.DataFrame(
        {
            "機關": ["社會局", "毒防局", None],
            "核定": pd.array([1006, 2, None], dtype="Int64"),
            "進用率": [96.2, np.nan, 3.0],
            "員額": [1006, 2, 3],
            "year": [2020.0, np.nan, 2021.0],
            "第一、二期（107–114年）": [610, 296, 1006],  # a period's posts, not a year
        }
    )
    shown, formats = table_for_display(frame, "zh")
    assert shown["核定"].tolist() == ["1,006", "2", "無資料"]
    assert shown["進用率"].tolist() == ["96.2", "無資料", "3.0"]
    assert shown["機關"].tolist()[2] == "無資料"
    assert shown["year"].tolist() == ["2020", "無資料", "2021"]  # a year keeps its digits
    # a full number column stays numeric, separated; one written as text is aligned right
    assert formats == {
        "核定": None,
        "進用率": None,
        "員額": "%,d",
        "第一、二期（107–114年）": "%,d",
    }
    text = shown.astype(str).to_string()
    assert "None" not in text and "nan" not in text and "<NA>" not in text
    blank, _ = table_for_display(frame, "en", missing="")
    assert blank["核定"].tolist() == ["1,006", "2", ""]
    assert frame["核定"].isna().sum() == 1  # the caller's table is untouched


@pytest.mark.parametrize(
    ("stamp", "expected"),
    [
        ("2026-12-01T06:05:09+00:00", "2026-12-01 14:05"),
        ("2026-12-31T20:00:00", "2027-01-01 04:00"),  # no zone: UTC, as the store writes
        (None, "無資料"),
        ("not a time", "not a time"),
    ],
)
def test_history_times_read_in_taipei(stamp, expected) -> None:
    from safetynet.formatting import format_local_time

    assert format_local_time(stamp, "zh") == expected
