"""Evidence attached to a correction proposal: a PDF or photo, checked and stored safely.

Why careful: the bytes and the name come from a browser. Only PDF, JPEG and PNG are kept,
and only when the first bytes match the type the name claims (a renamed program is
refused). The file is stored under ``data/attachments/`` with a random name of our own;
the client's name is cleaned and kept for display and download only.
"""

from __future__ import annotations

import re
import secrets
from pathlib import Path
from typing import BinaryIO

from rajut.errors import RajutError
from rajut.web.uploads import display_name

MAX_BYTES = 5 * 1024 * 1024
#: extension → (magic bytes, media type)
KINDS: dict[str, tuple[bytes, str]] = {
    ".pdf": (b"%PDF-", "application/pdf"),
    ".png": (b"\x89PNG\r\n\x1a\n", "image/png"),
    ".jpg": (b"\xff\xd8\xff", "image/jpeg"),
    ".jpeg": (b"\xff\xd8\xff", "image/jpeg"),
}
STORED_NAME = re.compile(r"^[a-f0-9]{32}\.(pdf|png|jpg|jpeg)$")


class AttachmentError(RajutError):
    code = "attachment-refused"


def folder(data_dir: Path) -> Path:
    return data_dir / "attachments"


def save(data_dir: Path, stream: BinaryIO, client_name: str | None) -> tuple[str, str]:
    """Check and store one attachment; ``(stored name, display name)``."""
    name = display_name(client_name)
    suffix = Path(name).suffix.lower()
    if suffix not in KINDS:
        raise AttachmentError(
            f"Lampiran {name!r} bukan PDF, JPG atau PNG.",
            "Lampirkan surat atau foto bukti sebagai PDF, JPG atau PNG.",
        )
    data = stream.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise AttachmentError(
            f"Lampiran {name!r} lebih dari 5 MB.",
            "Perkecil foto atau pindai ulang dengan resolusi lebih rendah, lalu lampirkan lagi.",
        )
    magic, _media = KINDS[suffix]
    if not data.startswith(magic):
        raise AttachmentError(
            f"Isi lampiran {name!r} tidak sesuai dengan jenisnya ({suffix}).",
            "Lampirkan berkas PDF, JPG atau PNG asli, bukan berkas lain yang diganti namanya.",
        )
    stored = secrets.token_hex(16) + suffix
    target = folder(data_dir)
    target.mkdir(parents=True, exist_ok=True)
    (target / stored).write_bytes(data)
    return stored, name


def path_of(data_dir: Path, stored: str) -> Path:
    """Where a stored attachment lies; only names this module made are accepted."""
    if not STORED_NAME.match(stored):
        raise AttachmentError("Lampiran tidak ditemukan.", "Minta pengusul melampirkan ulang.")
    path = folder(data_dir) / stored
    if not path.is_file():
        raise AttachmentError("Lampiran tidak ditemukan.", "Minta pengusul melampirkan ulang.")
    return path


def media_type(stored: str) -> str:
    return KINDS.get(Path(stored).suffix.lower(), (b"", "application/octet-stream"))[1]


def discard(data_dir: Path, stored: str) -> None:
    if STORED_NAME.match(stored):
        (folder(data_dir) / stored).unlink(missing_ok=True)
