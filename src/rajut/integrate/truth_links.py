"""Linkage tables from the synthetic kabupaten's truth (tests, benchmarks, evaluation).

Writes ``link.record_person`` and ``link.record_household`` from ``truth/records.csv`` of
``rajut demo`` so the integrated model can be checked without linkage errors. Never use
this on real data: it replaces the linkage result.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from rajut.integrate.errors import IntegrateError

TRUTH_LINKS_SQL = """
CREATE SCHEMA IF NOT EXISTS link;
CREATE OR REPLACE TEMP TABLE integ_truth AS
SELECT source, source_record_id AS record_id, period, person_id, household_id
FROM read_csv($path, all_varchar = true, header = true);
CREATE OR REPLACE TABLE link.record_person AS
SELECT source || ':' || record_id AS uid, source, record_id,
       arg_max(person_id, period) AS person_id, 1.0::DOUBLE AS match_probability
FROM integ_truth GROUP BY source, record_id;
CREATE OR REPLACE TABLE link.record_household AS
SELECT source || ':' || record_id AS uid, arg_max(household_id, period) AS household_id
FROM integ_truth GROUP BY source, record_id;
"""


def link_from_truth(con: duckdb.DuckDBPyConnection, truth_dir: Path) -> int:
    """Replace ``link.record_person``/``record_household`` by the truth; return record count."""
    path = truth_dir / "records.csv"
    if not path.is_file():
        raise IntegrateError(
            f"Berkas kebenaran dasar {path} tidak ditemukan.",
            "Pakai folder truth/ hasil `rajut demo` (incoming/truth).",
        )
    for statement in TRUTH_LINKS_SQL.split(";"):
        if statement.strip():
            params = {"path": str(path)} if "$path" in statement else None
            con.execute(statement, params)
    row = con.execute("SELECT count(*) FROM link.record_person").fetchone()
    return int(row[0]) if row else 0
