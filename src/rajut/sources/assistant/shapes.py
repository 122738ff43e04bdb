"""What sample values look like: NIK-like numbers, dates, sex codes, yes/no, numbers, text.

All functions take the non-empty sample values of one column (text, as the readers give
them) and are pure, so they are easy to test.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Literal

from rajut.sources.assistant.dates import looks_like_date

Kind = Literal[
    "kosong",
    "nik",
    "desa_code",
    "date",
    "sex",
    "boolean",
    "integer",
    "decimal",
    "uuid",
    "code",
    "name",
    "text",
]

_SIXTEEN = re.compile(r"^\d{16}$")
_DESA_DOTTED = re.compile(r"^\d{2}\.\d{2}\.\d{2}\.\d{4}$")
_DESA_PLAIN = re.compile(r"^\d{10}$")
_INTEGER = re.compile(r"^[+-]?\d+(?:\.0)?$")
_DECIMAL = re.compile(r"^[+-]?(?:\d+[.,]\d+|\d+)$")
_UUID = re.compile(
    r"^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$"
)
_NAME = re.compile(r"^[A-Za-z][A-Za-z .,'`-]*$")
_SEX = {"L", "P", "LAKI-LAKI", "PEREMPUAN", "LAKI LAKI", "PRIA", "WANITA", "LK", "PR"}
_BOOL = {"YA", "TIDAK", "Y", "T", "N", "TRUE", "FALSE", "ADA", "TIDAK ADA"}


def clean_digits(value: str) -> str:
    """Strip what spreadsheets add around long numbers: spaces, dots, apostrophe, ``.0``.

    Examples:
        >>> clean_digits("'3310 1245 0890 0001")
        '3310124508900001'
        >>> clean_digits("3310124508900000.0")
        '3310124508900000'
    """
    text = value.strip().lstrip("'")
    if text.endswith(".0"):
        text = text[:-2]
    return re.sub(r"[\s.]", "", text)


def share(values: Sequence[str], test: Callable[[str], bool]) -> float:
    """Fraction of ``values`` for which ``test(value)`` is true (0 for no values)."""
    if not values:
        return 0.0
    return sum(1 for v in values if test(v)) / len(values)


def is_nik_like(value: str) -> bool:
    """A 16-digit number once spreadsheet decoration is removed."""
    return bool(_SIXTEEN.match(clean_digits(value)))


def is_desa_code(value: str) -> bool:
    """A Kemendagri desa code, dotted (``33.10.12.2001``) or plain (``3310122001``)."""
    text = value.strip()
    return bool(_DESA_DOTTED.match(text) or _DESA_PLAIN.match(text))


def is_integer(value: str) -> bool:
    return bool(_INTEGER.match(value.strip()))


def is_decimal(value: str) -> bool:
    return bool(_DECIMAL.match(value.strip()))


def is_name_like(value: str) -> bool:
    """Letters, spaces and the punctuation of names; at least two letters."""
    text = value.strip()
    return bool(_NAME.match(text)) and sum(c.isalpha() for c in text) >= 2


def infer_kind(values: Sequence[str], *, threshold: float = 0.9) -> Kind:
    """The most specific shape shared by at least ``threshold`` of the values.

    Examples:
        >>> infer_kind(["3310124508900001", "3310125508900002"])
        'nik'
        >>> infer_kind(["L", "P", "P"])
        'sex'
        >>> infer_kind(["12-05-1980", "01/07/1975"])
        'date'
        >>> infer_kind([])
        'kosong'
    """
    vals = [v.strip() for v in values if v and v.strip()]
    if not vals:
        return "kosong"
    upper = [v.upper() for v in vals]
    checks: list[tuple[Kind, Callable[[str], bool]]] = [
        ("nik", is_nik_like),
        ("desa_code", is_desa_code),
        ("sex", lambda v: v in _SEX),
        ("boolean", lambda v: v in _BOOL),
        ("date", looks_like_date),
        ("uuid", lambda v: bool(_UUID.match(v))),
        ("integer", is_integer),
        ("decimal", is_decimal),
    ]
    for kind, test in checks:
        if share(upper, test) >= threshold:
            return kind
    distinct = len(set(upper))
    if distinct <= max(12, len(upper) // 10) and len(upper) >= 20:
        return "code"
    if share(vals, is_name_like) >= threshold:
        return "name"
    return "text"
