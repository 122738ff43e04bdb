"""Errors raised while reading a source file.

Each error names the file and the problem in Bahasa Indonesia and carries a hint that says
what the user can do about it.
"""

from __future__ import annotations

from pathlib import Path

from rajut.errors import RajutError


class ReadError(RajutError):
    """Root of every error raised by :mod:`rajut.sources.readers`."""

    code = "read-error"


class FileNotFoundReadError(ReadError):
    code = "file-not-found"


class WrongFileTypeError(ReadError):
    code = "wrong-file-type"


class CorruptFileError(ReadError):
    code = "corrupt-file"


class EncryptedFileError(ReadError):
    code = "encrypted-file"


class ZipBombError(ReadError):
    code = "zip-bomb"


class EmptyFileError(ReadError):
    code = "empty-file"


class HeaderNotFoundError(ReadError):
    code = "header-not-found"


class DuplicateColumnError(ReadError):
    code = "duplicate-column"


class UndecodableFileError(ReadError):
    code = "undecodable-file"


class FileTooLargeError(ReadError):
    code = "file-too-large"


class BadJsonError(ReadError):
    code = "bad-json"


class MissingFormulaValueError(ReadError):
    code = "formula-without-value"


class SheetNotFoundError(ReadError):
    code = "sheet-not-found"


class RaggedRowsError(ReadError):
    code = "ragged-rows"


def name_of(path: Path) -> str:
    """Return the file name used in messages (``'data.xlsx'``)."""
    return path.name
