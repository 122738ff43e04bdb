"""Search keys of name tokens: the linkage ``norm`` folded a little further.

Names are first normalised exactly like linkage does (``rajut.standardize.rules.names``:
titles, Muhammad forms, old spelling OE/DJ/TJ/SJ, J→Y in old-spelled names), so the search
agrees with how records were linked. A token's *key* then folds what people type in many
ways for the same sound: ``CH`` → ``KH`` and doubled letters (``MUHAMMAD`` = ``MUHAMAD``,
``ROCHMAN`` = ``ROKHMAN`` = ``ROKHMAN``). The key is computed in Python, on the vocabulary
(thousands of distinct tokens, not a million names), and on the query, with one function.
"""

from __future__ import annotations

import re

import duckdb

from rajut.standardize.rules.names import norm_sql

_DOUBLE = re.compile(r"(.)\1+")
_NON_ALPHA = re.compile(r"[^A-Z]+")


def token_key(token: str) -> str:
    """The search key of one normalised name token.

    Examples:
        >>> token_key("ROCHMAN"), token_key("MUHAMAD"), token_key("MUHAMMAD")
        ('ROKHMAN', 'MUHAMAD', 'MUHAMAD')
    """
    text = _NON_ALPHA.sub("", token.upper())
    for old, new in (("OE", "U"), ("DJ", "J"), ("TJ", "C"), ("SJ", "SY"), ("CH", "KH")):
        text = text.replace(old, new)
    return _DOUBLE.sub(r"\1", text)


def norm_name(con: duckdb.DuckDBPyConnection, text: str) -> str:
    """``text`` normalised like linkage's ``name_norm`` (upper case, titles and spelling)."""
    row = con.execute(f"SELECT {norm_sql('upper(CAST(? AS VARCHAR))')}", [text]).fetchone()
    return str(row[0]) if row and row[0] is not None else ""


def query_tokens(con: duckdb.DuckDBPyConnection, text: str) -> list[str]:
    """Keys of the query's name tokens (empty tokens dropped, order kept)."""
    return [k for k in (token_key(t) for t in norm_name(con, text).split()) if k]
