"""``read_table`` and ``sniff_file``: the entry points used by the ingest engine."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pyarrow as pa

from rajut.sources.readers import csv_reader as cr
from rajut.sources.readers import errors as e
from rajut.sources.readers.assemble import Grid2D, build, locate_header
from rajut.sources.readers.calamine_reader import read_calamine_grid, sheet_names
from rajut.sources.readers.detect import detect_format
from rajut.sources.readers.hints import FileHints
from rajut.sources.readers.json_reader import load_records, records_to_table
from rajut.sources.readers.table import RawTable
from rajut.sources.readers.xlsx_reader import open_reader, pick_sheet, read_xlsx_grid

SNIFF_EXTRA_ROWS = 60


def read_table(
    path: Path, hints: FileHints | None = None, *, expected_columns: Sequence[str] = ()
) -> RawTable:
    """Read a whole CSV/XLSX/XLS/ODS/JSON/JSONL file into text columns.

    Args:
        path: the file.
        hints: optional reading hints (format, sheet, header row, delimiter, encoding…).
        expected_columns: column names the source contract expects; they help find the
            header row.

    Raises:
        ReadError: a subclass naming the file and the problem (see ``errors.py``).

    Examples:
        >>> t = read_table(Path("penduduk.csv"))  # doctest: +SKIP
        >>> t.columns, t.table.num_rows  # doctest: +SKIP
        (['NIK', 'NAMA'], 1000)
    """
    return _read(Path(path), hints or FileHints(), expected_columns, None)


def sniff_file(path: Path, hints: FileHints | None = None, *, max_rows: int = 200) -> RawTable:
    """Like :func:`read_table` but only the first ``max_rows`` data rows."""
    return _read(Path(path), hints or FileHints(), (), max_rows)


def _read(path: Path, hints: FileHints, expected: Sequence[str], limit: int | None) -> RawTable:
    fmt = detect_format(path, hints)
    if fmt in ("json", "jsonl"):
        return _read_json(path, fmt, hints, limit)
    if fmt == "csv":
        return _read_csv(path, hints, expected, limit)
    return _read_sheet(path, fmt, hints, expected, limit)


def _read_json(path: Path, fmt: str, hints: FileHints, limit: int | None) -> RawTable:
    enc, records = load_records(path, fmt, hints.encoding, hints.records_path, limit)
    columns, table = records_to_table(path, records)
    return RawTable(path, fmt, None, 0, columns, table, encoding=enc)


def _read_csv(path: Path, hints: FileHints, expected: Sequence[str], limit: int | None) -> RawTable:
    encoding, text = cr.sample_text(path, hints.encoding)
    if not text.strip():
        raise e.EmptyFileError(
            f"Berkas '{path.name}' tidak berisi data (hanya spasi atau baris kosong).",
            "Ekspor ulang data dari aplikasi asal.",
        )
    delimiter = hints.delimiter or cr.detect_delimiter(text.splitlines()[: cr.SAMPLE_RECORDS])
    head = cr.sample_grid(text, delimiter)
    width0 = max(len(r) for r in head)
    probe = Grid2D(
        columns=[
            pa.array([r[j] if j < len(r) else None for r in head], pa.string())
            for j in range(width0)
        ],
        merges=None,
    )
    spec = locate_header(path, probe, expected, hints.header_row)
    width = cr.data_width(head, spec.data_start)
    source = None
    if limit is not None:
        lines = text.splitlines(keepends=True)[: spec.data_start + limit]
        source, encoding_used = "".join(lines).encode("utf-8"), "utf-8"
    else:
        encoding_used = encoding
    columns = cr.read_csv_columns(
        path,
        encoding=encoding_used,
        delimiter=delimiter,
        skip=spec.data_start,
        width=width,
        multiline='"' in text,
        source=source,
    )
    grid = cr.grid_from_columns(columns, head, spec.data_start)
    notes: list[str] = []
    header_row, names, table = build(path, grid, expected, hints.header_row, notes)
    return RawTable(
        path,
        "csv",
        None,
        header_row,
        names,
        table,
        encoding=encoding,
        delimiter=delimiter,
        notes=notes,
    )


def _read_sheet(
    path: Path, fmt: str, hints: FileHints, expected: Sequence[str], limit: int | None
) -> RawTable:
    names_all = open_reader(path).sheet_names if fmt == "xlsx" else sheet_names(path)
    candidates = pick_sheet(path, names_all, hints.sheet)
    n_rows = None if limit is None else limit + SNIFF_EXTRA_ROWS
    grid, sheet = None, candidates[0]
    for sheet in candidates:
        if fmt == "xlsx":
            grid = read_xlsx_grid(path, sheet, n_rows)
        else:
            grid = read_calamine_grid(path, sheet, n_rows)
        if any(c.null_count < len(c) for c in grid.columns):
            break
    if grid is None or not any(c.null_count < len(c) for c in grid.columns):
        raise e.EmptyFileError(
            f"Berkas '{path.name}' tidak berisi data di lembar mana pun"
            + (f" (lembar '{sheet}')." if hints.sheet is not None else "."),
            "Periksa apakah berkas yang benar sudah dipilih, atau ekspor ulang data.",
        )
    notes = list(grid.notes)
    header_row, columns, table = build(path, grid, expected, hints.header_row, notes)
    if limit is not None:
        table = table.slice(0, limit)
    if len(names_all) > 1 and hints.sheet is None:
        notes.append(f"Berkas punya {len(names_all)} lembar; yang dibaca: '{sheet}'.")
    return RawTable(path, fmt, sheet, header_row, columns, table, notes=notes)
