"""Read an .xlsx sheet: fastexcel (Rust → Arrow) for values, ``xlsx_scan`` for cell types.

fastexcel renders every cell as text in Rust (numbers without ``.0`` and never in
scientific notation, dates as ``YYYY-MM-DD HH:MM:SS``); the scan tells which cells were
numbers, dates or booleans in the file so dates can be rewritten to ISO form, booleans to
``TRUE``/``FALSE`` and the ``__num__`` flags set.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import fastexcel
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from rajut.sources.readers import errors as e
from rajut.sources.readers.assemble import Grid2D
from rajut.sources.readers.xlsx_scan import SheetScan, scan_sheet

_DT = r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d+)?$"


def open_reader(path: Path) -> fastexcel.ExcelReader:
    try:
        return fastexcel.read_excel(path)
    except Exception as exc:  # fastexcel raises several unrelated types
        raise e.CorruptFileError(
            f"Berkas '{path.name}' tidak bisa dibaca sebagai lembar kerja: {exc}.",
            "Buka berkas di Excel/LibreOffice lalu simpan ulang sebagai .xlsx atau .csv.",
        ) from exc


def pick_sheet(path: Path, names: list[str], sheet: str | int | None) -> list[str]:
    """Sheet names to try, in order (only one when the user chose a sheet)."""
    if sheet is None:
        return names
    if isinstance(sheet, int):
        if 0 <= sheet < len(names):
            return [names[sheet]]
    elif sheet in names:
        return [sheet]
    else:
        folded = [n for n in names if n.strip().casefold() == sheet.strip().casefold()]
        if folded:
            return folded[:1]
    raise e.SheetNotFoundError(
        f"Lembar kerja {sheet!r} tidak ada di berkas '{path.name}'. "
        f"Lembar yang ada: {', '.join(names)}.",
        "Perbaiki nilai 'sheet' di kontrak sumber (nama lembar, atau nomor mulai dari 0).",
    )


def read_xlsx_grid(path: Path, sheet: str, n_rows: int | None) -> Grid2D:
    """All cells of ``sheet`` (rows from sheet row 1) as a :class:`Grid2D`."""
    reader = open_reader(path)
    with ThreadPoolExecutor(1) as pool:  # fastexcel releases the GIL: scan meanwhile
        pending = pool.submit(scan_sheet, path, sheet)
        batch = _load(path, reader, sheet, n_rows)
        scan = pending.result()
    columns = [_nullify(c) for c in batch.columns]
    grid = Grid2D(columns=columns, letters=True)
    if scan is None:
        grid.merges = []
        return grid
    _check_formulas(path, sheet, scan)
    if scan.formulas:
        grid.notes.append(f"{scan.formulas} sel berisi rumus; nilai tersimpan dipakai.")
    offset = _column_offset(path, sheet, scan)
    grid.col_offset = offset
    grid.merges = [(r1 - 1, c1 - offset, r2 - 1, c2 - offset) for r1, c1, r2, c2 in scan.merges]
    _apply_types(grid, scan, offset)
    return grid


def _load(
    path: Path, reader: fastexcel.ExcelReader, sheet: str, n_rows: int | None
) -> pa.RecordBatch:
    try:
        batch = reader.load_sheet(
            sheet, header_row=None, skip_rows=0, n_rows=n_rows, dtypes="string", eager=True
        )
    except Exception as exc:
        raise e.CorruptFileError(
            f"Lembar '{sheet}' di berkas '{path.name}' tidak bisa dibaca: {exc}.",
            "Buka berkas di Excel/LibreOffice lalu simpan ulang sebagai .xlsx.",
        ) from exc
    return batch


def _nullify(col: pa.Array) -> pa.Array:
    arr = col.combine_chunks() if isinstance(col, pa.ChunkedArray) else col
    if arr.type != pa.string():
        arr = pc.cast(arr, pa.string())
    return pc.if_else(pc.equal(arr, ""), pa.scalar(None, pa.string()), arr)


def _check_formulas(path: Path, sheet: str, scan: SheetScan) -> None:
    if scan.missing_cache:
        cells = ", ".join(scan.missing_cache[:5])
        raise e.MissingFormulaValueError(
            f"Lembar '{sheet}' di berkas '{path.name}' berisi rumus tanpa nilai tersimpan "
            f"(sel {cells}).",
            "Buka di Excel lalu simpan ulang, atau salin-tempel sebagai nilai (Paste Values).",
        )


def _column_offset(path: Path, sheet: str, scan: SheetScan) -> int:
    if scan.first_col is not None:
        return scan.first_col
    if scan.col_a_filled:  # a non-empty cell in column A: the used range starts there
        return 0
    import python_calamine  # only for sheets without a <dimension> element

    with python_calamine.CalamineWorkbook.from_path(str(path)) as book:
        start = book.get_sheet_by_name(sheet).start
    return int(start[1]) if start is not None else 0


def _apply_types(grid: Grid2D, scan: SheetScan, offset: int) -> None:
    if len(scan.nontext_rows) == 0 or not grid.columns:
        return
    height = len(grid.columns[0])
    cols = scan.nontext_cols.to_numpy() - offset
    rows = scan.nontext_rows.to_numpy() - 1
    kinds = scan.nontext_kind.to_numpy(zero_copy_only=False).astype("S1")
    keep = (rows < height) & (cols >= 0) & (cols < len(grid.columns))
    for j in np.unique(cols[keep]):
        sel = keep & (cols == j)
        _type_column(grid, int(j), rows[sel], kinds[sel], height)


def _type_column(grid: Grid2D, j: int, rows: np.ndarray, kinds: np.ndarray, height: int) -> None:
    values = grid.columns[j]
    nontext = np.zeros(height, dtype=bool)
    nontext[rows] = True
    boolean = np.zeros(height, dtype=bool)
    boolean[rows[kinds == b"b"]] = True
    errors = np.zeros(height, dtype=bool)
    errors[rows[kinds == b"e"]] = True
    looks_dt = pc.fill_null(pc.match_substring_regex(values, _DT), False).to_numpy(
        zero_copy_only=False
    )
    is_date = nontext & looks_dt & ~boolean
    if is_date.any():
        iso = pc.replace_substring_regex(values, r" 00:00:00(\.0+)?$", "")
        iso = pc.replace_substring_regex(iso, r"\.\d+$", "")
        iso = pc.replace_substring(iso, " ", "T")
        values = pc.if_else(pa.array(is_date), iso, values)
    if boolean.any():
        values = pc.if_else(pa.array(boolean), pc.utf8_upper(values), values)
    grid.columns[j] = values
    numeric = nontext & ~is_date & ~boolean & ~errors
    if numeric.any():
        grid.numeric[j] = pa.array(numeric)
