"""NIK and No. KK (16-digit Dukcapil numbers).

Cleaning removes spaces, dots, dashes, a leading apostrophe and a ``.0`` float suffix. The
value is the cleaned text: the 16 digits when valid, otherwise whatever remains (so linkage
can still compare near-misses). Scientific notation (``3.31012E+15``) cannot be recovered:
value NULL and ``nik-excel-float``. Every check is a warning; a NIK never rejects a row.

NIK structure (PP 37/2007): ``PPKKCC DDMMYY SSSS``, DD + 40 for women.
"""

from __future__ import annotations

from collections.abc import Callable

from rajut.standardize.sql import clean, let
from rajut.standardize.types import Check, FieldSQL

_SCIENTIFIC = r"^\d([.,]\d+)?E\+?\d+$"


def _cleaned(raw: str) -> str:
    """Cleaned text; scientific notation → NULL. Plain 16-digit text takes a fast path."""
    slow = let(
        f"upper({clean(raw)})",
        lambda s: (
            f"CASE WHEN regexp_full_match({s}, '{_SCIENTIFIC}') THEN NULL ELSE "
            rf"regexp_replace(regexp_replace({s}, '\.0+$', ''), '[\s.''`’‘-]', '', 'g') END"
        ),
    )
    return rf"CASE WHEN regexp_full_match({raw}, '\d{{16}}') THEN {raw} ELSE {slow} END"


def _on(value: str, body: Callable[[str], str]) -> str:
    """``body`` over the cleaned value, computed once per check."""
    return let(value, body)


def _common(raw: str, prefix: str, numeric_flag: str | None) -> tuple[str, list[Check]]:
    value = _cleaned(raw)
    present = clean(raw)
    from_number = rf"regexp_matches({raw}, '\.0+\s*$')"
    if numeric_flag is not None:
        from_number = f"(coalesce({numeric_flag}, false) OR {from_number})"
    scientific = rf"regexp_full_match(upper(trim({raw})), '{_SCIENTIFIC}')"
    excel = _on(value, lambda v: rf"regexp_full_match({v}, '\d{{15}}0')")
    checks = [
        # 16 digits (nearly every row) are present: the cleaning is skipped for them
        Check(
            f"{prefix}-missing",
            rf"CASE WHEN regexp_full_match({raw}, '\d{{16}}') THEN FALSE "
            f"ELSE ({present} IS NULL) END",
        ),
        Check(f"{prefix}-length", f"(length({value}) <> 16)"),
        Check(f"{prefix}-not-digits", f"regexp_matches({value}, '[^0-9]')"),
        Check(f"{prefix}-excel-float", f"({scientific} OR ({from_number} AND {excel}))"),
        Check(
            f"{prefix}-region-unknown",
            rf"(regexp_full_match({value}, '\d{{16}}') AND substr({value}, 1, 6) NOT IN "
            "(SELECT prefix FROM ref_kecamatan_prefix))",
        ),
    ]
    return value, checks


def kk(raw: str, *, numeric_flag: str | None = None) -> FieldSQL:
    """No. KK: issues ``kk-missing``, ``kk-length``, ``kk-not-digits``, ``kk-excel-float``,
    ``kk-region-unknown`` (needs :func:`register_reference_tables`).

    Args:
        raw: SQL VARCHAR of the raw text.
        numeric_flag: SQL BOOLEAN, true when the cell was a number in the spreadsheet.
    """
    value, checks = _common(raw, "kk", numeric_flag)
    return FieldSQL(value, tuple(checks))


_Parts = tuple[str, str, str, str]


def nik_date_number(value: str) -> str:
    """The six date digits (DDMMYY) of a cleaned 16-digit NIK as an INTEGER, else NULL."""
    return _on(
        value,
        lambda v: (
            rf"CASE WHEN regexp_full_match({v}, '\d{{16}}') "
            f"THEN CAST(substr({v}, 7, 6) AS INTEGER) END"
        ),
    )


def _nik_parts(n: str) -> _Parts:
    """``(day, month, yy, dd)`` of the date number ``n`` (women: dd = day + 40)."""
    return f"({n} // 10000 % 40)", f"({n} // 100 % 100)", f"({n} % 100)", f"({n} // 10000)"


def _impossible(p: _Parts) -> str:
    """The embedded date cannot exist (either century; DD 32–40 or > 71)."""
    day, month, yy, dd = p
    last = (
        f"CASE WHEN {month} = 2 THEN (CASE WHEN {yy} % 4 = 0 THEN 29 ELSE 28 END) "
        f"WHEN {month} IN (4, 6, 9, 11) THEN 30 ELSE 31 END"
    )
    return (
        f"({dd} BETWEEN 32 AND 40 OR {dd} > 71 OR {day} < 1 OR {month} NOT BETWEEN 1 AND 12 "
        f"OR {day} > {last})"
    )


def nik_date_checks(
    value: str,
    *,
    birth_date: str | None = None,
    sex: str | None = None,
    number: str | None = None,
) -> tuple[Check, ...]:
    """Checks on the date embedded in an already cleaned NIK (``nik_cleaned``).

    ``nik(raw, birth_date=..., sex=...)`` has the same checks on ``nik_cleaned(raw)``.
    ``number`` is :func:`nik_date_number` of ``value`` when the caller computed it already
    (once per row, as a column).
    """
    n = number or nik_date_number(value)
    checks = [Check("nik-date-invalid", _on(n, lambda m: _impossible(_nik_parts(m))))]
    if birth_date is not None:

        def mismatch(m: str) -> str:
            day, month, yy, _dd = p = _nik_parts(m)
            differs = let(
                birth_date,
                lambda b: (
                    f"(day({b}) <> {day} OR month({b}) <> {month} OR year({b}) % 100 <> {yy})"
                ),
            )
            return f"(NOT {_impossible(p)} AND {differs})"

        checks.append(Check("nik-birthdate-mismatch", _on(n, mismatch)))
    if sex is not None:

        def sex_mismatch(m: str) -> str:
            p = _nik_parts(m)
            nik_sex = f"(CASE WHEN {p[3]} > 40 THEN 'P' ELSE 'L' END)"
            return let(
                sex,
                lambda x: f"(NOT {_impossible(p)} AND {x} IN ('L', 'P') AND {nik_sex} <> {x})",
            )

        checks.append(Check("nik-sex-mismatch", _on(n, sex_mismatch)))
    return tuple(checks)


def nik_cleaned(raw: str) -> str:
    """SQL of the cleaned NIK/KK text (the value :func:`nik` and :func:`kk` return)."""
    return _cleaned(raw)


def nik(
    raw: str,
    *,
    numeric_flag: str | None = None,
    birth_date: str | None = None,
    sex: str | None = None,
) -> FieldSQL:
    """NIK with structural checks (all warnings).

    Args:
        raw: SQL VARCHAR of the raw text.
        numeric_flag: SQL BOOLEAN, true when the cell was a number in the spreadsheet.
        birth_date: SQL DATE of the already-standardised birth date (for
            ``nik-birthdate-mismatch``; a mismatch can be legitimate).
        sex: SQL of the already-standardised sex ``'L'``/``'P'`` (for ``nik-sex-mismatch``).

    Examples:
        >>> sorted(nik('"NIK"').codes())[:2]
        ['nik-date-invalid', 'nik-excel-float']
    """
    value, checks = _common(raw, "nik", numeric_flag)
    checks += nik_date_checks(value, birth_date=birth_date, sex=sex)
    return FieldSQL(value, tuple(checks))
