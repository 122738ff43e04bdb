"""Turn a grid of text columns plus a header spec into the columns of a ``RawTable``."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from rajut.sources.readers import errors as e
from rajut.sources.readers.header import Grid, HeaderSpec, Merge, find_header
from rajut.sources.readers.table import NUMERIC_FLAG_PREFIX, ROW_COLUMN


@dataclass
class Grid2D:
    """All cells of a sheet or CSV as text, before the header is known.

    Attributes:
        columns: one ``pa.string()`` array per grid column (same length).
        first_row: 1-based file row of element 0 of each array.
        numeric: per grid column index, a bool array (True where the cell was numeric).
        merges: merged ranges in grid coordinates, or ``None`` when the format has none.
        letters: whether positions are shown as spreadsheet letters in messages.
    """

    columns: list[pa.Array | pa.ChunkedArray]
    first_row: int = 1
    numeric: dict[int, pa.Array | pa.ChunkedArray] = field(default_factory=dict)
    merges: list[Merge] | None = None
    letters: bool = False
    col_offset: int = 0
    notes: list[str] = field(default_factory=list)

    def head(self, n: int) -> Grid:
        if not self.columns:
            return []
        cols = [c.slice(0, n).to_pylist() for c in self.columns]
        return [list(r) for r in zip(*cols, strict=True)]


def column_label(index: int, letters: bool) -> str:
    """1-based column number, or spreadsheet letters (``0`` → ``A``) when ``letters``."""
    if not letters:
        return str(index + 1)
    out = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        out = chr(65 + rem) + out
    return out


def build(
    path: Path,
    grid: Grid2D,
    expected: Sequence[str],
    header_row: int | str,
    notes: list[str],
) -> tuple[int, list[str], pa.Table]:
    """Locate the header and return ``(header_row, columns, table)``.

    Raises:
        HeaderNotFoundError, DuplicateColumnError, EmptyFileError.
    """
    spec = locate_header(path, grid, expected, header_row)
    start = spec.data_start
    width = len(grid.columns)
    names: list[str] = []
    arrays: list[pa.Array] = []
    flags: dict[str, pa.Array] = {}
    positions: dict[str, list[str]] = {}
    for j in range(width):
        data = grid.columns[j].slice(start)
        label = column_label(j + grid.col_offset, grid.letters)
        name = spec.names[j] if j < len(spec.names) else None
        if name is None:
            if data.null_count == len(data):
                continue
            name = f"KOLOM_{label}"
            notes.append(f"Kolom {label} tidak bernama di header; diberi nama '{name}'.")
        positions.setdefault(name, []).append(label)
        names.append(name)
        arrays.append(data)
        if j in grid.numeric:
            flags[name] = grid.numeric[j].slice(start)
    _check_duplicates(path, positions, grid.letters)
    return _finish(path, grid, spec, names, arrays, flags)


def locate_header(
    path: Path, grid: Grid2D, expected: Sequence[str], header_row: int | str
) -> HeaderSpec:
    if isinstance(header_row, int):
        idx = header_row - grid.first_row
        if idx < 0 or (grid.columns and idx >= len(grid.columns[0])):
            raise e.HeaderNotFoundError(
                f"Baris header {header_row} tidak ada di berkas '{path.name}'.",
                "Periksa nilai 'header_row' di kontrak sumber (nomor baris mulai dari 1).",
            )
        head = grid.head(idx + 2)
        found = find_header(head[idx:], (), _shift(grid.merges, idx))
        if found is None or found.first_row != 0:
            return HeaderSpec(idx, 1, list(head[idx]))
        return HeaderSpec(idx, found.n_rows, found.names)
    spec = find_header(grid.head(40), expected, grid.merges)
    if spec is None:
        raise e.HeaderNotFoundError(
            f"Baris header (nama kolom) tidak ditemukan di berkas '{path.name}'.",
            "Pastikan ada satu baris berisi nama kolom di atas data, atau isi 'header_row' "
            "di kontrak sumber dengan nomor barisnya.",
        )
    return spec


def _shift(merges: list[Merge] | None, by: int) -> list[Merge] | None:
    if merges is None:
        return None
    return [(a - by, b, c - by, d) for a, b, c, d in merges]


def _check_duplicates(path: Path, positions: dict[str, list[str]], letters: bool) -> None:
    dups = {n: p for n, p in positions.items() if len(p) > 1}
    if not dups:
        return
    word = "kolom " if letters else "kolom ke-"
    parts = [f"'{n}' ({', '.join(word + p for p in pos)})" for n, pos in dups.items()]
    raise e.DuplicateColumnError(
        f"Berkas '{path.name}' punya nama kolom ganda: {'; '.join(parts)}.",
        "Ganti nama salah satu kolom di berkas agar setiap nama kolom unik, lalu baca ulang.",
    )


def _finish(
    path: Path,
    grid: Grid2D,
    spec: HeaderSpec,
    names: list[str],
    arrays: list[pa.Array],
    flags: dict[str, pa.Array],
) -> tuple[int, list[str], pa.Table]:
    n = len(arrays[0]) if arrays else 0
    first = grid.first_row + spec.data_start
    rows = pa.array(np.arange(first, first + n, dtype=np.int64))
    table = pa.table(
        [*arrays, rows, *flags.values()],
        names=[*names, ROW_COLUMN, *(NUMERIC_FLAG_PREFIX + k for k in flags)],
    )
    if arrays:
        filled = functools.reduce(pc.or_, [pc.is_valid(a) for a in arrays])
        if not pc.all(filled).as_py():
            table = table.filter(filled)
    if table.num_rows == 0:
        raise e.EmptyFileError(
            f"Berkas '{path.name}' tidak berisi baris data di bawah header "
            f"(baris {grid.first_row + spec.first_row}).",
            "Periksa apakah data ada di lembar kerja lain, atau ekspor ulang data.",
        )
    return grid.first_row + spec.first_row, names, table
