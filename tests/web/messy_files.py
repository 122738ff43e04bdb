"""Messy agency files for the upload tests and the browser test.

:func:`make_messy_eppgbm` rewrites the demo's clean e-PPGBM export the way a puskesmas
spreadsheet really arrives: a title block above the header, headers spelled for people
("Tgl. Lahir", "NIK Balita"), a blank column, blank rows between the data, dates as real
Excel dates in some rows and as text in two different layouts in others, and a sheet that
is simply called "Sheet1". The rows are the demo's own, so the result can be checked
against the clean ingest.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl

from rajut.store import open_store
from rajut.workspace import Workspace

#: clean demo header → how the messy file spells it
MESSY_HEADERS: dict[str, str] = {
    "ID_PENGUKURAN": "ID Pengukuran",
    "NIK_ANAK": "NIK Balita",
    "NAMA_ANAK": "Nama Anak",
    "JK": "Jenis Kelamin",
    "TGL_LAHIR": "Tgl. Lahir",
    "BB_LAHIR": "BB Lahir",
    "PB_LAHIR": "PB Lahir",
    "NAMA_ORTU": "Nama Ibu",
    "NIK_ORTU": "NIK Ibu",
    "ALAMAT": "Alamat",
    "RT": "RT",
    "RW": "RW",
    "DESA": "Desa/Kelurahan",
    "KECAMATAN": "Kecamatan",
    "PUSKESMAS": "Puskesmas",
    "POSYANDU": "Posyandu",
    "TGL_UKUR": "Tanggal Ukur",
    "BERAT": "Berat (kg)",
    "TINGGI": "Tinggi (cm)",
    "CARA_UKUR": "Cara Ukur",
    "ZS_BBU": "ZS BB/U",
    "ZS_TBU": "ZS TB/U",
    "ZS_BBTB": "ZS BB/TB",
    "STATUS_BBU": "Status BB/U",
    "STATUS_TBU": "Status TB/U",
    "STATUS_BBTB": "Status BB/TB",
}
DATE_COLUMNS = ("TGL_LAHIR", "TGL_UKUR")
#: after this header the messy file has an empty column
BLANK_AFTER = "NAMA_ANAK"


def demo_eppgbm_file(ws: Workspace) -> Path:
    """The demo's clean e-PPGBM export: in ``incoming/``, else from the raw archive."""
    found = sorted((ws.root / "incoming").glob("*/eppgbm_*.xlsx"))
    if found:
        return found[0]
    with open_store(ws.analytics_db) as store:
        row = store.con.execute(
            "SELECT raw_path FROM meta.ingest_runs WHERE source = 'eppgbm' "
            "ORDER BY finished_at DESC LIMIT 1"
        ).fetchone()
    assert row is not None, "the demo workspace has no e-PPGBM run"
    return ws.root / str(row[0])


def _as_date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and value:
        return date.fromisoformat(value[:10])
    return None


def _messy_date(value: Any, index: int) -> Any:
    """Every third row a real date; the others text as dd/mm/yyyy or dd-mm-yyyy."""
    day = _as_date(value)
    if day is None:
        return value
    if index % 3 == 0:
        return datetime(day.year, day.month, day.day)
    if index % 3 == 1:
        return day.strftime("%d/%m/%Y")
    return day.strftime("%d-%m-%Y")


def make_messy_eppgbm(path: Path, ws: Workspace, *, rows: int | None = None) -> Path:
    """Write a messy version of the demo's e-PPGBM export to ``path`` (an .xlsx).

    Args:
        path: where to write (folders created).
        ws: a demo workspace (its incoming folder or raw archive has the clean file).
        rows: keep only the first ``rows`` data rows (default: all).

    Returns:
        ``path``.
    """
    source = openpyxl.load_workbook(demo_eppgbm_file(ws), read_only=True, data_only=True)
    sheet = source.worksheets[0]
    records = sheet.iter_rows(values_only=True)
    header = [str(h) for h in next(records)]
    data = [list(r) for r in records if any(v not in (None, "") for v in r)]
    source.close()
    if rows is not None:
        data = data[:rows]

    out_header: list[str | None] = []
    picks: list[int | None] = []
    for i, name in enumerate(header):
        out_header.append(MESSY_HEADERS.get(name, name))
        picks.append(i)
        if name == BLANK_AFTER:
            out_header.append(None)
            picks.append(None)

    book = openpyxl.Workbook()
    out = book.active
    assert out is not None
    out.title = "Sheet1"
    out.append(["LAPORAN PENGUKURAN BALITA — PUSKESMAS SE-KABUPATEN"])
    out.append(["Dicetak dari e-PPGBM"])
    out.append([])
    out.append(out_header)
    for n, record in enumerate(data):
        row: list[Any] = []
        for pick in picks:
            if pick is None:
                row.append(None)
                continue
            value = record[pick]
            if header[pick] in DATE_COLUMNS:
                value = _messy_date(value, n)
            row.append(value)
        out.append(row)
        if n % 50 == 49:
            out.append([])  # a blank line between pages of the printout
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path
