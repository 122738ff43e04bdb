"""Behaviour of the probabilistic pass on a small synthetic kabupaten."""

from __future__ import annotations

import ast
from pathlib import Path

import duckdb
import pytest

from rajut.linkage.probabilistic import (
    COMPARISON_LABELS,
    LinkageModel,
    LinkageModelError,
    predict_pairs,
    score_pairs,
    train_model,
)
from rajut.linkage.probabilistic.evaluate import blocking_recall, pairwise_quality

PKG = Path(__file__).parents[3] / "src" / "rajut"


def _probability(con: duckdb.DuckDBPyConnection, model: LinkageModel, a: str, b: str) -> float:
    return score_pairs(con, model, [(a, b)])[0].match_probability


def test_model_trains_without_labels_and_round_trips(model: LinkageModel) -> None:
    assert 0 < model.probability_two_random_records_match < 0.01
    exact = model.level("name", "exact")
    assert exact is not None and exact.m is not None and exact.u is not None
    assert exact.m > 10 * exact.u
    assert LinkageModel.from_json(model.to_json()) == model


def test_from_json_rejects_garbage() -> None:
    with pytest.raises(LinkageModelError):
        LinkageModel.from_json('{"format": "other"}')


def test_blocking_recall_on_truth(con: duckdb.DuckDBPyConnection) -> None:
    recall = blocking_recall(con, "link.truth")
    assert recall["all"][1] >= 0.999


def test_every_blocking_rule_has_a_selective_key() -> None:
    """Candidate pairs must grow about linearly with the population.

    A rule on common values alone (name + birth year: 2.2M pairs at 100,000 persons, 13 per
    record, growing with the square of the population) is not allowed: every rule needs a
    key that few people share: a NIK (part), a No. KK, an exact birth date, or a birth
    month together with a name.
    """
    from rajut.linkage.probabilistic.comparisons import BLOCKING_RULES

    selective = ("l.nik16 ", "l.nik_head ", "l.kk_number ", "l.dob_days ", "l.dob_m ")
    for rule in BLOCKING_RULES:
        assert any(key in rule.sql for key in selective), rule.name


def test_predicted_clusters_match_truth(
    con: duckdb.DuckDBPyConnection, model: LinkageModel
) -> None:
    n = predict_pairs(con, model)
    assert n > 0
    [(bad,)] = con.execute("SELECT count(*) FROM link.pairs WHERE uid_l >= uid_r").fetchall()
    assert bad == 0
    overall = pairwise_quality(con, "link.truth", threshold=0.99)["overall"]
    assert overall.recall >= 0.99
    assert overall.f1 >= 0.98


def _hard_negatives(con: duckdb.DuckDBPyConnection, where: str) -> list[tuple[str, str]]:
    return [
        (a, b)
        for a, b in con.execute(f"""
            SELECT a.uid, b.uid FROM link.records a JOIN link.records b ON a.uid < b.uid
            JOIN link.truth ta ON ta.uid = a.uid JOIN link.truth tb ON tb.uid = b.uid
            WHERE ta.person_id <> tb.person_id AND {where} LIMIT 20""").fetchall()
    ]


def test_twins_stay_apart(con: duckdb.DuckDBPyConnection, model: LinkageModel) -> None:
    pairs = _hard_negatives(con, "a.birth_date = b.birth_date AND a.mother_name_norm ="
                            " b.mother_name_norm AND a.name_norm <> b.name_norm")  # fmt: skip
    if not pairs:
        pytest.skip("no twins in this sample")
    probs = [e.match_probability for e in score_pairs(con, model, pairs)]
    assert max(probs) < 0.5


def test_parent_nik_in_child_row_stays_apart(
    con: duckdb.DuckDBPyConnection, model: LinkageModel
) -> None:
    pairs = _hard_negatives(con, "a.nik_raw = b.nik_raw AND year(a.birth_date) <>"
                            " year(b.birth_date)")  # fmt: skip
    assert pairs, "the demo plants parent NIKs in children's rows"
    for e in score_pairs(con, model, pairs):
        assert e.match_probability < 0.5
        nik = next(c for c in e.comparisons if c.name == "nik")
        assert nik.level in {"exact_other_dob", "is_kk"}


def test_same_name_different_people_stay_apart(
    con: duckdb.DuckDBPyConnection, model: LinkageModel
) -> None:
    pairs = _hard_negatives(con, "a.name_norm = b.name_norm AND a.birth_date <> b.birth_date"
                            " AND a.nik_raw <> b.nik_raw")  # fmt: skip
    assert pairs
    assert max(e.match_probability for e in score_pairs(con, model, pairs)) < 0.5


def test_true_pairs_score_high(con: duckdb.DuckDBPyConnection, model: LinkageModel) -> None:
    pairs = con.execute("""SELECT a.uid, b.uid FROM link.truth a JOIN link.truth b
        ON a.person_id = b.person_id AND a.uid < b.uid ORDER BY a.uid LIMIT 40""").fetchall()
    probs = [e.match_probability for e in score_pairs(con, model, pairs)]
    assert sum(p > 0.9 for p in probs) >= 38


def test_explanation_is_bahasa_and_sums(
    con: duckdb.DuckDBPyConnection, model: LinkageModel
) -> None:
    [(a, b)] = con.execute("""SELECT a.uid, b.uid FROM link.truth a JOIN link.truth b
        ON a.person_id = b.person_id AND a.uid < b.uid ORDER BY a.uid LIMIT 1""").fetchall()
    [e] = score_pairs(con, model, [(a, b)])
    assert {c.name for c in e.comparisons} == set(COMPARISON_LABELS)
    assert all(c.label == COMPARISON_LABELS[c.name] for c in e.comparisons)
    assert any("sama" in c.level_label for c in e.comparisons)
    total = e.prior_weight + sum(c.match_weight for c in e.comparisons)
    assert total == pytest.approx(e.match_weight, abs=1e-6)


def test_unknown_record_is_a_user_error(
    con: duckdb.DuckDBPyConnection, model: LinkageModel
) -> None:
    from rajut.errors import RajutError

    with pytest.raises(RajutError, match="tidak ada di link.records"):
        score_pairs(con, model, [("dukcapil:tidak-ada", "dtks:juga-tidak")])


def test_labels_change_the_model(kabupaten_db: Path, model: LinkageModel) -> None:
    con = duckdb.connect(str(kabupaten_db), read_only=True)
    try:
        labels = [
            (a, b, True)
            for a, b in con.execute("""SELECT a.uid, b.uid FROM link.truth a
            JOIN link.truth b ON a.person_id = b.person_id AND a.uid < b.uid
            ORDER BY a.uid LIMIT 300""").fetchall()
        ]
        labelled = train_model(con, labels=labels)
    finally:
        con.close()
    assert labelled.training["positive_labels"] == 300
    assert labelled.comparisons != model.comparisons


def test_only_the_adapter_imports_splink() -> None:
    offenders = []
    for path in PKG.rglob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            if any(n == "splink" or n.startswith("splink.") for n in names):
                offenders.append(path.name)
    assert set(offenders) == {"splink_adapter.py"}


@pytest.mark.slow
def test_spark_predicts_the_same_pairs(con: duckdb.DuckDBPyConnection, model: LinkageModel) -> None:
    """DuckDB and Spark (local[2]) give the same pair set above 0.5 with the same model."""
    predict_pairs(con, model)
    duck = set(
        con.execute("SELECT uid_l, uid_r FROM link.pairs WHERE match_probability > 0.5").fetchall()
    )
    predict_pairs(con, model, backend="spark")
    spark = set(
        con.execute("SELECT uid_l, uid_r FROM link.pairs WHERE match_probability > 0.5").fetchall()
    )
    assert duck and duck == spark
