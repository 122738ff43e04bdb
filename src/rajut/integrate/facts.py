"""Facts per person (programs, growth, schooling), each pointing at its source row.

person_program  one row per (person, program, source): that source's latest in-scope
                observation. ``receives`` is the program flag, false when the membership is
                ``nonaktif`` or starts (TMT) after the as-of date. ``n_records_receiving``
                counts the person's records of that source that receive (2+ = listed twice).
child_growth    the latest measurement (not after as-of) per child; authority sources of
                ``growth`` first. ``stunted`` = TB/U z < −2 (or status pendek/sangat pendek
                when the z-score is missing).
enrollment      the latest in-scope Dapodik row per pupil (authority ``schooling`` first);
                a row means enrolled in that snapshot. Absence means not listed.
"""

from __future__ import annotations

import duckdb

from rajut.integrate.choose import authority_case
from rajut.integrate.survivorship import SurvivorshipRules, resolve_authority

PROGRAMS = ("pkh", "bpnt", "pbi_jk", "pip", "kip")

PROGRAM_SQL = """
CREATE OR REPLACE TEMP TABLE integ_prog AS
WITH r AS (
    SELECT rp.person_id, pr.source, pr.record_id, pr.run_id, pr.row_number, pr.period_end,
           pr.age_days, pr.membership_status, pr.tmt, {programs}
    FROM integ_in_program pr
    JOIN link.record_person rp ON rp.source = pr.source AND rp.record_id = pr.record_id
), u AS (
    SELECT * EXCLUDE (flag, membership_status, tmt),
           flag AND coalesce(membership_status, '') <> 'nonaktif'
                AND coalesce(tmt <= $as_of, TRUE) AS receives
    FROM (UNPIVOT r ON {programs} INTO NAME program VALUE flag)
)
SELECT person_id, program, receives, source, record_id, period_end, age_days, run_id,
       row_number,
       (count(*) FILTER (WHERE receives) OVER w)::INTEGER AS n_records_receiving
FROM u
WINDOW w AS (PARTITION BY person_id, program, source)
QUALIFY row_number() OVER (
    PARTITION BY person_id, program, source
    ORDER BY period_end DESC, receives DESC, record_id
) = 1
"""

GROWTH_SQL = """
CREATE OR REPLACE TEMP TABLE integ_growth AS
SELECT rp.person_id, g.measured_on, g.z_tbu, g.status_tbu,
       coalesce(g.z_tbu < -2, g.status_tbu IN ('pendek', 'sangat_pendek')) AS stunted,
       g.source, g.record_id, g.age_days, g.period_end, g.run_id, g.row_number
FROM integ_in_growth g
JOIN link.record_person rp ON rp.source = g.source AND rp.record_id = g.record_id
WHERE coalesce(g.measured_on <= $as_of, TRUE)
QUALIFY row_number() OVER (
    PARTITION BY rp.person_id
    ORDER BY {authority} DESC, g.measured_on DESC NULLS LAST, g.period_end DESC, g.record_id DESC
) = 1
"""

ENROLLMENT_SQL = """
CREATE OR REPLACE TEMP TABLE integ_enrol AS
SELECT rp.person_id, TRUE AS enrolled, e.npsn, CAST(e.grade AS INTEGER) AS grade, e.semester,
       e.source, e.record_id, e.period_end, e.age_days, e.run_id, e.row_number
FROM integ_in_enrollment e
JOIN link.record_person rp ON rp.source = e.source AND rp.record_id = e.record_id
QUALIFY row_number() OVER (
    PARTITION BY rp.person_id
    ORDER BY {authority} DESC, e.period_end DESC, e.record_id DESC
) = 1
"""


def build_facts(
    con: duckdb.DuckDBPyConnection,
    rules: SurvivorshipRules,
    owners: dict[str, str],
    as_of: object,
) -> None:
    """Create ``integ_prog``, ``integ_growth`` and ``integ_enrol``."""
    con.execute(PROGRAM_SQL.format(programs=", ".join(PROGRAMS)), {"as_of": as_of})
    growth_auth = resolve_authority(rules.attributes["growth"].authority, owners)
    con.execute(
        GROWTH_SQL.format(authority=authority_case("g.source", growth_auth)), {"as_of": as_of}
    )
    school_auth = resolve_authority(rules.attributes["schooling"].authority, owners)
    con.execute(ENROLLMENT_SQL.format(authority=authority_case("e.source", school_auth)))
