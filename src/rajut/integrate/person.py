"""Golden person records: in-scope records → linked person → one value per attribute.

Steps (all set-based SQL on temporary tables):

1. ``integ_rec``: each in-scope ``std.person`` row with its ``person_id``
   (``link.record_person``) and the household linkage gave that record
   (``link.record_household``), plus its completeness score.
2. ``integ_pagg``: per person, the best two candidates of every attribute (see
   :mod:`rajut.integrate.choose`).
3. ``integ_mother``: ``mother_person_id`` from the mother's NIK written in a record, matched
   to the golden NIK of another person of the same build (NIK held by one person only).
4. ``integ_golden``: one row per person, the shape of ``integ.person``.
"""

from __future__ import annotations

from datetime import date

import duckdb

from rajut.integrate.choose import Choice
from rajut.integrate.errors import IntegrateError
from rajut.integrate.survivorship import SurvivorshipRules, resolve_authority

#: attribute → VARCHAR value expression over an ``integ_rec`` row.
PERSON_VALUES: dict[str, str] = {
    "nik": "nik",
    "kk_number": "kk_number",
    "name": "name",
    "sex": "sex",
    "birth_date": "CAST(birth_date AS VARCHAR)",
    "desa_code": "desa_code",
    "alive": "CAST(alive AS VARCHAR)",
    "shdk": "shdk",
    "household_id": "rec_household_id",
}

RECORDS_SQL = """
CREATE OR REPLACE TEMP TABLE integ_rec AS
SELECT p.source, p.record_id, p.run_id, p.row_number, p.period_end, p.age_days,
       rp.person_id, rh.household_id AS rec_household_id,
       nullif(p.nik, '') AS nik, nullif(p.kk_number, '') AS kk_number,
       nullif(p.name, '') AS name, p.sex, p.birth_date, p.desa_code, p.alive, p.death_date,
       p.shdk, nullif(p.mother_nik, '') AS mother_nik,
       ({completeness})::INTEGER AS completeness
FROM integ_in_person p
JOIN link.record_person rp ON rp.source = p.source AND rp.record_id = p.record_id
LEFT JOIN link.record_household rh ON rh.uid = p.source || ':' || p.record_id
"""

MOTHER_SQL = """
CREATE OR REPLACE TEMP TABLE integ_mother AS
WITH nik_owner AS (
    SELECT top_nik[1].v AS nik, min(person_id) AS mother_id
    FROM integ_pagg WHERE top_nik IS NOT NULL GROUP BY 1 HAVING count(*) = 1
), r AS (
    SELECT c.*, o.mother_id
    FROM integ_rec c JOIN nik_owner o ON o.nik = c.mother_nik
    WHERE o.mother_id <> c.person_id
)
SELECT person_id, {aggregate} FROM r GROUP BY person_id
"""

GOLDEN_SQL = """
CREATE OR REPLACE TEMP TABLE integ_golden AS
WITH stats AS (
    SELECT person_id, count(*)::INTEGER AS n_records,
           list(DISTINCT source ORDER BY source) AS sources
    FROM integ_rec GROUP BY person_id
), g AS (
    SELECT a.person_id, a.top_nik[1].v AS nik, a.top_kk_number[1].v AS kk_number,
           a.top_name[1].v AS name, a.top_sex[1].v AS sex,
           CAST(a.top_birth_date[1].v AS DATE) AS birth_date,
           a.top_desa_code[1].v AS desa_code,
           a.top_alive[1].v = 'false' AS dead_flag,
           d.death_date AS death_date_raw,
           a.top_household_id[1].v AS household_id,
           m.top_mother_person_id[1].v AS mother_person_id,
           a.top_shdk[1].v AS shdk
    FROM integ_pagg a
    LEFT JOIN integ_in_person d
      ON d.run_id = a.top_alive[1].ru AND d.row_number = a.top_alive[1].rn
    LEFT JOIN integ_mother m USING (person_id)
)
SELECT g.person_id, g.nik, g.kk_number, g.name, g.sex, g.birth_date,
       date_sub('year', g.birth_date, $as_of)::INTEGER AS age_years,
       g.desa_code, substr(g.desa_code, 1, 8) AS kecamatan_code,
       NOT coalesce(g.dead_flag AND coalesce(g.death_date_raw <= $as_of, TRUE), FALSE) AS alive,
       CASE WHEN g.dead_flag AND coalesce(g.death_date_raw <= $as_of, TRUE)
            THEN g.death_date_raw END AS death_date,
       g.household_id, g.mother_person_id, s.n_records, s.sources, g.shdk
FROM g JOIN stats s USING (person_id)
"""


def _require_links(con: duckdb.DuckDBPyConnection) -> bool:
    """Fail without ``link.record_person``; return whether ``link.record_household`` exists."""
    rows = con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'link' "
        "AND table_name IN ('record_person', 'record_household')"
    ).fetchall()
    found = {str(r[0]) for r in rows}
    if "record_person" not in found:
        raise IntegrateError(
            "Tabel penautan link.record_person belum ada: rekaman belum ditautkan ke orang.",
            "Jalankan `rajut link` dulu, lalu ulangi `rajut build`.",
            code="integrate-no-linkage",
        )
    return "record_household" in found


def _completeness_sql(fields: list[str]) -> str:
    parts = [f"(p.{f} IS NOT NULL AND CAST(p.{f} AS VARCHAR) <> '')::INTEGER" for f in fields]
    return " + ".join(parts) if parts else "0"


def person_choices(rules: SurvivorshipRules, owners: dict[str, str]) -> list[Choice]:
    """One :class:`Choice` per person attribute, authority resolved to source names."""
    return [
        Choice(
            attribute=attr,
            value_sql=expr,
            authority=resolve_authority(rules.attributes[attr].authority, owners),
            tie_breakers=rules.tie_breakers_for(attr),
        )
        for attr, expr in PERSON_VALUES.items()
    ]


def mother_choice(rules: SurvivorshipRules, owners: dict[str, str]) -> Choice:
    return Choice(
        attribute="mother_person_id",
        value_sql="mother_id",
        authority=resolve_authority(rules.attributes["mother_person_id"].authority, owners),
        tie_breakers=rules.tie_breakers_for("mother_person_id"),
    )


def build_golden_persons(
    con: duckdb.DuckDBPyConnection, rules: SurvivorshipRules, owners: dict[str, str], as_of: date
) -> tuple[list[Choice], int]:
    """Create ``integ_rec``, ``integ_pagg``, ``integ_mother``, ``integ_golden``.

    Returns the choices made (for provenance) and the number of in-scope records that no
    linkage result covers (they are left out of the build).
    """
    sql = RECORDS_SQL
    if not _require_links(con):  # persons linked, households not (yet): no household ids
        sql = sql.replace(
            "link.record_household", "(SELECT NULL::VARCHAR AS uid, NULL::VARCHAR AS household_id)"
        )
    con.execute(sql.format(completeness=_completeness_sql(rules.completeness_fields)))
    choices = person_choices(rules, owners)
    aggs = ",\n       ".join(c.aggregate_sql() for c in choices)
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE integ_pagg AS SELECT person_id, {aggs} "
        "FROM integ_rec GROUP BY person_id"
    )
    mother = mother_choice(rules, owners)
    con.execute(MOTHER_SQL.format(aggregate=mother.aggregate_sql()))
    con.execute(GOLDEN_SQL, {"as_of": as_of})
    [(total,)] = con.execute("SELECT count(*) FROM integ_in_person").fetchall()
    [(linked,)] = con.execute("SELECT count(*) FROM integ_rec").fetchall()
    return [*choices, mother], int(total) - int(linked)
