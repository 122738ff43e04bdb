"""Numbers, RT/RW and telephone numbers."""

from __future__ import annotations

from rajut.standardize.sql import clean, let
from rajut.standardize.types import Check, FieldSQL

# Indonesian amounts: "Rp 1.500.000,-" → 1500000; "1.234,5" → 1234.5; "1234.5" → 1234.5.
_THOUSANDS_DOT = r"^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$"
_DECIMAL_COMMA = r"^[+-]?\d+(,\d+)?$"
_THOUSANDS_COMMA = r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$"


def _decimal_sql(raw: str) -> str:
    """DOUBLE parsed from Indonesian or plain notation (NULL when unparseable)."""
    stripped = rf"regexp_replace(upper({clean(raw)}), '^RP\.?|\s|,-$|\.-$', '', 'g')"

    def parse(s: str) -> str:
        return (
            f"TRY_CAST(CASE WHEN regexp_full_match({s}, '{_THOUSANDS_DOT}') "
            f"THEN replace(replace({s}, '.', ''), ',', '.') "
            f"WHEN regexp_full_match({s}, '{_DECIMAL_COMMA}') THEN replace({s}, ',', '.') "
            f"WHEN regexp_full_match({s}, '{_THOUSANDS_COMMA}') THEN replace({s}, ',', '') "
            f"ELSE {s} END AS DOUBLE)"
        )

    return let(stripped, parse)


def _range_check(value: str, min: float | None, max: float | None) -> tuple[Check, ...]:
    parts = []
    if min is not None:
        parts.append(f"{value} < {min!r}")
    if max is not None:
        parts.append(f"{value} > {max!r}")
    if not parts:
        return ()
    return (Check("number-out-of-range", "(" + " OR ".join(parts) + ")"),)


def decimal(raw: str, *, min: float | None = None, max: float | None = None) -> FieldSQL:
    """A DOUBLE from ``1.234,5`` / ``1234.5`` / ``Rp 1.500.000,-``.

    A lone comma is a decimal comma (``1,234`` → 1.234); dots in groups of three are
    thousands separators (``1.234`` → 1234), as written in Indonesia.
    """
    value = _decimal_sql(raw)
    invalid = Check("number-invalid", f"({clean(raw)} IS NOT NULL AND {value} IS NULL)")
    return FieldSQL(value, (invalid, *_range_check(value, min, max)))


def integer(raw: str, *, min: int | None = None, max: int | None = None) -> FieldSQL:
    """A BIGINT; non-whole numbers (``2,5``) are ``number-invalid``."""
    value = let(
        _decimal_sql(raw),
        lambda d: f"CASE WHEN {d} = round({d}) AND abs({d}) < 9e18 THEN CAST({d} AS BIGINT) END",
    )
    invalid = Check("number-invalid", f"({clean(raw)} IS NOT NULL AND {value} IS NULL)")
    lo = None if min is None else float(min)
    hi = None if max is None else float(max)
    return FieldSQL(value, (invalid, *_range_check(value, lo, hi)))


def rt_rw(raw: str) -> FieldSQL:
    """RT or RW number as three digits: ``1``, ``01``, ``RT 001`` → ``001``; 0 is invalid."""
    stripped = rf"regexp_replace(upper({clean(raw)}), '^(RT|RW|RK)\s*[.:]?\s*|\.0+$', '', 'g')"
    value = let(
        stripped,
        lambda s: (
            rf"CASE WHEN regexp_full_match({s}, '\d{{1,3}}') AND CAST({s} AS INTEGER) > 0 "
            f"THEN lpad(CAST(CAST({s} AS INTEGER) AS VARCHAR), 3, '0') END"
        ),
    )
    invalid = Check("rt-rw-invalid", f"({clean(raw)} IS NOT NULL AND {value} IS NULL)")
    return FieldSQL(value, (invalid,))


def phone(raw: str) -> FieldSQL:
    """Indonesian phone number as ``+62…`` (E.164 without spaces).

    ``0812-3456-789``, ``+62 812…``, ``62812…``, ``812…`` → ``+62812…``; only the first of
    several numbers (separated by ``/ , ;``) is kept. The national number must be 7–12 digits
    starting with 2–9; anything else → NULL + ``phone-invalid``.
    """
    first = rf"regexp_replace(regexp_extract({clean(raw)}, '^[^/,;]+'), '\.0$', '')"
    digits = f"regexp_replace({first}, '[^0-9+]', '', 'g')"
    national = rf"regexp_replace({digits}, '^(\+62|62|0)0*', '')"
    value = let(
        national,
        lambda n: rf"CASE WHEN regexp_full_match({n}, '[2-9]\d{{6,11}}') THEN '+62' || {n} END",
    )
    invalid = Check("phone-invalid", f"({clean(raw)} IS NOT NULL AND {value} IS NULL)")
    return FieldSQL(value, (invalid,))
