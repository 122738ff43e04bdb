"""The HTML page and the Excel workbook."""

from __future__ import annotations

import re
import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from rajut.quality import QualityReport, compute_quality
from rajut.quality.charts import Bar, hbar_chart
from rajut.quality.html import write_quality_html
from rajut.quality.xlsx import FORMULA_PREFIXES, safe_text, write_quality_xlsx
from rajut.workspace import Workspace
from tests.quality.conftest import FORMULA, NIKS


@pytest.fixture
def report(store_ws: Workspace) -> QualityReport:
    return compute_quality(store_ws, "uji", today=date(2026, 3, 10))


def test_html_is_self_contained_and_escaped(report: QualityReport, out_dir: Path) -> None:
    path = write_quality_html(report, out_dir / "mutu.html")
    page = path.read_text(encoding="utf-8")
    assert "http://" not in page and "https://" not in page
    assert not re.search(r"<(link|img|iframe|object)\b", page)
    assert "<script" not in page.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert page.count("<svg") == 3
    assert "Nama kosong" in page and "Isi nama lengkap sesuai KK/KTP-el." in page
    assert "terlambat 10 hari" in page
    assert "80,0 %" in page
    for nik in NIKS:
        assert nik not in page


def test_svg_labels_are_escaped() -> None:
    svg = str(hbar_chart([Bar('<b onload="x">', 1.0, "</svg>")], title='"t"'))
    assert "<b " not in svg and "&lt;b onload" in svg
    assert svg.count("</svg>") == 1


@pytest.mark.parametrize("value", ["=1+1", "+62", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_safe_text_neutralises_formulas(value: str) -> None:
    assert safe_text(value) == "'" + value


def test_safe_text_keeps_plain_text() -> None:
    assert safe_text("BUDI") == "BUDI"
    assert safe_text(None) == ""


def _all_cells(path: Path) -> list[tuple[str, object]]:
    book = openpyxl.load_workbook(path)
    cells = []
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"formula in {ws.title}!{cell.coordinate}"
                if cell.value is not None:
                    cells.append((ws.title, cell.value))
    return cells


def test_xlsx_sheets_and_content(report: QualityReport, out_dir: Path) -> None:
    path = write_quality_xlsx(report, out_dir / "mutu.xlsx")
    names = CalamineWorkbook.from_path(str(path)).sheet_names
    assert names[0] == "Ringkasan" and names[-1] == "Karantina"
    assert len(names) == 2 + len(report.problems)
    assert all(len(n) <= 31 for n in names)
    book = openpyxl.load_workbook(path)
    problem = book[next(n for n in names if "name-missing" in n)]
    rows = [r for r in problem.iter_rows(values_only=True)]
    header = rows.index(
        ("Baris di berkas", "ID baris", "Kolom", "Nilai", "Status", "Yang perlu diperbaiki")
    )
    assert [r[:3] for r in rows[header + 1 :]] == [(3, "R03", "NAMA"), (7, "R07", "NAMA")]
    quarantine = list(book["Karantina"].iter_rows(values_only=True))
    assert quarantine[0][:3] == ("Baris di berkas", "ID baris", "Alasan")
    assert [r[0] for r in quarantine[1:]] == [11, 12]
    assert "ID baris ganda" in str(quarantine[1][2])
    with zipfile.ZipFile(path) as z:
        assert any(n.startswith("xl/charts/chart") for n in z.namelist())


def test_xlsx_is_formula_injection_safe_and_masked(report: QualityReport, out_dir: Path) -> None:
    path = write_quality_xlsx(report, out_dir / "mutu.xlsx")
    texts = [str(v) for _, v in _all_cells(path) if isinstance(v, str)]
    assert not [t for t in texts if t.startswith(FORMULA_PREFIXES)]
    assert "'" + FORMULA in texts
    assert "'@SUM(1)" in texts
    joined = "\n".join(texts)
    for nik in [*NIKS, "3310010101900001"]:
        assert nik not in joined
    assert "3310********0002" in joined


def test_writers_create_folders(report: QualityReport, tmp_path: Path) -> None:
    deep = tmp_path / "a" / "b"
    assert write_quality_html(report, deep / "x.html").is_file()
    assert write_quality_xlsx(report, deep / "x.xlsx").is_file()
    assert not list(deep.glob("*.part"))
