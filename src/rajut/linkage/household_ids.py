"""Household IDs that stay the same across runs.

A household of this run takes the ID of an earlier household when

1. **same No. KK**: the earlier household was ever known under the KK this one is keyed on
   (``link.household_ids`` keeps every (ID, KK) pair ever used), or
2. **same members**: more than half of the earlier household's members are in this one
   (a family that moved and got a new KK keeps its ID; a couple that splits off to a new KK
   after marriage gets a new ID, the family they left keeps the old one).

Each earlier ID goes to at most one household; KK matches are served first, then member
matches by overlap. Households left over get new IDs ``RT`` + 9 digits, numbered after the
highest ID ever issued, in the order of their key (so the same data gives the same IDs).
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pyarrow as pa

from rajut.store.analytics import table_exists

ID_PREFIX = "RT"

HISTORY_DDL = """
CREATE TABLE IF NOT EXISTS link.household_ids (
    household_id VARCHAR NOT NULL,
    kk_number VARCHAR,
    first_seen TIMESTAMP NOT NULL,
    last_seen TIMESTAMP NOT NULL,
    reason VARCHAR NOT NULL,
    active BOOLEAN NOT NULL
)
"""

CANDIDATES_SQL = """
WITH keys AS (
    SELECT key, any_value(kk_number) FILTER (key LIKE 'kk:%') AS kk FROM hh_assign GROUP BY key
), by_kk AS (
    SELECT DISTINCT k.key, h.household_id, 0 AS kind, 0 AS overlap
    FROM keys k JOIN link.household_ids h ON h.kk_number = k.kk
), prev_size AS (
    SELECT household_id, count(*) AS size FROM prev_members GROUP BY household_id
), by_members AS (
    SELECT a.key, p.household_id, 1 AS kind, count(*) AS overlap
    FROM hh_assign a JOIN prev_members p USING (person_id) JOIN prev_size s USING (household_id)
    GROUP BY a.key, p.household_id, s.size
    HAVING 2 * count(*) > s.size
)
SELECT key, household_id, kind, overlap FROM by_kk
UNION ALL
SELECT key, household_id, kind, overlap FROM by_members
"""


@dataclass(frozen=True)
class IdStats:
    """How this run's household IDs were chosen."""

    kept_same_kk: int
    kept_same_members: int
    new: int


def _load_previous(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(HISTORY_DDL)
    if table_exists(con, "link", "person_household"):
        con.execute(
            "CREATE OR REPLACE TEMP TABLE prev_members AS "
            "SELECT person_id, household_id FROM link.person_household"
        )
    else:
        con.execute(
            "CREATE OR REPLACE TEMP TABLE prev_members (person_id VARCHAR, household_id VARCHAR)"
        )


def _next_counter(con: duckdb.DuckDBPyConnection) -> int:
    rows = con.execute(
        "SELECT max(TRY_CAST(substr(household_id, 3) AS BIGINT)) FROM link.household_ids "
        "WHERE household_id LIKE 'RT%'"
    ).fetchall()
    return int(rows[0][0] or 0) + 1


def _match(candidates: list[tuple[str, str, int, int]]) -> tuple[dict[str, str], dict[str, str]]:
    """Greedy one-to-one matching of this run's keys to earlier IDs (candidates pre-sorted)."""
    owner: dict[str, str] = {}
    reason: dict[str, str] = {}
    taken: set[str] = set()
    for key, old_id, kind, _overlap in candidates:
        if key in owner or old_id in taken:
            continue
        owner[key] = old_id
        reason[key] = "kk_sama" if kind == 0 else "anggota_sama"
        taken.add(old_id)
    return owner, reason


#: Candidates with how often their key and their earlier ID occur among the candidates.
CANDIDATES_TABLE_SQL = f"""
CREATE OR REPLACE TEMP TABLE hh_cand AS
SELECT key, household_id, kind, overlap,
       count(*) OVER (PARTITION BY key) AS key_n,
       count(*) OVER (PARTITION BY household_id) AS id_n
FROM ({CANDIDATES_SQL})
"""

#: Every key with its ID: the earlier one it keeps, else a new one numbered in key order.
KEY_ID_SQL = f"""
CREATE OR REPLACE TEMP TABLE hh_key_id AS
WITH k AS (
    SELECT k.key, o.household_id, o.reason
    FROM (SELECT DISTINCT key FROM hh_assign) k LEFT JOIN hh_owner o USING (key)
)
SELECT key, household_id, reason FROM (
    SELECT key, household_id, reason FROM k WHERE household_id IS NOT NULL
    UNION ALL
    SELECT key, printf('{ID_PREFIX}%09d', $counter - 1 + row_number() OVER (ORDER BY key)),
           'baru'
    FROM k WHERE household_id IS NULL
)
ORDER BY key
"""


def assign_household_ids(con: duckdb.DuckDBPyConnection) -> IdStats:
    """Give every key of ``hh_assign`` a household ID; writes temp table ``hh_key_id``.

    Reads the previous run's ``link.person_household`` and ``link.household_ids``; call it
    before those tables are replaced. ``hh_key_id`` has ``key, household_id, reason``.

    A candidate whose key and earlier ID occur in no other candidate always wins the greedy
    matching, so it is taken set-based; only the contested candidates go through
    :func:`_match`, in its order.
    """
    _load_previous(con)
    con.execute(CANDIDATES_TABLE_SQL)
    contested = [
        (str(k), str(h), int(kind), int(ov))
        for k, h, kind, ov in con.execute(
            "SELECT key, household_id, kind, overlap FROM hh_cand WHERE key_n > 1 OR id_n > 1 "
            "ORDER BY kind, overlap DESC, key, household_id"
        ).fetchall()
    ]
    owner, reason = _match(contested)
    con.register(
        "hh_owner_arrow",
        pa.table(
            {
                "key": pa.array(list(owner), pa.string()),
                "household_id": pa.array(list(owner.values()), pa.string()),
                "reason": pa.array([reason[k] for k in owner], pa.string()),
            }
        ),
    )
    try:
        con.execute(
            """
            CREATE OR REPLACE TEMP TABLE hh_owner AS
            SELECT key, household_id,
                   CASE WHEN kind = 0 THEN 'kk_sama' ELSE 'anggota_sama' END AS reason
            FROM hh_cand WHERE key_n = 1 AND id_n = 1
            UNION ALL
            SELECT key, household_id, reason FROM hh_owner_arrow
            """
        )
    finally:
        con.unregister("hh_owner_arrow")
    con.execute(KEY_ID_SQL, {"counter": _next_counter(con)})
    counts = dict(con.execute("SELECT reason, count(*) FROM hh_key_id GROUP BY 1").fetchall())
    return IdStats(
        kept_same_kk=int(counts.get("kk_sama", 0)),
        kept_same_members=int(counts.get("anggota_sama", 0)),
        new=int(counts.get("baru", 0)),
    )


def update_history(con: duckdb.DuckDBPyConnection) -> None:
    """Record this run's (ID, KK) pairs in ``link.household_ids``; mark others inactive.

    Expects temp table ``hh_households(household_id, kk_number, reason)``.
    """
    con.execute("UPDATE link.household_ids SET active = FALSE")
    con.execute(
        """
        UPDATE link.household_ids h SET last_seen = now(), active = TRUE
        FROM hh_households n
        WHERE n.household_id = h.household_id
          AND n.kk_number IS NOT DISTINCT FROM h.kk_number
        """
    )
    con.execute(
        """
        INSERT INTO link.household_ids
        SELECT n.household_id, n.kk_number, now(), now(), n.reason, TRUE
        FROM hh_households n
        WHERE NOT EXISTS (
            SELECT 1 FROM link.household_ids h
            WHERE h.household_id = n.household_id
              AND h.kk_number IS NOT DISTINCT FROM n.kk_number
        )
        """
    )
