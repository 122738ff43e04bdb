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
ORDER BY kind, overlap DESC, key, household_id
"""


@dataclass(frozen=True)
class IdStats:
    """How this run's household IDs were chosen."""

    kept_same_kk: int
    kept_same_members: int
    new: int


def _table_exists(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> bool:
    rows = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_schema = ? AND table_name = ?",
        [schema, table],
    ).fetchall()
    return bool(rows[0][0])


def _load_previous(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(HISTORY_DDL)
    if _table_exists(con, "link", "person_household"):
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


def assign_household_ids(con: duckdb.DuckDBPyConnection) -> IdStats:
    """Give every key of ``hh_assign`` a household ID; writes temp table ``hh_key_id``.

    Reads the previous run's ``link.person_household`` and ``link.household_ids``; call it
    before those tables are replaced. ``hh_key_id`` has ``key, household_id, reason``.
    """
    _load_previous(con)
    candidates = [
        (str(k), str(h), int(kind), int(ov))
        for k, h, kind, ov in con.execute(CANDIDATES_SQL).fetchall()
    ]
    owner, reason = _match(candidates)
    keys = [
        str(r[0]) for r in con.execute("SELECT DISTINCT key FROM hh_assign ORDER BY key").fetchall()
    ]
    counter = _next_counter(con)
    for key in keys:
        if key not in owner:
            owner[key] = f"{ID_PREFIX}{counter:09d}"
            reason[key] = "baru"
            counter += 1
    table = pa.table(
        {"key": keys, "household_id": [owner[k] for k in keys], "reason": [reason[k] for k in keys]}
    )
    con.register("hh_key_id_arrow", table)
    con.execute("CREATE OR REPLACE TEMP TABLE hh_key_id AS SELECT * FROM hh_key_id_arrow")
    con.unregister("hh_key_id_arrow")
    kept = list(reason.values())
    return IdStats(
        kept_same_kk=kept.count("kk_sama"),
        kept_same_members=kept.count("anggota_sama"),
        new=kept.count("baru"),
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
