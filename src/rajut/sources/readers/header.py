"""Find the header row of a grid of cells and build unique column names.

Rules (documented for users in the mapping assistant):

* With ``expected_columns`` the header is the row among the first 30 that contains the most
  expected names (compared case-insensitively, ignoring punctuation and extra spaces).
* Without them it is the first row whose filled cells are mostly text (not numbers or
  dates), that has at least half as many filled cells as the widest of the next ten rows
  (so title rows such as "DATA PENDUDUK 2024" above the table are skipped) and that is
  followed by a filled row.
* Two-row headers: when the header row has a cell merged across several columns (e.g.
  "ALAMAT" over "RT" and "RW"), or, in files without merge information, a label followed by
  blank cells above labelled cells, the second row is part of the header. A column's name is
  then the group label and the sub-label joined by one space ("ALAMAT RT"); a column whose
  sub-label is blank (cell merged downwards) keeps the top label ("NIK").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

Grid = list[list[str | None]]
Merge = tuple[int, int, int, int]  # first_row, first_col, last_row, last_col (0-based, inclusive)

SCAN_ROWS = 30
_NUMERIC = re.compile(r"^[+-]?(\d[\d.,]*|[.,]\d+)([eE][+-]?\d+)?%?$")
_DATE = re.compile(r"^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}([ T].*)?$")
_NORM = re.compile(r"[^0-9a-z]+")


@dataclass(frozen=True)
class HeaderSpec:
    """Where the header is and what the columns are called.

    Attributes:
        first_row: 0-based grid row of the (first) header row.
        n_rows: 1 or 2 header rows.
        names: one name per grid column; ``None`` where the header cell is blank.
    """

    first_row: int
    n_rows: int
    names: list[str | None]

    @property
    def data_start(self) -> int:
        return self.first_row + self.n_rows


def clean_name(value: str | None) -> str | None:
    """Strip surrounding whitespace; internal line breaks become one space."""
    if value is None:
        return None
    text = re.sub(r"\s*[\r\n]+\s*", " ", value).strip()
    return text or None


def normalise(name: str) -> str:
    """Key used to compare header names with expected names."""
    return _NORM.sub(" ", name.casefold()).strip()


def is_texty(value: str) -> bool:
    return not (_NUMERIC.match(value) or _DATE.match(value))


def find_header(
    grid: Grid, expected: Sequence[str] = (), merges: list[Merge] | None = None
) -> HeaderSpec | None:
    """Return the header of ``grid`` or ``None`` when no row looks like one."""
    rows = [[clean_name(v) for v in row] for row in grid]
    width = max((len(r) for r in rows), default=0)
    rows = [r + [None] * (width - len(r)) for r in rows]
    start = _by_expected(rows, expected, merges) if expected else None
    if start is None:
        start = _by_shape(rows)
    if start is None:
        return None
    if start > 0 and _is_parent(rows, start - 1, start, merges):
        start -= 1
    if start + 1 < len(rows) and _is_parent(rows, start, start + 1, merges):
        return HeaderSpec(start, 2, _two_row_names(rows, start, merges))
    return HeaderSpec(start, 1, list(rows[start]))


def _filled(row: list[str | None]) -> list[str]:
    return [v for v in row if v]


def _by_expected(rows: Grid, expected: Sequence[str], merges: list[Merge] | None) -> int | None:
    wanted = {normalise(x) for x in expected}
    best, best_score = None, 0
    for i in range(min(len(rows), SCAN_ROWS)):
        found = {normalise(v) for v in _filled(rows[i])}
        if i + 1 < len(rows) and _is_parent(rows, i, i + 1, merges):
            found |= {normalise(v) for v in _two_row_names(rows, i, merges) if v}
        score = len(wanted & found)
        if score > best_score:
            best, best_score = i, score
    return best


def _by_shape(rows: Grid) -> int | None:
    for i in range(min(len(rows), SCAN_ROWS)):
        cells = _filled(rows[i])
        if not cells:
            continue
        texty = sum(1 for v in cells if is_texty(v))
        following = [len(_filled(r)) for r in rows[i + 1 : i + 11]]
        if texty < 0.7 * len(cells):
            continue
        if not any(following):
            if not any(_filled(r) for r in rows[i + 1 :]):
                return i  # header without data: the caller reports an empty file
            continue
        if len(cells) >= 2 or max(following) <= 1:
            if len(cells) >= 0.5 * max(following):
                return i
    return None


def _row_merges(merges: list[Merge], row: int) -> list[Merge]:
    return [m for m in merges if m[0] == row and m[3] > m[1]]


def _is_parent(rows: Grid, p: int, c: int, merges: list[Merge] | None) -> bool:
    parent, child = rows[p], rows[c]
    child_cells = _filled(child)
    if not child_cells or sum(1 for v in child_cells if is_texty(v)) < len(child_cells):
        return False
    if merges is not None:
        return any(any(child[j] for j in range(m[1], m[3] + 1)) for m in _row_merges(merges, p))
    has_gap_group = any(not parent[j] and child[j] and any(parent[:j]) for j in range(len(parent)))
    has_vertical = any(parent[j] and not child[j] for j in range(len(parent)))
    return has_gap_group and has_vertical


def _parents(rows: Grid, p: int, merges: list[Merge] | None) -> list[str | None]:
    parent, child = rows[p], rows[p + 1]
    out = list(parent)
    if merges is not None:
        for m in _row_merges(merges, p):
            for j in range(m[1], min(m[3] + 1, len(out))):
                out[j] = parent[m[1]]
        return out
    for j in range(1, len(out)):
        if not out[j] and child[j] and child[j - 1] and out[j - 1]:
            out[j] = out[j - 1]
    return out


def _two_row_names(rows: Grid, p: int, merges: list[Merge] | None) -> list[str | None]:
    names: list[str | None] = []
    for top, sub in zip(_parents(rows, p, merges), rows[p + 1], strict=True):
        parts = [x for x in (top, sub) if x]
        if len(parts) == 2 and parts[0] == parts[1]:
            parts = parts[:1]
        names.append(" ".join(parts) if parts else None)
    return names
