"""Excel workbook for field verification: a summary sheet and one sheet per desa.

``Ringkasan`` holds the build, the counts per rule and a native Excel bar chart; each desa
sheet lists its candidates with what a field officer needs. Every text cell is written as
a string and neutralised against formula injection (leading ``=``, ``+``, ``-``, ``@``).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from rajut.quality.xlsx import safe_text
from rajut.targeting.models import JENIS_LABELS, UNIT_LABELS
from rajut.targeting.report import COLUMNS, TargetReport, TargetRow

SUMMARY_SHEET = "Ringkasan"
_SHEET_BAD = str.maketrans({c: "_" for c in "[]:*?/\\'"})
#: Columns shown on a desa sheet (the desa/kecamatan are in the sheet title).
DESA_COLUMNS = tuple(c for c in COLUMNS if c[0] not in ("kecamatan_code", "desa_code", "desa"))
_WIDTHS = {"reason": 70, "rule_title": 34, "address": 26, "name": 26, "nik": 19, "kk_number": 19}


def desa_sheet_name(desa: str, code: str, used: set[str]) -> str:
    """A unique sheet name ≤ 31 characters: desa name plus the last 4 code digits.

    Examples:
        >>> desa_sheet_name("Sengon", "33.10.01.2001", set())
        'Sengon 2001'
    """
    tail = code.rsplit(".", 1)[-1] if code else "----"
    base = f"{desa.translate(_SHEET_BAD)[:24].strip()} {tail}".strip()[:31]
    name, i = base, 2
    while name.lower() in used or name.lower() == SUMMARY_SHEET.lower():
        name = f"{base[:27]} ({i})"
        i += 1
    used.add(name.lower())
    return name


def _write(ws: Worksheet, row: int, values: Sequence[object], fmt: Any = None) -> None:
    for col, value in enumerate(values):
        if isinstance(value, int | float) and not isinstance(value, bool):
            ws.write_number(row, col, value, fmt)
        else:
            ws.write_string(row, col, safe_text(value), fmt)


def _cell(row: TargetRow, key: str) -> object:
    value = getattr(row, key)
    return UNIT_LABELS.get(value, value) if key == "unit" else value


def _privacy_note(report: TargetReport) -> str:
    if report.unmasked:
        return "PERHATIAN: NIK dan No. KK TIDAK disamarkan (permintaan tercatat di log akses)."
    return "NIK dan No. KK disamarkan (4 digit awal dan 4 digit akhir)."


def _summary(book: Workbook, report: TargetReport, bold: Any) -> None:
    ws = book.add_worksheet(SUMMARY_SHEET)
    ws.set_column(0, 0, 38)
    ws.set_column(1, 4, 16)
    _write(ws, 0, [f"Daftar calon sasaran untuk verifikasi lapangan — {report.kabupaten}"], bold)
    _write(ws, 1, ["Tanggal acuan", report.as_of.isoformat()])
    _write(ws, 2, ["Build", report.build_id])
    _write(ws, 3, [_privacy_note(report)])
    _write(ws, 5, ["Aturan", "Kode aturan", "Jenis", "Unit", "Jumlah"], bold)
    for i, rule in enumerate(report.rules, start=6):
        _write(
            ws,
            i,
            [
                rule.judul,
                rule.id,
                rule.jenis,
                UNIT_LABELS[rule.unit],
                report.counts.get(rule.id, 0),
            ],
        )
    last = 5 + len(report.rules)
    if report.rules:
        chart = book.add_chart({"type": "bar"})
        chart.add_series(
            {
                "name": "Jumlah calon per aturan",
                "categories": [SUMMARY_SHEET, 6, 1, last, 1],
                "values": [SUMMARY_SHEET, 6, 4, last, 4],
            }
        )
        chart.set_title({"name": f"Calon sasaran per aturan (per {report.as_of.isoformat()})"})
        chart.set_legend({"none": True})
        ws.insert_chart(last + 2, 0, chart, {"x_scale": 1.6, "y_scale": 1.2})
    _write(ws, last + 20, ["Keterangan jenis galat"], bold)
    for j, (key, label) in enumerate(JENIS_LABELS.items(), start=last + 21):
        _write(ws, j, [key, label])


def _desa_sheet(book: Workbook, name: str, report: TargetReport, rows: list[Any], fmt: Any) -> None:
    ws = book.add_worksheet(name)
    first = rows[0]
    _write(
        ws,
        0,
        [
            f"Desa/kelurahan {first.desa} ({first.desa_code}), "
            f"Kecamatan {first.kecamatan} — per {report.as_of.isoformat()}"
        ],
        fmt["bold"],
    )
    _write(ws, 1, [_privacy_note(report)])
    _write(ws, 3, ["No"] + [label for _, label in DESA_COLUMNS], fmt["head"])
    for i, row in enumerate(rows, start=1):
        values = [_cell(row, key) for key, _ in DESA_COLUMNS]
        _write(ws, 3 + i, [i] + values, fmt["wrap"])
    for col, (key, _) in enumerate(DESA_COLUMNS, start=1):
        ws.set_column(col, col, _WIDTHS.get(key, 14))
    ws.freeze_panes(4, 0)
    ws.autofilter(3, 0, 3 + len(rows), len(DESA_COLUMNS))


def write_targets_xlsx(report: TargetReport, path: Path) -> Path:
    """Write the workbook to ``path`` (folders created; written atomically)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    options = {"strings_to_formulas": False, "strings_to_urls": False, "constant_memory": True}
    book = xlsxwriter.Workbook(str(tmp), options)
    try:
        fmt = {
            "bold": book.add_format({"bold": True}),
            "head": book.add_format({"bold": True, "bg_color": "#DDEBF7", "text_wrap": True}),
            "wrap": book.add_format({"text_wrap": True, "valign": "top"}),
        }
        _summary(book, report, fmt["bold"])
        used: set[str] = set()
        for code, rows in report.by_desa().items():
            _desa_sheet(book, desa_sheet_name(rows[0].desa, code, used), report, rows, fmt)
    finally:
        book.close()
    tmp.replace(path)
    return path
