"""How a case-analysis view reads: labels, the shown table with its totals and marks, notes."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from safetynet import DATA_DIR
from safetynet.cases.analysis import TOTAL, CountTable, Scope
from safetynet.cases.bands import preset
from safetynet.cases.display import Names, basis_note, category_label, shown_table, view_csv
from safetynet.cases.suppression import suppress, unsuppressed

LIFE = preset("life_stages")


@pytest.fixture(scope="module")
def names() -> Names:
    tables = {
        n: pd.read_csv(DATA_DIR / "kaohsiung" / f"{n}.csv", dtype=str, keep_default_na=False)
        for n in ("districts", "centres", "precincts")
    }
    return Names.from_tables(tables)


def table(cells, rows, cols, row_dim="district", col_dim="year", row_totals=True, col_totals=True):
    return CountTable(
        "cases",
        row_dim,
        col_dim,
        tuple(rows),
        tuple(cols),
        np.array(cells),
        row_totals,
        col_totals,
    )


def test_a_released_table_reads_with_its_totals_and_marks(names) -> None:
    t = table([[5, 1, 7], [6, 8, 9]], ["64000010", "64000050"], [2021, 2022, 2023])
    shown = shown_table(t, suppress(t.cells), None, lang="zh", style="roc", names=names, bands=LIFE)
    assert shown.frame.to_dict("list") == {
        "行政區": ["鹽埕區", "三民區", "合計"],
        "110年": ["*", "*", "11"],
        "111年": ["<3", "*", "9"],
        "112年": ["7", "9", "16"],
        "合計": ["13", "23", "36"],
    }


def test_no_total_across_a_dimension_a_case_repeats_in(names) -> None:
    t = table(
        [[1200, 40], [3, 0]],
        ["64000010", "64000050"],
        ["economic_hardship", "family_crisis"],
        col_dim="risk_type",
        row_totals=False,
    )
    shown = shown_table(
        t,
        unsuppressed(t.cells, row_totals=False, col_totals=True),
        None,
        lang="en",
        style="ad",
        names=names,
        bands=LIFE,
    )
    assert list(shown.frame.columns) == [
        "District",
        "Family economic hardship with welfare needs",
        "Family crisis impairing family functioning, with service needs",
    ]
    assert shown.frame.iloc[-1].tolist() == ["Total", "1,203", "40"]


def test_one_dimension_and_rates(names) -> None:
    t = table([[3], [2], [0]], ["64000010", "64000050", "64000120"], [TOTAL], col_dim=None,
              row_totals=False)  # fmt: skip
    shown_counts = suppress(t.cells, row_totals=False, col_totals=True)
    rates = np.array([[1.5, np.nan], [0.25, np.nan], [np.nan, np.nan], [0.6, np.nan]])
    shown = shown_table(t, shown_counts, rates, lang="zh", style="roc", names=names, bands=LIFE)
    assert list(shown.frame.columns) == ["行政區", "每萬人口個案數"]
    assert shown.frame["每萬人口個案數"].tolist() == ["*", "<3", "無資料", "0.6"]


@pytest.mark.parametrize(
    ("dim", "key", "lang", "style", "expected"),
    [
        ("year", 2021, "zh", "roc", "110年"),
        ("year", 2021, "en", "roc", "ROC 110"),
        ("year", 2021, "en", "ad", "2021"),
        ("month", pd.Timestamp("2025-03-01"), "zh", "roc", "114年03月"),
        ("month", pd.Timestamp("2025-03-01"), "en", "ad", "2025-03"),
        ("age_band", "65+", "zh", "roc", "65歲以上"),
        ("age_band", "6-11", "en", "roc", "6–11"),
        ("proactive", True, "zh", "roc", "主動發掘"),
        ("sex", "F", "en", "roc", "Female"),
        ("vulnerability", "high", "zh", "roc", "高"),
        ("referral_source", "health", "zh", "roc", "醫衛"),
        ("role", "primary_carer", "en", "roc", "Primary carer"),
        ("centre", "wujia", "zh", "roc", "五甲中心"),
        ("precinct", "sanmin2", "zh", "roc", "三民第二分局"),
    ],
)
def test_category_labels(names, dim, key, lang, style, expected) -> None:
    assert category_label(dim, key, lang=lang, style=style, names=names, bands=LIFE) == expected


def test_the_basis_is_said_in_the_readers_years() -> None:
    scope = Scope("open_at", at=date(2025, 12, 31))
    assert "民國114/12/31 當日結束時仍在案" in basis_note(scope, "zh", "roc")
    referred = Scope(start=date(2025, 1, 1), end=date(2025, 6, 30))
    assert "from 2025-01-01 to 2025-06-30" in basis_note(referred, "en", "ad")


def test_a_csv_download_starts_with_its_notes_and_neutralises_formulas() -> None:
    frame = pd.DataFrame({"行政區": ["=HYPERLINK(1)"], "n": ["<3"]})
    text = view_csv(frame, ["公開發布：…", "示範資料 / synthetic data"]).decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[:2] == ["公開發布：…", "示範資料 / synthetic data"]
    assert lines[2] == "行政區,n"
    assert lines[3] == "'=HYPERLINK(1),<3"
