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

from collections import Counter, defaultdict
from dataclasses import dataclass

import duckdb
import pyarrow as pa

ID_PREFIX = "RJ"


@dataclass
class IdResult:
    persons: int
    kept: int
    new: int
    merges: int
    splits: int


def _has_previous(con: duckdb.DuckDBPyConnection) -> bool:
    rows = con.execute(
        "SELECT count(*) FROM information_schema.tables "
        "WHERE table_schema = 'link' AND table_name = 'record_person'"
    ).fetchall()
    return bool(rows[0][0])


def _next_counter(con: duckdb.DuckDBPyConnection) -> int:
    con.execute("CREATE TABLE IF NOT EXISTS link.id_counter (last BIGINT)")
    rows = con.execute("SELECT max(last) FROM link.id_counter").fetchall()
    return int(rows[0][0] or 0)


def _votes(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str, int]]:
    """(cluster_key, previous id, records) for every cluster holding records of that id.

    Counted in SQL (one pass over the records), sorted for the greedy hand-out: most
    records first, then the oldest id, then the smallest cluster key.
    """
    if not _has_previous(con):
        return []
    rows = con.execute(
        """
        SELECT c.cluster_key, p.person_id, count(*) AS n
        FROM link.clusters c JOIN link.record_person p USING (uid)
        GROUP BY 1, 2 ORDER BY n DESC, p.person_id, c.cluster_key
        """
    ).fetchall()
    return [(str(k), str(pid), int(n)) for k, pid, n in rows]


def _hand_out(votes: list[tuple[str, str, int]]) -> dict[str, str]:
    """Greedy: each previous id to at most one cluster, each cluster at most one id."""
    owner: dict[str, str] = {}
    taken: set[str] = set()
    for key, pid, _ in votes:
        if key not in owner and pid not in taken:
            owner[key] = pid
            taken.add(pid)
    return owner


def _events(
    keys: list[str],
    kinds: dict[str, str],
    votes: list[tuple[str, str, int]],
    owner: dict[str, str],
    counter: int,
) -> tuple[list[tuple[str, str, str | None, str]], int]:
    """New ids for clusters without one, and the new/split/merge events; returns the counter."""
    had: dict[str, set[str]] = defaultdict(set)
    for key, pid, _ in votes:
        had[key].add(pid)
    taken = set(owner.values())
    events: list[tuple[str, str, str | None, str]] = []
    for key in keys:  # sorted: new ids are handed out in cluster-key order
        if key not in owner:
            counter += 1
            owner[key] = f"{ID_PREFIX}{counter:09d}"
            if had[key]:
                events.append(("split", owner[key], min(had[key]), "pecahan dari orang lama"))
            else:
                events.append(("new", owner[key], None, "rekaman baru"))
    for key in keys:
        for old in sorted(had[key] - {owner[key]} - taken):
            events.append(("merge", owner[key], old, f"digabung ({kinds[key] or 'nik'})"))
    return events, counter


def assign_person_ids(
    con: duckdb.DuckDBPyConnection, link_run_id: str
) -> tuple[dict[str, str], IdResult]:
    """Map ``link.clusters`` to persistent person IDs; returns (uid → person_id, counts).

    Also writes the mapping to the temporary table ``link_person_map(uid, person_id)``.
    """
    votes = _votes(con)
    kind_rows = con.execute(
        "SELECT cluster_key, any_value(kinds) FROM link.clusters GROUP BY 1 ORDER BY 1"
    ).fetchall()
    keys = [str(k) for k, _ in kind_rows]
    kinds = {str(k): str(v or "") for k, v in kind_rows}
    owner = _hand_out(votes)
    kept = len(owner)
    spread = Counter(pid for _, pid, _ in votes)
    events, counter = _events(keys, kinds, votes, owner, _next_counter(con))
    _write_events(con, link_run_id, events, counter)
    con.register(
        "owner_arrow", pa.table({"cluster_key": list(owner), "person_id": list(owner.values())})
    )
    con.execute(
        "CREATE OR REPLACE TEMP TABLE link_person_map AS SELECT c.uid, o.person_id "
        "FROM link.clusters c JOIN owner_arrow o USING (cluster_key)"
    )
    con.unregister("owner_arrow")
    rows = con.execute("SELECT uid, person_id FROM link_person_map").fetchall()
    mapping = {str(u): str(p) for u, p in rows}
    return mapping, IdResult(
        persons=len(keys),
        kept=kept,
        new=len(keys) - kept,
        merges=sum(1 for e in events if e[0] == "merge"),
        splits=sum(1 for n in spread.values() if n > 1),
    )


def _write_events(
    con: duckdb.DuckDBPyConnection,
    link_run_id: str,
    events: list[tuple[str, str, str | None, str]],
    counter: int,
) -> None:
    con.execute(
        "CREATE TABLE IF NOT EXISTS link.id_events (link_run_id VARCHAR, event VARCHAR, "
        "person_id VARCHAR, other_person_id VARCHAR, reason VARCHAR, logged_at TIMESTAMP)"
    )
    if events:
        table = pa.table(
            {
                "link_run_id": [link_run_id] * len(events),
                "event": [e[0] for e in events],
                "person_id": [e[1] for e in events],
                "other_person_id": [e[2] for e in events],
                "reason": [e[3] for e in events],
            }
        )
        con.register("id_events_arrow", table)
        con.execute("INSERT INTO link.id_events SELECT *, now() FROM id_events_arrow")
        con.unregister("id_events_arrow")
    con.execute("DELETE FROM link.id_counter")
    con.execute("INSERT INTO link.id_counter VALUES (?)", [counter])
