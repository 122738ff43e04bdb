"""Keep an uploaded file safely: a name we make ourselves, a type we checked, no zip bombs.

Why so careful: the file name and bytes come from a browser or another system, so neither
is trusted. The client's name is cleaned for display only (directories, ``../``, NUL and
control characters stripped) and the file is stored under ``data/uploads/<upload id>/``
with a name generated from an allow-list of characters (so a period pattern such as
``dtks_2026Q2`` in the original name still works for the contract). The content must
match the extension (magic bytes; an .xlsx must be a real zip with
``[Content_Types].xml``), and archives are refused on their declared sizes before any
byte is decompressed. Over-size bodies never reach here: the app's BodyLimit answers 413.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import shutil
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from rajut.errors import RajutError
from rajut.sources.readers.detect import zip_expansion

ALLOWED_EXTENSIONS = (".csv", ".txt", ".tsv", ".xlsx", ".xls", ".ods", ".json")
TEXT_EXTENSIONS = (".csv", ".txt", ".tsv", ".json")
ZIP_MAGIC = (b"PK\x03\x04",)
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
#: signatures of files that are never agency tables, whatever they are called
BINARY_MAGIC: dict[bytes, str] = {
    b"MZ": "program Windows (EXE)",
    b"\x7fELF": "program (ELF)",
    b"%PDF": "dokumen PDF",
    b"\x89PNG": "gambar PNG",
    b"\xff\xd8\xff": "gambar JPEG",
    b"GIF8": "gambar GIF",
    b"\x1f\x8b": "arsip gzip",
    b"7z\xbc\xaf": "arsip 7z",
    b"Rar!": "arsip RAR",
    b"PK\x03\x04": "arsip zip",
    OLE2_MAGIC: "berkas Office lama",
}
#: limits on what an archive may declare (checked on the zip directory, nothing inflated);
#: stricter than the readers' own (``rajut.sources.readers.detect``): anyone can upload
MAX_UNCOMPRESSED_BYTES = 2 * 1024**3
MAX_COMPRESSION_RATIO = 100
RATIO_CHECK_MIN_BYTES = 1024**2
MAX_ZIP_ENTRIES = 10_000
CHUNK = 1024 * 1024


class UploadError(RajutError):
    code = "upload-refused"


@dataclass(frozen=True)
class StoredFile:
    """A checked file on disk: where, under which names, how big, its SHA-256."""

    path: Path
    display_name: str
    size_bytes: int
    sha256: str


def display_name(client_name: str | None) -> str:
    """The client's file name made harmless for display: no folders, no control characters.

    Examples:
        >>> display_name("../../etc/passwd")
        'passwd'
        >>> display_name("C:\\\\Users\\\\siti\\\\data\\x00.csv")
        'data.csv'
    """
    name = (client_name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = name.strip().lstrip(".").strip()
    return name[:200] or "berkas"


def extension_of(name: str) -> str:
    """The allowed extension of ``name`` (lower case), or an :class:`UploadError`."""
    suffix = Path(name).suffix.lower()
    if suffix not in ALLOWED_EXTENSIONS:
        raise UploadError(
            f"Jenis berkas {suffix or '(tanpa ekstensi)'} tidak diterima.",
            "Unggah berkas " + ", ".join(ALLOWED_EXTENSIONS) + ". Dari Excel: Simpan sebagai "
            ".xlsx atau .csv.",
            code="upload-extension",
        )
    return suffix


def stored_name(shown: str, suffix: str) -> str:
    """A file name made only of ``[A-Za-z0-9._-]`` from the display name, ending in ``suffix``.

    Examples:
        >>> stored_name("<script>dtks_2026Q2.xlsx", ".xlsx")
        'script_dtks_2026Q2.xlsx'
    """
    stem = shown[: -len(suffix)] if shown.lower().endswith(suffix) else shown
    safe = re.sub(r"[^A-Za-z0-9_-]+", "_", stem).strip("_-")[:100]
    return (safe or "berkas") + suffix


def _wrong_type(shown: str, suffix: str, actual: str) -> UploadError:
    return UploadError(
        f"Isi berkas {shown} tidak sesuai jenisnya ({suffix}): isinya {actual}.",
        "Buka berkas di Excel atau LibreOffice lalu simpan ulang sebagai .xlsx atau .csv, "
        "kemudian unggah lagi.",
        code="upload-wrong-type",
    )


def _binary_kind(head: bytes) -> str | None:
    return next((kind for magic, kind in BINARY_MAGIC.items() if head.startswith(magic)), None)


def check_content(path: Path, shown: str, suffix: str) -> None:
    """Refuse a file whose bytes do not match its extension, or an archive that would explode."""
    with path.open("rb") as fh:
        head = fh.read(64 * 1024)
    if not head:
        raise UploadError(
            f"Berkas {shown} kosong.", "Ekspor ulang data lalu unggah lagi.", code="upload-empty"
        )
    if suffix in (".xlsx", ".ods"):
        if not head.startswith(ZIP_MAGIC):
            raise _wrong_type(shown, suffix, _binary_kind(head) or "teks, bukan lembar kerja")
        names = check_archive(path, shown)
        if suffix == ".xlsx" and "[Content_Types].xml" not in names:
            raise _wrong_type(shown, suffix, "arsip zip biasa, bukan lembar kerja Excel")
        if suffix == ".ods" and "mimetype" not in names:
            raise _wrong_type(shown, suffix, "arsip zip biasa, bukan lembar kerja ODS")
        return
    if suffix == ".xls":
        if not head.startswith(OLE2_MAGIC):
            raise _wrong_type(shown, suffix, _binary_kind(head) or "teks, bukan lembar kerja")
        return
    kind = _binary_kind(head)
    if kind is not None or b"\x00" in head:
        raise _wrong_type(shown, suffix, kind or "data biner, bukan teks")
    if suffix == ".json" and not head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith((b"{", b"[")):
        raise _wrong_type(shown, suffix, "teks yang bukan JSON")


def check_archive(path: Path, shown: str) -> set[str]:
    """The entry names of a zip, refused on its declared sizes before anything is inflated."""
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise UploadError(
            f"Berkas {shown} rusak (arsipnya tidak bisa dibuka).",
            "Simpan ulang dari Excel atau LibreOffice, lalu unggah lagi.",
            code="upload-corrupt",
        ) from exc
    total, worst = zip_expansion(infos, RATIO_CHECK_MIN_BYTES)
    if (
        len(infos) > MAX_ZIP_ENTRIES
        or total > MAX_UNCOMPRESSED_BYTES
        or worst > MAX_COMPRESSION_RATIO
    ):
        raise UploadError(
            f"Berkas {shown} ditolak demi keamanan: isinya mengembang menjadi "
            f"{total / 1024**2:.0f} MB (rasio hingga {worst:.0f}×).",
            "Berkas wajar tidak begini. Ekspor ulang data dari aplikasi asal sebagai .csv atau "
            ".xlsx biasa.",
            code="upload-zip-bomb",
        )
    return {i.filename for i in infos}


def store_upload(
    uploads_dir: Path, client_name: str | None, stream: BinaryIO, max_bytes: int
) -> StoredFile:
    """Copy ``stream`` into a fresh folder under ``uploads_dir``, checked; else nothing is kept.

    The folder is ``.baru-<random>``; :func:`settle` renames it to the upload's id.
    """
    shown = display_name(client_name)
    suffix = extension_of(shown)
    folder = uploads_dir / f".baru-{secrets.token_hex(8)}"
    folder.mkdir(parents=True, mode=0o700)
    target = folder / stored_name(shown, suffix)
    digest = hashlib.sha256()
    size = 0
    try:
        with target.open("xb") as out:
            while chunk := stream.read(CHUNK):
                size += len(chunk)
                if size > max_bytes:
                    raise UploadError(
                        f"Berkas {shown} lebih besar dari batas {max_bytes // 1024**2} MB.",
                        "Pecah berkas per kecamatan atau per bulan.",
                        code="upload-too-large",
                    )
                digest.update(chunk)
                out.write(chunk)
        check_content(target, shown, suffix)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return StoredFile(target, shown, size, digest.hexdigest())


def settle(stored: StoredFile, upload_id: int) -> Path:
    """Move a checked file's folder to ``<uploads>/<upload_id>/``; returns the file's path."""
    final = stored.path.parent.parent / str(upload_id)
    stored.path.parent.rename(final)
    return final / stored.path.name


def discard(path: Path) -> None:
    """Remove an upload's folder (after a successful ingest the raw archive holds the file)."""
    folder = path.parent
    if folder.parent.name == "uploads" and folder.name.isdigit():
        shutil.rmtree(folder, ignore_errors=True)
