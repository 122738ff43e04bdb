"""Each format opens and carries the title, as-of, tables and a chart."""

from __future__ import annotations

import re
import zlib
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from rajut.reporting import RecapResult, compute_recap, write_report
from rajut.reporting.definitions import Chart, Column, Series
from rajut.reporting.model import RecapTable
from rajut.workspace import Workspace

from .conftest import AS_OF

EVIL = '=HYPERLINK("http://x","klik") <script>alert(1)</script>'


@pytest.fixture
def coverage(integ_ws: Workspace) -> RecapResult:
    return compute_recap(integ_ws, "cakupan-program", AS_OF)


def evil_result() -> RecapResult:
    """A recap whose text cells hold a formula and a script tag."""
    cols = [Column(nama="desa", judul="Desa"), Column(nama="n", judul="Jumlah", jenis="bilangan")]
    chart = Chart(judul="Jumlah", kategori=["desa"], nilai=[Series(kolom="n", judul="Jumlah")])
    table = RecapTable("uji", "Tabel uji", cols, [(EVIL, 3), ("Biasa", None)], chart)
    return RecapResult(
        "uji",
        "Rekap uji",
        "Deskripsi",
        date(2026, 6, 30),
        "b1",
        "2026-07-01T00:00:00",
        "Sumber: uji.",
        [table],
    )


def test_xlsx_opens_with_numbers_and_native_chart(coverage: RecapResult, tmp_path: Path) -> None:
    path = write_report(coverage, tmp_path / "r.xlsx")
    book = CalamineWorkbook.from_path(str(path))
    assert book.sheet_names[0] == "Keterangan"
    assert len(book.sheet_names) == 1 + len(coverage.tables)
    sheet = book.get_sheet_by_name(book.sheet_names[1]).to_python()
    assert "Cakupan program per desa" in str(sheet[0][0])
    assert sheet[4][:6] == [
        "Program",
        "Satuan sasaran",
        "Sasaran (desil 1–4)",
        "Penerima",
        "Penerima dalam sasaran",
        "Cakupan",
    ]
    assert sheet[5][:6] == ["PKH", "keluarga", 3.0, 3.0, 2.0, pytest.approx(2 / 3)]
    wb = load_workbook(path)
    for name in wb.sheetnames[1:]:
        assert len(wb[name]._charts) == 1  # openpyxl keeps charts it read


def test_xlsx_cells_are_formula_safe(tmp_path: Path) -> None:
    path = write_report(evil_result(), tmp_path / "e.xlsx")
    ws = load_workbook(path)[load_workbook(path).sheetnames[1]]
    values = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert "'" + EVIL in values
    assert not any(v.startswith("=") for v in values)
    assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []
        self.refs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.refs += [v or "" for k, v in attrs if k in ("src", "href")]

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_html_parses_offline_with_svg_per_table(coverage: RecapResult, tmp_path: Path) -> None:
    html = write_report(coverage, tmp_path / "r.html").read_text(encoding="utf-8")
    parser = _Collector()
    parser.feed(html)
    assert parser.tags.count("svg") == len(coverage.tables)
    assert parser.tags.count("table") == len(coverage.tables)
    assert all(ref.startswith("#") for ref in parser.refs)  # no external assets
    text = " ".join(parser.text)
    assert "Cakupan program per desa" in text and "2026-06-30" in text
    assert "66,7 %" in text
    assert "script" not in parser.tags


def test_html_escapes_names(tmp_path: Path) -> None:
    html = write_report(evil_result(), tmp_path / "e.html").read_text(encoding="utf-8")
    assert "<script>" not in html
    assert "&lt;script&gt;" in html


def _pdf_text(data: bytes) -> str:
    chunks = []
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            chunks.append(zlib.decompress(match.group(1)).decode("latin-1"))
        except zlib.error:
            chunks.append(match.group(1).decode("latin-1"))
    return "".join(chunks)


def test_pdf_has_title_table_and_chart(coverage: RecapResult, tmp_path: Path) -> None:
    data = write_report(coverage, tmp_path / "r.pdf").read_bytes()
    assert data.startswith(b"%PDF")
    text = _pdf_text(data)
    assert "Cakupan program per desa" in text
    assert "tanggal acuan 2026-06-30" in text
    assert "Sengon" in text and "66,7 %" in text
    bars = re.findall(r"-?[\d.]+ -?[\d.]+ -?[\d.]+ -?[\d.]+ re f", text)
    assert len(bars) >= 2 * len(coverage.table("per-program").rows)  # track + bar per row


def test_pdf_survives_unusual_text(tmp_path: Path) -> None:
    data = write_report(evil_result(), tmp_path / "e.pdf").read_bytes()
    assert data.startswith(b"%PDF")
    assert "Rekap uji" in _pdf_text(data)


def test_format_from_suffix_and_unknown_format(coverage: RecapResult, tmp_path: Path) -> None:
    from rajut.reporting import ReportError

    assert write_report(coverage, tmp_path / "x.PDF").read_bytes().startswith(b"%PDF")
    with pytest.raises(ReportError):
        write_report(coverage, tmp_path / "x.docx")
