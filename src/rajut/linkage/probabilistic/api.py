"""The probabilistic pass as the lead's orchestration calls it (no Splink here)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, Literal

import duckdb
import pyarrow as pa

from rajut.errors import RajutError
from rajut.linkage.probabilistic import splink_adapter
from rajut.linkage.probabilistic.comparisons import COMPARISONS, PREPARE_SQL
from rajut.linkage.probabilistic.model import (
    ComparisonExplanation,
    LinkageModel,
    PairExplanation,
    spec_fingerprint,
)
from rajut.store import table_exists

Backend = Literal["duckdb", "spark"]

PAIRS_DDL = """
CREATE OR REPLACE TABLE link.pairs (
    uid_l VARCHAR, uid_r VARCHAR, match_weight DOUBLE, match_probability DOUBLE
)
"""


class LinkageInputError(RajutError):
    code = "linkage-input-error"


def prepared_records(con: duckdb.DuckDBPyConnection, uids: Sequence[str] | None = None) -> pa.Table:
    """``link.records`` with the derived comparison columns, as Arrow (optionally some uids)."""
    sql = PREPARE_SQL
    params: list[Any] = []
    if uids is not None:
        sql = f"SELECT * FROM ({PREPARE_SQL}) WHERE list_contains(?, uid)"
        params = [list(uids)]
    try:
        return con.sql(sql, params=params).to_arrow_table()
    except duckdb.CatalogException as exc:
        raise LinkageInputError(
            "Tabel link.records belum ada di basis data ruang kerja.",
            "Jalankan `rajut link` (membangun link.records) setelah `rajut ingest`.",
        ) from exc


def _records_for_prediction(con: duckdb.DuckDBPyConnection) -> pa.Table:
    """Prepared records plus ``settled_group``: the NIK pass's group, when it settled one.

    Pairs inside one such group are already one person (``link.nik_groups``, compatible
    members), so scoring them again would only cost time.
    """
    if not table_exists(con, "link", "nik_groups"):
        return prepared_records(con)
    sql = f"""
        SELECT p.*, coalesce(CASE WHEN g.compatible THEN g.component END, p.uid) AS settled_group
        FROM ({PREPARE_SQL}) p LEFT JOIN link.nik_groups g USING (uid)
    """
    try:
        return con.sql(sql).to_arrow_table()
    except duckdb.CatalogException:
        return prepared_records(con)  # raises the user error when link.records is missing


def train_model(
    con: duckdb.DuckDBPyConnection,
    *,
    labels: Sequence[tuple[str, str, bool]] = (),
    backend: Backend = "duckdb",
    spark: Any = None,
    seed: int = 42,
) -> LinkageModel:
    """Train the model on ``link.records``: λ, u by random sampling, m by EM; labels if any.

    Training always runs on DuckDB (``backend``/``spark`` are accepted for symmetry):
    the parameters are backend-neutral data, so Spark predicts with exactly this model.
    Labels ``(uid_l, uid_r, same)`` with ``same=True`` add one more m-estimation
    (Splink's ``estimate_m_from_pairwise_labels``) that is averaged with the EM sessions;
    ``same=False`` labels are not used for parameters (the clustering enforces them).

    Examples:
        >>> model = train_model(con)                        # doctest: +SKIP
        >>> model = train_model(con, labels=[("a:1", "b:2", True)])  # doctest: +SKIP
    """
    del backend, spark
    records = prepared_records(con)
    if records.num_rows < 2:
        raise LinkageInputError(
            "link.records berisi kurang dari dua rekaman; tidak ada yang bisa dilatih.",
            "Masukkan data sumber terlebih dahulu dengan `rajut ingest`.",
        )
    positives = [(min(a, b), max(a, b)) for a, b, same in labels if same and a != b]
    label_table = None
    if positives:
        label_table = pa.table({
            "uid_l": [p[0] for p in positives], "uid_r": [p[1] for p in positives],
        })  # fmt: skip
    model = splink_adapter.train(records, label_table, seed=seed)
    training = {"records": records.num_rows, "positive_labels": len(positives), "seed": seed}
    return LinkageModel(
        model.probability_two_random_records_match, model.comparisons, training=training
    )


def _check_model(model: LinkageModel) -> None:
    if model.fingerprint != spec_fingerprint():
        raise LinkageInputError(
            "Model linkage tersimpan dibuat untuk definisi perbandingan versi lain.",
            "Latih ulang model (`rajut link --train`).",
        )


def predict_pairs(
    con: duckdb.DuckDBPyConnection,
    model: LinkageModel,
    *,
    threshold_probability: float = 0.01,
    backend: Backend = "duckdb",
    spark: Any = None,
) -> int:
    """Score blocked candidate pairs and (re)write ``link.pairs`` (uid_l < uid_r).

    Returns:
        The number of pairs written (those with probability ≥ ``threshold_probability``).
    """
    _check_model(model)
    if backend == "spark" and spark is None:
        from rajut.linkage.probabilistic.spark import local_spark

        spark = local_spark()
    records = _records_for_prediction(con)
    pairs = splink_adapter.predict(
        records, model, threshold=threshold_probability, backend=backend, spark=spark
    )
    con.execute("CREATE SCHEMA IF NOT EXISTS link")
    con.execute(PAIRS_DDL)
    con.register("rajut_new_pairs", pairs)
    try:
        con.execute(
            "INSERT INTO link.pairs SELECT least(uid_l, uid_r), greatest(uid_l, uid_r),"
            " match_weight, match_probability FROM rajut_new_pairs"
        )
    finally:
        con.unregister("rajut_new_pairs")
    [(count,)] = con.execute("SELECT count(*) FROM link.pairs").fetchall()
    return int(count)


def score_pairs(
    con: duckdb.DuckDBPyConnection, model: LinkageModel, pairs: Sequence[tuple[str, str]]
) -> list[PairExplanation]:
    """Explain pairs: each comparison's level (Bahasa label) and match weight, and the total.

    Raises:
        LinkageInputError: a uid is not in ``link.records``.
    """
    _check_model(model)
    uids = sorted({u for pair in pairs for u in pair})
    # all records, not only the pair: term-frequency adjustments (how common a name is)
    # must be computed over the whole data, exactly as when the pairs were predicted
    records = prepared_records(con)
    missing = set(uids) - set(records.column("uid").to_pylist())
    if missing:
        raise LinkageInputError(
            f"Rekaman {', '.join(sorted(missing))} tidak ada di link.records.",
            "Tulis rekaman sebagai SUMBER:ID_REKAMAN, mis. dukcapil:100000001234.",
        )
    rows = splink_adapter.score(records, model, pairs)
    prior = splink_adapter.prior_weight(model)
    return [_explain(row, prior, pair) for row, pair in zip(rows, pairs, strict=True)]


def _explain(row: dict[str, Any], prior: float, pair: tuple[str, str]) -> PairExplanation:
    parts = []
    for comp in COMPARISONS:
        gamma = int(row[f"gamma_{comp.name}"])
        level = comp.levels[0] if gamma == -1 else _non_null(comp)[::-1][gamma]
        weight = float(row.get(f"mw_{comp.name}") or 0.0)
        tf = row.get(f"mw_tf_adj_{comp.name}")
        if tf is not None:
            weight += float(tf)
        parts.append(ComparisonExplanation(comp.name, comp.label, level.key, level.label, weight))
    total = float(row["match_weight"])
    probability = float(row["match_probability"])
    if not math.isfinite(total):
        total = prior + sum(p.match_weight for p in parts)
    return PairExplanation(pair[0], pair[1], prior, parts, total, probability)


def _non_null(comp: Any) -> list[Any]:
    return [level for level in comp.levels if not level.is_null]
