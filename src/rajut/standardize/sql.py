"""Small helpers to build DuckDB SQL text.

Rules nest expressions deeply; :func:`let` binds a sub-expression once (through a
one-element ``list_transform``) so that it is computed once per row and the SQL text does not
grow multiplicatively when a value is used several times.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable

_names = itertools.count()
_PART = r'(?:"(?:[^"]|"")+"|[A-Za-z_][A-Za-z0-9_]*)'
#: A (possibly qualified) column or lambda-parameter name: nothing to compute, so no binding.
_COLUMN = re.compile(rf"{_PART}(?:\.{_PART})*")

# Cell contents that mean "no value" in spreadsheets exported by agencies.
NULL_TOKENS = ("-", "--", ".", "NULL", "NONE", "NAN", "N/A", "#N/A", "NAT")


def lit(text: str) -> str:
    """A SQL string literal: ``lit("JUM'AT")`` → ``'JUM''AT'``."""
    return "'" + text.replace("'", "''") + "'"


def lit_list(items: Iterable[str]) -> str:
    """``('A', 'B')`` for ``IN`` tests."""
    return "(" + ", ".join(lit(item) for item in items) + ")"


def fresh(prefix: str = "v") -> str:
    """A lambda parameter name that cannot clash with a column name."""
    return f"_rj_{prefix}{next(_names)}"


def let(expr: str, body: Callable[[str], str]) -> str:
    """Evaluate ``expr`` once and use it (possibly many times) in ``body``.

    A plain column reference is used as it is: a lambda would only cost (DuckDB evaluates
    lambdas, and the outer columns they capture, list element by list element).

    Examples:
        >>> let("upper(x)", lambda v: f"{v} || {v}")  # doctest: +ELLIPSIS
        'list_transform([upper(x)], lambda _rj_v...: _rj_v... || _rj_v...)[1]'
        >>> let('lk0."v"', lambda v: f"{v} || {v}")
        'lk0."v" || lk0."v"'
    """
    if _COLUMN.fullmatch(expr.strip()):
        return body(expr.strip())
    name = fresh()
    return f"list_transform([{expr}], lambda {name}: {body(name)})[1]"


def clean(raw: str) -> str:
    """Trim, collapse all whitespace (incl. NBSP) to one space; empty and null tokens → NULL.

    Text without tabs, newlines, NBSP or double spaces takes a fast path (plain ``trim``).
    """
    odd = r"'[\t\n\r\x{000B}\x{000C}\x{00A0}\x{FEFF}]|  '"
    squeeze = r"regexp_replace(@, '[\s\x{000B}\x{00A0}\x{FEFF}]+', ' ', 'g')"
    text = f"CAST({raw} AS VARCHAR)"
    trimmed = let(
        text,
        lambda v: (
            f"trim(CASE WHEN regexp_matches({v}, {odd}) "
            f"THEN {squeeze.replace('@', v)} ELSE {v} END)"
        ),
    )
    return let(
        trimmed,
        lambda v: (
            f"CASE WHEN {v} = '' OR (length({v}) <= 4 AND upper({v}) IN "
            f"{lit_list(NULL_TOKENS)}) THEN NULL ELSE {v} END"
        ),
    )


def norm_key(raw: str) -> str:
    """Key used by value maps, the SQL twin of :func:`rajut.standard.normalize_alias`:
    upper case, no accents, punctuation → one space, leading zeros of numbers dropped."""
    text = f"trim(regexp_replace(upper(strip_accents({clean(raw)})), '[^0-9A-Z]+', ' ', 'g'))"
    return (
        f"CASE WHEN regexp_full_match({text}, '[0-9]+') "
        f"THEN coalesce(nullif(ltrim({text}, '0'), ''), '0') ELSE {text} END"
    )


def case_map(key_sql: str, mapping: dict[str, str], *, cast: str = "VARCHAR") -> str:
    """``CASE key WHEN 'K' THEN 'V' … END``; values are cast to ``cast``.

    The key is bound once (:func:`let`): DuckDB expands ``CASE x WHEN`` into one
    comparison per arm, and a long code list would otherwise copy ``x`` hundreds of times.
    """
    if not mapping:
        return f"CAST(NULL AS {cast})"
    arms = " ".join(f"WHEN {lit(k)} THEN CAST({lit(v)} AS {cast})" for k, v in mapping.items())
    return let(key_sql, lambda key: f"CASE {key} {arms} END")
