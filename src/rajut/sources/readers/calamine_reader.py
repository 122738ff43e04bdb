"""Read .xls and .ods sheets with python-calamine (typed Python values, rendered here).

These formats are small in practice (.xls holds at most 65,536 rows), so a per-cell Python
loop is fast enough.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow as pa
import python_calamine

from rajut.sources.readers import errors as e
from rajut.sources.readers.assemble import Grid2D
from rajut.sources.readers.render import render_value


def open_book(path: Path) -> python_calamine.CalamineWorkbook:
    try:
        with path.open("rb") as fh:
            return python_calamine.CalamineWorkbook.from_filelike(fh)
    except python_calamine.PasswordError as exc:
        raise e.EncryptedFileError(
            f"Berkas '{path.name}' dilindungi kata sandi (terenkripsi), tidak bisa dibaca.",
            "Buka berkas dengan kata sandinya, hapus proteksi, lalu simpan ulang.",
        ) from exc
    except Exception as exc:
        raise e.CorruptFileError(
            f"Berkas '{path.name}' rusak atau tidak bisa dibaca sebagai lembar kerja: {exc}.",
            "Buka berkas di Excel/LibreOffice lalu simpan ulang sebagai .xlsx atau .csv.",
        ) from exc


def sheet_names(path: Path) -> list[str]:
    return list(open_book(path).sheet_names)


def read_calamine_grid(path: Path, sheet: str, n_rows: int | None) -> Grid2D:
    """All cells of ``sheet`` from row 1, column A, rendered as text."""
    book = open_book(path)
    try:
        ws = book.get_sheet_by_name(sheet)
        rows: list[list[Any]] = ws.to_python(skip_empty_area=False, nrows=n_rows)
        merged = ws.merged_cell_ranges
    except Exception as exc:
        raise e.CorruptFileError(
            f"Lembar '{sheet}' di berkas '{path.name}' tidak bisa dibaca: {exc}.",
            "Buka berkas di Excel/LibreOffice lalu simpan ulang sebagai .xlsx.",
        ) from exc
    width = max((len(r) for r in rows), default=0)
    texts: list[list[str | None]] = [[] for _ in range(width)]
    flags: list[list[bool]] = [[] for _ in range(width)]
    for row in rows:
        for j in range(width):
            text, numeric = render_value(row[j] if j < len(row) else None)
            texts[j].append(text)
            flags[j].append(numeric)
    grid = Grid2D(columns=[pa.array(t, pa.string()) for t in texts], letters=True)
    grid.numeric = {j: pa.array(f, pa.bool_()) for j, f in enumerate(flags) if any(f)}
    grid.merges = [(a[0], a[1], b[0], b[1]) for a, b in (merged or [])]
    return grid
