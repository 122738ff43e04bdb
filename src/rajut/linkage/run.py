"""``run_linkage``: the whole linkage of a workspace, in the order the data flows.

records → deterministic NIK pass → Splink (train, predict) → review decisions →
constrained clustering → persistent person IDs → households → review queue.

Scratch tables are rebuilt each run; the published tables (``link.record_person``,
``link.persons``, ``link.runs``, events) are replaced in one transaction at the end.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Any

import duckdb

from rajut.errors import RajutError
from rajut.linkage.clusters import cluster_records
from rajut.linkage.deterministic import run_deterministic
from rajut.linkage.ids import assign_person_ids
from rajut.linkage.records import build_link_records
from rajut.store import open_store
from rajut.workspace import Workspace

Step = Callable[[str], None]


class LinkageError(RajutError):
    code = "linkage-failed"


def _store_model(con: duckdb.DuckDBPyConnection, model_json: str) -> str:
    con.execute(
        "CREATE TABLE IF NOT EXISTS link.models "
        "(model_id VARCHAR, created_at TIMESTAMP, model_json VARCHAR)"
    )
    model_id = uuid.uuid4().hex[:12]
    con.execute("INSERT INTO link.models VALUES (?, now(), ?)", [model_id, model_json])
    return model_id


def _spark_session(ws: Workspace) -> Any:
    from rajut.linkage.probabilistic.spark import local_spark

    return local_spark(ws.settings.linkage.spark_master)


def _publish(con: duckdb.DuckDBPyConnection) -> None:
    """Write ``link.record_person`` from ``link_person_map`` (made by ``assign_person_ids``)."""
    con.execute(
        """
        CREATE OR REPLACE TABLE link.record_person AS
        WITH same AS (
            SELECT p.uid_l, p.uid_r, p.match_probability AS p
            FROM link.pairs p JOIN link_person_map a ON a.uid = p.uid_l
            JOIN link_person_map b ON b.uid = p.uid_r
            WHERE a.person_id = b.person_id
        ),
        grouped AS (
            SELECT g.uid, 1.0 AS p FROM link.nik_groups g
            WHERE g.compatible AND g.component IN (
                SELECT component FROM link.nik_groups WHERE compatible
                GROUP BY component HAVING count(*) > 1)
        ),
        best AS (
            SELECT uid, max(p) AS match_probability FROM (
                SELECT uid_l AS uid, p FROM same UNION ALL SELECT uid_r, p FROM same
                UNION ALL SELECT uid, p FROM grouped
            ) GROUP BY uid
        )
        SELECT r.uid, r.source, r.record_id, pm.person_id, b.match_probability
        FROM link.records r JOIN link_person_map pm USING (uid) LEFT JOIN best b USING (uid)
        """
    )
    con.execute(
        """
        CREATE OR REPLACE TABLE link.persons AS
        WITH s AS (
            SELECT person_id, source, count(*) AS n, min(uid) AS first_uid
            FROM link.record_person GROUP BY person_id, source
        )
        SELECT person_id, sum(n)::BIGINT AS n_records, list(source ORDER BY source) AS sources,
               min(first_uid) AS first_uid
        FROM s GROUP BY person_id
        """
    )


def run_linkage(
    ws: Workspace,
    *,
    backend: str | None = None,
    on_step: Step | None = None,
) -> dict[str, Any]:
    """Link every ingested record of the workspace; returns the run summary."""
    from rajut.linkage.households import build_households
    from rajut.linkage.probabilistic import predict_pairs, train_model
    from rajut.linkage.review import ensure_review_tables, load_decisions, refresh_queue

    step = on_step or (lambda _s: None)
    settings = ws.settings.linkage
    backend = backend or settings.backend
    link_run_id = uuid.uuid4().hex[:12]
    started = datetime.now()
    timings: dict[str, float] = {}

    def timed(name: str, label: str) -> Callable[[], None]:
        step(label)
        t0 = time.perf_counter()
        return lambda: timings.__setitem__(name, round(time.perf_counter() - t0, 2))

    with open_store(ws.analytics_db) as store:
        con = store.con
        if not store.table_exists("std", "person"):
            raise LinkageError(
                "Belum ada data orang yang dimasukkan, jadi belum ada yang bisa ditautkan.",
                "Masukkan berkas sumber dulu dengan `rajut ingest NAMA BERKAS`.",
                code="linkage-no-data",
            )
        done = timed("records", "Menyiapkan rekaman")
        n_records = build_link_records(con)
        done()
        done = timed("deterministic", "Menautkan berdasarkan NIK")
        det = run_deterministic(con)
        done()
        ensure_review_tables(con)
        decisions = load_decisions(con)
        labels = [(d.uid_l, d.uid_r, d.same) for d in decisions]
        spark = _spark_session(ws) if backend == "spark" else None
        done = timed("train", "Melatih model (EM, tanpa label)")
        model = train_model(con, labels=labels, backend="duckdb")
        model_id = _store_model(con, model.to_json())
        done()
        done = timed("predict", "Menilai pasangan kandidat")
        n_pairs = predict_pairs(con, model, backend=backend, spark=spark)  # type: ignore[arg-type]
        done()
        done = timed("cluster", "Mengelompokkan rekaman per orang")
        clusters = cluster_records(
            con,
            threshold=settings.match_threshold,
            must_link=[(d.uid_l, d.uid_r) for d in decisions if d.same],
            cannot_link=[(d.uid_l, d.uid_r) for d in decisions if not d.same],
        )
        done()
        done = timed("ids", "Menetapkan ID orang yang tetap")
        con.execute("BEGIN TRANSACTION")
        try:
            _, ids = assign_person_ids(con, link_run_id, with_mapping=False)
            _publish(con)
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        done()
        done = timed("households", "Membentuk rumah tangga")
        households = build_households(con)
        done()
        queued = refresh_queue(con, low=settings.review_low, high=settings.review_high)
        summary: dict[str, Any] = {
            "ok": True,
            "link_run_id": link_run_id,
            "backend": backend,
            "model_id": model_id,
            "records": n_records,
            "persons": ids.persons,
            "households": households.households,
            "pairs_scored": n_pairs,
            **det,
            "model_edges": clusters.model_edges,
            "refused_merges": clusters.refused_merges,
            "review_decisions": len(decisions),
            "review_queue": queued,
            "ids_kept": ids.kept,
            "ids_new": ids.new,
            "id_merges": ids.merges,
            "id_splits": ids.splits,
            "seconds": timings,
        }
        _record_run(con, summary, started)
    return summary


def _record_run(con: duckdb.DuckDBPyConnection, summary: dict[str, Any], started: datetime) -> None:
    con.execute(
        "CREATE TABLE IF NOT EXISTS link.runs (link_run_id VARCHAR, started_at TIMESTAMP, "
        "finished_at TIMESTAMP, backend VARCHAR, records BIGINT, persons BIGINT, summary JSON)"
    )
    import json

    con.execute(
        "INSERT INTO link.runs VALUES (?, ?, now(), ?, ?, ?, ?)",
        [
            summary["link_run_id"],
            started,
            summary["backend"],
            summary["records"],
            summary["persons"],
            json.dumps(summary, default=str),
        ],
    )
