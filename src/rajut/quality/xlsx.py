"""Write the quality report as an Excel workbook the agency can work from.

Sheets: ``Ringkasan`` (figures, per-column table, a native bar chart), one sheet per problem
with the affected rows and what to fix, and ``Karantina`` with the quarantined rows.
Every text cell is written as a string and neutralised against formula injection.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from rajut.quality.html import SEVERITY_LABELS
from rajut.quality.model import Problem, QualityReport
from rajut.sources.ingest_issues import all_issues

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_SHEET_BAD = str.maketrans({c: "_" for c in "[]:*?/\\"})


def safe_text(value: object) -> str:
    """Text for a cell: ``None`` → ``""``; formula-like text gets a leading ``'``.

    Examples:
        >>> safe_text("=HYPERLINK(\\"x\\")")
        '\\'=HYPERLINK("x")'
        >>> safe_text("BUDI")
        'BUDI'
    """
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


class _Sheet:
    """A worksheet writer that only ever writes safe strings and plain numbers."""

    def __init__(self, book: Workbook, name: str, bold: Any) -> None:
        self.ws: Worksheet = book.add_worksheet(name)
        self.bold = bold
        self.row = 0

    def line(self, *cells: object, header: bool = False) -> None:
        for col, cell in enumerate(cells):
            fmt = self.bold if header else None
            if isinstance(cell, int | float) and not isinstance(cell, bool):
                self.ws.write_number(self.row, col, cell, fmt)
            else:
                self.ws.write_string(self.row, col, safe_text(cell), fmt)
        self.row += 1

    def skip(self) -> None:
        self.row += 1


def _sheet_name(index: int, code: str) -> str:
    """``M01 nik-length``: the index keeps names unique; Excel allows 31 characters."""
    return f"M{index:02d} {code}".translate(_SHEET_BAD)[:31]


def _summary(book: Workbook, report: QualityReport, bold: Any, pct: Any) -> None:
    s = _Sheet(book, "Ringkasan", bold)
    rec, t, u = report.reconciliation, report.timeliness, report.uniqueness
    s.line(f"Laporan mutu data: {report.title} ({report.source})", header=True)
    for label, value in (
        ("Pemilik data", report.owner),
        ("Berkas", report.file_name),
        ("Run", report.run_id),
        ("Periode", t.period_label or "-"),
        ("Baris di berkas", rec.input_rows),
        ("Diterima", rec.accepted),
        ("Dikarantina", rec.quarantined),
        ("Ketepatan waktu", t.status),
        ("NIK dipakai lebih dari satu baris", u.duplicate_niks),
        ("ID baris ganda (baris dikarantina)", u.quarantined_duplicate_rows),
        *((f"Konsistensi: {g.title} (baris)", g.rows) for g in report.consistency),
    ):
        s.line(label, value)
    s.skip()
    s.line(
        "Kolom di berkas", "Medan baku", "Kelengkapan", "Keabsahan", "Baris bermasalah", header=True
    )
    first = s.row
    for f in report.fields:
        s.line(f.column, f.title)
        for col, share in ((2, f.completeness), (3, f.validity)):
            s.ws.write_number(s.row - 1, col, share or 0.0, pct)
        s.ws.write_number(s.row - 1, 4, f.rows_with_issue)
    s.ws.set_column(0, 0, 26)
    s.ws.set_column(1, 1, 34)
    s.ws.set_column(2, 4, 16)
    if report.fields:
        _chart(book, s.ws, first, s.row - 1)


def _chart(book: Workbook, ws: Worksheet, first: int, last: int) -> None:
    chart = book.add_chart({"type": "bar"})
    assert chart is not None
    for col, name, color in ((2, "Kelengkapan", "#1565C0"), (3, "Keabsahan", "#2E7D32")):
        chart.add_series(
            {
                "name": name,
                "categories": ["Ringkasan", first, 1, last, 1],
                "values": ["Ringkasan", first, col, last, col],
                "fill": {"color": color},
            }
        )
    chart.set_title({"name": "Kelengkapan dan keabsahan per kolom"})
    chart.set_x_axis({"min": 0, "max": 1, "num_format": "0%"})
    chart.set_y_axis({"reverse": True})
    chart.set_size({"width": 620, "height": max(300, 40 * (last - first + 1))})
    ws.insert_chart(1, 6, chart)


def _problem_sheet(book: Workbook, name: str, p: Problem, bold: Any) -> None:
    s = _Sheet(book, name, bold)
    s.line(f"{p.title} ({p.code})", header=True)
    s.line("Jumlah kejadian", p.count)
    s.line("Jenis", SEVERITY_LABELS.get(p.severity, p.severity))
    s.line("Cara memperbaiki", p.hint)
    if len(p.affected) < p.count:
        s.line(f"Ditampilkan {len(p.affected)} baris pertama dari {p.count} kejadian.")
    s.skip()
    s.line(
        "Baris di berkas",
        "ID baris",
        "Kolom",
        "Nilai",
        "Status",
        "Yang perlu diperbaiki",
        header=True,
    )
    for r in p.affected:
        s.line(
            r.row_number,
            r.record_id,
            r.column,
            r.value,
            "dikarantina" if r.quarantined else "diterima",
            p.hint,
        )
    s.ws.set_column(0, 0, 14)
    s.ws.set_column(1, 4, 20)
    s.ws.set_column(5, 5, 60)


def _quarantine_sheet(book: Workbook, report: QualityReport, bold: Any) -> None:
    s = _Sheet(book, "Karantina", bold)
    rows = report.quarantine_rows
    if len(rows) < report.quarantine_rows_total:
        s.line(f"Ditampilkan {len(rows)} dari {report.quarantine_rows_total} baris dikarantina.")
    columns: list[str] = list(dict.fromkeys(k for r in rows for k in r.raw))
    s.line("Baris di berkas", "ID baris", "Alasan", *columns, header=True)
    if not rows:
        s.line("Tidak ada baris yang dikarantina.")
    for r in rows:
        reasons = "; ".join(_reason_text(x) for x in r.reasons)
        s.line(r.row_number, r.record_id, reasons, *(_cell(r.raw.get(c)) for c in columns))
    s.ws.set_column(0, 1, 16)
    s.ws.set_column(2, 2, 50)


def _reason_text(reason: str) -> str:
    field, _, code = reason.partition(":")
    issue = all_issues().get(code)
    return f"{issue.title if issue else code} ({field})"


def _cell(value: object) -> str:
    if value is None or isinstance(value, str):
        return value or ""
    return json.dumps(value, ensure_ascii=False)


def write_quality_xlsx(report: QualityReport, path: Path) -> Path:
    """Write the workbook to ``path`` (folders created); returns ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    options = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
    with xlsxwriter.Workbook(str(tmp), options) as book:
        bold = book.add_format({"bold": True})
        pct = book.add_format({"num_format": "0.0%"})
        _summary(book, report, bold, pct)
        for i, problem in enumerate(report.problems, start=1):
            _problem_sheet(book, _sheet_name(i, problem.code), problem, bold)
        _quarantine_sheet(book, report, bold)
    tmp.replace(path)
    return path


__all__: Sequence[str] = ["safe_text", "write_quality_xlsx"]
