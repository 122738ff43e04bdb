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

from rajut.integrate.choose import Choice
from rajut.integrate.household import HOUSEHOLD_PROVENANCE_SQL

DEATH_SQL = """
SELECT 'person', g.person_id, 'death_date', CAST(g.death_date AS VARCHAR),
       a.top_alive[1].s, a.top_alive[1].r, a.top_alive[1].ru, a.top_alive[1].rn,
       a.top_alive[1].pe, a.top_alive[1].ag, p.rule
FROM integ_golden g
JOIN integ_pagg a USING (person_id)
JOIN integ_prov_person p ON p.entity_id = g.person_id AND p.attribute = 'alive'
WHERE g.death_date IS NOT NULL
"""

HEAD_SQL = """
SELECT 'household', h.household_id, 'head_person_id', h.head_person_id, p.source, p.record_id,
       p.run_id, p.row_number, p.period_end, p.age_days,
       CASE WHEN p.value = 'kepala_keluarga' THEN 'shdk' ELSE 'oldest_member' END
FROM integ_hh h
LEFT JOIN integ_prov_person p ON p.entity_id = h.head_person_id AND p.attribute = 'shdk'
WHERE h.head_person_id IS NOT NULL
"""


def build_person_provenance(con: duckdb.DuckDBPyConnection, choices: list[Choice]) -> None:
    """``integ_prov_person``: every chosen person value (incl. mother and death date)."""
    parts = [
        c.provenance_select(
            "person",
            "person_id",
            "integ_mother" if c.attribute == "mother_person_id" else "integ_pagg",
        )
        for c in choices
    ]
    con.execute("CREATE OR REPLACE TEMP TABLE integ_prov_person AS " + " UNION ALL ".join(parts))
    con.execute("INSERT INTO integ_prov_person " + DEATH_SQL)


def build_household_provenance(con: duckdb.DuckDBPyConnection, desil: Choice) -> None:
    """``integ_prov_household``: desil (survivorship), kk/desa (from a member), head."""
    con.execute(
        "CREATE OR REPLACE TEMP TABLE integ_prov_household AS "
        + desil.provenance_select("household", "household_id", "integ_wagg")
        + " UNION ALL "
        + HOUSEHOLD_PROVENANCE_SQL
        + " UNION ALL "
        + HEAD_SQL
    )
