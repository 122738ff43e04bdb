"""The scorecard workbook, laid out as evidence for performance assessment (SKP).

Sheets: ``Ringkasan`` (one row per agency), ``Bukti SKP`` (one block per agency: metric,
value, definition, and a signature block), ``Per unit``, ``Definisi``.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import xlsxwriter

from rajut.governance.scorecard.compute import Scorecard
from rajut.governance.scorecard.metrics import AGENCY_METRICS, UNIT_METRICS
from rajut.quality.xlsx import safe_text

OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}


def _put(sheet: Any, row: int, col: int, value: Any, fmt: Any = None) -> None:
    if value is None:
        sheet.write_string(row, col, "–", fmt)
    elif isinstance(value, bool):
        sheet.write_string(row, col, "ya" if value else "tidak", fmt)
    elif isinstance(value, int | float):
        sheet.write_number(row, col, value, fmt)
    else:
        sheet.write_string(row, col, safe_text(value), fmt)


def write_scorecard_xlsx(card: Scorecard, out: Path, *, kabupaten: str = "") -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    book = xlsxwriter.Workbook(str(out), OPTIONS)
    try:
        title = book.add_format({"bold": True, "font_size": 14})
        bold = book.add_format({"bold": True})
        head = book.add_format(
            {"bold": True, "bg_color": "#E8F3EE", "border": 1, "text_wrap": True, "valign": "top"}
        )
        wrap = book.add_format({"text_wrap": True, "valign": "top"})
        cell = book.add_format({"border": 1, "valign": "top"})
        stamp = (
            f"Periode {card.period.label} ({card.period.start:%d-%m-%Y} s.d. "
            f"{card.period.end:%d-%m-%Y}); dihitung {datetime.now():%d-%m-%Y %H:%M} "
            f"dengan tanggal acuan {card.as_of:%d-%m-%Y}."
        )
        heading = "Kartu Kinerja Kolaborasi Data" + (f" — {kabupaten}" if kabupaten else "")

        summary = book.add_worksheet("Ringkasan")
        summary.write(0, 0, heading, title)
        summary.write(1, 0, stamp)
        keys = list(AGENCY_METRICS)
        summary.write(3, 0, "Dinas", head)
        summary.write(3, 1, "Sumber data", head)
        for c, key in enumerate(keys, start=2):
            summary.write(3, c, AGENCY_METRICS[key][0], head)
        for r, score in enumerate(card.agencies, start=4):
            values = score.to_dict()
            _put(summary, r, 0, score.agency, cell)
            _put(summary, r, 1, ", ".join(score.sources) or "–", cell)
            for c, key in enumerate(keys, start=2):
                _put(summary, r, c, values[key], cell)
        summary.set_row(3, 60)
        summary.set_column(0, 0, 24)
        summary.set_column(1, 1, 20)
        summary.set_column(2, 1 + len(keys), 13)
        summary.freeze_panes(4, 1)

        evidence = book.add_worksheet("Bukti SKP")
        row = 0
        for score in card.agencies:
            values = score.to_dict()
            evidence.write(row, 0, f"Bukti dukung kinerja — kolaborasi data: {score.agency}", title)
            evidence.write(row + 1, 0, stamp)
            evidence.write(row + 3, 0, "Ukuran", head)
            evidence.write(row + 3, 1, "Nilai", head)
            evidence.write(row + 3, 2, "Definisi", head)
            row += 4
            for key, (label, definition) in AGENCY_METRICS.items():
                _put(evidence, row, 0, label, cell)
                _put(evidence, row, 1, values[key], cell)
                evidence.write(row, 2, definition, wrap)
                row += 1
            row += 1
            evidence.write(row, 0, "Mengetahui,", bold)
            evidence.write(row, 2, f"Kepala {score.agency},", bold)
            evidence.write(row + 1, 0, "Walidata (Diskominfo)")
            evidence.write(row + 4, 0, "(.................................)")
            evidence.write(row + 4, 2, "(.................................)")
            row += 7
        evidence.set_column(0, 0, 34)
        evidence.set_column(1, 1, 12)
        evidence.set_column(2, 2, 90)

        units = book.add_worksheet("Per unit")
        units.write(0, 0, heading + " — per unit", title)
        units.write(1, 0, stamp)
        unit_keys = list(UNIT_METRICS)
        units.write(3, 0, "Dinas", head)
        units.write(3, 1, "Unit", head)
        for c, key in enumerate(unit_keys, start=2):
            units.write(3, c, UNIT_METRICS[key][0], head)
        for r, unit in enumerate(card.units, start=4):
            values = unit.to_dict()
            _put(units, r, 0, unit.agency, cell)
            _put(units, r, 1, unit.unit, cell)
            for c, key in enumerate(unit_keys, start=2):
                _put(units, r, c, values[key], cell)
        units.set_column(0, 1, 24)
        units.set_column(2, 1 + len(unit_keys), 14)

        defs = book.add_worksheet("Definisi")
        defs.write(0, 0, "Definisi ukuran", title)
        defs.write(2, 0, "Ukuran", head)
        defs.write(2, 1, "Definisi", head)
        for r, (label, definition) in enumerate(AGENCY_METRICS.values(), start=3):
            defs.write(r, 0, label, cell)
            defs.write(r, 1, definition, wrap)
        defs.set_column(0, 0, 32)
        defs.set_column(1, 1, 100)
    finally:
        book.close()
    return out
