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


def _previous(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    exists = con.execute(
        "SELECT count(*) FROM information_schema.tables "
        "WHERE table_schema = 'link' AND table_name = 'record_person'"
    ).fetchall()[0][0]
    if not exists:
        return {}
    return dict(con.execute("SELECT uid, person_id FROM link.record_person").fetchall())


def _next_counter(con: duckdb.DuckDBPyConnection) -> int:
    con.execute("CREATE TABLE IF NOT EXISTS link.id_counter (last BIGINT)")
    rows = con.execute("SELECT max(last) FROM link.id_counter").fetchall()
    return int(rows[0][0] or 0)


def assign_person_ids(
    con: duckdb.DuckDBPyConnection, link_run_id: str
) -> tuple[dict[str, str], IdResult]:
    """Map ``link.clusters`` to persistent person IDs; returns (uid → person_id, counts)."""
    previous = _previous(con)
    clusters: dict[str, list[str]] = defaultdict(list)
    kinds: dict[str, str] = {}
    for uid, key, kind in con.execute(
        "SELECT uid, cluster_key, kinds FROM link.clusters ORDER BY uid"
    ).fetchall():
        clusters[key].append(uid)
        kinds[key] = kind or ""
    votes: list[tuple[int, str, str]] = []  # (count, cluster_key, previous id)
    spread: dict[str, set[str]] = defaultdict(set)
    for key, uids in clusters.items():
        for pid, count in Counter(previous[u] for u in uids if u in previous).items():
            votes.append((count, key, pid))
            spread[pid].add(key)
    votes.sort(key=lambda v: (-v[0], v[2], v[1]))
    owner: dict[str, str] = {}
    taken: set[str] = set()
    for _, key, pid in votes:
        if key not in owner and pid not in taken:
            owner[key] = pid
            taken.add(pid)
    counter = _next_counter(con)
    events: list[tuple[str, str, str | None, str]] = []
    for key in sorted(clusters):
        if key not in owner:
            counter += 1
            owner[key] = f"{ID_PREFIX}{counter:09d}"
            had = {previous[u] for u in clusters[key] if u in previous}
            if had:
                events.append(("split", owner[key], min(had), "pecahan dari orang lama"))
            else:
                events.append(("new", owner[key], None, "rekaman baru"))
    for key, uids in clusters.items():
        olds = {previous[u] for u in uids if u in previous} - {owner[key]}
        for old in sorted(olds):
            if old not in taken:
                reason = f"digabung ({kinds[key] or 'nik'})"
                events.append(("merge", owner[key], old, reason))
    splits = sum(1 for pid, keys in spread.items() if len(keys) > 1)
    _write_events(con, link_run_id, events, counter)
    mapping = {u: owner[key] for key, uids in clusters.items() for u in uids}
    kept = sum(1 for key in clusters if owner[key] in taken)
    return mapping, IdResult(
        persons=len(clusters),
        kept=kept,
        new=len(clusters) - kept,
        merges=sum(1 for e in events if e[0] == "merge"),
        splits=splits,
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
