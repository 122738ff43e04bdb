"""A stand-in for ``rajut.integrate.build_integrated`` built from the generator's truth.

It links every record to its true person/household (``truth/records.csv``) and fills the
``integ.*`` tables the targeting rules read, from the ingested ``std.*`` rows of the latest
run per source not after ``as_of``. Only for tests: it isolates the rules from linkage and
survivorship errors.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb

BUILD_ID = "truth-build"


def _csv(path: Path) -> str:
    return f"read_csv('{path}', all_varchar = true, header = true)"


def link_from_truth(con: duckdb.DuckDBPyConnection, truth: Path) -> None:
    """``link.record_person`` / ``link.record_household`` from ``records.csv``."""
    recs = _csv(truth / "records.csv")
    con.execute("CREATE SCHEMA IF NOT EXISTS link")
    con.execute(f"""
        CREATE OR REPLACE TABLE link.record_person AS
        SELECT source || ':' || source_record_id AS uid, source, source_record_id AS record_id,
               any_value(person_id) AS person_id, 1.0::DOUBLE AS match_probability
        FROM {recs} GROUP BY source, source_record_id""")
    con.execute(f"""
        CREATE OR REPLACE TABLE link.record_household AS
        SELECT source || ':' || source_record_id AS uid,
               arg_max(household_id, period) AS household_id
        FROM {recs} GROUP BY source, source_record_id""")


def _runs(con: duckdb.DuckDBPyConnection, as_of: date) -> None:
    con.execute(
        """CREATE OR REPLACE TEMP TABLE t_runs AS
        SELECT run_id, source, period_end FROM (
          SELECT *, row_number() OVER (PARTITION BY source ORDER BY period_end DESC) AS k
          FROM meta.ingest_runs WHERE period_end <= ?) WHERE k = 1""",
        [as_of],
    )


def _ddl(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("CREATE SCHEMA IF NOT EXISTS integ")
    con.execute(
        "CREATE TABLE IF NOT EXISTS integ.builds (build_id VARCHAR, as_of DATE, "
        "built_at TIMESTAMP, inputs JSON)"
    )


def _person(con: duckdb.DuckDBPyConnection, truth: Path, as_of: date) -> None:
    con.execute(f"""
        CREATE OR REPLACE TABLE integ.person AS
        WITH d AS (
          SELECT l.person_id, arg_max(s.alive, s.period_end) AS alive,
                 arg_max(s.death_date, s.period_end) AS death_date,
                 arg_max(s.birth_date, s.period_end) AS birth_date,
                 arg_max(s.desa_code, s.period_end) AS desa_code
          FROM std.person s JOIN t_runs r USING (run_id)
          JOIN link.record_person l ON l.source = s.source AND l.record_id = s.record_id
          WHERE s.source = 'dukcapil' GROUP BY l.person_id
        ), n AS (
          SELECT person_id, count(*) AS n_records, list(DISTINCT source ORDER BY source) AS src
          FROM link.record_person GROUP BY person_id
        )
        SELECT '{BUILD_ID}' AS build_id, t.person_id, t.nik, t.kk_number, t.name, t.sex,
               coalesce(d.birth_date, t.birth_date::DATE) AS birth_date,
               date_sub('year', coalesce(d.birth_date, t.birth_date::DATE),
                        DATE '{as_of}')::INTEGER AS age_years,
               coalesce(d.desa_code, t.desa_code) AS desa_code,
               left(coalesce(d.desa_code, t.desa_code), 8) AS kecamatan_code,
               coalesce(d.alive, true) AS alive, d.death_date, t.household_id,
               nullif(t.mother_person_id, '') AS mother_person_id,
               coalesce(n.n_records, 0)::INTEGER AS n_records, n.src AS sources
        FROM {_csv(truth / "persons.csv")} t
        LEFT JOIN d USING (person_id) LEFT JOIN n USING (person_id)
        WHERE t.birth_date::DATE <= DATE '{as_of}'""")


def _household(con: duckdb.DuckDBPyConnection, truth: Path, as_of: date) -> None:
    con.execute(f"""
        CREATE OR REPLACE TABLE integ.household AS
        WITH w AS (
          SELECT h.household_id, max(s.desil)::INTEGER AS desil, max(s.period_end) AS pe
          FROM std.welfare s JOIN t_runs r USING (run_id)
          JOIN link.record_household h ON h.uid = s.source || ':' || s.record_id
          GROUP BY h.household_id
        ), m AS (
          SELECT household_id, count(*) FILTER (WHERE alive)::INTEGER AS n_members,
                 min(person_id) AS head_person_id
          FROM integ.person GROUP BY household_id
        )
        SELECT '{BUILD_ID}' AS build_id, t.household_id, t.kk_number, t.desa_code,
               left(t.desa_code, 8) AS kecamatan_code, w.desil,
               CASE WHEN w.desil IS NOT NULL THEN 'dtks' END AS desil_source,
               w.pe AS desil_period_end, m.n_members, m.head_person_id
        FROM {_csv(truth / "households.csv")} t JOIN m USING (household_id)
        LEFT JOIN w USING (household_id)""")


def _facts(con: duckdb.DuckDBPyConnection, as_of: date) -> None:
    a = f"DATE '{as_of}'"
    con.execute(f"""
        CREATE OR REPLACE TABLE integ.person_program AS
        WITH o AS (
          SELECT source, record_id, p.period_end, membership_status,
                 unnest(['pkh', 'bpnt', 'pbi_jk', 'pip', 'kip']) AS program,
                 unnest([pkh, bpnt, pbi_jk, pip, kip]) AS flag
          FROM std.program p JOIN t_runs r USING (run_id, source)
        )
        SELECT '{BUILD_ID}' AS build_id, l.person_id, o.program,
               bool_or(o.flag AND (o.source <> 'pbi_jk'
                       OR coalesce(o.membership_status, 'aktif') = 'aktif')) AS receives,
               o.source, min(o.record_id) AS record_id, max(o.period_end) AS period_end,
               date_diff('day', max(o.period_end), {a})::INTEGER AS age_days
        FROM o JOIN link.record_person l ON l.source = o.source AND l.record_id = o.record_id
        WHERE o.flag IS NOT NULL GROUP BY l.person_id, o.program, o.source""")
    con.execute(f"""
        CREATE OR REPLACE TABLE integ.child_growth AS
        SELECT '{BUILD_ID}' AS build_id, l.person_id, max(g.measured_on) AS measured_on,
               arg_max(g.z_tbu, g.measured_on) AS z_tbu,
               arg_max(g.status_tbu, g.measured_on) AS status_tbu,
               arg_max(g.z_tbu, g.measured_on) < -2 AS stunted, 'eppgbm' AS source,
               arg_max(g.record_id, g.measured_on) AS record_id,
               date_diff('day', max(g.measured_on), {a})::INTEGER AS age_days
        FROM std.growth g JOIN link.record_person l
          ON l.source = g.source AND l.record_id = g.record_id
        WHERE g.measured_on <= {a} AND g.z_tbu IS NOT NULL GROUP BY l.person_id""")
    con.execute(f"""
        CREATE OR REPLACE TABLE integ.enrollment AS
        SELECT '{BUILD_ID}' AS build_id, l.person_id, true AS enrolled,
               any_value(e.npsn) AS npsn, any_value(e.grade) AS grade,
               any_value(e.semester) AS semester, 'dapodik' AS source,
               min(e.record_id) AS record_id, max(e.period_end) AS period_end,
               date_diff('day', max(e.period_end), {a})::INTEGER AS age_days
        FROM std.enrollment e JOIN t_runs r USING (run_id, source)
        JOIN link.record_person l ON l.source = e.source AND l.record_id = e.record_id
        GROUP BY l.person_id""")


def build_truth_integ(db: Path, truth: Path, as_of: date) -> str:
    """Fill ``link.*`` and ``integ.*`` in ``db`` from the truth; returns the build id."""
    con = duckdb.connect(str(db))
    try:
        link_from_truth(con, truth)
        _runs(con, as_of)
        _ddl(con)
        con.execute("DELETE FROM integ.builds WHERE build_id = ?", [BUILD_ID])
        con.execute(
            "INSERT INTO integ.builds VALUES (?, ?, now()::TIMESTAMP, '{}')", [BUILD_ID, as_of]
        )
        _person(con, truth, as_of)
        _household(con, truth, as_of)
        _facts(con, as_of)
    finally:
        con.close()
    return BUILD_ID
