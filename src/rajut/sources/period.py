"""Reporting periods: each agency reports on its own rhythm.

A :class:`Period` is a closed date interval with a label. Labels accepted:

==========  ==========================================  ===================
granularity examples                                     interval
==========  ==========================================  ===================
day         ``2026-06-30``, ``20260630``                 that day
month       ``2026-06``, ``202606``                      the month
quarter     ``2026Q2``, ``2026-Q2``, ``2026-TW2``          the quarter
semester    ``20252`` (Dapodik), ``2026-S1``             see below
year        ``2026``                                     the year
==========  ==========================================  ===================

Dapodik's semester id ``YYYYS`` names the school year starting in ``YYYY``: ``1`` (ganjil)
is July–December of YYYY, ``2`` (genap) is January–June of YYYY+1. ``2026-S1`` and
``2026-S2`` are calendar halves.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from typing import Literal

from rajut.errors import RajutError

Granularity = Literal["day", "month", "quarter", "semester", "year"]


class PeriodError(RajutError):
    code = "period-invalid"


@dataclass(frozen=True, slots=True)
class Period:
    start: date
    end: date
    label: str
    granularity: Granularity

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _months(year: int, first: int, last: int, label: str, gran: Granularity) -> Period:
    return Period(date(year, first, 1), _month_end(year, last), label, gran)


_PATTERNS: list[tuple[Granularity, re.Pattern[str]]] = [
    ("day", re.compile(r"^(\d{4})-?(\d{2})-?(\d{2})$")),
    ("quarter", re.compile(r"^(\d{4})[-_ ]?(?:Q|TW|TRIWULAN ?)([1-4])$", re.IGNORECASE)),
    ("semester", re.compile(r"^(\d{4})[-_ ]?S([12])$", re.IGNORECASE)),
    ("semester", re.compile(r"^(\d{4})([12])$")),  # Dapodik semester_id
    ("month", re.compile(r"^(\d{4})-?(\d{2})$")),
    ("year", re.compile(r"^(\d{4})$")),
]


def parse_period(label: str, granularity: Granularity | None = None) -> Period:
    """Parse a period label; ``granularity`` disambiguates (``20252`` is a semester)."""
    text = label.strip()
    for gran, pattern in _PATTERNS:
        if granularity is not None and gran != granularity:
            continue
        match = pattern.match(text)
        if match is None:
            continue
        try:
            return _build(gran, match, text)
        except ValueError:
            break
    raise PeriodError(
        f"Periode {label!r} tidak dikenali"
        + (f" sebagai {granularity}" if granularity else "")
        + ".",
        "Tulis periode seperti 2026-06-30 (hari), 2026-06 (bulan), 2026Q2 (triwulan), "
        "20252 atau 2026-S1 (semester), 2026 (tahun).",
    )


def _build(gran: Granularity, m: re.Match[str], text: str) -> Period:
    year = int(m.group(1))
    if gran == "day":
        day = date(year, int(m.group(2)), int(m.group(3)))
        return Period(day, day, day.isoformat(), gran)
    if gran == "month":
        month = int(m.group(2))
        return _months(year, month, month, f"{year}-{month:02d}", gran)
    if gran == "quarter":
        q = int(m.group(2))
        return _months(year, 3 * q - 2, 3 * q, f"{year}Q{q}", gran)
    if gran == "semester":
        half = int(m.group(2))
        if "S" in text.upper():
            first = 1 if half == 1 else 7
            return _months(year, first, first + 5, f"{year}-S{half}", gran)
        if half == 1:
            return _months(year, 7, 12, f"{year}{half}", gran)
        return _months(year + 1, 1, 6, f"{year}{half}", gran)
    return _months(year, 1, 12, str(year), gran)


def period_of_day(day: date, granularity: Granularity) -> Period:
    """The period of ``granularity`` that contains ``day``."""
    if granularity == "day":
        return Period(day, day, day.isoformat(), granularity)
    if granularity == "month":
        return parse_period(f"{day.year}-{day.month:02d}", "month")
    if granularity == "quarter":
        return parse_period(f"{day.year}Q{(day.month - 1) // 3 + 1}", "quarter")
    if granularity == "semester":
        return parse_period(f"{day.year}-S{1 if day.month <= 6 else 2}", "semester")
    return parse_period(str(day.year), "year")
