"""File writers: CSV (pyarrow), XLSX (own streaming writer, reproducible bytes) and JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

from rajut.demo.exports.xlsx import write_sheet

EXCEL_EPOCH = np.datetime64("1899-12-30", "D")


def write_csv(path: Path, columns: dict[str, Any], *, delimiter: str, bom: bool = False) -> int:
    """Write text columns (all values are strings) and return the number of rows."""
    path.parent.mkdir(parents=True, exist_ok=True)
    table = pa.table(
        {k: pa.array(np.asarray(v, dtype=object), type=pa.string()) for k, v in columns.items()}
    )
    options = pacsv.WriteOptions(delimiter=delimiter, quoting_style="needed")
    with path.open("wb") as fh:
        if bom:
            fh.write(b"\xef\xbb\xbf")
        pacsv.write_csv(table, fh, write_options=options)
    return int(table.num_rows)


def excel_serial(dates: np.ndarray) -> np.ndarray:
    """Excel 1900-system serial numbers of ``datetime64[D]`` dates (NaT → NaN)."""
    days = (dates.astype("datetime64[D]") - EXCEL_EPOCH).astype("timedelta64[D]")
    out = days.astype(np.float64)
    out[np.isnat(dates)] = np.nan
    return out


def write_xlsx(
    path: Path,
    sheet: str,
    header: list[str],
    columns: list[tuple[str, Any]],
    title_rows: list[str] | None = None,
) -> int:
    """Write one sheet. ``columns`` are ``(kind, values)`` with kind ``text``, ``num``,
    ``date`` (Excel serials, NaN = empty), ``date_or_text`` (str → text, float → date) or
    ``mixed`` (str → text cell, float → number).
    """
    return write_sheet(path, sheet, header, columns, title_rows)


def write_json(path: Path, obj: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as fh:
        json.dump(obj, fh, ensure_ascii=False, indent=1)
        fh.write("\n")
