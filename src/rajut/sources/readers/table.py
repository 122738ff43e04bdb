"""``RawTable``: a file read into text columns, before any standardisation."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa

ROW_COLUMN = "__row"
NUMERIC_FLAG_PREFIX = "__num__"


@dataclass
class RawTable:
    """A table read from one file, every value kept as text.

    Attributes:
        path: the file read.
        format: ``csv``, ``xlsx``, ``xls``, ``ods``, ``json`` or ``jsonl``.
        sheet: the sheet name for spreadsheets, else ``None``.
        header_row: 1-based row (CSV record) of the header; for a two-row header the first of
            the two rows; ``0`` for JSON (no header row).
        columns: header names as in the file, stripped of surrounding whitespace.
        table: one ``pa.string()`` column per header name, plus ``__row`` (int64, 1-based row
            in the file/sheet or index in a JSON list) and, for spreadsheet columns with at
            least one numeric cell, a bool column ``__num__<name>``.
        encoding: text encoding used (CSV/JSON), else ``None``.
        delimiter: field delimiter used (CSV), else ``None``.
        notes: remarks in Bahasa Indonesia for the user.
    """

    path: Path
    format: str
    sheet: str | None
    header_row: int
    columns: list[str]
    table: pa.Table
    encoding: str | None = None
    delimiter: str | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def num_rows(self) -> int:
        """Number of data rows."""
        return int(self.table.num_rows)
