"""Golden household records, built on the golden persons of the same build.

* members: persons whose chosen ``household_id`` is the household;
* head: the member whose chosen SHDK is ``kepala_keluarga`` (living first, then oldest);
  without one, the oldest living member;
* ``kk_number`` and ``desa_code``: the head's chosen values (else another member's), with
  the head's provenance copied (rule ``head`` or ``member``);
* ``desil``: chosen by survivorship (Dinas Sosial first) over the in-scope welfare rows of
  the members (each welfare row belongs to its person's chosen household);
* ``n_members``: living members on the as-of date.
"""

from __future__ import annotations

import duckdb

from rajut.integrate.choose import Choice
from rajut.integrate.survivorship import SurvivorshipRules, resolve_authority

MEMBERS_SQL = """
CREATE OR REPLACE TEMP TABLE integ_hh_pick AS
WITH m AS (
    SELECT household_id, person_id, alive, kk_number, desa_code,
           struct_pack(
               h := CASE WHEN shdk = 'kepala_keluarga' THEN 0 ELSE 1 END,
               a := CASE WHEN alive THEN 0 ELSE 1 END,
               b := coalesce(birth_date, DATE '9999-12-31'),
               p := person_id
           ) AS head_key
    FROM integ_golden WHERE household_id IS NOT NULL
)
SELECT household_id,
       arg_min(person_id, head_key) AS head_person_id,
       arg_min(person_id, head_key) FILTER (WHERE kk_number IS NOT NULL) AS kk_from,
       arg_min(person_id, head_key) FILTER (WHERE desa_code IS NOT NULL) AS desa_from,
       (count(*) FILTER (WHERE alive))::INTEGER AS n_members
FROM m GROUP BY household_id
"""

WELFARE_SQL = """
CREATE OR REPLACE TEMP TABLE integ_wel AS
SELECT w.rid, w.source, w.record_id, w.run_id, w.row_number, w.period_end, w.age_days, w.desil,
       r.completeness, g.household_id
FROM integ_in_welfare w
JOIN integ_rec r ON r.run_id = w.run_id AND r.row_number = w.row_number
JOIN integ_golden g ON g.person_id = r.person_id
WHERE g.household_id IS NOT NULL AND w.desil IS NOT NULL
"""

HOUSEHOLD_SQL = """
CREATE OR REPLACE TEMP TABLE integ_hh AS
SELECT k.household_id, kk.kk_number, ds.desa_code, substr(ds.desa_code, 1, 8) AS kecamatan_code,
       CAST(w.value AS INTEGER) AS desil, w.source AS desil_source,
       w.period_end AS desil_period_end, k.n_members, k.head_person_id,
       k.kk_from, k.desa_from
FROM integ_hh_pick k
LEFT JOIN integ_golden kk ON kk.person_id = k.kk_from
LEFT JOIN integ_golden ds ON ds.person_id = k.desa_from
LEFT JOIN integ_prov_desil w ON w.entity_id = k.household_id
"""

#: Provenance of kk_number/desa_code: the chosen member's own provenance row.
HOUSEHOLD_PROVENANCE_SQL = " UNION ALL ".join(
    f"""
SELECT 'household' AS entity, h.household_id AS entity_id, p.attribute, p.value, p.source,
       p.record_id, p.run_id, p.row_number, p.period_end, p.age_days,
       CASE WHEN p.entity_id = h.head_person_id THEN 'head' ELSE 'member' END AS rule
FROM integ_hh h
JOIN integ_prov_person p ON p.entity_id = h.{column} AND p.attribute = '{attribute}'
"""
    for attribute, column in (("kk_number", "kk_from"), ("desa_code", "desa_from"))
)


def desil_choice(rules: SurvivorshipRules, owners: dict[str, str]) -> Choice:
    return Choice(
        attribute="desil",
        value_sql="CAST(desil AS VARCHAR)",
        authority=resolve_authority(rules.attributes["desil"].authority, owners),
        tie_breakers=rules.tie_breakers_for("desil"),
    )


def build_golden_households(
    con: duckdb.DuckDBPyConnection, rules: SurvivorshipRules, owners: dict[str, str]
) -> Choice:
    """Create ``integ_hh_pick``, ``integ_wel``, ``integ_wagg``, ``integ_prov_desil``, ``integ_hh``.

    Returns the desil choice.
    """
    con.execute(MEMBERS_SQL)
    con.execute(WELFARE_SQL)
    choice = desil_choice(rules, owners)
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE integ_wagg AS SELECT household_id, "
        f"{choice.aggregate_sql()} FROM integ_wel GROUP BY household_id"
    )
    con.execute(
        "CREATE OR REPLACE TEMP TABLE integ_prov_desil AS "
        + choice.provenance_select("household", "household_id", "integ_wagg", "integ_wel")
    )
    con.execute(HOUSEHOLD_SQL)
    return choice
