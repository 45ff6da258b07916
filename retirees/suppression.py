"""Small-cell suppression for demographic tables.

Primary: every count with 0 < n < threshold is hidden, totals included. Secondary: the table
with its row and column totals (the "augmented" table, totals being cells too) is a set of
linear equations — each row and column sums to its total. A hidden cell can be worked out
from the visible ones exactly when it is a bridge of the bipartite graph whose vertices are
the rows and columns and whose edges are the hidden cells (a bridge lies on no cycle; summing
the row equations minus the column equations on one side of it isolates it). So we hide
further cells until every hidden cell lies on a cycle of hidden cells, each time completing
a rectangle around each bridge (after a cheaper pass over single lines). Zero cells are not sensitive but may be hidden to
protect others; the smallest non-zero cells are preferred.
"""
from dataclasses import dataclass


@dataclass
class SuppressedTable:
    cells: list[list[int]]  # data cells, rows × columns
    row_totals: list[int]
    column_totals: list[int]
    total: int
    hidden: set[tuple[int, int]]  # positions in the augmented table (totals at index R and C)

    @property
    def shape(self):
        return len(self.cells), len(self.cells[0]) if self.cells else 0

    def shown(self, row: int, column: int):
        """The value at an augmented position, or None when it is hidden."""
        if (row, column) in self.hidden:
            return None
        rows, columns = self.shape
        if row == rows and column == columns:
            return self.total
        if row == rows:
            return self.column_totals[column]
        if column == columns:
            return self.row_totals[row]
        return self.cells[row][column]


def augmented(cells: list[list[int]]) -> list[list[int]]:
    """The table with a total column on the right and a total row at the bottom."""
    rows = [list(row) + [sum(row)] for row in cells]
    columns = len(rows[0]) if rows else 1
    rows.append([sum(row[j] for row in rows) for j in range(columns)])
    return rows


def bridges(hidden: set[tuple[int, int]]) -> list[tuple[int, int]]:
    """Hidden cells lying on no cycle of hidden cells (the recoverable ones)."""
    adjacency: dict[tuple, list] = {}
    for row, column in hidden:
        adjacency.setdefault(("r", row), []).append((("c", column), (row, column)))
        adjacency.setdefault(("c", column), []).append((("r", row), (row, column)))
    order, low, found = {}, {}, []
    counter = 0
    for start in adjacency:
        if start in order:
            continue
        order[start] = low[start] = counter
        counter += 1
        stack = [(start, None, iter(adjacency[start]))]
        while stack:
            vertex, via, edges = stack[-1]
            advanced = False
            for neighbour, edge in edges:
                if edge == via:
                    continue
                if neighbour not in order:
                    order[neighbour] = low[neighbour] = counter
                    counter += 1
                    stack.append((neighbour, edge, iter(adjacency[neighbour])))
                    advanced = True
                    break
                low[vertex] = min(low[vertex], order[neighbour])
            if not advanced:
                stack.pop()
                if stack:
                    parent = stack[-1][0]
                    low[parent] = min(low[parent], low[vertex])
                    if low[vertex] > order[parent]:
                        found.append(via)
    return sorted(found)


def suppress(cells: list[list[int]], threshold: int) -> SuppressedTable:
    """Hide small counts in a table and enough others that none can be recovered from totals."""
    full = augmented(cells)
    rows, columns = len(full), len(full[0])
    hidden = {(i, j) for i in range(rows) for j in range(columns) if 0 < full[i][j] < threshold}

    def cost(i, j):
        if (i, j) in hidden:
            return 0
        value = full[i][j]
        # Prefer small non-zero cells; a zero is cheap to lose but protects little; totals last.
        penalty = 10**6 if (i == rows - 1 or j == columns - 1) else 0
        return (value if value else 0.5) + penalty

    # 1. No line (row or column of the augmented table) may hold exactly one hidden cell: that
    #    one is its total minus the visible rest. Cheap, and removes most bridges.
    changed = True
    while changed:
        changed = False
        for i in range(rows):
            line = [j for j in range(columns) if (i, j) in hidden]
            if len(line) == 1:
                hidden.add((i, min((j for j in range(columns) if j != line[0]), key=lambda j: cost(i, j))))
                changed = True
        for j in range(columns):
            line = [i for i in range(rows) if (i, j) in hidden]
            if len(line) == 1:
                hidden.add((min((i for i in range(rows) if i != line[0]), key=lambda i: cost(i, j)), j))
                changed = True
    # 2. A hidden cell on no cycle of hidden cells is still recoverable by combining lines:
    #    close a rectangle around each. Adding cells creates no new bridge (new cells lie on
    #    their rectangle, old cycles remain), so one pass ends it; the loop only re-checks.
    while exposed := bridges(hidden):
        for i, j in exposed:
            other_column = min((c for c in range(columns) if c != j), key=lambda c: cost(i, c))
            other_row = min((r for r in range(rows) if r != i), key=lambda r: cost(r, j) + cost(r, other_column))
            hidden |= {(i, other_column), (other_row, j), (other_row, other_column)}
    data_rows, data_columns = rows - 1, columns - 1
    return SuppressedTable(
        cells=[row[:data_columns] for row in full[:data_rows]],
        row_totals=[row[data_columns] for row in full[:data_rows]],
        column_totals=full[data_rows][:data_columns],
        total=full[data_rows][data_columns],
        hidden=hidden,
    )
