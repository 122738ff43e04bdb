"""Pairwise evaluation of a clustering against ground truth, computed by counting.

A clustering is a table ``(uid, source, record_id, person_id)`` — ``link.record_person`` by
default. The truth is the synthetic kabupaten's ``truth/records.csv`` (``source,
source_record_id, period, person_id, household_id, corruptions``; one row per record and
period, deduplicated here on ``(source, source_record_id)``, latest period wins).

Nothing enumerates pairs. Records are joined to the truth and grouped into the contingency
cells *predicted cluster × true person × source*; with ``C(n, 2) = n(n-1)/2``:

* true positives   = Σ over cells (predicted, true) of C(n, 2)
* predicted pairs  = Σ over predicted clusters of C(n, 2)
* true pairs       = Σ over true persons of C(n, 2)

Per source pair ``{s1, s2}`` the same sums use per-source counts in each group:
``C(n_s, 2)`` when ``s1 = s2`` and ``n_s1 · n_s2`` otherwise. Precision = TP / predicted
pairs, recall = TP / true pairs, F1 = 2·TP / (predicted + true pairs) (``None`` when a
denominator is zero). Only records present in both the clustering and the truth are
scored; the others are counted and reported, never silently dropped.

Example:
    >>> result = evaluate_clusters(con, Path("rajut-demo/incoming/truth/records.csv"))
    >>> result.overall.f1  # doctest: +SKIP
    0.9972
"""

from __future__ import annotations

import re
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from rajut.errors import RajutError

TRUTH_COLUMNS = ("source", "source_record_id", "period", "person_id")
_TABLE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?")
SAMPLE_SIZE = 5


class LinkageEvalError(RajutError):
    code = "linkage-eval-error"


@dataclass(frozen=True)
class PairScores:
    """Pair counts and the scores derived from them for one slice (overall or a source pair)."""

    true_positives: int
    predicted_pairs: int
    true_pairs: int

    @property
    def precision(self) -> float | None:
        return self.true_positives / self.predicted_pairs if self.predicted_pairs else None

    @property
    def recall(self) -> float | None:
        return self.true_positives / self.true_pairs if self.true_pairs else None

    @property
    def f1(self) -> float | None:
        total = self.predicted_pairs + self.true_pairs
        return 2 * self.true_positives / total if total else None

    def to_dict(self) -> dict[str, Any]:
        return {
            **asdict(self),
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
        }


@dataclass(frozen=True)
class ClusterCounts:
    """Cluster-level counts over the scored records."""

    predicted_persons: int
    true_persons: int
    singletons: int
    largest_cluster: int
    over_merged_clusters: int
    split_persons: int


@dataclass(frozen=True)
class Coverage:
    """How the clustering and the truth overlap (records, deduplicated)."""

    clustered_records: int
    truth_records: int
    scored_records: int
    missing_from_truth: int
    missing_from_clustering: int
    truth_conflicts: int
    missing_from_truth_sample: list[str] = field(default_factory=list)
    missing_from_clustering_sample: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class LinkageEvaluation:
    """Result of :func:`evaluate_clusters`."""

    table: str
    truth_file: str
    overall: PairScores
    source_pairs: dict[tuple[str, str], PairScores]
    clusters: ClusterCounts
    coverage: Coverage

    def to_dict(self) -> dict[str, Any]:
        return {
            "table": self.table,
            "truth_file": self.truth_file,
            "overall": self.overall.to_dict(),
            "source_pairs": [
                {"source_l": a, "source_r": b, **scores.to_dict()}
                for (a, b), scores in sorted(self.source_pairs.items())
            ],
            "clusters": asdict(self.clusters),
            "coverage": asdict(self.coverage),
        }


def evaluate_clusters(
    con: duckdb.DuckDBPyConnection, truth_csv: Path, *, table: str = "link.record_person"
) -> LinkageEvaluation:
    """Score the clustering in ``table`` against ``truth_csv`` (pairwise P/R/F1 + counts).

    Args:
        con: DuckDB connection holding ``table`` (columns ``source``, ``record_id``,
            ``person_id``).
        truth_csv: ground-truth records CSV (``source, source_record_id, period, person_id``).
        table: the clustering to score, ``schema.table``.

    Raises:
        LinkageEvalError: the truth file or the clustering table is missing or malformed.
    """
    _check_table(con, table)
    truth_csv = Path(truth_csv)
    tag = uuid.uuid4().hex[:8]
    truth, joined = f"eval_truth_{tag}", f"eval_joined_{tag}"
    try:
        conflicts = _load_truth(con, truth_csv, truth)
        con.execute(
            f"CREATE TEMP TABLE {joined} AS "
            f"SELECT c.source, c.person_id AS pred, t.person_id AS truth "
            f"FROM {table} c JOIN {truth} t "
            f"ON t.source = c.source AND t.source_record_id = c.record_id"
        ).fetchall()
        return LinkageEvaluation(
            table=table,
            truth_file=str(truth_csv),
            overall=_overall(con, joined),
            source_pairs=_source_pairs(con, joined),
            clusters=_cluster_counts(con, joined),
            coverage=_coverage(con, table, truth, conflicts),
        )
    finally:
        con.execute(f"DROP TABLE IF EXISTS {truth}")
        con.execute(f"DROP TABLE IF EXISTS {joined}")


def _check_table(con: duckdb.DuckDBPyConnection, table: str) -> None:
    if not _TABLE_NAME.fullmatch(table):
        raise ValueError(f"not a table name: {table!r}")
    schema, _, name = table.rpartition(".")
    [(found,)] = con.execute(
        "SELECT count(*) FROM information_schema.tables "
        "WHERE table_name = ? AND (? = '' OR table_schema = ?)",
        [name, schema, schema],
    ).fetchall()
    if not found:
        raise LinkageEvalError(
            f"Tabel pengelompokan {table} belum ada di basis data ruang kerja.",
            "Jalankan `rajut link` dulu, lalu ulangi evaluasi.",
            code="clustering-missing",
        )


def _load_truth(con: duckdb.DuckDBPyConnection, truth_csv: Path, name: str) -> int:
    """Load and deduplicate the truth into temp table ``name``; returns conflicting records."""
    if not truth_csv.is_file():
        raise LinkageEvalError(
            f"Berkas kebenaran dasar {truth_csv} tidak ditemukan.",
            "Berikan berkas truth/records.csv dari `rajut demo` dengan --truth.",
            code="truth-file-missing",
        )
    try:
        cols = con.execute(
            "SELECT * FROM read_csv(?, all_varchar = true, header = true) LIMIT 0", [str(truth_csv)]
        ).description
    except duckdb.Error as exc:
        raise LinkageEvalError(
            f"Berkas kebenaran dasar {truth_csv} tidak bisa dibaca sebagai CSV: {exc}.",
            "Pastikan berkas itu CSV dengan baris judul.",
            code="truth-file-unreadable",
        ) from exc
    missing = [c for c in TRUTH_COLUMNS if c not in {d[0] for d in cols or []}]
    if missing:
        raise LinkageEvalError(
            f"Berkas kebenaran dasar {truth_csv} tidak punya kolom {', '.join(missing)}.",
            "Kolom wajib: " + ", ".join(TRUTH_COLUMNS) + ".",
            code="truth-file-columns",
        )
    con.execute(
        f"CREATE TEMP TABLE {name} AS "
        "SELECT source, source_record_id, arg_max(person_id, period) AS person_id, "
        "count(DISTINCT person_id) AS n_persons "
        "FROM read_csv(?, all_varchar = true, header = true) GROUP BY source, source_record_id",
        [str(truth_csv)],
    ).fetchall()
    [(conflicts,)] = con.execute(f"SELECT count(*) FROM {name} WHERE n_persons > 1").fetchall()
    return int(conflicts)


def _overall(con: duckdb.DuckDBPyConnection, joined: str) -> PairScores:
    def pairs(keys: str) -> int:
        [(n,)] = con.execute(
            f"SELECT coalesce(sum(n * (n - 1) // 2), 0)::BIGINT FROM "
            f"(SELECT count(*)::BIGINT AS n FROM {joined} GROUP BY {keys})"
        ).fetchall()
        return int(n)

    return PairScores(pairs("pred, truth"), pairs("pred"), pairs("truth"))


def _pair_sums_sql(joined: str, keys: str) -> str:
    """Pairs per unordered source pair, counted within groups of ``keys``."""
    return f"""
        WITH g AS (
            SELECT {keys}, source, count(*)::BIGINT AS n FROM {joined} GROUP BY ALL
        )
        SELECT a.source AS sl, b.source AS sr,
               sum(CASE WHEN a.source = b.source THEN a.n * (a.n - 1) // 2
                        ELSE a.n * b.n END)::BIGINT AS pairs
        FROM g a JOIN g b USING ({keys})
        WHERE a.source <= b.source
        GROUP BY ALL
    """


def _source_pairs(con: duckdb.DuckDBPyConnection, joined: str) -> dict[tuple[str, str], PairScores]:
    rows = con.execute(
        f"""
        WITH tp AS ({_pair_sums_sql(joined, "pred, truth")}),
             pp AS ({_pair_sums_sql(joined, "pred")}),
             tr AS ({_pair_sums_sql(joined, "truth")}),
             sources AS (SELECT DISTINCT source FROM {joined})
        SELECT a.source, b.source, coalesce(tp.pairs, 0), coalesce(pp.pairs, 0),
               coalesce(tr.pairs, 0)
        FROM sources a JOIN sources b ON a.source <= b.source
        LEFT JOIN tp ON tp.sl = a.source AND tp.sr = b.source
        LEFT JOIN pp ON pp.sl = a.source AND pp.sr = b.source
        LEFT JOIN tr ON tr.sl = a.source AND tr.sr = b.source
        ORDER BY 1, 2
        """
    ).fetchall()
    return {(sl, sr): PairScores(int(t), int(p), int(r)) for sl, sr, t, p, r in rows}


def _cluster_counts(con: duckdb.DuckDBPyConnection, joined: str) -> ClusterCounts:
    [(predicted, singletons, largest, over_merged)] = con.execute(
        f"SELECT count(*), count(*) FILTER (n = 1), coalesce(max(n), 0), "
        f"count(*) FILTER (persons > 1) FROM "
        f"(SELECT count(*) AS n, count(DISTINCT truth) AS persons FROM {joined} GROUP BY pred)"
    ).fetchall()
    [(true_persons, split)] = con.execute(
        f"SELECT count(*), count(*) FILTER (clusters > 1) FROM "
        f"(SELECT count(DISTINCT pred) AS clusters FROM {joined} GROUP BY truth)"
    ).fetchall()
    return ClusterCounts(
        predicted_persons=int(predicted),
        true_persons=int(true_persons),
        singletons=int(singletons),
        largest_cluster=int(largest),
        over_merged_clusters=int(over_merged),
        split_persons=int(split),
    )


def _coverage(con: duckdb.DuckDBPyConnection, table: str, truth: str, conflicts: int) -> Coverage:
    [(clustered, truth_n)] = con.execute(
        f"SELECT (SELECT count(*) FROM {table}), (SELECT count(*) FROM {truth})"
    ).fetchall()
    on = "t.source = c.source AND t.source_record_id = c.record_id"
    no_truth = (
        f"SELECT c.source || ':' || c.record_id AS uid FROM {table} c ANTI JOIN {truth} t ON {on}"
    )
    no_cluster = (
        f"SELECT t.source || ':' || t.source_record_id AS uid "
        f"FROM {truth} t ANTI JOIN {table} c ON {on}"
    )
    n_no_truth, sample_no_truth = _count_and_sample(con, no_truth)
    n_no_cluster, sample_no_cluster = _count_and_sample(con, no_cluster)
    return Coverage(
        clustered_records=int(clustered),
        truth_records=int(truth_n),
        scored_records=int(clustered) - n_no_truth,
        missing_from_truth=n_no_truth,
        missing_from_clustering=n_no_cluster,
        truth_conflicts=conflicts,
        missing_from_truth_sample=sample_no_truth,
        missing_from_clustering_sample=sample_no_cluster,
    )


def _count_and_sample(con: duckdb.DuckDBPyConnection, query: str) -> tuple[int, list[str]]:
    [(count,)] = con.execute(f"SELECT count(*) FROM ({query})").fetchall()
    sample = con.execute(f"SELECT uid FROM ({query}) ORDER BY uid LIMIT {SAMPLE_SIZE}").fetchall()
    return int(count), [str(r[0]) for r in sample]
