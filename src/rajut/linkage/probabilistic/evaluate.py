"""Measure the probabilistic pass against a ground truth (tuning and tests only).

The truth is a table or query with columns ``uid`` and ``person_id``. Pairs are turned
into clusters by connected components above a threshold; quality is pairwise precision,
recall and F1 over record pairs, overall and per source pair.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import duckdb

from rajut.linkage.graph import connected_components
from rajut.linkage.probabilistic.comparisons import BLOCKING_RULES, PREPARE_SQL
from rajut.store import table_exists


@dataclass(frozen=True)
class Quality:
    true_positives: int
    false_positives: int
    false_negatives: int

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        truth = self.true_positives + self.false_negatives
        return self.true_positives / truth if truth else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _pair_counts(con: duckdb.DuckDBPyConnection, cluster_sql: str) -> dict[tuple[str, str], int]:
    rows = con.execute(f"""
        WITH c AS ({cluster_sql}), g AS (
            SELECT cluster, source, count(*) AS n FROM c GROUP BY ALL
        )
        SELECT a.source, b.source,
               sum(CASE WHEN a.source = b.source THEN a.n * (a.n - 1) / 2 ELSE a.n * b.n END)
        FROM g a JOIN g b ON a.cluster = b.cluster AND a.source <= b.source
        GROUP BY ALL
    """).fetchall()
    return {(a, b): int(n) for a, b, n in rows}


def pairwise_quality(
    con: duckdb.DuckDBPyConnection, truth: str, *, threshold: float = 0.9
) -> dict[str, Quality]:
    """Quality of connected components of ``link.pairs`` ≥ threshold vs ``truth``.

    Groups settled by the NIK pass (``link.nik_groups``, when present) count as links too:
    prediction skips pairs inside them.

    Returns:
        ``{"overall": Quality, "dtks~dukcapil": Quality, ...}``.
    """
    uids = [u for (u,) in con.execute("SELECT uid FROM link.records").fetchall()]
    edges = con.execute(
        "SELECT uid_l, uid_r FROM link.pairs WHERE match_probability >= ?", [threshold]
    ).fetchall()
    edges += _settled_edges(con)
    clusters = connected_components(uids, edges)
    con.execute("CREATE OR REPLACE TEMP TABLE rajut_eval_clusters (uid VARCHAR, cluster VARCHAR)")
    con.executemany("INSERT INTO rajut_eval_clusters VALUES (?, ?)", list(clusters.items()))
    src = "split_part(uid, ':', 1)"
    found = _pair_counts(con, f"SELECT uid, cluster, {src} AS source FROM rajut_eval_clusters")
    true = _pair_counts(con, f"SELECT uid, person_id AS cluster, {src} AS source FROM {truth}")
    both = _pair_counts(
        con,
        f"""
        SELECT c.uid, c.cluster || '|' || t.person_id AS cluster, {src.replace("uid", "c.uid")}
            AS source FROM rajut_eval_clusters c JOIN {truth} t USING (uid)""",
    )
    out: dict[str, Quality] = {}
    total: Counter[str] = Counter()
    for key in sorted(set(found) | set(true)):
        tp = both.get(key, 0)
        q = Quality(tp, found.get(key, 0) - tp, true.get(key, 0) - tp)
        out[f"{key[0]}~{key[1]}"] = q
        total.update({"tp": q.true_positives, "fp": q.false_positives, "fn": q.false_negatives})
    out["overall"] = Quality(total["tp"], total["fp"], total["fn"])
    return out


def _settled_edges(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str]]:
    """Links the NIK pass settled (``link.nik_groups``); prediction does not re-score them."""
    if not table_exists(con, "link", "nik_groups"):
        return []
    rows = con.execute(
        "SELECT uid, anchor_uid FROM link.nik_groups WHERE compatible AND uid <> anchor_uid"
    ).fetchall()
    return [(str(a), str(b)) for a, b in rows]


def blocking_recall(con: duckdb.DuckDBPyConnection, truth: str) -> dict[str, tuple[int, float]]:
    """Per blocking rule and for all rules OR-ed: (candidate pairs, recall of true pairs)."""
    con.execute(f"CREATE OR REPLACE TEMP TABLE rajut_prep AS {PREPARE_SQL}")
    con.execute(f"""CREATE OR REPLACE TEMP TABLE rajut_true_pairs AS
        SELECT a.uid AS uid_l, b.uid AS uid_r FROM {truth} a JOIN {truth} b
        ON a.person_id = b.person_id AND a.uid < b.uid""")
    [(n_true,)] = con.execute("SELECT count(*) FROM rajut_true_pairs").fetchall()
    out: dict[str, tuple[int, float]] = {}
    selects = []
    for rule in BLOCKING_RULES:
        sql = (f"SELECT l.uid AS uid_l, r.uid AS uid_r FROM rajut_prep l JOIN rajut_prep r"
               f" ON {rule.sql} AND l.uid < r.uid")  # fmt: skip
        selects.append(sql)
        out[rule.name] = _recall(con, sql, n_true)
    out["all"] = _recall(con, " UNION ".join(selects), n_true)
    return out


def _recall(con: duckdb.DuckDBPyConnection, sql: str, n_true: int) -> tuple[int, float]:
    [(n, hit)] = con.execute(f"""WITH b AS ({sql}) SELECT count(*), count(t.uid_l)
        FROM b LEFT JOIN rajut_true_pairs t USING (uid_l, uid_r)""").fetchall()
    return int(n), (hit / n_true if n_true else 1.0)
