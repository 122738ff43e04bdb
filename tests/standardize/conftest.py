"""Fixtures: a DuckDB connection with the reference tables for Kabupaten Klaten (33.10)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import duckdb
import pytest

from rajut.reference import load_wilayah
from rajut.standardize import ISSUES, FieldSQL, register_reference_tables
from rajut.standardize.sql import lit

KABUPATEN = "33.10"

Run = Callable[[FieldSQL, dict[str, Sequence[Any]]], list[dict[str, Any]]]
One = Callable[[FieldSQL, str | None], dict[str, Any]]


@pytest.fixture(scope="session")
def con() -> duckdb.DuckDBPyConnection:
    connection = duckdb.connect()
    register_reference_tables(connection, load_wilayah(), KABUPATEN)
    return connection


def _run(
    con: duckdb.DuckDBPyConnection,
    field: FieldSQL,
    columns: dict[str, Sequence[Any]],
) -> list[dict[str, Any]]:
    """Evaluate ``field`` over a table built from ``columns`` (VARCHAR unless typed).

    Returns one dict per row: ``value``, ``issues`` (set of codes) and every extra column.
    Also asserts that every code the field can emit is catalogued.
    """
    assert field.codes() <= set(ISSUES), field.codes() - set(ISSUES)
    names = list(columns)
    n = len(next(iter(columns.values())))
    rows = [tuple(columns[c][i] for c in names) for i in range(n)]
    con.execute("DROP TABLE IF EXISTS t")
    con.execute("CREATE TEMP TABLE t (" + ", ".join(f'"{c}" VARCHAR' for c in names) + ")")
    if rows:
        con.executemany(f"INSERT INTO t VALUES ({', '.join('?' * len(names))})", rows)
    checks = ", ".join(
        f"CASE WHEN coalesce({c.condition}, FALSE) THEN {lit(c.code)} END" for c in field.checks
    )
    extra = "".join(f', {sql} AS "x_{key}"' for key, sql in field.extra.items())
    query = (
        f"SELECT {field.value} AS value, list_filter([{checks or 'NULL'}], lambda x: x IS NOT NULL)"
        f" AS issues{extra} FROM t"
    )
    out = []
    for record in con.execute(query).fetchall():
        row = {"value": record[0], "issues": set(record[1] or [])}
        for key, item in zip(field.extra, record[2:], strict=True):
            row[key] = item
        out.append(row)
    return out


def _one(con: duckdb.DuckDBPyConnection, field: FieldSQL, raw: str | None) -> dict[str, Any]:
    """Evaluate ``field`` (built on column ``"raw"``) for a single value."""
    return _run(con, field, {"raw": [raw]})[0]


@pytest.fixture(scope="session")
def run(con: duckdb.DuckDBPyConnection) -> Run:
    """``run(field, {"col": [...]})`` → rows with value, issues and extras."""
    return lambda field, columns: _run(con, field, columns)


@pytest.fixture(scope="session")
def one(con: duckdb.DuckDBPyConnection) -> One:
    """``one(field, raw)`` → the row for a single value of column ``"raw"``."""
    return lambda field, raw: _one(con, field, raw)
