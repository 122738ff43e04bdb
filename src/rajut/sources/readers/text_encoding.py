"""Detect a text file's encoding and refuse binary garbage.

Order: byte-order mark (UTF-8, UTF-16 LE/BE); otherwise UTF-8 when the sample decodes;
otherwise Windows-1252 (the usual encoding of Excel "CSV" exports on Indonesian Windows).
"""

from __future__ import annotations

import codecs
from pathlib import Path

from rajut.sources.readers import errors as e

SAMPLE_BYTES = 1024 * 1024
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def read_sample(path: Path, size: int = SAMPLE_BYTES) -> bytes:
    with path.open("rb") as fh:
        return fh.read(size)


def detect_encoding(path: Path, sample: bytes, given: str | None) -> str:
    """Return a Python codec name for ``sample`` (the first bytes of ``path``).

    Raises:
        UndecodableFileError: the bytes are binary or do not decode with ``given``.
    """
    if given:
        _check_decodes(path, sample, given)
        return given
    for bom, name in _BOMS:
        if sample.startswith(bom):
            return name
    _check_not_binary(path, sample)
    try:
        _decode_prefix(sample, "utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    _check_decodes(path, sample, "cp1252")
    return "cp1252"


def decode_sample(sample: bytes, encoding: str) -> str:
    return _decode_prefix(sample, encoding)


def _decode_prefix(sample: bytes, encoding: str) -> str:
    decoder = codecs.getincrementaldecoder(encoding)()
    return decoder.decode(sample, final=False)


def _check_not_binary(path: Path, sample: bytes) -> None:
    controls = sum(sample.count(bytes([b])) for b in range(32) if b not in (9, 10, 13))
    if b"\x00" in sample or controls > max(8, len(sample) // 100):
        raise _undecodable(path, "berisi data biner, bukan teks")


def _check_decodes(path: Path, sample: bytes, encoding: str) -> None:
    try:
        text = _decode_prefix(sample, encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        raise _undecodable(path, f"tidak bisa dibaca dengan pengodean {encoding}") from exc
    if "\x00" in text:
        raise _undecodable(path, "berisi data biner, bukan teks")


def _undecodable(path: Path, why: str) -> e.UndecodableFileError:
    return e.UndecodableFileError(
        f"Berkas '{path.name}' {why}.",
        "Pastikan berkas benar-benar CSV/teks; ekspor ulang dari aplikasi asal sebagai "
        "'CSV UTF-8', atau isi 'encoding' di kontrak sumber.",
    )
