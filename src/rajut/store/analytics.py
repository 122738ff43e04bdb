"""The DuckDB analytics store of a workspace (``data/rajut.duckdb``).

Schemas:

``meta``        ingest runs (one row per run); contracts live as YAML in ``sources/``
``std``         standardised tables, one per data-standard table (``std.person``, ...),
                plus ``std.row_issues`` (every warning, per row and field)
``quarantine``  ``quarantine.rows``: rows that could not be used, with reasons and raw values

Every standardised row carries its provenance: ``source``, ``record_id``, ``run_id``,
``row_number`` (row in the archived raw file) and its period.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb

from rajut.errors import RajutError

SCHEMA_VERSION = 1

_META_DDL = """
CREATE SCHEMA IF NOT EXISTS meta;
CREATE SCHEMA IF NOT EXISTS std;
CREATE SCHEMA IF NOT EXISTS quarantine;
CREATE TABLE IF NOT EXISTS meta.schema_version (version INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS meta.ingest_runs (
    run_id VARCHAR PRIMARY KEY,
    source VARCHAR NOT NULL,
    file_name VARCHAR NOT NULL,
    raw_sha256 VARCHAR NOT NULL,
    raw_path VARCHAR NOT NULL,
    file_bytes BIGINT NOT NULL,
    contract_fingerprint VARCHAR NOT NULL,
    period_label VARCHAR,
    period_start DATE,
    period_end DATE,
    input_rows BIGINT NOT NULL,
    accepted BIGINT NOT NULL,
    quarantined BIGINT NOT NULL,
    warnings BIGINT NOT NULL,
    started_at TIMESTAMP NOT NULL,
    finished_at TIMESTAMP NOT NULL
);
CREATE TABLE IF NOT EXISTS std.row_issues (
    run_id VARCHAR NOT NULL,
    source VARCHAR NOT NULL,
    record_id VARCHAR,
    row_number BIGINT NOT NULL,
    field VARCHAR NOT NULL,
    code VARCHAR NOT NULL,
    severity VARCHAR NOT NULL,
    value VARCHAR
);
CREATE TABLE IF NOT EXISTS quarantine.rows (
    run_id VARCHAR NOT NULL,
    source VARCHAR NOT NULL,
    record_id VARCHAR,
    row_number BIGINT NOT NULL,
    reasons VARCHAR[] NOT NULL,
    raw JSON NOT NULL
);
"""


def table_exists(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> bool:
    """Whether ``schema.table`` exists in the store ``con`` is connected to.

    Reads its result to the end (``fetchall``): DuckDB refuses a later ``con.sql(...)``
    while an ``execute`` result is only partly fetched.
    """
    [(count,)] = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_schema = ? AND table_name = ?",
        [schema, table],
    ).fetchall()
    return bool(count)


class StoreError(RajutError):
    code = "store-error"


@dataclass
class AnalyticsStore:
    """An open connection to a workspace's DuckDB file."""

    path: Path
    con: duckdb.DuckDBPyConnection

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """All-or-nothing: a failure rolls back every write made inside."""
        self.con.execute("BEGIN TRANSACTION")
        try:
            yield self.con
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        self.con.execute("COMMIT")

    def table_exists(self, schema: str, table: str) -> bool:
        return table_exists(self.con, schema, table)

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> AnalyticsStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_store(path: Path, *, read_only: bool = False) -> AnalyticsStore:
    """Open (and on first use create) the analytics store at ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        con = duckdb.connect(str(path), read_only=read_only and path.exists())
    except duckdb.IOException as exc:
        raise StoreError(
            f"Basis data analitik {path} tidak bisa dibuka: {exc}.",
            "Pastikan tidak ada proses rajut lain yang sedang memakai ruang kerja ini.",
            code="store-locked",
        ) from exc
    if not read_only:
        con.execute(_META_DDL)
        if con.execute("SELECT count(*) FROM meta.schema_version").fetchone() == (0,):
            con.execute("INSERT INTO meta.schema_version VALUES (?)", [SCHEMA_VERSION])
    return AnalyticsStore(path=path, con=con)
