"""Golden person records: in-scope records → linked person → one value per attribute.

Steps (all set-based SQL on temporary tables):

1. ``integ_rec``: each in-scope ``std.person`` row with its ``person_id``
   (``link.record_person``) and the household linkage gave that record
   (``link.record_household``), plus its completeness score.
2. ``integ_pagg``: per person, the record count, the sources and the best two candidates
   of every attribute (see :mod:`rajut.integrate.choose`); ``integ_prov_person``: each
   winner with its source row.
3. ``integ_mcand``/``integ_mother``: ``mother_person_id`` from the mother's NIK written in a
   record, matched to the chosen NIK of another person (a NIK chosen for one person only).
4. ``integ_golden``: one row per person, the shape of ``integ.person``.
"""

from __future__ import annotations

from datetime import date

import duckdb

from rajut.integrate.choose import Choice, lit
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
SELECT x.*, {packed} FROM (
SELECT p.rid, p.source, p.record_id, p.run_id, p.row_number, p.period_end, p.age_days,
       rp.person_id, rh.household_id AS rec_household_id,
       nullif(p.nik, '') AS nik, nullif(p.kk_number, '') AS kk_number,
       nullif(p.name, '') AS name, p.sex, p.birth_date, p.desa_code, p.alive, p.death_date,
       p.shdk, nullif(p.mother_nik, '') AS mother_nik,
       ({completeness})::INTEGER AS completeness
FROM integ_in_person p
JOIN link.record_person rp ON rp.source = p.source AND rp.record_id = p.record_id
LEFT JOIN link.record_household rh ON rh.uid = rp.uid
) x
"""

MOTHER_SQL = """
CREATE OR REPLACE TEMP TABLE integ_mcand AS
WITH nik_owner AS (
    SELECT value AS nik, min(entity_id) AS mother_id
    FROM integ_prov_person WHERE attribute = 'nik' GROUP BY 1 HAVING count(*) = 1
)
SELECT c.rid, c.person_id, c.source, c.record_id, c.run_id, c.row_number, c.period_end,
       c.age_days, c.completeness, o.mother_id
FROM integ_rec c JOIN nik_owner o ON o.nik = c.mother_nik
WHERE o.mother_id <> c.person_id
"""

GOLDEN_SQL = """
CREATE OR REPLACE TEMP TABLE integ_golden AS
WITH v AS (
    SELECT entity_id AS person_id,
           any_value(value) FILTER (WHERE attribute = 'nik') AS nik,
           any_value(value) FILTER (WHERE attribute = 'kk_number') AS kk_number,
           any_value(value) FILTER (WHERE attribute = 'name') AS name,
           any_value(value) FILTER (WHERE attribute = 'sex') AS sex,
           CAST(any_value(value) FILTER (WHERE attribute = 'birth_date') AS DATE) AS birth_date,
           any_value(value) FILTER (WHERE attribute = 'desa_code') AS desa_code,
           any_value(value) FILTER (WHERE attribute = 'alive') = 'false' AS dead_flag,
           any_value(value) FILTER (WHERE attribute = 'household_id') AS household_id,
           any_value(value) FILTER (WHERE attribute = 'mother_person_id') AS mother_person_id,
           any_value(value) FILTER (WHERE attribute = 'shdk') AS shdk
    FROM integ_prov_person GROUP BY entity_id
), g AS (
    SELECT s.person_id, s.n_records, s.sources, v.* EXCLUDE (person_id),
           d.death_date AS death_date_raw
    FROM integ_pagg s
    LEFT JOIN v USING (person_id)
    LEFT JOIN integ_rec d ON d.rid = CAST(s.w_alive & 1099511627775 AS BIGINT)
)
SELECT g.person_id, g.nik, g.kk_number, g.name, g.sex, g.birth_date,
       date_sub('year', g.birth_date, $as_of)::INTEGER AS age_years,
       g.desa_code, substr(g.desa_code, 1, 8) AS kecamatan_code,
       NOT coalesce(g.dead_flag AND coalesce(g.death_date_raw <= $as_of, TRUE), FALSE) AS alive,
       CASE WHEN g.dead_flag AND coalesce(g.death_date_raw <= $as_of, TRUE)
            THEN g.death_date_raw END AS death_date,
       g.household_id, g.mother_person_id, g.n_records, g.sources, g.shdk
FROM g
"""

DEATH_SQL = """
INSERT INTO integ_prov_person
SELECT 'person', g.person_id, 'death_date', CAST(g.death_date AS VARCHAR), p.source,
       p.record_id, p.run_id, p.row_number, p.period_end, p.age_days, p.rule
FROM integ_golden g
JOIN integ_prov_person p ON p.entity_id = g.person_id AND p.attribute = 'alive'
WHERE g.death_date IS NOT NULL
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


def _sources_sql(con: duckdb.DuckDBPyConnection) -> str:
    """Aggregate: the sorted distinct sources of a person's records.

    With few sources (always, in practice) one bit per source is OR-ed and turned back into
    the sorted name list: the same list as ``list(DISTINCT source ORDER BY source)``, cheaper.
    """
    rows = con.execute("SELECT DISTINCT source FROM integ_scope_runs ORDER BY source").fetchall()
    names = [str(r[0]) for r in rows if r[0] is not None]
    if not names or len(names) > 62:
        return "list(DISTINCT source ORDER BY source)"
    bits = " ".join(f"WHEN {lit(n)} THEN {1 << i}" for i, n in enumerate(names))
    listed = ", ".join(lit(n) for n in names)
    return (
        f"list_filter([{listed}], lambda s, i: "
        f"(bit_or(CASE source {bits} ELSE 0 END::BIGINT) >> (i - 1)) & 1 = 1)"
    )


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
        empty = "(SELECT NULL::VARCHAR AS uid, NULL::VARCHAR AS household_id)"
        sql = sql.replace("link.record_household", empty)
    choices = person_choices(rules, owners)
    configs = {cfg: f"pk{i}" for i, cfg in enumerate(dict.fromkeys(c.config for c in choices))}
    firsts = {c.config: c for c in reversed(choices)}
    packed = ", ".join(f"{firsts[cfg].packed_sql('x.')} AS {col}" for cfg, col in configs.items())
    con.execute(
        sql.format(completeness=_completeness_sql(rules.completeness_fields), packed=packed)
    )
    aggs = ",\n       ".join(c.aggregate_sql(configs[c.config]) for c in choices)
    con.execute(
        "CREATE OR REPLACE TEMP TABLE integ_pagg AS SELECT person_id, "
        f"count(*)::INTEGER AS n_records, {_sources_sql(con)} AS sources, "
        f"{aggs} FROM integ_rec GROUP BY person_id"
    )
    parts = [c.provenance_select("person", "person_id", "integ_pagg", "integ_rec") for c in choices]
    con.execute("CREATE OR REPLACE TEMP TABLE integ_prov_person AS " + " UNION ALL ".join(parts))
    mother = mother_choice(rules, owners)
    con.execute(MOTHER_SQL)
    con.execute(
        "CREATE OR REPLACE TEMP TABLE integ_mother AS SELECT person_id, "
        f"{mother.aggregate_sql()} FROM integ_mcand GROUP BY person_id"
    )
    con.execute(
        "INSERT INTO integ_prov_person "
        + mother.provenance_select("person", "person_id", "integ_mother", "integ_mcand")
    )
    con.execute(GOLDEN_SQL, {"as_of": as_of})
    con.execute(DEATH_SQL)
    [(total,)] = con.execute("SELECT count(*) FROM integ_scope_rows").fetchall()
    [(linked,)] = con.execute("SELECT count(*) FROM integ_rec").fetchall()
    return [*choices, mother], int(total) - int(linked)
