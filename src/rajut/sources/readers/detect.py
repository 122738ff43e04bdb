"""Find a file's real format from its first bytes and refuse unsafe files early.

Checks run before any parsing: existence, size limit, empty file, extension versus magic
bytes, encrypted Office files (OLE2 container with an ``EncryptedPackage`` stream), corrupt
and zip-bomb archives (declared sizes are read from the zip directory, nothing is
decompressed).
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from rajut.sources.readers import errors as e
from rajut.sources.readers.hints import FileHints

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
MAX_UNCOMPRESSED_BYTES = 8 * 1024**3
MAX_COMPRESSION_RATIO = 200
RATIO_CHECK_MIN_BYTES = 64 * 1024**2
EXTENSIONS = {
    ".csv": "csv",
    ".txt": "csv",
    ".tsv": "csv",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".xls": "xls",
    ".ods": "ods",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
}


def detect_format(path: Path, hints: FileHints) -> str:
    """Check ``path`` and return its format (``csv``, ``xlsx``, ``xls``, ``ods``, ``json``…).

    Raises:
        ReadError: a subclass naming the problem (missing, too large, empty, wrong type,
            encrypted, corrupt, zip bomb).
    """
    _check_size(path, hints.max_file_mb)
    with path.open("rb") as fh:
        head = fh.read(8192)
    claimed = hints.format if hints.format != "auto" else _format_from_extension(path)
    if head.startswith(OLE2_MAGIC):
        return _check_ole2(path, claimed)
    if head.startswith(ZIP_MAGIC) or head.startswith(b"PK\x05\x06"):
        return _check_zip(path, claimed)
    if claimed in ("xlsx", "ods"):
        raise _wrong_type(path, claimed, _describe(head))
    if claimed == "xls":
        raise _wrong_type(path, claimed, _describe(head))
    if _describe(head) in ("PDF", "HTML"):
        raise _wrong_type(path, claimed, _describe(head))
    return claimed


def _check_size(path: Path, max_file_mb: int) -> None:
    if not path.is_file():
        raise e.FileNotFoundReadError(
            f"Berkas '{path}' tidak ditemukan.", "Periksa nama dan lokasi berkas."
        )
    size = path.stat().st_size
    if size == 0:
        raise e.EmptyFileError(
            f"Berkas '{path.name}' kosong (0 byte).",
            "Ekspor ulang data dari aplikasi asal dan pastikan berkas berisi data.",
        )
    if size > max_file_mb * 1024**2:
        raise e.FileTooLargeError(
            f"Berkas '{path.name}' berukuran {size / 1024**2:.0f} MB, melebihi batas "
            f"{max_file_mb} MB.",
            "Pecah berkas menjadi beberapa bagian, atau naikkan batas 'max_file_mb' di "
            "kontrak sumber bila berkas ini memang wajar.",
        )


def _format_from_extension(path: Path) -> str:
    fmt = EXTENSIONS.get(path.suffix.lower())
    if fmt is None:
        raise e.WrongFileTypeError(
            f"Jenis berkas '{path.name}' tidak dikenali (ekstensi '{path.suffix or '-'}').",
            "Gunakan berkas .csv, .xlsx, .xls, .ods, .json atau .jsonl, atau isi "
            "'format' di kontrak sumber.",
        )
    return fmt


def _describe(head: bytes) -> str:
    start = head.lstrip()[:64].lower()
    if start.startswith(b"%pdf"):
        return "PDF"
    if start.startswith((b"<!doctype html", b"<html", b"<head", b"<table")):
        return "HTML"
    if start.startswith(b"<?xml"):
        return "XML"
    return "teks atau data lain"


def _wrong_type(path: Path, claimed: str, actual: str) -> e.WrongFileTypeError:
    return e.WrongFileTypeError(
        f"Berkas '{path.name}' bukan berkas {claimed.upper()} yang sah: isinya {actual}.",
        "Unduh ulang berkas dalam format aslinya, atau buka di Excel/LibreOffice lalu "
        "simpan sebagai .xlsx atau .csv.",
    )


def _check_ole2(path: Path, claimed: str) -> str:
    data = path.read_bytes() if path.stat().st_size < 64 * 1024**2 else b""
    if "EncryptedPackage".encode("utf-16-le") in data or claimed == "xlsx":
        raise e.EncryptedFileError(
            f"Berkas '{path.name}' dilindungi kata sandi (terenkripsi), tidak bisa dibaca.",
            "Buka berkas di Excel dengan kata sandinya, hapus proteksi (File > Info > "
            "Protect Workbook), lalu simpan ulang.",
        )
    if claimed not in ("xls", "csv"):
        raise _wrong_type(path, claimed, "lembar kerja Excel lama (.xls)")
    return "xls"


def _check_zip(path: Path, claimed: str) -> str:
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            names = {i.filename for i in infos}
            mimetype = zf.read("mimetype")[:80] if "mimetype" in names else b""
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise e.CorruptFileError(
            f"Berkas '{path.name}' rusak atau tidak lengkap (arsip zip tidak bisa dibuka).",
            "Unduh atau salin ulang berkas. Bila tetap gagal, buka di Excel/LibreOffice "
            "lalu simpan ulang sebagai .xlsx atau .csv.",
        ) from exc
    _check_bomb(path, infos)
    if b"opendocument.spreadsheet" in mimetype:
        return "ods"
    if "xl/workbook.xml" in names or "xl/workbook.bin" in names:
        if "xl/workbook.bin" in names:
            raise _wrong_type(path, claimed, "lembar kerja biner .xlsb")
        return "xlsx"
    actual = "dokumen Word" if "word/document.xml" in names else "arsip zip"
    raise _wrong_type(path, claimed if claimed != "csv" else "lembar kerja", actual)


def zip_expansion(infos: list[zipfile.ZipInfo], ratio_min_bytes: int) -> tuple[int, float]:
    """What a zip declares it inflates to: (total bytes, worst ratio among entries that
    inflate to at least ``ratio_min_bytes``). Read from the directory; nothing is inflated."""
    total = sum(i.file_size for i in infos)
    worst = max(
        (i.file_size / max(i.compress_size, 1) for i in infos if i.file_size >= ratio_min_bytes),
        default=0.0,
    )
    return total, worst


def _check_bomb(path: Path, infos: list[zipfile.ZipInfo]) -> None:
    total, worst = zip_expansion(infos, RATIO_CHECK_MIN_BYTES)
    if total > MAX_UNCOMPRESSED_BYTES or worst > MAX_COMPRESSION_RATIO:
        raise e.ZipBombError(
            f"Berkas '{path.name}' mencurigakan: isi terkompresinya mengembang menjadi "
            f"{total / 1024**2:.0f} MB (rasio hingga {worst:.0f}×); tidak dibuka demi keamanan.",
            "Pastikan berkas berasal dari sumber tepercaya; ekspor ulang data sebagai .csv.",
        )
