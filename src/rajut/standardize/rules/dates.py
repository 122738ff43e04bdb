"""Dates as written in Indonesian agency spreadsheets → DATE.

Accepted (always day-first): ``12 Januari 1980``, ``12-Agu-80``, ``12 Agt 1980``,
``12/08/1980``, ``12-08-1980``, ``12.08.1980``, ``12081980``, ``1980-08-12`` (optionally with a
time), ``19800812`` and Excel serial numbers stored as text (``29221`` → 1980-01-01, 1900
date system, epoch 1899-12-30). A 4-digit number between 1800 and 2199 is a year only and
is ``date-invalid`` (not a serial). Two-digit years are 20YY unless that date is after
``ref_date``, then 19YY. Contract ``formats`` (strptime style, e.g. ``%m/%d/%Y``) are tried
first.
"""

from __future__ import annotations

from collections.abc import Sequence

from rajut.standardize.sql import clean, let, lit, lit_list
from rajut.standardize.types import Check, FieldSQL

MONTHS: dict[int, tuple[str, ...]] = {
    1: ("JAN", "JANUARI", "JANUARY", "JANUARY"),
    2: ("FEB", "PEB", "FEBRUARI", "PEBRUARI", "FEBRUARY", "PEBR", "FEBR"),
    3: ("MAR", "MARET", "MARCH", "MRT"),
    4: ("APR", "APRIL", "APRL"),
    5: ("MEI", "MAY"),
    6: ("JUN", "JUNI", "JUNE"),
    7: ("JUL", "JULI", "JULY"),
    8: ("AGU", "AGT", "AGS", "AGST", "AGUS", "AGUSTUS", "AUG", "AUGUST"),
    9: ("SEP", "SEPT", "SEPTEMBER", "SEPTEMBRE"),
    10: ("OKT", "OCT", "OKTOBER", "OCTOBER", "OKTOBRE"),
    11: ("NOV", "NOP", "NOVEMBER", "NOPEMBER"),
    12: ("DES", "DEC", "DESEMBER", "DECEMBER", "DESEMBRE"),
}

_SEP = r"[-/. ]+"
_TIME = r"(?:[ T]\d{1,2}[:.]\d{2}.*)?"
# Each pattern is rewritten to "Y|M|D" (month may still be a name, year may have 2 digits).
_PATTERNS: tuple[tuple[str, str], ...] = (
    (rf"^(\d{{4}})-(\d{{1,2}})-(\d{{1,2}}){_TIME}$", r"\1|\2|\3"),
    (rf"^(\d{{1,2}}){_SEP}(\d{{1,2}}){_SEP}(\d{{4}}|\d{{2}}){_TIME}$", r"\3|\2|\1"),
    (r"^(\d{1,2})[-/. ]*([A-Z]{3,9})\.?[-/., ]*(\d{4}|\d{2})$", r"\3|\2|\1"),
    (r"^((?:19|20)\d{2})(0[1-9]|1[0-2])(\d{2})$", r"\1|\2|\3"),
    (r"^(\d{2})(\d{2})(\d{4})$", r"\3|\2|\1"),
)


def _month(m: str) -> str:
    arms = " ".join(f"WHEN {m} IN {lit_list(names)} THEN {num}" for num, names in MONTHS.items())
    return f"CASE WHEN regexp_full_match({m}, '\\d{{1,2}}') THEN CAST({m} AS INTEGER) {arms} END"


def _ymd(parts: str, ref_date: str) -> str:
    """DATE from a ``[Y, M, D]`` list, inferring the century of 2-digit years."""
    y, d = f"CAST({parts}[1] AS INTEGER)", f"CAST({parts}[3] AS INTEGER)"

    def build(m: str) -> str:
        full = f"try(make_date({y}, {m}, {d}))"
        in_2000s = f"try(make_date(2000 + {y}, {m}, {d}))"
        in_1900s = f"try(make_date(1900 + {y}, {m}, {d}))"
        two = f"CASE WHEN {in_2000s} > {ref_date} THEN {in_1900s} ELSE {in_2000s} END"
        return f"CASE WHEN length({parts}[1]) = 2 THEN {two} ELSE {full} END"

    return let(_month(f"{parts}[2]"), build)


def _serial(s: str) -> str:
    """Excel 1900-system serial (4–5 digits, optional fraction); years 1800–2199 excluded."""
    n = f"CAST(regexp_extract({s}, '^\\d+') AS INTEGER)"
    return (
        f"CASE WHEN regexp_full_match({s}, '\\d{{4,5}}(\\.\\d+)?') "
        f"AND NOT ({n} BETWEEN 1800 AND 2199) THEN CAST(DATE '1899-12-30' + {n} AS DATE) END"
    )


def _parse(s: str, ref_date: str) -> str:
    arms = " ".join(
        f"WHEN regexp_full_match({s}, {lit(p)}) THEN regexp_replace({s}, {lit(p)}, {lit(r)})"
        for p, r in _PATTERNS
    )
    canon = f"CASE {arms} END"
    by_pattern = let(f"string_split({canon}, '|')", lambda parts: _ymd(parts, ref_date))
    return f"coalesce({by_pattern}, {_serial(s)})"


def date_value(raw: str, *, formats: Sequence[str] = (), ref_date: str = "current_date") -> str:
    """SQL DATE for ``raw`` (NULL when empty or unparseable)."""
    parsed = let(f"upper({clean(raw)})", lambda s: _parse(s, ref_date))
    if not formats:
        return parsed
    fmts = "[" + ", ".join(lit(f) for f in formats) + "]"
    return f"coalesce(CAST(try_strptime({clean(raw)}, {fmts}) AS DATE), {parsed})"


def date(
    raw: str,
    *,
    formats: Sequence[str] = (),
    ref_date: str = "current_date",
    weak_defaults: bool = True,
) -> FieldSQL:
    """Standardise a date column.

    Args:
        raw: SQL VARCHAR expression of the raw text.
        formats: strptime formats from the data contract, tried first.
        ref_date: SQL DATE used for 2-digit-year centuries and ``date-future``.
        weak_defaults: flag 1 July / 31 December as ``date-default`` (registry defaults).

    Examples:
        >>> date('"TGL_LAHIR"').checks[0].code
        'date-invalid'
    """
    value = date_value(raw, formats=formats, ref_date=ref_date)
    checks = [
        Check("date-invalid", f"({clean(raw)} IS NOT NULL AND {value} IS NULL)"),
        Check("date-future", f"({value} > {ref_date})"),
    ]
    if weak_defaults:
        default = let(value, lambda v: f"strftime({v}, '%m-%d') IN ('07-01', '12-31')")
        checks.append(Check("date-default", default))
    return FieldSQL(value, tuple(checks))


def place_and_date(
    raw: str,
    *,
    formats: Sequence[str] = (),
    ref_date: str = "current_date",
    weak_defaults: bool = True,
) -> tuple[FieldSQL, FieldSQL]:
    """Split a combined tempat/tanggal lahir (``KLATEN, 12-05-1980``) into place and date.

    The place is the text before the first digit or before the date written in words
    (comma and spaces trimmed, upper case); the date part is parsed by :func:`date`.
    """
    pattern = r"^(.*?)[,;/\s]*(\d.*|\d{1,2}\s*[A-Za-z]+\.?\s*\d{2,4})?$"
    place = f"nullif(upper(trim(regexp_extract({clean(raw)}, {lit(pattern)}, 1))), '')"
    date_part = f"nullif(regexp_extract({clean(raw)}, {lit(pattern)}, 2), '')"
    return (
        FieldSQL(place),
        date(date_part, formats=formats, ref_date=ref_date, weak_defaults=weak_defaults),
    )
