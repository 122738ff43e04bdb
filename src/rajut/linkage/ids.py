"""Persistent person IDs: a person keeps their ID for as long as their records do.

After clustering, each cluster is matched with the person IDs its records had in the
previous run (``link.record_person``):

* each previous ID goes to at most one cluster — the one holding most of its records
  (ties: the cluster with the smallest key), and each cluster keeps at most one ID
  (the one with most records there; ties: the oldest ID);
* a cluster left without an ID gets a new one (``RJ`` + 9 digits, never reused);
* a cluster holding records of several previous IDs is a **merge**; a previous ID whose
  records now sit in several clusters is a **split**. Both are written to
  ``link.id_events`` with their reason, so nobody's ID changes silently.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pyarrow as pa

from rajut.store import table_exists

ID_PREFIX = "RJ"


@dataclass
class IdResult:
    persons: int
    kept: int
    new: int
    merges: int
    splits: int


def _has_previous(con: duckdb.DuckDBPyConnection) -> bool:
    return table_exists(con, "link", "record_person")


def _next_counter(con: duckdb.DuckDBPyConnection) -> int:
    con.execute("CREATE TABLE IF NOT EXISTS link.id_counter (last BIGINT)")
    rows = con.execute("SELECT max(last) FROM link.id_counter").fetchall()
    return int(rows[0][0] or 0)


def _votes(con: duckdb.DuckDBPyConnection) -> None:
    """Temp table ``id_votes(cluster_key, person_id, n, key_ids, id_keys)``.

    One row per cluster holding ``n`` records of a previous id, counted in SQL (one pass over
    the records); ``key_ids`` is how many previous ids the cluster holds, ``id_keys`` in how
    many clusters the previous id's records now sit.
    """
    source = (
        "SELECT c.cluster_key, p.person_id, count(*) AS n "
        "FROM link.clusters c JOIN link.record_person p USING (uid) GROUP BY 1, 2"
        if _has_previous(con)
        else "SELECT NULL::VARCHAR AS cluster_key, NULL::VARCHAR AS person_id, 0::BIGINT AS n "
        "WHERE false"
    )
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE id_votes AS
        SELECT cluster_key::VARCHAR AS cluster_key, person_id::VARCHAR AS person_id, n,
               count(*) OVER (PARTITION BY cluster_key) AS key_ids,
               count(*) OVER (PARTITION BY person_id) AS id_keys
        FROM ({source})
        """
    )


def _hand_out(votes: list[tuple[str, str, int]]) -> dict[str, str]:
    """Greedy: each previous id to at most one cluster, each cluster at most one id.

    ``votes`` are sorted for the greedy: most records first, then the oldest id, then the
    smallest cluster key.
    """
    owner: dict[str, str] = {}
    taken: set[str] = set()
    for key, pid, _ in votes:
        if key not in owner and pid not in taken:
            owner[key] = pid
            taken.add(pid)
    return owner


def _owners(con: duckdb.DuckDBPyConnection) -> None:
    """Temp table ``id_owner(cluster_key, person_id)``: the previous id each cluster keeps.

    A vote whose cluster holds no other id and whose id sits in no other cluster always wins
    the greedy hand-out, so it is taken set-based; only the contested votes go through
    :func:`_hand_out`, in the greedy's order.
    """
    contested = con.execute(
        "SELECT cluster_key, person_id, n FROM id_votes WHERE key_ids > 1 OR id_keys > 1 "
        "ORDER BY n DESC, person_id, cluster_key"
    ).fetchall()
    owner = _hand_out([(str(k), str(p), int(n)) for k, p, n in contested])
    con.register(
        "id_owner_arrow",
        pa.table(
            {
                "cluster_key": pa.array(list(owner), pa.string()),
                "person_id": pa.array(list(owner.values()), pa.string()),
            }
        ),
    )
    try:
        con.execute(
            """
            CREATE OR REPLACE TEMP TABLE id_owner AS
            SELECT cluster_key, person_id FROM id_votes WHERE key_ids = 1 AND id_keys = 1
            UNION ALL
            SELECT cluster_key, person_id FROM id_owner_arrow
            """
        )
    finally:
        con.unregister("id_owner_arrow")


#: Every cluster with its person id: the kept one, else a new one (``RJ`` + 9 digits) handed
#: out in cluster-key order after the counter. ``prev`` is the smallest previous id the
#: cluster held (for split events).
PERSON_KEYS_SQL = f"""
CREATE OR REPLACE TEMP TABLE id_keys AS
WITH k AS (
    -- the key of a cluster is its smallest uid: one row per cluster, no aggregation
    SELECT cluster_key, coalesce(kinds, '') AS kinds FROM link.clusters WHERE uid = cluster_key
), had AS (
    SELECT cluster_key, min(person_id) AS prev FROM id_votes GROUP BY 1
), j AS (
    SELECT k.cluster_key, k.kinds, o.person_id AS kept, had.prev
    FROM k LEFT JOIN id_owner o USING (cluster_key) LEFT JOIN had USING (cluster_key)
)
SELECT cluster_key, kinds, kept, prev, kept AS person_id FROM j WHERE kept IS NOT NULL
UNION ALL
SELECT cluster_key, kinds, kept, prev,
       printf('{ID_PREFIX}%09d', $counter + row_number() OVER (ORDER BY cluster_key))
FROM j WHERE kept IS NULL
"""

#: New/split events in cluster-key order, then merges (previous ids that went to no cluster,
#: per cluster holding their records) by cluster key and id.
EVENTS_SQL = """
INSERT INTO link.id_events
SELECT $run_id, event, person_id, other_person_id, reason, now() FROM (
    SELECT 0 AS phase, cluster_key, NULL::VARCHAR AS sort_id,
           CASE WHEN prev IS NULL THEN 'new' ELSE 'split' END AS event, person_id,
           prev AS other_person_id,
           CASE WHEN prev IS NULL THEN 'rekaman baru' ELSE 'pecahan dari orang lama' END
               AS reason
    FROM id_keys WHERE kept IS NULL
    UNION ALL
    SELECT 1, k.cluster_key, v.person_id, 'merge', k.person_id, v.person_id,
           'digabung (' || CASE WHEN k.kinds = '' THEN 'nik' ELSE k.kinds END || ')'
    FROM id_votes v JOIN id_keys k USING (cluster_key)
    WHERE NOT EXISTS (SELECT 1 FROM id_owner o WHERE o.person_id = v.person_id)
)
ORDER BY phase, cluster_key, sort_id
"""


def assign_person_ids(
    con: duckdb.DuckDBPyConnection, link_run_id: str, *, with_mapping: bool = True
) -> tuple[dict[str, str], IdResult]:
    """Map ``link.clusters`` to persistent person IDs; returns (uid → person_id, counts).

    Also writes the mapping to the temporary table ``link_person_map(uid, person_id)``.
    With ``with_mapping=False`` the returned dict is empty (the table is all callers need).
    """
    counter = _next_counter(con)
    _votes(con)
    _owners(con)
    con.execute(PERSON_KEYS_SQL, {"counter": counter})
    [(persons, kept, merged_away)] = con.execute(
        "SELECT count(*), count(kept), "
        "(SELECT count(*) FROM id_votes v "
        "WHERE NOT EXISTS (SELECT 1 FROM id_owner o WHERE o.person_id = v.person_id))"
        " FROM id_keys"
    ).fetchall()
    [(splits,)] = con.execute(
        "SELECT count(DISTINCT person_id) FROM id_votes WHERE id_keys > 1"
    ).fetchall()
    con.execute(
        "CREATE TABLE IF NOT EXISTS link.id_events (link_run_id VARCHAR, event VARCHAR, "
        "person_id VARCHAR, other_person_id VARCHAR, reason VARCHAR, logged_at TIMESTAMP)"
    )
    con.execute(EVENTS_SQL, {"run_id": link_run_id})
    con.execute("DELETE FROM link.id_counter")
    con.execute("INSERT INTO link.id_counter VALUES (?)", [counter + persons - kept])
    con.execute(
        "CREATE OR REPLACE TEMP TABLE link_person_map AS SELECT c.uid, k.person_id "
        "FROM link.clusters c JOIN id_keys k USING (cluster_key)"
    )
    mapping: dict[str, str] = {}
    if with_mapping:
        rows = con.execute("SELECT uid, person_id FROM link_person_map").fetchall()
        mapping = {str(u): str(p) for u, p in rows}
    return mapping, IdResult(
        persons=int(persons),
        kept=int(kept),
        new=int(persons) - int(kept),
        merges=int(merged_away),
        splits=int(splits),
    )
