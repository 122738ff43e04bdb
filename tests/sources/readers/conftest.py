"""Fixtures that build messy test files in tmp_path (nothing binary is committed)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
import xlsxwriter


def write_xlsx(
    path: Path,
    rows: Sequence[Sequence[Any]],
    *,
    sheet: str = "Sheet1",
    extra_sheets: dict[str, Sequence[Sequence[Any]]] | None = None,
    merges: Sequence[tuple[int, int, int, int, str]] = (),
    first_sheets: dict[str, Sequence[Sequence[Any]]] | None = None,
    options: dict[str, Any] | None = None,
) -> Path:
    """Write rows (None = empty cell); dates/datetimes get a date format."""
    wb = xlsxwriter.Workbook(str(path), options or {})
    date_fmt = wb.add_format({"num_format": "dd/mm/yyyy"})
    for name, data in (first_sheets or {}).items():
        _fill(wb.add_worksheet(name), data, date_fmt)
    ws = wb.add_worksheet(sheet)
    _fill(ws, rows, date_fmt)
    for r1, c1, r2, c2, text in merges:
        ws.merge_range(r1, c1, r2, c2, text)
    for name, data in (extra_sheets or {}).items():
        _fill(wb.add_worksheet(name), data, date_fmt)
    wb.close()
    return path


def _fill(ws: Any, rows: Sequence[Sequence[Any]], date_fmt: Any) -> None:
    for i, row in enumerate(rows):
        for j, v in enumerate(row):
            if v is None:
                continue
            if isinstance(v, dt.date):
                ws.write_datetime(i, j, v, date_fmt)
            elif isinstance(v, str):
                ws.write_string(i, j, v)
            else:
                ws.write(i, j, v)


@pytest.fixture
def xlsx() -> Any:
    """The :func:`write_xlsx` builder."""
    return write_xlsx
