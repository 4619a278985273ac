"""Small-number suppression: hand-counted tables, and an attacker that must fail on every table.

The attacker (``tests/suppression_attack.py``) computes, with a linear
programme, every value a hidden entry can take given everything shown; a
release is safe when each hidden entry has at least two. Zeros stay 0.
"""

from __future__ import annotations

import numpy as np
import pytest

from safetynet.cases.suppression import (
    PRIMARY,
    PUBLISHED,
    SECONDARY,
    suppress,
    unsuppressed,
)
from tests.suppression_attack import feasible_ranges, pinned


def marks(shown) -> list[list[str]]:
    """The table as a reader sees it: counts, 「<3」, 「*」; '' where no total is shown."""
    rows, cols = shown.values.shape
    out = []
    for i in range(rows):
        line = []
        for j in range(cols):
            if not shown.present[i, j]:
                line.append("")
            else:
                line.append(shown.mark(i, j) or str(int(shown.values[i, j])))
        out.append(line)
    return out


# -- hand-counted tables ---------------------------------------------------------------------
def test_one_small_cell_takes_three_others_of_the_cheapest_rectangle() -> None:
    # [[5, 1, 7], [6, 8, 9]]: the 1 needs a rectangle. Through column 0 it costs 5 + 6 + 8 = 19,
    # through column 2 it costs 7 + 9 + 8 = 24. Moving 1→2, 5→4, 6→7, 8→7 keeps every total.
    shown = suppress(np.array([[5, 1, 7], [6, 8, 9]]))
    assert marks(shown) == [
        ["*", "<3", "7", "13"],
        ["*", "*", "9", "23"],
        ["11", "9", "16", "36"],
    ]
    ranges = feasible_ranges(shown)
    assert ranges[(0, 1)] == pytest.approx((1, 2))
    assert ranges[(0, 0)] == pytest.approx((4, 5))


def test_a_column_with_its_total_hides_a_second_cell() -> None:
    # One district column with the city total: 2 is hidden, and so is the smallest other
    # count (4); 4 + 2 = 6 is all a reader learns.
    shown = suppress(np.array([[4], [2], [0], [9]]), row_totals=False, col_totals=True)
    assert marks(shown) == [["*", ""], ["<3", ""], ["0", ""], ["9", ""], ["15", ""]]
    assert feasible_ranges(shown) == {(0, 0): (4, 5), (1, 0): (1, 2)}


def test_zeros_stay_zero_and_large_counts_stay_shown() -> None:
    shown = suppress(np.array([[0, 12], [30, 0]]))
    assert marks(shown) == [["0", "12", "12"], ["30", "0", "30"], ["30", "12", "42"]]


def test_a_small_total_is_hidden_as_a_star_not_as_under_three() -> None:
    # Row 0 adds up to 2 = 1 + 1: shown as 「<3」 the total would give both cells away.
    shown = suppress(np.array([[1, 1, 0], [4, 5, 6]]))
    assert shown.mark(0, 0) == "<3" and shown.mark(0, 1) == "<3"
    assert shown.mark(0, 3) == "*"
    assert shown.mark(0, 2) is None  # the zero
    assert pinned(shown) == []


def test_a_single_small_count() -> None:
    assert marks(suppress(np.array([[2]]), row_totals=False, col_totals=False)) == [
        ["<3", ""],
        ["", ""],
    ]
    assert marks(suppress(np.array([[0]]), row_totals=False, col_totals=False))[0][0] == "0"


def test_no_totals_hides_only_the_small_cells() -> None:
    # Across risk types a case can count twice: no totals, so nothing else can give a cell away.
    shown = suppress(np.array([[1, 7], [3, 2]]), row_totals=False, col_totals=False)
    assert marks(shown) == [["<3", "7", ""], ["3", "<3", ""], ["", "", ""]]


def test_a_higher_threshold() -> None:
    shown = suppress(np.array([[4, 10], [12, 20]]), threshold=5)
    assert shown.mark(0, 0) == "<5"
    assert shown.n_primary == 1 and shown.n_secondary == 3
    assert pinned(shown) == []


def test_threshold_two_is_refused() -> None:
    with pytest.raises(ValueError, match="between 3 and 20"):
        suppress(np.array([[1]]), threshold=2)


def test_staff_view_hides_nothing() -> None:
    shown = unsuppressed(np.array([[1, 2], [0, 5]]))
    assert not shown.hidden.any() and not shown.public
    assert marks(shown) == [["1", "2", "3"], ["0", "5", "5"], ["1", "7", "8"]]


def test_status_of_each_kind() -> None:
    shown = suppress(np.array([[5, 1, 7], [6, 8, 9]]))
    assert shown.status[0, 1] == PRIMARY
    assert shown.status[0, 0] == SECONDARY
    assert shown.status[0, 2] == PUBLISHED


# -- the attacker fails on every table ---------------------------------------------------------
TABLES = {
    "district x year, the dozen": [[0, 2], [1, 2], [3, 1], [2, 1]],
    "all small": [[1, 2], [2, 1]],
    "one row": [[1, 9, 4, 0, 2]],
    "a small row total over two ones": [[1, 1, 0], [4, 5, 6], [7, 0, 3]],
    "small column total": [[1, 8], [0, 9], [0, 7]],
    "everything 1": [[1, 1, 1], [1, 1, 1]],
    "two in a 2x2 diagonal": [[2, 30], [40, 1]],
    "the whole table small": [[1, 0], [0, 1]],
}


@pytest.mark.parametrize(("row_totals", "col_totals"), [(True, True), (True, False), (False, True)])
@pytest.mark.parametrize("name", list(TABLES))
def test_no_hidden_entry_can_be_worked_out(name, row_totals, col_totals) -> None:
    cells = np.array(TABLES[name])
    shown = suppress(cells, row_totals=row_totals, col_totals=col_totals)
    small = (shown.values >= 1) & (shown.values < 3) & shown.present
    assert (shown.hidden[small]).all()  # every small count is hidden
    assert not (shown.hidden & (shown.values == 0)).any()  # zeros stay 0
    assert pinned(shown) == []


@pytest.mark.parametrize("seed", range(40))
def test_random_tables_resist_the_attacker(seed: int) -> None:
    rng = np.random.default_rng(seed)
    rows, cols = int(rng.integers(1, 9)), int(rng.integers(1, 9))
    cells = rng.poisson(float(rng.choice([0.7, 1.5, 3, 8])), (rows, cols))
    row_totals, col_totals = bool(rng.integers(0, 2)), bool(rng.integers(0, 2))
    threshold = int(rng.choice([3, 3, 4, 5]))
    shown = suppress(cells, threshold=threshold, row_totals=row_totals, col_totals=col_totals)
    assert not (shown.hidden & (shown.values == 0)).any()
    small = (shown.values >= 1) & (shown.values < threshold) & shown.present
    assert shown.hidden[small].all()
    assert pinned(shown) == [], cells.tolist()


def test_the_attacker_does_pin_a_naive_release() -> None:
    """The attack is real: hiding only the small cell of a row with its total shown fails."""
    from dataclasses import replace

    shown = suppress(np.array([[5, 1, 7], [6, 8, 9]]))
    naive_status = np.where(shown.status == SECONDARY, PUBLISHED, shown.status).astype(np.int8)
    naive = replace(shown, status=naive_status)
    assert [e for e, _ in pinned(naive)] == [(0, 1)]
