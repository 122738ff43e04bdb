"""The deterministic pass: records sharing a sound NIK are one person — unless they disagree.

``link.records.nik`` is already restricted to NIKs that are structurally sound and agree with
their own row's birth date and sex (a parent's NIK in a child's row fails that test and never
reaches this pass). Within a group of records sharing such a NIK, each record is compared with
the group's **anchor** (preferably the Disdukcapil record, the authority for identity):
it joins the anchor when its name is compatible (same normalised name, one name's tokens
contained in the other's, Jaro-Winkler ≥ 0.88, or the same initials and last name —
"A SAPUTRA" / "AHMAD SAPUTRA", and "M FATIMAH" normalised to "MUHAMMAD FATIMAH" /
"MARIA FATIMAH"; a record without a usable name — a "BY NY" placeholder — is
compatible). An incompatible record (NIK ganda: another person
carrying the same number) stays out and gets a cannot-link with the anchor.

Writes ``link.nik_groups(uid, component, anchor_uid, compatible)`` for every record that
has a NIK; ``component`` is ``nik:<NIK>`` for compatible members, else the record's uid.
"""

from __future__ import annotations

import duckdb

NAME_JW_MIN = 0.88


def _initials(name: str) -> str:
    return f"list_transform(string_split({name}, ' '), lambda t: t[1])"


def _last(name: str) -> str:
    return f"string_split({name}, ' ')[-1]"


DETERMINISTIC_SQL = f"""
CREATE OR REPLACE TABLE link.nik_groups AS
WITH ranked AS (
    SELECT uid, nik, name_norm, source,
           row_number() OVER (
               PARTITION BY nik
               ORDER BY (source = 'dukcapil') DESC, (name_norm IS NULL), period_end DESC, uid
           ) AS r
    FROM link.records
    WHERE nik IS NOT NULL
), anchors AS (
    SELECT nik, uid AS anchor_uid, name_norm AS anchor_name FROM ranked WHERE r = 1
), judged AS (
    SELECT r.uid, r.nik, a.anchor_uid,
           r.uid = a.anchor_uid
           OR r.name_norm IS NULL OR a.anchor_name IS NULL
           OR r.name_norm = a.anchor_name
           OR list_has_all(string_split(r.name_norm, ' '), string_split(a.anchor_name, ' '))
           OR list_has_all(string_split(a.anchor_name, ' '), string_split(r.name_norm, ' '))
           OR jaro_winkler_similarity(r.name_norm, a.anchor_name) >= {NAME_JW_MIN}
           OR ({_initials("r.name_norm")} = {_initials("a.anchor_name")}
               AND {_last("r.name_norm")} = {_last("a.anchor_name")})
           AS compatible
    FROM ranked r JOIN anchors a USING (nik)
)
SELECT uid, CASE WHEN compatible THEN 'nik:' || nik ELSE uid END AS component,
       anchor_uid, compatible
FROM judged
"""


def run_deterministic(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Build ``link.nik_groups``; returns counts for the run summary."""
    con.execute(DETERMINISTIC_SQL)
    [(records, groups, conflicts)] = con.execute(
        "SELECT count(*), count(DISTINCT component) FILTER (compatible), "
        "count(*) FILTER (NOT compatible) FROM link.nik_groups"
    ).fetchall()
    return {"nik_records": records, "nik_groups": groups, "nik_conflicts": conflicts}
