"""An attacker of a released table: the range each hidden entry can take, by linear programming.

The attacker knows every shown number; that a 「<3」 cell lies in 1 … threshold-1;
that a hidden cell shown 「*」 is at least the threshold (every smaller count
shows 「<3」); that a hidden total is at least 1 (zeros are shown); and that
every row and column adds up to its shown total. For each hidden entry the
smallest and largest value these allow are found with ``scipy.optimize.linprog``
(HiGHS). The constraint matrix of a two-way table with totals is totally
unimodular, so both ends are reached by whole-number tables: a range of width
at least 1 means at least two whole values are possible.
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import linprog

from safetynet.cases.suppression import PRIMARY, Suppressed


def constraints(shown: Suppressed) -> tuple[dict, list, list, list]:
    """Variables (hidden entries), equalities ``A x = b`` and bounds, as the attacker sees them."""
    rows, cols = shown.shape
    values, hidden, present = shown.values, shown.hidden, shown.present
    index = {(int(i), int(j)): n for n, (i, j) in enumerate(zip(*np.nonzero(hidden), strict=True))}
    lines = []
    for i in range(rows + 1):
        if present[i, cols]:  # a row total (the last row: the grand total over column totals)
            lines.append(([(i, j) for j in range(cols)], (i, cols)))
    for j in range(cols + 1):
        if present[rows, j]:
            lines.append(([(i, j) for i in range(rows)], (rows, j)))
    a_eq, b_eq = [], []
    for members, total in lines:
        row, rhs = np.zeros(len(index)), 0.0
        for entry in members:
            if entry in index:
                row[index[entry]] += 1
            else:
                rhs -= values[entry]
        if total in index:
            row[index[total]] -= 1
        else:
            rhs += values[total]
        if row.any():
            a_eq.append(row)
            b_eq.append(rhs)
        else:
            assert rhs == 0, "a shown line does not add up"
    bounds = []
    for i, j in index:
        interior = i < rows and j < cols
        if interior and shown.status[i, j] == PRIMARY:
            bounds.append((1, shown.threshold - 1))
        elif interior:
            bounds.append((shown.threshold, None))
        else:
            bounds.append((1, None))
    return index, a_eq, b_eq, bounds


def feasible_ranges(shown: Suppressed) -> dict[tuple[int, int], tuple[float, float]]:
    """The smallest and largest value of every hidden entry (``inf``: unbounded above)."""
    index, a_eq, b_eq, bounds = constraints(shown)
    out = {}
    for entry, n in index.items():
        c = np.zeros(len(index))
        c[n] = 1
        kwargs = {"bounds": bounds, "method": "highs"}
        if a_eq:
            kwargs |= {"A_eq": np.array(a_eq), "b_eq": np.array(b_eq)}
        low = linprog(c, **kwargs)
        high = linprog(-c, **kwargs)
        assert low.status == 0, f"the true table should be feasible: {low.message}"
        out[entry] = (low.fun, np.inf if high.status == 3 else -high.fun)
    return out


def pinned(shown: Suppressed) -> list[tuple[tuple[int, int], tuple[float, float]]]:
    """Hidden entries whose value the attacker can work out (fewer than two values possible)."""
    return [(e, r) for e, r in feasible_ranges(shown).items() if r[1] - r[0] < 1 - 1e-9]
