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
        Check(f"{prefix}-missing", f"({present} IS NULL)"),
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


def _nik_parts(value: str) -> str:
    """``[day, month, yy, dd]`` embedded in a 16-digit NIK (women: dd = day + 40), else NULL."""
    return _on(
        value,
        lambda v: (
            rf"CASE WHEN regexp_full_match({v}, '\d{{16}}') THEN "
            f"[CAST(substr({v}, 7, 2) AS INTEGER) % 40, CAST(substr({v}, 9, 2) AS INTEGER), "
            f"CAST(substr({v}, 11, 2) AS INTEGER), CAST(substr({v}, 7, 2) AS INTEGER)] END"
        ),
    )


def _impossible(p: str) -> str:
    """The embedded date cannot exist (either century; DD 32–40 or > 71)."""
    last = (
        f"CASE WHEN {p}[2] = 2 THEN (CASE WHEN {p}[3] % 4 = 0 THEN 29 ELSE 28 END) "
        f"WHEN {p}[2] IN (4, 6, 9, 11) THEN 30 ELSE 31 END"
    )
    return (
        f"({p}[4] BETWEEN 32 AND 40 OR {p}[4] > 71 OR {p}[1] < 1 OR {p}[2] NOT BETWEEN 1 AND 12 "
        f"OR {p}[1] > {last})"
    )


def _nik_date_checks(value: str, birth_date: str | None, sex: str | None) -> list[Check]:
    parts = _nik_parts(value)
    checks = [Check("nik-date-invalid", let(parts, _impossible))]
    if birth_date is not None:

        def mismatch(p: str) -> str:
            differs = let(
                birth_date,
                lambda b: (
                    f"(day({b}) <> {p}[1] OR month({b}) <> {p}[2] OR year({b}) % 100 <> {p}[3])"
                ),
            )
            return f"(NOT {_impossible(p)} AND {differs})"

        checks.append(Check("nik-birthdate-mismatch", let(parts, mismatch)))
    if sex is not None:

        def sex_mismatch(p: str) -> str:
            nik_sex = f"(CASE WHEN {p}[4] > 40 THEN 'P' ELSE 'L' END)"
            return let(
                sex,
                lambda x: f"(NOT {_impossible(p)} AND {x} IN ('L', 'P') AND {nik_sex} <> {x})",
            )

        checks.append(Check("nik-sex-mismatch", let(parts, sex_mismatch)))
    return checks


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
    checks += _nik_date_checks(value, birth_date, sex)
    return FieldSQL(value, tuple(checks))
