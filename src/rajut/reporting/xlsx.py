"""Write a recap as an Excel workbook: a cover sheet, then one sheet per table with a
native bar chart. Text cells are written as strings, neutralised against formula injection.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from rajut.quality.xlsx import safe_text
from rajut.reporting.model import RecapResult, RecapTable
from rajut.reporting.svg import PALETTE, is_percent_chart

_SHEET_BAD = str.maketrans({c: "_" for c in "[]:*?/\\'"})
OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}


def sheet_name(index: int, title: str) -> str:
    """``T1 Cakupan per program (kab…``: unique, at most 31 characters, no forbidden ones."""
    return f"T{index} {title}".translate(_SHEET_BAD)[:31]


def _write_cell(
    ws: Worksheet, row: int, col: int, value: Any, kind: str, fmts: dict[str, Any]
) -> None:
    if value is None:
        ws.write_blank(row, col, None)
    elif kind in ("bilangan", "desimal", "persen") and isinstance(value, int | float):
        ws.write_number(row, col, float(value), fmts.get(kind))
    elif isinstance(value, datetime | date):
        ws.write_string(row, col, value.isoformat()[:10])
    else:
        ws.write_string(row, col, safe_text(value))


def _cover(book: Workbook, result: RecapResult, bold: Any, names: list[str]) -> None:
    ws = book.add_worksheet("Keterangan")
    ws.set_column(0, 0, 22)
    ws.set_column(1, 1, 100)
    ws.write_string(0, 0, safe_text(result.title), bold)
    lines = [
        ("Tanggal acuan", result.as_of.isoformat()),
        ("Build model terpadu", result.build_id),
        ("Dibuat", result.generated_at),
        ("Keterangan", result.description),
        ("Sumber", result.source_note),
    ]
    for i, (label, value) in enumerate(lines, start=2):
        ws.write_string(i, 0, label, bold)
        ws.write_string(i, 1, safe_text(value))
    row = len(lines) + 3
    ws.write_string(row, 0, "Lembar", bold)
    for i, (name, table) in enumerate(zip(names, result.tables, strict=True), start=row + 1):
        ws.write_string(i, 0, safe_text(name))
        ws.write_string(i, 1, safe_text(table.title))


def _table_sheet(
    book: Workbook, name: str, result: RecapResult, t: RecapTable, fmts: dict[str, Any]
) -> None:
    ws = book.add_worksheet(name)
    bold = fmts["bold"]
    ws.write_string(0, 0, safe_text(f"{result.title} — {t.title}"), bold)
    ws.write_string(1, 0, f"Tanggal acuan: {result.as_of.isoformat()}")
    ws.write_string(2, 0, safe_text(result.source_note))
    header = 4
    for col, c in enumerate(t.columns):
        ws.write_string(header, col, safe_text(c.judul), bold)
        ws.set_column(col, col, max(12, min(len(c.judul) + 2, 30)))
    for r, row in enumerate(t.rows, start=header + 1):
        for col, (value, c) in enumerate(zip(row, t.columns, strict=True)):
            _write_cell(ws, r, col, value, c.jenis, fmts)
    if not t.rows:
        ws.write_string(header + 1, 0, "Tidak ada data untuk tanggal acuan ini.")
    _chart(book, ws, name, t, len(t.columns) + 1, header, fmts)


def _chart(
    book: Workbook,
    ws: Worksheet,
    name: str,
    t: RecapTable,
    col0: int,
    row0: int,
    fmts: dict[str, Any],
) -> None:
    """Write the chart's data block at ``col0`` and a native bar chart above it."""
    rows = t.chart_rows()
    as_percent = is_percent_chart(t)
    ws.write_string(row0, col0, "Data grafik", fmts["bold"])
    for j, s in enumerate(t.chart.nilai, start=1):
        ws.write_string(row0, col0 + j, safe_text(s.judul), fmts["bold"])
    for i, (label, values) in enumerate(rows, start=row0 + 1):
        ws.write_string(i, col0, safe_text(label))
        for j, v in enumerate(values, start=1):
            ws.write_number(i, col0 + j, v, fmts["persen"] if as_percent else None)
    ws.set_column(col0, col0, 34)
    if not rows:
        return
    chart = book.add_chart({"type": "bar"})
    assert chart is not None
    last = row0 + len(rows)
    for j, s in enumerate(t.chart.nilai, start=1):
        chart.add_series(
            {
                "name": s.judul,
                "categories": [name, row0 + 1, col0, last, col0],
                "values": [name, row0 + 1, col0 + j, last, col0 + j],
                "fill": {"color": PALETTE[(j - 1) % len(PALETTE)]},
            }
        )
    chart.set_title({"name": t.chart.judul})
    axis: dict[str, Any] = {"min": 0, "max": 1, "num_format": "0%"} if as_percent else {"min": 0}
    chart.set_x_axis(axis)
    chart.set_y_axis({"reverse": True})
    chart.set_size({"width": 640, "height": max(300, 26 * len(rows) * len(t.chart.nilai) + 90)})
    ws.insert_chart(row0, col0 + len(t.chart.nilai) + 2, chart)


def write_recap_xlsx(result: RecapResult, path: Path) -> Path:
    """Write the workbook to ``path`` (folders created); returns ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    names = [sheet_name(i, t.title) for i, t in enumerate(result.tables, start=1)]
    with xlsxwriter.Workbook(str(tmp), OPTIONS) as book:
        fmts = {
            "bold": book.add_format({"bold": True}),
            "persen": book.add_format({"num_format": "0.0%"}),
            "bilangan": book.add_format({"num_format": "#,##0"}),
            "desimal": book.add_format({"num_format": "#,##0.00"}),
        }
        _cover(book, result, fmts["bold"], names)
        for name, table in zip(names, result.tables, strict=True):
            _table_sheet(book, name, result, table, fmts)
    tmp.replace(path)
    return path
