"""The ``integ`` schema: one set of rows per build, never updated in place.

Every table carries ``build_id``; a build appends its rows in one transaction, so earlier
builds stay readable and comparable. Fact tables also keep ``run_id``/``row_number`` so
each fact points at its standardised row (extra to the issue's column list).
"""

from __future__ import annotations

import duckdb

from rajut.store import table_exists

DDL = """
CREATE SCHEMA IF NOT EXISTS integ;
CREATE TABLE IF NOT EXISTS integ.builds (
    build_id VARCHAR PRIMARY KEY, as_of DATE NOT NULL, built_at TIMESTAMP NOT NULL,
    inputs JSON NOT NULL
);
CREATE TABLE IF NOT EXISTS integ.person (
    build_id VARCHAR NOT NULL, person_id VARCHAR NOT NULL, nik VARCHAR, kk_number VARCHAR,
    name VARCHAR, sex VARCHAR, birth_date DATE, age_years INTEGER, desa_code VARCHAR,
    kecamatan_code VARCHAR, alive BOOLEAN, death_date DATE, household_id VARCHAR,
    mother_person_id VARCHAR, n_records INTEGER, sources VARCHAR[]
);
CREATE TABLE IF NOT EXISTS integ.household (
    build_id VARCHAR NOT NULL, household_id VARCHAR NOT NULL, kk_number VARCHAR,
    desa_code VARCHAR, kecamatan_code VARCHAR, desil INTEGER, desil_source VARCHAR,
    desil_period_end DATE, n_members INTEGER, head_person_id VARCHAR
);
CREATE TABLE IF NOT EXISTS integ.person_program (
    build_id VARCHAR NOT NULL, person_id VARCHAR NOT NULL, program VARCHAR NOT NULL,
    receives BOOLEAN, source VARCHAR, record_id VARCHAR, period_end DATE, age_days INTEGER,
    run_id VARCHAR, row_number BIGINT, n_records_receiving INTEGER
);
CREATE TABLE IF NOT EXISTS integ.child_growth (
    build_id VARCHAR NOT NULL, person_id VARCHAR NOT NULL, measured_on DATE, z_tbu DOUBLE,
    status_tbu VARCHAR, stunted BOOLEAN, source VARCHAR, record_id VARCHAR,
    age_days INTEGER, period_end DATE, run_id VARCHAR, row_number BIGINT
);
CREATE TABLE IF NOT EXISTS integ.enrollment (
    build_id VARCHAR NOT NULL, person_id VARCHAR NOT NULL, enrolled BOOLEAN, npsn VARCHAR,
    grade INTEGER, semester VARCHAR, source VARCHAR, record_id VARCHAR, period_end DATE,
    age_days INTEGER, run_id VARCHAR, row_number BIGINT
);
CREATE TABLE IF NOT EXISTS integ.provenance (
    build_id VARCHAR NOT NULL, entity VARCHAR NOT NULL, entity_id VARCHAR NOT NULL,
    attribute VARCHAR NOT NULL, value VARCHAR, source VARCHAR, record_id VARCHAR,
    run_id VARCHAR, row_number BIGINT, period_end DATE, age_days INTEGER, rule VARCHAR
);
CREATE TABLE IF NOT EXISTS integ.discrepancies (
    build_id VARCHAR NOT NULL, discrepancy_id VARCHAR NOT NULL, entity VARCHAR NOT NULL,
    entity_id VARCHAR NOT NULL, kind VARCHAR NOT NULL, attribute VARCHAR, value_a VARCHAR,
    source_a VARCHAR, record_a VARCHAR, value_b VARCHAR, source_b VARCHAR, record_b VARCHAR,
    owner_source VARCHAR, owner VARCHAR, detected_at TIMESTAMP
);
"""

#: Tables holding per-build rows (everything but ``builds``), with their sort keys.
BUILD_TABLES: dict[str, str] = {
    "person": "person_id",
    "household": "household_id",
    "person_program": "person_id, program, source",
    "child_growth": "person_id",
    "enrollment": "person_id",
    "provenance": "entity, entity_id, attribute",
    "discrepancies": "discrepancy_id",
}


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create the ``integ`` schema and tables when missing."""
    con.execute(DDL)


def latest_build_id(con: duckdb.DuckDBPyConnection, as_of: object | None = None) -> str | None:
    """The newest build (optionally for one ``as_of`` date), or ``None`` when there is none."""
    if not table_exists(con, "integ", "builds"):
        return None
    query = "SELECT build_id FROM integ.builds"
    params: list[object] = []
    if as_of is not None:
        query += " WHERE as_of = ?"
        params.append(as_of)
    row = con.execute(query + " ORDER BY built_at DESC, build_id DESC LIMIT 1", params).fetchone()
    return str(row[0]) if row else None
