"""Every kind of bad input raises a ReadError subclass naming the file, with a hint."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

from rajut.errors import RajutError
from rajut.sources.readers import FileHints, detect, read_table
from rajut.sources.readers import errors as e


def _raises(exc: type[e.ReadError], path: Path, hints: FileHints | None = None) -> e.ReadError:
    with pytest.raises(exc) as info:
        read_table(path, hints)
    err = info.value
    assert isinstance(err, RajutError)
    assert path.name in err.message and err.hint
    return err


def test_pdf_and_html_saved_as_xlsx(tmp_path: Path) -> None:
    pdf = tmp_path / "laporan.xlsx"
    pdf.write_bytes(b"%PDF-1.7\n%....\n")
    assert "PDF" in _raises(e.WrongFileTypeError, pdf).message
    html = tmp_path / "export.xlsx"
    html.write_text("<!DOCTYPE html><html><table><tr><td>1</td></tr></table></html>")
    assert "HTML" in _raises(e.WrongFileTypeError, html).message
    html_csv = tmp_path / "export.csv"
    html_csv.write_text("<html><body>Login</body></html>")
    _raises(e.WrongFileTypeError, html_csv)


def test_unknown_extension_and_docx(tmp_path: Path) -> None:
    odd = tmp_path / "data.dbf"
    odd.write_bytes(b"abc")
    _raises(e.WrongFileTypeError, odd)
    docx = tmp_path / "surat.xlsx"
    with zipfile.ZipFile(docx, "w") as zf:
        zf.writestr("word/document.xml", "<w/>")
    assert "Word" in _raises(e.WrongFileTypeError, docx).message


def test_truncated_xlsx(tmp_path: Path, xlsx: Any) -> None:
    good = xlsx(tmp_path / "ok.xlsx", [["A"], ["1"]])
    bad = tmp_path / "potong.xlsx"
    bad.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    _raises(e.CorruptFileError, bad)


def test_encrypted_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "rahasia.xlsx"
    body = bytearray(4096)
    body[1024 : 1024 + 32] = "EncryptedPackage".encode("utf-16-le")
    path.write_bytes(detect.OLE2_MAGIC + bytes(body))
    assert "kata sandi" in _raises(e.EncryptedFileError, path).message


def test_zip_bomb_checked_before_decompressing(tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.setattr(detect, "RATIO_CHECK_MIN_BYTES", 1024 * 1024)
    path = tmp_path / "bom.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/workbook.xml", "<workbook/>")
        zf.writestr("xl/worksheets/sheet1.xml", b"\0" * (4 * 1024 * 1024))
    _raises(e.ZipBombError, path)
    monkeypatch.setattr(detect, "MAX_UNCOMPRESSED_BYTES", 1000)
    _raises(e.ZipBombError, path)


def test_empty_files(tmp_path: Path, xlsx: Any) -> None:
    empty = tmp_path / "kosong.csv"
    empty.write_bytes(b"")
    _raises(e.EmptyFileError, empty)
    header_only = tmp_path / "header.csv"
    header_only.write_text("NIK;NAMA\n\n")
    _raises(e.EmptyFileError, header_only)
    _raises(e.EmptyFileError, xlsx(tmp_path / "header.xlsx", [["NIK", "NAMA"]]))
    _raises(e.EmptyFileError, xlsx(tmp_path / "kosong.xlsx", []))


def test_header_not_found(tmp_path: Path, xlsx: Any) -> None:
    rows = [[1, 2, 3], [4, 5, 6], [7, 8, 9]]
    _raises(e.HeaderNotFoundError, xlsx(tmp_path / "angka.xlsx", rows))
    path = tmp_path / "h.csv"
    path.write_text("A;B\n1;2\n")
    _raises(e.HeaderNotFoundError, path, FileHints(header_row=9))


def test_duplicate_columns_named_with_positions(tmp_path: Path, xlsx: Any) -> None:
    err = _raises(
        e.DuplicateColumnError, xlsx(tmp_path / "d.xlsx", [["NIK", "NAMA", "NIK"], [1, 2, 3]])
    )
    assert "'NIK' (kolom A, kolom C)" in err.message and "Ganti nama" in err.hint
    path = tmp_path / "d.csv"
    path.write_text("NIK;NAMA;NAMA\n1;2;3\n")
    assert "kolom ke-2, kolom ke-3" in _raises(e.DuplicateColumnError, path).message


def test_undecodable_bytes(tmp_path: Path) -> None:
    path = tmp_path / "sampah.csv"
    path.write_bytes(bytes(range(256)) * 20)
    _raises(e.UndecodableFileError, path)
    path2 = tmp_path / "enc.csv"
    path2.write_bytes("A;B\n1;é\n".encode("cp1252"))
    _raises(e.UndecodableFileError, path2, FileHints(encoding="utf-8"))


def test_file_larger_than_limit(tmp_path: Path) -> None:
    path = tmp_path / "besar.csv"
    path.write_bytes(b"A;B\n" + b"1;2\n" * 300_000)
    assert "1 MB" in _raises(e.FileTooLargeError, path, FileHints(max_file_mb=1)).message


@pytest.mark.parametrize(
    "doc", [[1, 2, 3], "teks", {"a": [1], "b": [2]}, {"a": 1}, [{"a": 1}, [2]], []]
)
def test_json_not_a_list_of_objects(tmp_path: Path, doc: Any) -> None:
    path = tmp_path / "x.json"
    path.write_text(json.dumps(doc))
    with pytest.raises((e.BadJsonError, e.EmptyFileError)) as info:
        read_table(path)
    assert "x.json" in info.value.message and info.value.hint


def test_broken_json_and_missing_records_path(tmp_path: Path) -> None:
    path = tmp_path / "rusak.json"
    path.write_text('[{"a": 1},')
    _raises(e.BadJsonError, path)
    ok = tmp_path / "ok.json"
    ok.write_text(json.dumps({"data": [{"a": 1}]}))
    _raises(e.BadJsonError, ok, FileHints(records_path="data.siswa"))


def test_error_messages_are_indonesian(tmp_path: Path) -> None:
    path = tmp_path / "kosong.xlsx"
    path.write_bytes(b"")
    err = _raises(e.EmptyFileError, path)
    assert "kosong" in err.message and err.to_dict()["code"] == "empty-file"
    assert io.StringIO(str(err)).read().count("Saran:") == 1
