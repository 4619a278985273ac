"""Column widths that fit a table's text (safetynet.table_fit)."""

from __future__ import annotations

import pandas as pd

from safetynet.table_fit import MIN_PX, UNIT_PX, column_widths, text_units, width_px


def test_a_chinese_character_counts_as_two_latin_ones() -> None:
    assert text_units("無資料") == 6
    assert text_units("no data") == 7
    assert text_units("鳳山 Fengshan") == 4 + 1 + 8


def test_a_column_fits_its_widest_text_and_its_header() -> None:
    frame = pd.DataFrame({"中心": ["鳳山社會福利服務中心", "旗山中心"], "n": [1, 2]})
    widths = column_widths(frame)
    assert widths["中心"] >= 20 * UNIT_PX  # ten characters, each two units
    assert widths["中心"] > width_px(["旗山中心"])
    assert widths["n"] == MIN_PX  # a one-digit column still has room to be clicked


def test_numbers_are_measured_as_shown_with_separators() -> None:
    frame = pd.DataFrame({"people": [1234567]})
    plain = column_widths(frame)["people"]
    shown = column_widths(frame, {"people": "%,d"})["people"]
    assert shown - plain >= 2 * UNIT_PX - 1  # "1,234,567" has two more characters


def test_a_long_header_widens_a_narrow_column() -> None:
    frame = pd.DataFrame({"approved and hired posts": [3]})
    assert column_widths(frame)["approved and hired posts"] >= 24 * UNIT_PX
