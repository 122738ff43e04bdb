"""Provenance: one row per chosen value, pointing at the standardised row it came from.

Columns: entity (``person``/``household``), entity_id, attribute, value (as text), source,
record_id, run_id, row_number (the row of the archived raw file), period_end, age_days
(as-of − period end) and rule (why the value won: ``authority``, ``recency``,
``completeness``, ``tie``, ``single``; for household ``kk_number``/``desa_code``: ``head`` or
``member`` — copied from that person's chosen value; for ``head_person_id``: ``shdk`` when
the head's chosen relationship is kepala keluarga, else ``oldest_member``).
"""

from __future__ import annotations

import duckdb

from rajut.integrate.household import HOUSEHOLD_PROVENANCE_SQL

HEAD_SQL = """
SELECT 'household', h.household_id, 'head_person_id', h.head_person_id, p.source, p.record_id,
       p.run_id, p.row_number, p.period_end, p.age_days,
       CASE WHEN p.value = 'kepala_keluarga' THEN 'shdk' ELSE 'oldest_member' END
FROM integ_hh h
LEFT JOIN integ_prov_person p ON p.entity_id = h.head_person_id AND p.attribute = 'shdk'
WHERE h.head_person_id IS NOT NULL
"""


def build_household_provenance(con: duckdb.DuckDBPyConnection) -> None:
    """``integ_prov_household``: desil (survivorship), kk/desa (from a member), head.

    Person provenance (``integ_prov_person``) is made with the golden persons.
    """
    con.execute(
        "CREATE OR REPLACE TEMP TABLE integ_prov_household AS "
        "SELECT * FROM integ_prov_desil UNION ALL "
        + HOUSEHOLD_PROVENANCE_SQL
        + " UNION ALL "
        + HEAD_SQL
    )
