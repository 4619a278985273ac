"""Small-number suppression: a count table that is safe to show the council and the public.

A table is its cells (rows × columns of counts) and, where they add up, its
row totals, column totals and grand total, all shown together on one view.
In a public release:

1. **Primary suppression.** A cell counting 1 to ``threshold - 1`` persons
   or cases (default threshold 3: counts 1 and 2) is shown as 「<3」. A
   total in that range is hidden too. Zeros stay 0: a zero is not a person.
2. **Secondary (complementary) suppression.** Other entries are hidden as
   「*」 so that no hidden entry can be worked out from what is shown: not
   from its row or column total, not from the other cells, not from the
   grand total.

What a reader is assumed to know (the strongest reading of the page, and
the one the tests attack with a linear programme): every shown number; that
each 「<3」 cell lies in 1 … threshold-1; that each 「*」 cell lies at or above
the threshold (every smaller count would show 「<3」); that each hidden
total is at least 1; that every row and column adds up to its total. A
hidden entry is safe when these still allow at least two values for it.

Hidden totals show 「*」, never 「<3」: a 「<3」 total over two 「<3」 cells
would give both away (2 = 1 + 1).

How entries are chosen: for each hidden entry not yet safe, the cheapest
*perturbation* through it is searched among the simple ones (the entry alone
where neither its row nor its column adds up to a shown total; a pair in
one row or column; a rectangle of four entries), such that moving each of
its entries by one, up or down along the pattern, keeps every shown total
and every bound above. Entries it needs are hidden too; every entry it moves
is then safe, because the moved table is another table the reader cannot
tell from the true one. Interior cells are preferred over totals, small
counts over large, and the grand total is hidden last. A rectangle through
a cell's own row total, column total and grand total always works, so the
search always ends; threshold 2 cannot be protected (a 「<2」 is exactly 1)
and is refused.

Which totals a table has is the caller's business: a total is shown only
where it is the sum of its cells (a dimension where a case can count in
several columns, such as risk type, has no total across it).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

DEFAULT_THRESHOLD = 3
MIN_THRESHOLD = 3
MAX_THRESHOLD = 20
PUBLISHED, PRIMARY, SECONDARY = 0, 1, 2
SECONDARY_MARK = "*"
# Costs of hiding an entry: a cell costs its count; totals far more; the grand total most.
MARGIN_COST = 1e6
GRAND_COST = 1e12
UNBOUNDED = np.iinfo(np.int64).max // 4


def primary_mark(threshold: int) -> str:
    """How a small count is shown: ``<3`` for the default threshold."""
    return f"<{threshold}"


@dataclass(frozen=True)
class Suppressed:
    """A table laid out with its totals, and which entries a release hides.

    ``values`` and ``status`` are ``(R + 1) × (C + 1)``: cells in the first
    ``R`` rows and ``C`` columns, row totals in the last column, column
    totals in the last row, the grand total in the corner. ``present`` says
    which totals the table has. ``status`` is :data:`PUBLISHED`,
    :data:`PRIMARY` or :data:`SECONDARY`; a table not released in public
    (staff view) has every entry published.
    """

    values: np.ndarray
    present: np.ndarray
    status: np.ndarray
    threshold: int
    public: bool

    @property
    def shape(self) -> tuple[int, int]:
        rows, cols = self.values.shape
        return rows - 1, cols - 1

    @property
    def cells(self) -> np.ndarray:
        rows, cols = self.shape
        return self.values[:rows, :cols]

    @property
    def hidden(self) -> np.ndarray:
        return self.present & (self.status != PUBLISHED)

    @property
    def has_row_totals(self) -> bool:
        return bool(self.present[0, -1]) if self.shape[0] else False

    @property
    def has_col_totals(self) -> bool:
        return bool(self.present[-1, 0]) if self.shape[1] else False

    @property
    def has_grand_total(self) -> bool:
        return bool(self.present[-1, -1])

    def mark(self, i: int, j: int) -> str | None:
        """``<3`` or ``*`` for a hidden entry; ``None`` for a shown one."""
        if not self.hidden[i, j]:
            return None
        rows, cols = self.shape
        interior = i < rows and j < cols
        if interior and self.status[i, j] == PRIMARY:
            return primary_mark(self.threshold)
        return SECONDARY_MARK

    @property
    def n_primary(self) -> int:
        return int((self.hidden & (self.status == PRIMARY)).sum())

    @property
    def n_secondary(self) -> int:
        return int((self.hidden & (self.status == SECONDARY)).sum())


def _layout(cells: np.ndarray, row_totals: bool, col_totals: bool) -> tuple[np.ndarray, np.ndarray]:
    cells = np.asarray(cells, dtype=np.int64)
    if cells.ndim != 2:
        raise ValueError("a table has rows and columns")
    if (cells < 0).any():
        raise ValueError("counts cannot be negative")
    rows, cols = cells.shape
    values = np.zeros((rows + 1, cols + 1), dtype=np.int64)
    values[:rows, :cols] = cells
    values[:rows, cols] = cells.sum(axis=1)
    values[rows, :cols] = cells.sum(axis=0)
    values[rows, cols] = cells.sum()
    present = np.zeros_like(values, dtype=bool)
    present[:rows, :cols] = True
    present[:rows, cols] = row_totals
    present[rows, :cols] = col_totals
    present[rows, cols] = row_totals and col_totals
    return values, present


def unsuppressed(
    cells: np.ndarray, *, row_totals: bool = True, col_totals: bool = True, threshold: int = 3
) -> Suppressed:
    """The table for staff: laid out with its totals, nothing hidden."""
    values, present = _layout(cells, row_totals, col_totals)
    status = np.zeros(values.shape, dtype=np.int8)
    return Suppressed(values, present, status, threshold, public=False)


def suppress(
    cells: np.ndarray,
    *,
    threshold: int = DEFAULT_THRESHOLD,
    row_totals: bool = True,
    col_totals: bool = True,
) -> Suppressed:
    """The table for a public release: small counts hidden, and what would give them away.

    ``cells`` are whole, non-negative counts (rows × columns); ``row_totals``
    and ``col_totals`` say whether the view shows them (the grand total is
    shown when both are).
    """
    if not MIN_THRESHOLD <= threshold <= MAX_THRESHOLD:
        raise ValueError(f"the threshold must be between {MIN_THRESHOLD} and {MAX_THRESHOLD}")
    values, present = _layout(cells, row_totals, col_totals)
    search = _Search(values, present, threshold)
    return Suppressed(values, present, search.run(), threshold, public=True)


class _Search:
    """The complementary-suppression search of :func:`suppress` (see the module docstring)."""

    def __init__(self, values: np.ndarray, present: np.ndarray, threshold: int) -> None:
        self.v = values
        self.present = present
        self.k = threshold
        n_rows, n_cols = values.shape
        self.R, self.C = n_rows - 1, n_cols - 1
        interior = np.zeros_like(present)
        interior[: self.R, : self.C] = True
        self.interior = interior
        # y-space signs: single totals enter their line with -1, cells and the grand total +1.
        sign = np.ones(values.shape, dtype=np.int64)
        sign[: self.R, self.C] = -1
        sign[self.R, : self.C] = -1
        self.sign = sign
        small = (values >= 1) & (values < threshold)
        self.status = np.zeros(values.shape, dtype=np.int8)
        self.status[present & small] = PRIMARY
        # Bounds a reader knows for an entry once it is hidden.
        self.lo = np.where(interior & ~small, threshold, 1).astype(np.int64)
        self.hi = np.where(interior & small, threshold - 1, UNBOUNDED).astype(np.int64)
        # Entries that may be hidden: shown in the table, and not a zero.
        self.allowed = present & (values > 0)
        cost = np.where(interior, values.astype(float), MARGIN_COST + values)
        cost[self.R, self.C] = GRAND_COST
        self.cost = cost
        # Whether each line adds up to a shown total (a constrained node of the table's graph).
        grand = bool(present[self.R, self.C])
        self.row_bound = np.array([bool(present[i, self.C]) for i in range(self.R)] + [grand])
        self.col_bound = np.array([bool(present[self.R, j]) for j in range(self.C)] + [grand])

    def _ok(self, dx: np.ndarray, where: tuple) -> np.ndarray:
        """Whether entries ``where`` may be hidden and moved by ``dx`` within their bounds."""
        new = self.v[where] + dx
        return self.allowed[where] & (new >= self.lo[where]) & (new <= self.hi[where])

    def _price(self, where: tuple) -> np.ndarray:
        return np.where(self.status[where] != PUBLISHED, 0.0, self.cost[where])

    def _best(self, i: int, j: int) -> list[tuple[int, int]] | None:
        """The cheapest feasible perturbation through entry (i, j): the entries it moves."""
        best: tuple[float, list[tuple[int, int]]] | None = None
        rows = np.arange(self.R + 1)
        cols = np.arange(self.C + 1)
        other_rows, other_cols = rows[rows != i], cols[cols != j]
        free_rows = other_rows[~self.row_bound[other_rows]]
        free_cols = other_cols[~self.col_bound[other_cols]]
        for s in (1, -1):
            if not self._ok(np.array(self.sign[i, j] * s), (i, j)):
                continue
            candidates: list[tuple[float, list[tuple[int, int]]]] = []
            if not self.row_bound[i] and not self.col_bound[j]:
                candidates.append((0.0, [(i, j)]))
            if not self.row_bound[i] and len(free_rows):  # a pair in column j
                where = (free_rows, np.full(len(free_rows), j))
                ok = self._ok(-s * self.sign[where], where)
                price = np.where(ok, self._price(where), np.inf)
                if np.isfinite(price).any():
                    k = int(np.argmin(price))
                    candidates.append((float(price[k]), [(i, j), (int(free_rows[k]), j)]))
            if not self.col_bound[j] and len(free_cols):  # a pair in row i
                where = (np.full(len(free_cols), i), free_cols)
                ok = self._ok(-s * self.sign[where], where)
                price = np.where(ok, self._price(where), np.inf)
                if np.isfinite(price).any():
                    k = int(np.argmin(price))
                    candidates.append((float(price[k]), [(i, j), (i, int(free_cols[k]))]))
            if len(other_rows) and len(other_cols):  # a rectangle
                a = (np.full(len(other_cols), i), other_cols)  # (i, j2): -s
                c = (other_rows, np.full(len(other_rows), j))  # (i2, j): -s
                b = np.ix_(other_rows, other_cols)  # (i2, j2): +s
                ok_a = self._ok(-s * self.sign[a], a)
                ok_c = self._ok(-s * self.sign[c], c)
                ok_b = self._ok(s * self.sign[b], b)
                price = self._price(a)[None, :] + self._price(c)[:, None] + self._price(b)
                price = np.where(ok_a[None, :] & ok_c[:, None] & ok_b, price, np.inf)
                if np.isfinite(price).any():
                    r, q = np.unravel_index(int(np.argmin(price)), price.shape)
                    i2, j2 = int(other_rows[r]), int(other_cols[q])
                    entries = [(i, j), (i, j2), (i2, j2), (i2, j)]
                    candidates.append((float(price[r, q]), entries))
            for candidate in candidates:
                if best is None or candidate[0] < best[0]:
                    best = candidate
        return None if best is None else best[1]

    def run(self) -> np.ndarray:
        safe = np.zeros(self.v.shape, dtype=bool)
        while True:
            pending = np.argwhere((self.status != PUBLISHED) & ~safe)
            if not len(pending):
                return self.status
            # Cells before totals, small before large: cheap patterns are found first.
            order = sorted(
                (tuple(p) for p in pending),
                key=lambda p: (not self.interior[p], self.v[p], p),
            )
            i, j = (int(x) for x in order[0])
            entries = self._best(i, j)
            if entries is None:  # cannot happen for threshold >= 3 (see the docstring)
                raise AssertionError(f"no protection found for entry {(i, j)}")
            for entry in entries:
                if self.status[entry] == PUBLISHED:
                    self.status[entry] = SECONDARY
                safe[entry] = True
