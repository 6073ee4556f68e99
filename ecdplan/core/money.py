"""Exact money: integer đồng, splits that never lose or create a đồng, tables that add up as displayed.

- `largest_remainder` splits a whole into parts proportional to weights (Hamilton's method).
- `controlled_round` rounds a two-way table so that every cell is its value rounded down or up, and
  the rounded cells add up exactly to the rounded row totals, column totals and grand total (Cox's
  controlled rounding, solved as a feasible flow). One-way tables are the one-column case.
"""

from __future__ import annotations

from collections import deque
from decimal import Decimal, localcontext
from fractions import Fraction
from math import lcm
from typing import Sequence

# The largest figure ecdplan works with: 10^15 đồng (1,000,000 tỷ đồng, about 40 billion US dollars, far above any
# plan's budget). Every output carries every figure up to it exactly, to the đồng: an Excel cell (a double holds
# every whole number up to 2^53 ≈ 9.007 × 10^15, and every decimal of at most 15 significant digits), the amount in
# Vietnamese words (numbers.amount_in_words: "một triệu tỷ") and the grouped figures of each language. Any amount,
# and any sum of amounts a report shows (a line, a source, a year, a plan, an envelope, a progress file, a roll-up of
# plans, a scenario), above it is refused with B007 before anything is written.
MAX_DONG = 10**15


def beyond_limit(dong: int | None) -> bool:
    """Whether an amount in đồng (or a sum of amounts) is outside what every output carries exactly."""
    return dong is not None and abs(dong) > MAX_DONG


def to_dong(amount: Decimal | int, dong_per_unit: int) -> int | None:
    """An amount written in the plan's unit, in đồng; None if it is not a whole number of đồng."""
    with localcontext() as ctx:
        ctx.prec = 80  # exact for any amount the loader accepts (below 10^30)
        value = Decimal(amount) * dong_per_unit
    if value != value.to_integral_value():
        return None
    return int(value)


def round_half_up(value: Fraction) -> int:
    return int((value * 2 + 1) // 2)


def largest_remainder(total: int, weights: Sequence[int | Fraction]) -> list[int]:
    """Split the integer `total` in proportion to `weights`; the parts add up to `total` exactly.

    Ties in the remainders go to the earlier part, so the result is deterministic.
    """
    if not weights:
        return []
    if any(isinstance(w, Fraction) and w.denominator != 1 for w in weights):
        common = lcm(*(Fraction(w).denominator for w in weights))
        weights = [int(Fraction(w) * common) for w in weights]
    ints = [int(w) for w in weights]
    weight_sum = sum(ints)
    if weight_sum == 0:
        ints, weight_sum = [1] * len(ints), len(ints)
    if all(w == ints[0] for w in ints):  # an equal split: the first parts take the leftover đồng
        q, r = divmod(total, len(ints))
        return [q + 1] * r + [q] * (len(ints) - r)
    # integer arithmetic only: part i is total*w_i // W, the leftover goes to the largest remainders
    parts, rests = [], []
    for w in ints:
        q, rest = divmod(total * w, weight_sum)
        parts.append(q)
        rests.append(rest)
    short = total - sum(parts)
    for i in sorted(range(len(ints)), key=lambda i: (-rests[i], i))[:short]:
        parts[i] += 1
    return parts


def round_to_total(values: Sequence[Fraction], total: int | None = None) -> list[int]:
    """Round each value down or up so that they add up to `total` (default: the rounded sum)."""
    exact_sum = sum(values, Fraction(0))
    target = round_half_up(exact_sum) if total is None else total
    floors = [int(v // 1) for v in values]
    short = target - sum(floors)
    order = sorted(range(len(values)), key=lambda i: (-(values[i] - floors[i]), i))
    if not 0 <= short <= sum(1 for v, f in zip(values, floors) if v != f):
        raise ValueError(f"cannot round {len(values)} values to a total of {target}")
    for i in order[:short]:
        floors[i] += 1
    return floors


def round_column(numerators: Sequence[int], denominator: int = 1,
                 pinned: dict[int, int] | None = None, total: int | None = None) -> list[int]:
    """A column of values numerator/denominator rounded for display: each value down or up, the sum the
    nearest whole number to the exact sum that this allows (else its floor or ceiling), and equal values
    equal wherever that is possible. Integers only: a column can have 100,000 rows.

    `pinned` cells keep the given integer (a figure already shown elsewhere); `total` is the sum to reach
    (a floor or ceiling of the exact sum, e.g. the figure already shown for the whole column)."""
    pinned = pinned or {}
    d = denominator
    floors = [n // d for n in numerators]
    rests = [n - f * d for n, f in zip(numerators, floors)]
    out = [pinned.get(i, f) for i, f in enumerate(floors)]
    free = [i for i in range(len(numerators)) if i not in pinned and rests[i]]
    base = sum(out)
    exact = sum(numerators)
    targets = [(2 * exact + d) // (2 * d), exact // d, -(-exact // d)] if total is None else [total]
    groups: dict[int, list[int]] = {}
    for i in free:
        groups.setdefault(numerators[i], []).append(i)
    ordered = sorted(groups.values(), key=lambda idx: (-rests[idx[0]], idx[0]))
    for target in dict.fromkeys(targets):
        need = target - base
        if not 0 <= need <= len(free):
            continue
        chosen = _whole_groups(ordered, need, rests)
        if chosen is not None:
            for i in chosen:
                out[i] += 1
            return out
    need = min(max(targets[0] - base, 0), len(free))  # no rounding keeps equal values equal: plain rounding
    for i in sorted(free, key=lambda i: (-rests[i], i))[:need]:
        out[i] += 1
    return out


def _whole_groups(groups: list[list[int]], need: int, rests: list[int]) -> list[int] | None:
    """Cells to round up, taking groups of equal values whole, `need` cells in all; None if impossible.

    A small subset-sum over group sizes that prefers the largest remainders (most cells nearest);
    long columns of distinct values take the greedy path."""
    if len(groups) > 64 or need > 4096:
        chosen, left = [], need
        for idx in groups:  # largest remainder first
            if len(idx) <= left:
                chosen += idx
                left -= len(idx)
        return chosen if left == 0 else None
    # best[k] = (score, groups taken) reaching k cells; score: the remainders of cells rounded up
    best: dict[int, tuple[int, list[int]]] = {0: (0, [])}
    for g, idx in enumerate(groups):
        gain = rests[idx[0]] * len(idx)
        for k, (score, taken) in list(best.items()):
            k2 = k + len(idx)
            if k2 <= need and (k2 not in best or score + gain > best[k2][0]):
                best[k2] = (score + gain, taken + [g])
    if need not in best:
        return None
    return [i for g in best[need][1] for i in groups[g]]


class _Flow:
    """A small max-flow network (Edmonds-Karp); tables here have tens of rows and columns."""

    def __init__(self, n: int):
        self.graph: list[list[list[int]]] = [[] for _ in range(n)]  # edge: [to, cap, rev_index]

    def add(self, u: int, v: int, cap: int) -> list[int]:
        edge = [v, cap, len(self.graph[v])]
        self.graph[u].append(edge)
        self.graph[v].append([u, 0, len(self.graph[u]) - 1])
        return edge

    def max_flow(self, s: int, t: int) -> int:
        flow = 0
        while True:
            parent: list[tuple[int, int] | None] = [None] * len(self.graph)
            parent[s] = (s, -1)
            queue = deque([s])
            while queue and parent[t] is None:
                u = queue.popleft()
                for i, (v, cap, _) in enumerate(self.graph[u]):
                    if cap > 0 and parent[v] is None:
                        parent[v] = (u, i)
                        queue.append(v)
            if parent[t] is None:
                return flow
            push, v = None, t
            while v != s:
                u, i = parent[v]
                cap = self.graph[u][i][1]
                push = cap if push is None else min(push, cap)
                v = u
            v = t
            while v != s:
                u, i = parent[v]
                edge = self.graph[u][i]
                edge[1] -= push
                self.graph[v][edge[2]][1] += push
                v = u
            flow += push


# Tables with more cells than this are rounded by `_rounded_table_long` (linear in the rows); smaller ones by
# the max-flow below, whose choices every bundled plan's outputs and the goldens were made with.
FLOW_MAX_CELLS = 2000


def _rounded_table(fracs: list[list[Fraction]], row_bounds: list[tuple[int, int]],
                   col_bounds: list[tuple[int, int]], total: int) -> list[list[int]] | None:
    """0/1 choices for the fractional parts meeting the bounds, or None if there are none."""
    n_rows, n_cols = len(fracs), len(col_bounds)
    if n_rows * n_cols > FLOW_MAX_CELLS:
        return _rounded_table_long(fracs, row_bounds, col_bounds, total)
    s, t = 0, 1
    row_node = [2 + i for i in range(n_rows)]
    col_node = [2 + n_rows + j for j in range(n_cols)]
    ss, st = 2 + n_rows + n_cols, 3 + n_rows + n_cols
    net = _Flow(4 + n_rows + n_cols)
    excess = [0] * (4 + n_rows + n_cols)

    def bounded(u: int, v: int, lo: int, hi: int) -> list[int]:
        excess[v] += lo
        excess[u] -= lo
        return net.add(u, v, hi - lo)

    for i, (lo, hi) in enumerate(row_bounds):
        bounded(s, row_node[i], lo, hi)
    cells: dict[tuple[int, int], list[int]] = {}
    for i in range(n_rows):
        for j in range(n_cols):
            if fracs[i][j]:
                cells[i, j] = net.add(row_node[i], col_node[j], 1)
    for j, (lo, hi) in enumerate(col_bounds):
        bounded(col_node[j], t, lo, hi)
    bounded(t, s, total, total)
    need = 0
    for v, e in enumerate(excess):
        if e > 0:
            net.add(ss, v, e)
            need += e
        elif e < 0:
            net.add(v, st, -e)
    if net.max_flow(ss, st) != need:
        return None
    return [[0 if (i, j) not in cells or cells[i, j][1] else 1 for j in range(n_cols)] for i in range(n_rows)]


def controlled_round(
    values: list[list[Fraction]],
    row_totals: list[int] | None = None,
    col_totals: list[int] | None = None,
) -> list[list[int]]:
    """Round a table of non-negative values to integers that add up along rows and columns.

    Each cell becomes its floor or ceiling. Row and column totals are the given integers, or else
    the largest-remainder rounding of the exact ones (falling back to any floor/ceiling that makes
    the table consistent, which always exists). The grand total is the rounded exact grand total.
    """
    if not values or not values[0]:
        return [[] for _ in values]
    n_rows, n_cols = len(values), len(values[0])
    floors = [[int(v // 1) for v in row] for row in values]
    fracs = [[v - f for v, f in zip(row, frow)] for row, frow in zip(values, floors)]
    row_exact = [sum(row, Fraction(0)) for row in values]
    col_exact = [sum((values[i][j] for i in range(n_rows)), Fraction(0)) for j in range(n_cols)]
    if row_totals is not None:
        total = sum(row_totals)
    elif col_totals is not None:
        total = sum(col_totals)
    else:
        total = round_half_up(sum(row_exact, Fraction(0)))
    row_floor = [sum(r) for r in floors]
    col_floor = [sum(floors[i][j] for i in range(n_rows)) for j in range(n_cols)]
    base = sum(row_floor)

    def exact_bounds(exact: list[Fraction], floor_sum: list[int]) -> list[tuple[int, int]]:
        return [(int(e // 1) - f, -int(-e // 1) - f) for e, f in zip(exact, floor_sum)]

    def fixed(totals: list[int], floor_sum: list[int]) -> list[tuple[int, int]]:
        return [(tot - f, tot - f) for tot, f in zip(totals, floor_sum)]

    rows_nearest = fixed(row_totals if row_totals is not None else round_to_total(row_exact, total), row_floor)
    cols_nearest = fixed(col_totals if col_totals is not None else round_to_total(col_exact, total), col_floor)
    attempts = [(rows_nearest, cols_nearest)]
    if row_totals is None or col_totals is None:
        attempts.append((
            rows_nearest if row_totals is not None else exact_bounds(row_exact, row_floor),
            cols_nearest if col_totals is not None else exact_bounds(col_exact, col_floor),
        ))
    for row_bounds, col_bounds in attempts:
        ups = _rounded_table(fracs, row_bounds, col_bounds, total - base)
        if ups is not None:
            return [[f + u for f, u in zip(frow, urow)] for frow, urow in zip(floors, ups)]
    raise ValueError("the table's totals are inconsistent with its cells")


def _rounded_table_long(fracs: list[list[Fraction]], row_bounds: list[tuple[int, int]],
                        col_bounds: list[tuple[int, int]], total: int) -> list[list[int]] | None:
    """The same choices as `_rounded_table` asks for (any that meet the bounds), in time linear in the rows.

    Each row takes its count of ups (its lower bound, then the rows nearest their ceiling up to `total`) in the
    columns that most lack them; then columns outside their bounds are repaired by augmenting paths over the
    columns (a row moving an up from one column to another, or a row giving one up and another taking one),
    found by a search over the few columns with, per pair of columns, a stack of rows that can carry the move.
    Each path mends one unit, so the work is the rows × columns² plus the units mended × columns²."""
    n_rows, n_cols = len(fracs), len(col_bounds)
    free = [[j for j in range(n_cols) if fracs[i][j]] for i in range(n_rows)]
    lo = [b[0] for b in row_bounds]
    hi = [min(b[1], len(f)) for b, f in zip(row_bounds, free)]
    if any(a < 0 or a > b for a, b in zip(lo, hi)) or any(a < 0 or a > b for a, b in col_bounds):
        return None
    extra = total - sum(lo)
    if not 0 <= extra <= sum(b - a for a, b in zip(lo, hi)):
        return None
    count = lo[:]
    for i in sorted((i for i in range(n_rows) if hi[i] > lo[i]), key=lambda i: -sum(fracs[i], Fraction(0))):
        if not extra:
            break
        more = min(extra, hi[i] - lo[i])
        count[i] += more
        extra -= more
    col_lo = [b[0] for b in col_bounds]
    col_hi = [b[1] for b in col_bounds]
    have = [0] * n_cols
    up = [bytearray(n_cols) for _ in range(n_rows)]
    for i in range(n_rows):
        if count[i]:
            for j in sorted(free[i], key=lambda j: (have[j] - col_lo[j], -fracs[i][j], j))[:count[i]]:
                up[i][j] = 1
                have[j] += 1
    if all(a <= h <= b for h, (a, b) in zip(have, col_bounds)):
        return [list(u) for u in up]
    side = n_cols  # the node of rows giving or taking one up (their own total moves within its bounds)
    moves: list[list[list[int]]] = [[[] for _ in range(n_cols + 1)] for _ in range(n_cols + 1)]

    def valid(i: int, a: int, b: int) -> bool:
        """Row i can carry an up from node a to node b (a column gives it, b takes it)."""
        if a == side:
            return count[i] < hi[i] and not up[i][b] and bool(fracs[i][b])
        if not up[i][a]:
            return False
        if b == side:
            return count[i] > lo[i]
        return not up[i][b] and bool(fracs[i][b])

    def index(i: int) -> None:
        ups = [j for j in free[i] if up[i][j]]
        downs = [j for j in free[i] if not up[i][j]]
        for a in ups:
            for b in downs:
                moves[a][b].append(i)
        if hi[i] > lo[i]:
            if count[i] > lo[i]:
                for a in ups:
                    moves[a][side].append(i)
            if count[i] < hi[i]:
                for b in downs:
                    moves[side][b].append(i)

    def witness(a: int, b: int) -> int | None:
        stack = moves[a][b]
        while stack and not valid(stack[-1], a, b):
            stack.pop()
        return stack[-1] if stack else None

    for i in range(n_rows):
        index(i)
    while True:
        over = [j for j in range(n_cols) if have[j] > col_hi[j]]
        if over:
            starts, is_end = over, (lambda j: have[j] < col_hi[j])
        else:
            under = {j for j in range(n_cols) if have[j] < col_lo[j]}
            if not under:
                return [list(u) for u in up]
            starts, is_end = [j for j in range(n_cols) if have[j] > col_lo[j]], under.__contains__
        came: dict[int, tuple[int, int] | None] = {j: None for j in starts}
        queue, end = deque(starts), None
        while queue and end is None:
            a = queue.popleft()
            for b in range(n_cols + 1):
                if b in came:
                    continue
                i = witness(a, b)
                if i is None:
                    continue
                came[b] = (a, i)
                if b != side and is_end(b):
                    end = b
                    break
                queue.append(b)
        if end is None:
            return None
        b, touched = end, []
        while came[b] is not None:
            a, i = came[b]
            if a == side:
                count[i] += 1
            else:
                up[i][a] = 0
            if b == side:
                count[i] -= 1
            else:
                up[i][b] = 1
            touched.append(i)
            b = a
        have[b] -= 1
        have[end] += 1
        for i in dict.fromkeys(touched):
            index(i)
