"""XLSX reading: value rendering, numeric flags, headers, sheets, formulas."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import xlsxwriter

from rajut.sources.readers import FileHints, read_table, sniff_file
from rajut.sources.readers import errors as e


def test_values_rendered_as_text_with_numeric_flags(tmp_path: Path, xlsx: Any) -> None:
    rows = [
        ["NIK", "NAMA", "TGL_LAHIR", "AKTIF", "NILAI"],
        [3310124508900000.0, "0123", dt.datetime(1990, 8, 5), True, 0.1],
        ["3310124508900001", "Siti", dt.datetime(2020, 1, 2, 3, 4, 5), False, 1e20],
        ["3310x", "  Budi ", dt.datetime(2001, 12, 31), None, -3],
    ]
    raw = read_table(xlsx(tmp_path / "a.xlsx", rows))
    t = raw.table.to_pydict()
    assert raw.format == "xlsx" and raw.sheet == "Sheet1" and raw.header_row == 1
    assert raw.columns == ["NIK", "NAMA", "TGL_LAHIR", "AKTIF", "NILAI"]
    assert t["NIK"] == ["3310124508900000", "3310124508900001", "3310x"]
    assert t["__num__NIK"] == [True, False, False]
    assert t["NAMA"] == ["0123", "Siti", "  Budi "]
    assert "__num__NAMA" not in t
    assert t["TGL_LAHIR"] == ["1990-08-05", "2020-01-02T03:04:05", "2001-12-31"]
    assert "__num__TGL_LAHIR" not in t
    assert t["AKTIF"] == ["TRUE", "FALSE", None]
    assert t["NILAI"] == ["0.1", "100000000000000000000", "-3"]
    assert t["__num__NILAI"] == [True, True, True]
    assert t["__row"] == [2, 3, 4]


def test_excel_date_serials_and_1900_bug(tmp_path: Path) -> None:
    path = tmp_path / "serial.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet()
    fmt = wb.add_format({"num_format": "yyyy-mm-dd"})
    ws.write_row(0, 0, ["TGL", "KET"])
    for i, serial in enumerate([1, 59, 61, 43832, 43832.25]):
        ws.write_number(i + 1, 0, serial, fmt)
        ws.write_string(i + 1, 1, "x")
    wb.close()
    t = read_table(path).table.to_pydict()
    assert t["TGL"] == [
        "1900-01-01",
        "1900-02-28",
        "1900-03-01",
        "2020-01-02",
        "2020-01-02T06:00:00",
    ]


def test_1904_date_system(tmp_path: Path, xlsx: Any) -> None:
    rows = [["TGL", "N"], [dt.datetime(2024, 1, 3), 1]]
    path = xlsx(tmp_path / "mac.xlsx", rows, options={"date_1904": True})
    assert read_table(path).table.column("TGL").to_pylist() == ["2024-01-03"]


def test_title_rows_merged_title_blank_rows_and_trailing_empties(tmp_path: Path, xlsx: Any) -> None:
    rows = [
        [None],
        [None],
        [None, None, None, None],
        ["NIK", "NAMA", "DESA", None, None],
        ["3310010101900001", "ANI", "GEDONG", None, None],
        [None, None, None, None, None],
        ["3310010101900002", "BUDI", "KARANG", None, None],
        [None],
        [None],
    ]
    merges = [(0, 0, 0, 2, "DATA PENDUDUK KABUPATEN KLATEN"), (1, 0, 1, 2, "Tahun 2024")]
    raw = read_table(xlsx(tmp_path / "t.xlsx", rows, merges=merges))
    assert raw.header_row == 4
    assert raw.columns == ["NIK", "NAMA", "DESA"]
    assert raw.table.column("__row").to_pylist() == [5, 7]
    assert raw.table.column("NAMA").to_pylist() == ["ANI", "BUDI"]


def test_two_row_merged_header(tmp_path: Path, xlsx: Any) -> None:
    rows = [
        ["Laporan DTKS"],
        [None, None, None, None, None, None],
        [None, None, None, "RT", "RW", None],
        ["3310010101900001", "ANI", "Jl. A", "001", "002", "GEDONG"],
    ]
    merges = [
        (1, 0, 2, 0, "NIK"),
        (1, 1, 2, 1, "NAMA"),
        (1, 2, 1, 4, "ALAMAT"),
        (1, 5, 2, 5, "DESA"),
    ]
    rows[2][2] = "JALAN"
    raw = read_table(xlsx(tmp_path / "h.xlsx", rows, merges=merges))
    assert raw.header_row == 2
    assert raw.columns == ["NIK", "NAMA", "ALAMAT JALAN", "ALAMAT RT", "ALAMAT RW", "DESA"]
    assert raw.table.column("ALAMAT RT").to_pylist() == ["001"]
    assert raw.table.column("__row").to_pylist() == [4]


def test_expected_columns_choose_header_row(tmp_path: Path, xlsx: Any) -> None:
    rows = [
        ["Kode", "Nama Kegiatan", "Tahun"],
        ["A1", "Pendataan", "2024"],
        ["nik", "nama lengkap", "desil"],
        ["3310010101900001", "ANI", "1"],
    ]
    path = xlsx(tmp_path / "e.xlsx", rows)
    raw = read_table(path, expected_columns=["NIK", "Nama Lengkap", "DESIL"])
    assert raw.header_row == 3 and raw.columns == ["nik", "nama lengkap", "desil"]
    assert read_table(path).header_row == 1


def test_header_row_hint(tmp_path: Path, xlsx: Any) -> None:
    rows = [["x", "y"], ["NIK", "NAMA"], ["1", "A"]]
    raw = read_table(xlsx(tmp_path / "h.xlsx", rows), FileHints(header_row=2))
    assert raw.columns == ["NIK", "NAMA"] and raw.table.column("__row").to_pylist() == [3]


def test_sheet_selection(tmp_path: Path, xlsx: Any) -> None:
    data = [["NIK", "NAMA"], ["1", "A"]]
    other = [["KODE", "KET"], ["9", "Z"]]
    path = xlsx(
        tmp_path / "s.xlsx", data, sheet="DATA", first_sheets={"Kosong": []},
        extra_sheets={"Lain": other},
    )  # fmt: skip
    raw = read_table(path)
    assert raw.sheet == "DATA" and raw.columns == ["NIK", "NAMA"]
    assert any("3 lembar" in n for n in raw.notes)
    assert read_table(path, FileHints(sheet="Lain")).columns == ["KODE", "KET"]
    assert read_table(path, FileHints(sheet=2)).sheet == "Lain"
    with pytest.raises(e.SheetNotFoundError, match="Tidak Ada"):
        read_table(path, FileHints(sheet="Tidak Ada"))


def test_table_not_starting_in_column_a(tmp_path: Path, xlsx: Any) -> None:
    rows = [[None, None, "NIK", "RT"], [None, None, "3310010101900001", 5]]
    raw = read_table(xlsx(tmp_path / "o.xlsx", rows))
    t = raw.table.to_pydict()
    assert raw.columns == ["NIK", "RT"]
    assert t["RT"] == ["5"] and t["__num__RT"] == [True] and "__num__NIK" not in t


def test_formula_cached_values_counted(tmp_path: Path) -> None:
    path = tmp_path / "f.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet()
    ws.write_row(0, 0, ["A", "B", "C"])
    ws.write_row(1, 0, [1, 2])
    ws.write_formula(1, 2, "=A2+B2", None, 3)
    ws.write_row(2, 0, [4, 5])
    ws.write_formula(2, 2, '=A3&"x"', None, "4x")
    wb.close()
    raw = read_table(path)
    assert raw.table.column("C").to_pylist() == ["3", "4x"]
    assert raw.table.column("__num__C").to_pylist() == [True, False]
    assert "2 sel berisi rumus; nilai tersimpan dipakai." in raw.notes


def test_formula_without_cached_value_is_an_error(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["A", "B", "C"])
    ws.append([1, 2, "=A2+B2"])
    path = tmp_path / "nocache.xlsx"
    wb.save(path)
    with pytest.raises(e.MissingFormulaValueError, match="C2") as info:
        read_table(path)
    assert "simpan ulang" in info.value.hint


def test_openpyxl_written_file_types(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["NIK", "TGL"])
    ws.append([3310010101900001, dt.date(2000, 2, 29)])
    ws.append(["3310010101900002", dt.datetime(2000, 3, 1, 12, 30)])
    path = tmp_path / "op.xlsx"
    wb.save(path)
    t = read_table(path).table.to_pydict()
    assert t["NIK"] == ["3310010101900001", "3310010101900002"]
    assert t["__num__NIK"] == [True, False]
    assert t["TGL"] == ["2000-02-29", "2000-03-01T12:30:00"]


def test_sniff_limits_rows(tmp_path: Path, xlsx: Any) -> None:
    rows = [["NIK", "NAMA"]] + [[str(i), f"N{i}"] for i in range(500)]
    raw = sniff_file(xlsx(tmp_path / "big.xlsx", rows), max_rows=10)
    assert raw.table.num_rows == 10
    assert raw.table.column("__row").to_pylist() == list(range(2, 12))
