"""Mask NIK and No. KK so reports can show a value without disclosing it.

A well-formed identifier (exactly 16 ASCII digits after trimming) keeps its first 4 digits
(province + kabupaten, useful to spot a wrong region) and its last 4 digits (serial)::

    3404123456780001  →  3404********0001

Anything else (too short, too long, letters, Excel's ``3.31E+15``) keeps only its last 2
characters; values of 2 characters or fewer are fully masked. :func:`mask_nik` (Python)
and :func:`mask_nik_sql` (DuckDB) give identical results.
"""

from __future__ import annotations

import re

_TRIM = " \t\r\n"
_VALID = re.compile(r"[0-9]{16}")
_KEEP_HEAD = 4
_KEEP_TAIL = 4
_KEEP_TAIL_INVALID = 2


def mask_nik(value: str | None) -> str | None:
    """Mask a NIK or KK number.

    Args:
        value: the raw identifier as text; ``None`` stays ``None``.

    Examples:
        >>> mask_nik("3404123456780001")
        '3404********0001'
        >>> mask_nik(" 3404123 ")
        '*****23'
        >>> mask_nik("7")
        '*'
    """
    if value is None:
        return None
    text = value.strip(_TRIM)
    if _VALID.fullmatch(text):
        hidden = len(text) - _KEEP_HEAD - _KEEP_TAIL
        return text[:_KEEP_HEAD] + "*" * hidden + text[-_KEEP_TAIL:]
    if len(text) <= _KEEP_TAIL_INVALID:
        return "*" * len(text)
    return "*" * (len(text) - _KEEP_TAIL_INVALID) + text[-_KEEP_TAIL_INVALID:]


def mask_nik_sql(expr: str) -> str:
    """A DuckDB expression masking the text expression ``expr`` like :func:`mask_nik`.

    Args:
        expr: a SQL expression of type VARCHAR (a quoted column, a cast, ...).

    Examples:
        >>> import duckdb
        >>> sql = "SELECT " + mask_nik_sql("'3404123456780001'")
        >>> duckdb.connect().execute(sql).fetchone()[0]
        '3404********0001'
    """
    t = f"trim(CAST(({expr}) AS VARCHAR), ' \t\r\n')"
    return (
        f"CASE WHEN ({expr}) IS NULL THEN NULL "
        f"WHEN regexp_full_match({t}, '[0-9]{{16}}') "
        f"THEN left({t}, {_KEEP_HEAD}) || repeat('*', 8) || right({t}, {_KEEP_TAIL}) "
        f"WHEN length({t}) <= {_KEEP_TAIL_INVALID} THEN repeat('*', length({t})) "
        f"ELSE repeat('*', length({t}) - {_KEEP_TAIL_INVALID}) "
        f"|| right({t}, {_KEEP_TAIL_INVALID}) END"
    )
