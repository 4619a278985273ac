"""Column widths that fit a table's text (safetynet.table_fit)."""

from __future__ import annotations

import pandas as pd
import pytest

from safetynet.table_fit import (
    CELL_PADDING_PX,
    MIN_PX,
    MIN_WRAP_ROW_PX,
    UNIT_PX,
    WRAP_PX,
    WRAP_UNIT_PX,
    column_widths,
    fit_table,
    row_height_px,
    text_units,
    width_px,
    wrapped_lines,
)


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


# -- long text wraps in taller rows, never breaking a word -----------------------------------

NOTE_EN = (
    "Centre column printed out of line; aligned by centre name per the reference reading; "
    "Inferred: the district is not printed; served by the neighbouring Yancheng centre"
)
NOTE_ZH = "原表中心欄列位錯移，依中心名稱對齊（參考說明）；⚠ 推定：鼓山區未印，依參考說明由鄰近之鹽埕中心服務"


def test_a_short_table_keeps_one_line_rows() -> None:
    fit = fit_table(pd.DataFrame({"行政區": ["鹽埕區", "鼓山區"], "n": [1, 2]}))
    assert fit.row_height is None and fit.wrapped == ()


@pytest.mark.parametrize("note", [NOTE_EN, NOTE_ZH])
def test_a_long_note_wraps_in_rows_tall_enough_for_its_lines(note: str) -> None:
    frame = pd.DataFrame({"區碼": ["64000010", "64000020"], "備註": [note, ""]})
    fit = fit_table(frame)
    assert fit.wrapped == ("備註",)
    assert fit.widths["備註"] == WRAP_PX < width_px([note])
    lines = wrapped_lines(note, WRAP_PX)
    assert lines >= 2
    assert fit.row_height is not None and fit.row_height >= row_height_px(lines)
    assert fit.row_height >= MIN_WRAP_ROW_PX  # the grid wraps only in tall rows
    assert fit.widths["區碼"] == width_px(["區碼", "64000010"])  # the others stay one line


def _lines_as_broken(text: str, width: int) -> list[str]:
    """The lines wrapped_lines counts, written out (the same rule, to read each line)."""
    room = (width - CELL_PADDING_PX) / WRAP_UNIT_PX
    lines, rest = [], text
    while text_units(rest) > room:
        words = rest.split(" ")
        line = words[0]
        for word in words[1:]:
            if text_units(f"{line} {word}") > room:
                break
            line = f"{line} {word}"
        lines.append(line)
        rest = rest[len(line) :].strip()
    return [*lines, rest]


def test_wrapping_breaks_latin_text_between_words() -> None:
    lines = _lines_as_broken(NOTE_EN, 300)
    assert wrapped_lines(NOTE_EN, 300) == len(lines)
    words = NOTE_EN.split(" ")
    assert [w for line in lines for w in line.split(" ")] == words  # no word cut in two
    assert all(text_units(line) * WRAP_UNIT_PX + CELL_PADDING_PX <= 300 for line in lines)


def test_a_long_word_widens_its_wrapping_column_rather_than_break() -> None:
    word = "Kaohsiung-Municipal-Social-Affairs-Bureau-Family-Support-Centre-Network"
    frame = pd.DataFrame({"note": [f"{word} and then more words " * 3]})
    fit = fit_table(frame, wrap_px=200)
    assert fit.widths["note"] >= len(word) * UNIT_PX + CELL_PADDING_PX


def test_numbers_never_wrap() -> None:
    frame = pd.DataFrame({"n": [10**40]})
    fit = fit_table(frame, {"n": "%,d"}, wrap_px=100)
    assert fit.wrapped == () and fit.widths["n"] > 100


def test_a_wide_table_wraps_its_text_narrower_to_fit_a_laptop_screen() -> None:
    """The English relations table at 1366×768: its notes must not be off to the side."""
    from safetynet.table_fit import BUDGET_PX

    frame = pd.DataFrame(
        {
            "District": ["Fengshan", "Yancheng"],
            "Service centre(s)": [
                "Fengshan Social Welfare Service Centre; Wujia Social Welfare Service Centre",
                "Yancheng Social Welfare Service Centre",
            ],
            "Police precinct(s)": ["Fengshan Precinct", "Gushan Precinct (shared with Gushan)"],
            "Shared": ["yes", "no"],
            "Note": [
                "Two centres serve the district; the source lists both without a boundary",
                "",
            ],
        }
    )
    roomy = fit_table(frame, budget_px=None)
    assert sum(roomy.widths.values()) > BUDGET_PX  # the case this is about
    fit = fit_table(frame)
    assert sum(fit.widths.values()) <= BUDGET_PX
    for column in frame.columns:  # no word is broken to get there
        words = " ".join(frame[column]).split()
        assert fit.widths[column] >= max(width_px([w]) for w in words)
    # the rows grow for the extra lines
    assert fit.row_height is not None and fit.row_height >= (roomy.row_height or 0)


def test_a_long_note_keeps_the_table_wide_rather_than_every_row_tall() -> None:
    """Every row of the grid is as tall as its tallest: squeezing a 300-character note
    into a narrow column would leave one row in view."""
    from safetynet.table_fit import BUDGET_PX, MAX_BUDGET_LINES

    note = "Centre column printed out of line; aligned by centre name. " * 5
    frame = pd.DataFrame(
        {
            "District": ["Yancheng District"] * 2,
            "Service centre(s)": ["Yancheng Social Welfare Service Centre"] * 2,
            "Police precinct(s)": ["Yancheng Precinct", "Gushan Precinct"],
            "Note": [note, ""],
        }
    )
    roomy = fit_table(frame, budget_px=None)
    fit = fit_table(frame)
    assert sum(roomy.widths.values()) > BUDGET_PX
    assert fit.row_height is not None
    assert fit.row_height <= max(roomy.row_height or 0, row_height_px(MAX_BUDGET_LINES))


def test_a_column_wrapping_cannot_narrow_keeps_the_rows_one_line() -> None:
    """The staffing page's agency table at 1366×768: a few pixels over the budget, its rate
    column (text, for its 「無資料」) is only as wide as its header; wrapping it would leave
    it as wide and make every row two lines tall for nothing."""
    frame = pd.DataFrame(
        {
            "單位": ["社會局", "衛生局", "毒防局", "合計"],
            "第一期核定": ["262", "49", "0", "317"],
            "進用率（%）": ["97.7", "87.8", "無資料", "96.2"],
            "第一、二期核定總計": ["610", "296", "91", "1,006"],
        }
    )
    fit = fit_table(frame, budget_px=sum(column_widths(frame).values()) - 6)
    assert fit.wrapped == ()
    assert fit.row_height is None
    assert fit.widths == column_widths(frame)
