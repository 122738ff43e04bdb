"""Household evidence per person: which household key each clustered person belongs to.

Works on temporary tables of the open connection (dropped at the end of the connection):

``hh_rec``     one row per linked record (``link.records`` ⋈ ``link.record_person``) with a
               usable No. KK (16 digits) and the SHDK role from the standardised tables
``hh_assign``  ``person_id, key, kk_number, evidence`` — the household key of every person

Keys: ``kk:<No. KK>`` (the KK the person is on now), ``ref:<source>:<id>`` (a source household
with no KK among its members) or ``person:<person_id>`` (no evidence: a one-person household).
Evidence codes: ``kk:<source>``, ``household_ref:<source>``, ``mother_nik:<source>``,
``mother_name:<source>``, ``none``.
"""

from __future__ import annotations

from datetime import date

import duckdb

#: Age gap between a mother and her child, in years (for name-based mother matches).
MIN_MOTHER_AGE_GAP_YEARS = 12
MAX_MOTHER_AGE_GAP_YEARS = 55
#: How many passes propagate households from mothers to children (grandchildren chains).
MOTHER_PASSES = 4


def _columns(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> set[str]:
    rows = con.execute(
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_schema = ? AND table_name = ?",
        [schema, table],
    ).fetchall()
    return {str(r[0]) for r in rows}


def _role_sql(con: duckdb.DuckDBPyConnection) -> tuple[str, str]:
    """(expression, joins) giving each record's SHDK role when the std tables carry one."""
    if not {"run_id", "row_number"} <= _columns(con, "link", "records"):
        return "CAST(NULL AS VARCHAR)", ""
    parts, joins = [], []
    if "shdk" in _columns(con, "std", "person"):
        parts.append("sp.shdk")
        joins.append(
            "LEFT JOIN std.person sp ON sp.run_id = r.run_id AND sp.row_number = r.row_number"
        )
    if "relationship" in _columns(con, "std", "household"):
        parts.append("sh.relationship")
        joins.append(
            "LEFT JOIN std.household sh ON sh.run_id = r.run_id AND sh.row_number = r.row_number"
        )
    if not parts:
        return "CAST(NULL AS VARCHAR)", ""
    expr = parts[0] if len(parts) == 1 else f"coalesce({', '.join(parts)})"
    return f"nullif({expr}, '')", "\n".join(joins)


def _optional(cols: set[str], name: str, sql_type: str) -> str:
    return f"r.{name}" if name in cols else f"CAST(NULL AS {sql_type})"


def load_linked_records(con: duckdb.DuckDBPyConnection, as_of: date | None) -> int:
    """Build ``hh_rec``; returns its row count. Records after ``as_of`` are left out."""
    cols = _columns(con, "link", "records")
    role, joins = _role_sql(con)
    opt = {
        n: _optional(cols, n, t)
        for n, t in [
            ("kk_number", "VARCHAR"),
            ("household_ref", "VARCHAR"),
            ("nik_raw", "VARCHAR"),
            ("mother_nik", "VARCHAR"),
            ("mother_name_norm", "VARCHAR"),
            ("sex", "VARCHAR"),
            ("birth_date", "DATE"),
            ("desa_code", "VARCHAR"),
            ("period_end", "DATE"),
        ]
    }
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE hh_rec AS
        SELECT r.uid, r.source, rp.person_id,
               coalesce({opt["period_end"]}, DATE '1900-01-01') AS period_end,
               CASE WHEN regexp_full_match({opt["kk_number"]}, '[0-9]{{16}}')
                    THEN {opt["kk_number"]} END AS kk,
               nullif(trim({opt["household_ref"]}), '') AS household_ref,
               r.nik, {opt["nik_raw"]} AS nik_raw,
               CASE WHEN regexp_full_match({opt["mother_nik"]}, '[0-9]{{16}}')
                    THEN {opt["mother_nik"]} END AS mother_nik,
               {opt["mother_name_norm"]} AS mother_name_norm, r.name_norm,
               {opt["sex"]} AS sex, {opt["birth_date"]} AS birth_date,
               {opt["desa_code"]} AS desa_code, {role} AS role
        FROM link.records r
        JOIN link.record_person rp ON rp.uid = r.uid
        {joins}
        WHERE $as_of IS NULL OR {opt["period_end"]} IS NULL OR {opt["period_end"]} <= $as_of
        """,
        {"as_of": as_of},
    )
    [(n,)] = con.execute("SELECT count(*) FROM hh_rec").fetchall()
    return int(n)


#: Each person's current KK: Disdukcapil first (the authority), then the latest period,
#: then the KK written on most of the person's records.
PERSON_KK_SQL = """
CREATE OR REPLACE TEMP TABLE hh_assign AS
WITH c AS (
    SELECT person_id, kk, source, max(period_end) AS pe, count(*) AS n
    FROM hh_rec WHERE kk IS NOT NULL GROUP BY ALL
), ranked AS (
    SELECT *, row_number() OVER (
        PARTITION BY person_id
        ORDER BY (source = 'dukcapil') DESC, pe DESC, n DESC, kk, source
    ) AS rk
    FROM c
)
SELECT person_id, 'kk:' || kk AS key, kk AS kk_number, 'kk:' || source AS evidence
FROM ranked WHERE rk = 1
"""

#: Persons without a KK join through the source's own household id (e.g. ID_DTKS): the KK that
#: most (more than half) of the group's members with a KK are on, else the group itself.
SOURCE_GROUP_SQL = """
INSERT INTO hh_assign
WITH g AS (
    SELECT source, household_ref, person_id, max(period_end) AS pe
    FROM hh_rec WHERE household_ref IS NOT NULL GROUP BY ALL
), with_kk AS (
    SELECT g.source, g.household_ref, a.kk_number, count(*) AS n,
           sum(count(*)) OVER (PARTITION BY g.source, g.household_ref) AS total
    FROM g JOIN hh_assign a USING (person_id)
    GROUP BY g.source, g.household_ref, a.kk_number
), majority AS (
    SELECT source, household_ref, kk_number FROM with_kk WHERE 2 * n > total
), pick AS (
    SELECT g.person_id, g.source, g.household_ref, m.kk_number,
           row_number() OVER (
               PARTITION BY g.person_id ORDER BY g.pe DESC, g.source, g.household_ref
           ) AS rk
    FROM g LEFT JOIN majority m USING (source, household_ref)
    WHERE NOT EXISTS (SELECT 1 FROM hh_assign a WHERE a.person_id = g.person_id)
)
SELECT person_id,
       CASE WHEN kk_number IS NOT NULL THEN 'kk:' || kk_number
            ELSE 'ref:' || source || ':' || household_ref END,
       kk_number, 'household_ref:' || source
FROM pick WHERE rk = 1
"""

#: Candidate mothers of persons still without a household: by the mother's NIK written on
#: the child's record, else by name (a woman of that name, at least 12 years older, seen in
#: one of the child's desa) when exactly one person fits.
MOTHER_LINKS_SQL = """
CREATE OR REPLACE TEMP TABLE hh_mother AS
WITH kids AS (
    SELECT * FROM hh_rec r
    WHERE NOT EXISTS (SELECT 1 FROM hh_assign a WHERE a.person_id = r.person_id)
), nik_of AS (
    SELECT person_id, coalesce(nik, nik_raw) AS nik FROM hh_rec
    WHERE coalesce(nik, nik_raw) IS NOT NULL
), by_nik AS (
    SELECT k.person_id, m.person_id AS mother_id, k.source, count(*) AS n
    FROM kids k JOIN nik_of m ON m.nik = k.mother_nik AND m.person_id <> k.person_id
    GROUP BY ALL
), nik_pick AS (
    SELECT person_id, mother_id, 'mother_nik:' || source AS evidence, row_number() OVER (
        PARTITION BY person_id ORDER BY n DESC, mother_id) AS rk
    FROM by_nik
), kid_names AS (
    SELECT DISTINCT person_id, source, mother_name_norm, birth_date, desa_code FROM kids k
    WHERE mother_name_norm IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM by_nik b WHERE b.person_id = k.person_id)
), women AS (
    SELECT DISTINCT person_id, name_norm, birth_date, desa_code FROM hh_rec
    WHERE coalesce(sex, 'P') = 'P' AND name_norm IS NOT NULL
), plausible AS (
    SELECT k.person_id, m.person_id AS mother_id, k.source, k.desa_code = m.desa_code AS same_desa
    FROM kid_names k JOIN women m
      ON m.name_norm = k.mother_name_norm AND m.person_id <> k.person_id
    WHERE k.birth_date IS NULL OR m.birth_date IS NULL
       OR k.birth_date BETWEEN m.birth_date + to_years(CAST($gap AS INTEGER))
                           AND m.birth_date + to_years(CAST($max_gap AS INTEGER))
), name_pick AS (
    SELECT person_id, any_value(mother_id) AS mother_id,
           'mother_name:' || min(source) AS evidence
    FROM plausible GROUP BY person_id
    HAVING count(DISTINCT mother_id) = 1 AND bool_or(same_desa)
)
SELECT person_id, mother_id, evidence FROM nik_pick WHERE rk = 1
UNION ALL
SELECT person_id, mother_id, evidence FROM name_pick
"""

MOTHER_PASS_SQL = """
INSERT INTO hh_assign
SELECT m.person_id, a.key, a.kk_number, m.evidence
FROM hh_mother m JOIN hh_assign a ON a.person_id = m.mother_id
WHERE NOT EXISTS (SELECT 1 FROM hh_assign x WHERE x.person_id = m.person_id)
"""

#: Children whose mother's NIK matches no linked person share a household with each other
#: (siblings: same mother's NIK), keyed by that NIK.
SAME_MOTHER_SQL = """
INSERT INTO hh_assign
SELECT person_id, 'mother:' || arg_max(mother_nik, n), NULL, 'same_mother:' || arg_max(source, n)
FROM (
    SELECT person_id, mother_nik, source, count(*) AS n FROM hh_rec r
    WHERE mother_nik IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM hh_assign a WHERE a.person_id = r.person_id)
      AND NOT EXISTS (SELECT 1 FROM hh_mother m WHERE m.person_id = r.person_id)
    GROUP BY ALL
)
GROUP BY person_id
"""

#: Persons with no evidence at all (and mothers of KK-less children) get their own household;
#: children whose mother has no other evidence are then placed with her.
SINGLETON_SQL = """
INSERT INTO hh_assign
SELECT DISTINCT person_id, 'person:' || person_id, NULL, 'none'
FROM hh_rec r
WHERE NOT EXISTS (SELECT 1 FROM hh_assign a WHERE a.person_id = r.person_id)
  AND ($all OR NOT EXISTS (SELECT 1 FROM hh_mother m WHERE m.person_id = r.person_id))
"""


def _mother_passes(con: duckdb.DuckDBPyConnection) -> None:
    for _ in range(MOTHER_PASSES):
        before = con.execute("SELECT count(*) FROM hh_assign").fetchall()[0][0]
        con.execute(MOTHER_PASS_SQL)
        after = con.execute("SELECT count(*) FROM hh_assign").fetchall()[0][0]
        if after == before:
            return


def _unassigned(con: duckdb.DuckDBPyConnection) -> int:
    rows = con.execute(
        "SELECT count(DISTINCT person_id) FROM hh_rec r "
        "WHERE NOT EXISTS (SELECT 1 FROM hh_assign a WHERE a.person_id = r.person_id)"
    ).fetchall()
    return int(rows[0][0])


def assign_household_keys(con: duckdb.DuckDBPyConnection) -> None:
    """Fill ``hh_assign`` (one row per person of ``hh_rec``), rule by rule."""
    con.execute(PERSON_KK_SQL)
    con.execute(SOURCE_GROUP_SQL)
    if _unassigned(con) == 0:
        return
    con.execute(
        MOTHER_LINKS_SQL,
        {"gap": MIN_MOTHER_AGE_GAP_YEARS, "max_gap": MAX_MOTHER_AGE_GAP_YEARS},
    )
    _mother_passes(con)
    con.execute(SAME_MOTHER_SQL)
    con.execute(SINGLETON_SQL, {"all": False})
    _mother_passes(con)
    con.execute(SINGLETON_SQL, {"all": True})
