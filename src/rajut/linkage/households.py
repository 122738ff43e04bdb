"""Households: one household entity per family, linked across agencies.

``build_households(con)`` runs after persons are clustered (``link.record_person``) and
writes, in one transaction:

``link.person_household``  ``person_id, household_id, kk_number, role, source_of_evidence``
``link.record_household``  ``uid, household_id`` — each record gets its person's household
``link.households``        ``household_id, kk_number, desa_code, n_persons, head_person_id,
                           evidence``
``link.household_ids``     history of every (household ID, No. KK) pair (see
                           :mod:`rajut.linkage.household_ids`)

Rules (documented for users in ``docs/households.md``, "Rumah tangga"):

1. A person's household is the **No. KK they are on now**: the KK of their latest Disdukcapil
   record, else of their latest record in any source (see
   :mod:`rajut.linkage.household_evidence`).
2. A person without a KK joins through the source's own household id (ID_DTKS): the KK shared
   by most of that group's members with a KK.
3. Else through their **mother**: the person whose NIK is the mother's NIK on the child's
   record (e-PPGBM ``NIK_ORTU``, Dapodik ``nik_ibu``), else the only woman of the mother's
   name, at least 12 years older, in the child's desa. The child joins her household.
4. Else a one-person household.

Household IDs stay stable across runs (same KK or most members unchanged).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import duckdb

from rajut.linkage.household_evidence import assign_household_keys, load_linked_records
from rajut.linkage.household_ids import IdStats, assign_household_ids, update_history

#: Each person's role (SHDK), desa and birth date: Disdukcapil first, then the latest record
#: (ties: the record with the largest uid, so role and its source come from one record).
PERSON_ATTRS_SQL = """
CREATE OR REPLACE TEMP TABLE hh_person AS
SELECT person_id, r.role AS role, r.source AS role_source, desa_code, birth_date FROM (
    SELECT person_id,
           arg_max({'role': role, 'source': source},
                   (role IS NOT NULL, source = 'dukcapil', period_end, uid)) AS r,
           arg_max(desa_code, (desa_code IS NOT NULL, source = 'dukcapil', period_end, uid))
               AS desa_code,
           arg_max(birth_date, (birth_date IS NOT NULL, source = 'dukcapil', period_end, uid))
               AS birth_date
    FROM hh_rec GROUP BY person_id
)
"""

HOUSEHOLDS_SQL = """
CREATE OR REPLACE TEMP TABLE hh_households AS
WITH m AS (
    SELECT a.person_id, a.key, a.kk_number, a.evidence, k.household_id, k.reason,
           p.role, p.role_source, p.desa_code, p.birth_date,
           row_number() OVER (
               PARTITION BY k.household_id
               ORDER BY (p.role = 'kepala_keluarga') DESC NULLS LAST,
                        (p.role_source = 'dukcapil') DESC NULLS LAST,
                        p.birth_date ASC NULLS LAST, a.person_id
           ) AS head_rank
    FROM hh_assign a JOIN hh_key_id k USING (key) LEFT JOIN hh_person p USING (person_id)
)
SELECT household_id,
       any_value(kk_number) FILTER (key LIKE 'kk:%') AS kk_number,
       coalesce(any_value(desa_code) FILTER (head_rank = 1), mode(desa_code)) AS desa_code,
       count(*) AS n_persons,
       any_value(person_id) FILTER (head_rank = 1) AS head_person_id,
       string_agg(DISTINCT split_part(evidence, ':', 1), ',' ORDER BY split_part(evidence, ':', 1))
           AS evidence,
       any_value(reason) AS reason
FROM m GROUP BY household_id
"""

PUBLISH_SQL = """
CREATE OR REPLACE TABLE link.person_household AS
SELECT a.person_id, k.household_id, a.kk_number, p.role, a.evidence AS source_of_evidence
FROM hh_assign a JOIN hh_key_id k USING (key) LEFT JOIN hh_person p USING (person_id);

CREATE OR REPLACE TABLE link.record_household AS
SELECT r.uid, ph.household_id
FROM hh_rec r JOIN link.person_household ph USING (person_id);

CREATE OR REPLACE TABLE link.households AS
SELECT household_id, kk_number, desa_code, n_persons, head_person_id, evidence
FROM hh_households ORDER BY household_id;
"""


@dataclass(frozen=True)
class HouseholdSummary:
    """What :func:`build_households` did.

    ``persons_by_evidence`` counts persons per rule (``kk``, ``household_ref``,
    ``mother_nik``, ``mother_name``, ``none``).
    """

    households: int
    persons: int
    records: int
    singletons: int
    ids: IdStats
    persons_by_evidence: dict[str, int] = field(default_factory=dict)


def _publish(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(PUBLISH_SQL)
        update_history(con)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def _summary(con: duckdb.DuckDBPyConnection, records: int, ids: IdStats) -> HouseholdSummary:
    [(n_hh, n_single)] = con.execute(
        "SELECT count(*), count(*) FILTER (n_persons = 1) FROM link.households"
    ).fetchall()
    by_ev = con.execute(
        "SELECT split_part(source_of_evidence, ':', 1), count(*) FROM link.person_household "
        "GROUP BY 1 ORDER BY 1"
    ).fetchall()
    evidence = {str(k): int(v) for k, v in by_ev}
    return HouseholdSummary(
        households=int(n_hh),
        persons=sum(evidence.values()),
        records=records,
        singletons=int(n_single),
        ids=ids,
        persons_by_evidence=evidence,
    )


def build_households(
    con: duckdb.DuckDBPyConnection, *, as_of: date | None = None
) -> HouseholdSummary:
    """Build household entities from ``link.records`` and ``link.record_person``.

    Args:
        con: the workspace store connection (schema ``link`` with ``records`` and
            ``record_person``; ``std.person``/``std.household`` supply SHDK roles if present).
        as_of: only records whose period ends on or before this date count (and get a
            household); ``None`` uses every record.

    Examples:
        >>> summary = build_households(store.con)  # doctest: +SKIP
        >>> summary.households, summary.ids.new  # doctest: +SKIP
        (1589, 1589)
    """
    con.execute("CREATE SCHEMA IF NOT EXISTS link")
    records = load_linked_records(con, as_of)
    assign_household_keys(con)
    con.execute(PERSON_ATTRS_SQL)
    ids = assign_household_ids(con)
    con.execute(HOUSEHOLDS_SQL)
    _publish(con)
    return _summary(con, records, ids)
