"""Discrepancies: in-scope records that disagree with the chosen (authority) value.

Side ``a`` is the chosen value and its record; side ``b`` the disagreeing record. Kinds:

alive_vs_deceased  the chosen status is *deceased* and another record, observed after the
                   death (period end later than the death date, or any when the date is
                   unknown), shows the person alive: it says ``alive = true`` (``value_b`` =
                   ``true``), lists the person as a recipient (``penerima pkh,pbi_jk``) or
                   simply lists the person (``tercantum``). Or the chosen status is *alive*
                   and a record says deceased (``value_b`` = ``false``).
desa               different desa/kelurahan code
birth_date         different birth date
sex                different sex
household          linkage put the record in another household than the chosen one

``owner_source``/``owner`` name the authority of the attribute (first authority source in
the workspace and its agency): the agency a correction proposal goes to. The id is a hash
of entity, kind, attribute and the ``b`` record, so it is the same in every build.
"""

from __future__ import annotations

from datetime import datetime

import duckdb

from rajut.integrate.choose import lit
from rajut.integrate.survivorship import SurvivorshipRules, resolve_authority

#: discrepancy kind → (person attribute, value expression over an ``integ_rec`` row ``r``)
GENERIC_KINDS: dict[str, tuple[str, str]] = {
    "desa": ("desa_code", "r.desa_code"),
    "birth_date": ("birth_date", "CAST(r.birth_date AS VARCHAR)"),
    "sex": ("sex", "r.sex"),
    "household": ("household_id", "r.rec_household_id"),
}

GENERIC_SQL = """
SELECT 'person' AS entity, r.person_id AS entity_id, '{kind}' AS kind, '{attr}' AS attribute,
       w.value AS value_a, w.source AS source_a, w.record_id AS record_a,
       {value} AS value_b, r.source AS source_b, r.record_id AS record_b
FROM integ_rec r
JOIN integ_prov_person w ON w.entity_id = r.person_id AND w.attribute = '{attr}'
WHERE {value} IS NOT NULL AND {value} <> w.value
  AND NOT (r.source = w.source AND r.record_id = w.record_id)
"""

LISTED_SQL = """
CREATE OR REPLACE TEMP TABLE integ_listed AS
    SELECT run_id, row_number,
           concat_ws(',', CASE WHEN pkh THEN 'pkh' END, CASE WHEN bpnt THEN 'bpnt' END,
                     CASE WHEN pbi_jk AND coalesce(membership_status, '') <> 'nonaktif'
                          THEN 'pbi_jk' END,
                     CASE WHEN pip THEN 'pip' END, CASE WHEN kip THEN 'kip' END) AS programs
    FROM integ_in_program
"""

ALIVE_SQL = """
SELECT 'person', r.person_id, 'alive_vs_deceased', 'alive',
       CASE WHEN g.alive THEN 'true' ELSE 'false' END,
       w.source, w.record_id,
       CASE WHEN r.alive IS NOT NULL THEN CAST(r.alive AS VARCHAR)
            WHEN coalesce(l.programs, '') <> '' THEN 'penerima ' || l.programs
            ELSE 'tercantum' END,
       r.source, r.record_id
FROM integ_rec r
JOIN integ_golden g USING (person_id)
JOIN integ_prov_person w ON w.entity_id = r.person_id AND w.attribute = 'alive'
LEFT JOIN integ_listed l ON l.run_id = r.run_id AND l.row_number = r.row_number
WHERE NOT (r.source = w.source AND r.record_id = w.record_id)
  AND CASE WHEN g.alive THEN r.alive = FALSE
           ELSE coalesce(r.alive, TRUE)
                AND r.period_end > coalesce(g.death_date, DATE '0001-01-01') END
"""

INSERT_SQL = """
INSERT INTO integ.discrepancies
SELECT $build_id, substr(md5(concat_ws('|', d.entity, d.entity_id, d.kind, d.attribute,
                                       d.source_b, d.record_b)), 1, 16),
       d.entity, d.entity_id, d.kind, d.attribute, d.value_a, d.source_a, d.record_a,
       d.value_b, d.source_b, d.record_b, o.owner_source, o.owner, $detected_at
FROM ({union}) d
LEFT JOIN (VALUES {owners}) o(attribute, owner_source, owner) ON o.attribute = d.attribute
"""


def _owner_rows(rules: SurvivorshipRules, owners: dict[str, str]) -> str:
    rows = []
    for attr in ["alive", *(a for a, _ in GENERIC_KINDS.values())]:
        entries = rules.attributes[attr].authority
        ranked = resolve_authority(entries, owners)
        source = ranked[0] if ranked else None
        agency = owners[source] if source else entries[0]
        rows.append(f"({lit(attr)}, {lit(source) if source else 'NULL'}, {lit(agency)})")
    return ", ".join(rows)


def write_discrepancies(
    con: duckdb.DuckDBPyConnection,
    build_id: str,
    detected_at: datetime,
    rules: SurvivorshipRules,
    owners: dict[str, str],
) -> int:
    """Insert this build's discrepancies into ``integ.discrepancies``; return the count."""
    parts = [
        GENERIC_SQL.format(kind=kind, attr=attr, value=value)
        for kind, (attr, value) in GENERIC_KINDS.items()
    ]
    parts.append(ALIVE_SQL)
    con.execute(LISTED_SQL)
    sql = INSERT_SQL.format(union=" UNION ALL ".join(parts), owners=_owner_rows(rules, owners))
    row = con.execute(sql, {"build_id": build_id, "detected_at": detected_at}).fetchone()
    return int(row[0]) if row else 0
