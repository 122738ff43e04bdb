"""Date shapes and strptime formats inferred from sample values (always day-first).

The standardisation rule already reads ISO dates, Indonesian month names and Excel serials;
the contract's ``formats`` only need the numeric day-first layouts the file actually uses, so
:func:`infer_date_formats` returns those, most frequent first.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

ISO_FORMAT = "%Y-%m-%d"
# Day-first layouts, four-digit years before two-digit ones.
DAY_FIRST_FORMATS: tuple[str, ...] = (
    "%d-%m-%Y",
    "%d/%m/%Y",
    "%d.%m.%Y",
    "%d-%m-%y",
    "%d/%m/%y",
    "%d.%m.%y",
)
MONTH_FIRST_FORMATS: tuple[str, ...] = ("%m/%d/%Y", "%m-%d-%Y")
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_SERIAL = re.compile(r"^\d{2,5}(?:\.\d+)?$")
_MONTH_NAME = re.compile(r"^\d{1,2}[\s./-]+[A-Za-z]{3,10}\.?[\s./-]+\d{2,4}$")


def _parses(value: str, fmt: str) -> bool:
    try:
        datetime.strptime(value, fmt)
    except ValueError:
        return False
    return True


def is_iso(value: str) -> bool:
    """``YYYY-MM-DD``, optionally with a time (how readers render date cells)."""
    text = value.strip()
    return bool(_ISO.match(text)) and _parses(text[:10], ISO_FORMAT)


def day_first_format(value: str) -> str | None:
    """The first day-first format that reads ``value``, or ``None``.

    Examples:
        >>> day_first_format("12-05-1980")
        '%d-%m-%Y'
        >>> day_first_format("05/31/1980") is None
        True
    """
    text = value.strip()
    return next((f for f in DAY_FIRST_FORMATS if _parses(text, f)), None)


def is_excel_serial(value: str) -> bool:
    """A spreadsheet date serial written as text (1900 system, 1901–2119).

    Examples:
        >>> is_excel_serial("29221")
        True
    """
    text = value.strip()
    if not _SERIAL.match(text):
        return False
    number = float(text)
    return 367 <= number <= 80_000 and not 1800 <= number <= 2199


def looks_like_date(value: str) -> bool:
    """ISO, day-first numeric, month-first numeric or ``12 Januari 1980`` style."""
    text = value.strip()
    return (
        is_iso(text)
        or day_first_format(text) is not None
        or any(_parses(text, f) for f in MONTH_FIRST_FORMATS)
        or bool(_MONTH_NAME.match(text))
    )


@dataclass
class DateInference:
    """Formats to put in the contract, and what could not be read day-first."""

    formats: list[str] = field(default_factory=list)
    readable: float = 0.0  # share of values read (ISO, day-first, month names)
    month_first: list[str] = field(default_factory=list)  # only readable month-first
    unreadable: list[str] = field(default_factory=list)


def infer_date_formats(values: Sequence[str]) -> DateInference:
    """Day-first formats used by ``values`` (most frequent first) plus the odd ones out.

    Examples:
        >>> infer_date_formats(["12-05-1980", "1980-01-02", "31-12-1975"]).formats
        ['%d-%m-%Y']
        >>> infer_date_formats(["05/31/1980"]).month_first
        ['05/31/1980']
    """
    counts: Counter[str] = Counter()
    result = DateInference()
    vals = [v.strip() for v in values if v and v.strip()]
    read = 0
    for text in vals:
        fmt = day_first_format(text)
        if fmt is not None:
            counts[fmt] += 1
            read += 1
        elif is_iso(text) or _MONTH_NAME.match(text) or is_excel_serial(text):
            read += 1
        elif any(_parses(text, f) for f in MONTH_FIRST_FORMATS):
            result.month_first.append(text)
        else:
            result.unreadable.append(text)
    result.formats = [fmt for fmt, _ in counts.most_common()]
    result.readable = read / len(vals) if vals else 0.0
    return result
