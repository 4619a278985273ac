"""Risk-type shares: sorted with short and full names, changes in points, and the
sum-to-100 check that refuses a bad file instead of rescaling it."""

from __future__ import annotations

import pandas as pd
import pytest

from safetynet import DATA_DIR
from safetynet.risk.shares import RiskShareParams, compute_risk_shares
from safetynet.risk.types import RISK_TYPE_CODES, RISK_TYPES
from safetynet.risk.views import risk_share_display_table
from safetynet.storage.store import Store
from safetynet.validation.rules import find_share_sum_errors, rounding_tolerance
from tests.helpers import KAOHSIUNG_2020, broken_copy, problems_of, shares

SOURCE = "000_a6c4c72a35a39901.txt · 策略一：布建社會福利服務中心整合社會救助與福利服務 (2/3)"


def test_kaohsiung_2020_sorted_largest_first_with_short_and_full_names(shipped_store) -> None:
    result = compute_risk_shares(shipped_store.read("kaohsiung", "risk_shares"))
    assert result.years == (2020,)
    assert result.year == 2020
    assert result.compare_year is None
    assert result.errors == ()
    s = result.shares
    assert s["share_pct"].tolist() == [43, 28, 12, 6, 6, 5]
    assert s["short_zh"].tolist() == [
        "經濟陷困",
        "兒少發展不利",
        "身障或傷病照顧",
        "關係衝突或疏離",
        "生活適應困難",
        "家庭變故",
    ]
    assert s["name_zh"].iloc[0] == "家庭經濟陷困至有福利需求"
    assert s["short_en"].iloc[1] == "Child development"
    # equal shares share a rank; ties keep the official order
    assert s["rank"].tolist() == [1, 2, 3, 4, 4, 6]
    assert s["change_pp"].isna().all()


def test_keelung_has_no_shares(shipped_store) -> None:
    result = compute_risk_shares(shipped_store.read("keelung", "risk_shares"))
    assert not result.has_data
    assert result.years == ()
    assert result.errors == ()


@pytest.mark.parametrize(
    ("values", "tolerance"),
    [
        ((43, 5, 6, 28, 12, 6), 3.0),  # six whole percentages: each ±0.5
        ((43.1, 5.2, 6.0, 28.0, 11.7, 6.0), 0.3),  # one decimal: each ±0.05
        ((50, 50), 1.0),
        ((33.33, 33.33, 33.34), 0.015),
    ],
)
def test_rounding_tolerance(values, tolerance) -> None:
    assert rounding_tolerance(pd.Series(values, dtype=float)) == pytest.approx(tolerance)


@pytest.mark.parametrize(
    ("values", "error_total"),
    [
        ((43, 5, 6, 28, 12, 6), None),
        ((44, 5, 6, 28, 12, 6), None),  # 101: within rounding of six whole numbers
        ((40, 5, 6, 28, 12, 6), None),  # 97: still within ±3
        ((39, 5, 6, 28, 12, 6), 96.0),
        ((53, 5, 6, 28, 12, 6), 110.0),
        ((43.2, 5.0, 6.0, 28.0, 12.0, 6.0), None),  # 100.2 within ±0.3
        ((43.4, 5.0, 6.0, 28.0, 12.0, 6.0), 100.4),
        ((43, 5, 6, 28, 12), 94.0),  # a type missing
    ],
)
def test_share_sum_check(values, error_total) -> None:
    errors = find_share_sum_errors(shares((2020, values)))
    if error_total is None:
        assert errors == []
    else:
        [error] = errors
        assert error.year == 2020
        assert error.total == pytest.approx(error_total)
        assert error.lines == tuple(range(2, 2 + len(values)))


def test_two_years_give_changes_in_points_and_a_bad_year_is_left_out() -> None:
    data = shares(
        (2019, (40, 6, 7, 30, 11, 6)),
        (2020, KAOHSIUNG_2020),
        (2021, (60, 5, 6, 28, 12, 6)),  # 117 %: a data error
    )
    result = compute_risk_shares(data)
    assert result.years == (2019, 2020)
    assert [e.year for e in result.errors] == [2021]
    assert result.year == 2020  # latest valid year
    assert result.compare_year == 2019
    change = dict(zip(result.shares["risk_type"], result.shares["change_pp"], strict=True))
    assert change["economic_hardship"] == pytest.approx(3)
    assert change["child_development"] == pytest.approx(-2)
    # shares are as printed, never rescaled
    assert result.shares["share_pct"].sum() == 100


@pytest.mark.parametrize(
    ("params", "year", "compare"),
    [
        (RiskShareParams(), 2020, 2019),
        (RiskShareParams(year=2019), 2019, 2018),
        (RiskShareParams(year=2018), 2018, None),  # nothing earlier
        (RiskShareParams(year=2020, compare_year=2018), 2020, 2018),
        (RiskShareParams(year=2020, compare_previous=False), 2020, None),
        (RiskShareParams(year=2020, compare_year=2020), 2020, None),  # not with itself
        (RiskShareParams(year=1999), 2020, 2019),
    ],
)
def test_year_and_comparison_choice(params, year, compare) -> None:
    data = shares((2018, KAOHSIUNG_2020), (2019, KAOHSIUNG_2020), (2020, KAOHSIUNG_2020))
    result = compute_risk_shares(data, params)
    assert (result.year, result.compare_year) == (year, compare)


@pytest.mark.parametrize(
    ("lang", "style", "year", "change_col", "change"),
    [
        ("zh", "roc", "109年", "較108年變化", "+3.0 個百分點"),
        ("en", "ad", "2020", "Change since 2019", "+3.0 pp"),
    ],
)
def test_display_table(lang, style, year, change_col, change) -> None:
    data = shares((2019, (40, 6, 7, 30, 11, 6)), (2020, KAOHSIUNG_2020))
    table = risk_share_display_table(compute_risk_shares(data), lang, style)
    assert len(table) == 6
    assert table.iloc[0, 3] == year
    assert table.iloc[0, 4] == "43%"
    assert table[change_col].iloc[0] == change


@pytest.mark.shipped_data
def test_the_shipped_shares_use_every_official_type_under_its_printed_name() -> None:
    shipped = pd.read_csv(DATA_DIR / "kaohsiung" / "risk_shares.csv", dtype=str)
    by_code = {r.code: r for r in RISK_TYPES}
    assert set(shipped["risk_type"]) == set(by_code) == set(RISK_TYPE_CODES)
    for code, printed in zip(shipped["risk_type"], shipped["type_zh"], strict=True):
        assert by_code[code].full_zh == printed


# -- validation of the city and the store -------------------------------------------


def _set_share(value: str):
    def edit(frame: pd.DataFrame) -> pd.DataFrame:
        frame.loc[0, "share_pct"] = value
        return frame

    return edit


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (
            _set_share("33"),
            "risk_shares.csv, line 2, column share_pct: shares for 2020 add up to 90 %, "
            "not 100 % (rounding allows ±3); rows on lines 2, 3, 4, 5, 6, 7",
        ),
        (
            lambda f: f.assign(risk_type=f["risk_type"].replace("family_crisis", "poverty")),
            "risk_shares.csv, line 3, column risk_type: 'poverty' is not one of the six "
            "official risk types",
        ),
    ],
    ids=["sum-90", "unknown-type"],
)
def test_bad_risk_shares_are_a_data_error(tmp_path, edit, expected) -> None:
    problems = problems_of(broken_copy(tmp_path, "kaohsiung", "risk_shares", edit), "kaohsiung")
    assert any(p.startswith(expected) for p in problems), problems


def test_the_store_refuses_a_city_whose_shares_do_not_add_up(tmp_path) -> None:
    data = broken_copy(tmp_path, "kaohsiung", "risk_shares", _set_share("33"))
    store = Store.open(f"sqlite:///{tmp_path / 's.sqlite'}", data_dir=data)
    [problem] = store.refused["kaohsiung"]
    assert "shares for 2020 add up to 90 %" in str(problem)
    assert store.read("kaohsiung", "risk_shares").empty  # nothing written, nothing rescaled
    assert "keelung" not in store.refused
