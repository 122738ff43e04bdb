"""Pairwise evaluation by counting: exact hand-computed answers and a brute-force oracle."""

from __future__ import annotations

import csv
import itertools
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
import typer
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from rajut.cli import linkage_eval_cmd
from rajut.linkage.evaluate import LinkageEvalError, evaluate_clusters
from rajut.store import open_store
from rajut.workspace import Workspace

# (source, record_id, predicted cluster, true person)
HAND = [
    ("dukcapil", "001", "X", "P1"),
    ("dtks", "001", "X", "P1"),
    ("dukcapil", "002", "X", "P2"),  # over-merge: P1 and P2 share cluster X
    ("dtks", "002", "X", "P2"),
    ("dukcapil", "003", "Y", "P3"),  # split: P3 over clusters Y and Z
    ("pbi_jk", "003", "Z", "P3"),
]


def write_truth(path: Path, rows: list[tuple[str, str, str, str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(["source", "source_record_id", "period", "person_id", "household_id", "x"])
        out.writerows([src, rid, period, person, "H1", ""] for src, rid, period, person in rows)
    return path


def write_clustering(con: duckdb.DuckDBPyConnection, rows: list[tuple[str, str, str]]) -> None:
    con.execute("CREATE SCHEMA IF NOT EXISTS link")
    con.execute(
        "CREATE OR REPLACE TABLE link.record_person "
        "(uid VARCHAR, source VARCHAR, record_id VARCHAR, person_id VARCHAR)"
    )
    con.executemany(
        "INSERT INTO link.record_person VALUES (?, ?, ?, ?)",
        [(f"{s}:{r}", s, r, p) for s, r, p in rows],
    )


@pytest.fixture
def con() -> Iterator[duckdb.DuckDBPyConnection]:
    connection = duckdb.connect()
    yield connection
    connection.close()


@pytest.fixture
def hand(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> Path:
    write_clustering(con, [(s, r, c) for s, r, c, _ in HAND] + [("dapodik", "9", "W")])
    truth = [(s, r, "2026-06-30", p) for s, r, _, p in HAND]
    truth += [("dukcapil", "001", "2026-03-31", "P1"), ("dukcapil", "099", "2026-06-30", "P9")]
    return write_truth(tmp_path / "records.csv", truth)


def test_overall_scores_match_hand_count(con: duckdb.DuckDBPyConnection, hand: Path) -> None:
    result = evaluate_clusters(con, hand)
    o = result.overall
    assert (o.true_positives, o.predicted_pairs, o.true_pairs) == (2, 6, 3)
    assert o.precision == pytest.approx(1 / 3)
    assert o.recall == pytest.approx(2 / 3)
    assert o.f1 == pytest.approx(4 / 9)


def test_source_pair_scores_match_hand_count(con: duckdb.DuckDBPyConnection, hand: Path) -> None:
    pairs = evaluate_clusters(con, hand).source_pairs
    cross = pairs[("dtks", "dukcapil")]
    assert (cross.true_positives, cross.predicted_pairs, cross.true_pairs) == (2, 4, 2)
    assert (cross.precision, cross.recall, cross.f1) == (0.5, 1.0, pytest.approx(2 / 3))
    same = pairs[("dukcapil", "dukcapil")]
    assert (same.precision, same.recall, same.f1) == (0.0, None, 0.0)
    missed = pairs[("dukcapil", "pbi_jk")]
    assert (missed.precision, missed.recall, missed.f1) == (None, 0.0, 0.0)
    assert pairs[("pbi_jk", "pbi_jk")].f1 is None
    assert ("dapodik", "dukcapil") not in pairs  # the dapodik record has no truth
    assert len(pairs) == 6  # unordered pairs of dtks, dukcapil, pbi_jk incl. same-source


def test_cluster_counts_and_coverage(con: duckdb.DuckDBPyConnection, hand: Path) -> None:
    result = evaluate_clusters(con, hand)
    c = result.clusters
    assert (c.predicted_persons, c.true_persons, c.singletons, c.largest_cluster) == (3, 3, 2, 4)
    assert (c.over_merged_clusters, c.split_persons) == (1, 1)
    cov = result.coverage
    assert (cov.clustered_records, cov.truth_records, cov.scored_records) == (7, 7, 6)
    assert cov.missing_from_truth_sample == ["dapodik:9"]
    assert cov.missing_from_clustering_sample == ["dukcapil:099"]
    assert cov.truth_conflicts == 0


def test_to_dict_is_json(con: duckdb.DuckDBPyConnection, hand: Path) -> None:
    data = json.loads(json.dumps(evaluate_clusters(con, hand).to_dict()))
    assert data["overall"]["f1"] == pytest.approx(4 / 9)
    first, second = data["source_pairs"][:2]
    assert (first["source_l"], first["source_r"], first["f1"]) == ("dtks", "dtks", 0.0)
    assert (second["source_l"], second["source_r"]) == ("dtks", "dukcapil")
    assert data["coverage"]["missing_from_clustering"] == 1


def test_perfect_clustering_scores_one(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    write_clustering(con, [(s, r, p) for s, r, _, p in HAND])
    truth = write_truth(tmp_path / "t.csv", [(s, r, "2026", p) for s, r, _, p in HAND])
    result = evaluate_clusters(con, truth)
    assert (result.overall.precision, result.overall.recall, result.overall.f1) == (1, 1, 1)
    assert result.clusters.over_merged_clusters == result.clusters.split_persons == 0


def test_latest_period_wins_and_conflicts_are_counted(
    con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    write_clustering(con, [("dtks", "1", "A"), ("dtks", "2", "A")])
    truth = [("dtks", "1", "2026-01-31", "P0"), ("dtks", "1", "2026-06-30", "P1")]
    truth += [("dtks", "2", "2026-06-30", "P1")]
    result = evaluate_clusters(con, write_truth(tmp_path / "t.csv", truth))
    assert result.overall.f1 == 1.0
    assert result.coverage.truth_conflicts == 1


def test_missing_truth_file_is_a_user_error(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    write_clustering(con, [("dtks", "1", "A")])
    with pytest.raises(LinkageEvalError) as err:
        evaluate_clusters(con, tmp_path / "nope.csv")
    assert err.value.code == "truth-file-missing" and "nope.csv" in err.value.message


def test_truth_without_person_column_is_a_user_error(
    con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    write_clustering(con, [("dtks", "1", "A")])
    bad = tmp_path / "bad.csv"
    bad.write_text("source,source_record_id,period\ndtks,1,2026\n", encoding="utf-8")
    with pytest.raises(LinkageEvalError, match="person_id"):
        evaluate_clusters(con, bad)


def test_missing_clustering_is_a_user_error(con: duckdb.DuckDBPyConnection, hand: Path) -> None:
    with pytest.raises(LinkageEvalError) as err:
        evaluate_clusters(con, hand, table="link.nothing_here")
    assert err.value.code == "clustering-missing"
    assert "rajut link" in err.value.hint


def test_no_temp_tables_are_left_behind(con: duckdb.DuckDBPyConnection, hand: Path) -> None:
    evaluate_clusters(con, hand)
    names = con.execute("SELECT table_name FROM duckdb_tables() WHERE temporary").fetchall()
    assert names == []


def brute_force(rows: list[tuple[str, str, str]]) -> tuple[int, int, int]:
    tp = pred = true = 0
    for (_, p1, t1), (_, p2, t2) in itertools.combinations(rows, 2):
        pred += p1 == p2
        true += t1 == t2
        tp += p1 == p2 and t1 == t2
    return tp, pred, true


record = st.tuples(
    st.sampled_from(["dukcapil", "dtks", "pbi_jk"]),
    st.sampled_from(["c1", "c2", "c3", "c4"]),
    st.sampled_from(["p1", "p2", "p3"]),
)


@settings(max_examples=40, deadline=None)
@given(st.lists(record, min_size=1, max_size=14))
def test_counting_agrees_with_brute_force(
    tmp_path_factory: pytest.TempPathFactory, rows: list[tuple[str, str, str]]
) -> None:
    connection = duckdb.connect()
    write_clustering(connection, [(s, str(i), c) for i, (s, c, _) in enumerate(rows)])
    path = tmp_path_factory.mktemp("h") / "t.csv"
    truth = write_truth(path, [(s, str(i), "2026", p) for i, (s, _, p) in enumerate(rows)])
    result = evaluate_clusters(connection, truth)
    o = result.overall
    assert (o.true_positives, o.predicted_pairs, o.true_pairs) == brute_force(rows)
    for (sl, sr), scores in result.source_pairs.items():
        got = (scores.true_positives, scores.predicted_pairs, scores.true_pairs)
        assert got == _brute_pair(rows, sl, sr)
    connection.close()


def _brute_pair(rows: list[tuple[str, str, str]], sl: str, sr: str) -> tuple[int, int, int]:
    tp = pred = true = 0
    for (s1, p1, t1), (s2, p2, t2) in itertools.combinations(rows, 2):
        if sorted((s1, s2)) != [sl, sr]:
            continue
        pred += p1 == p2
        true += t1 == t2
        tp += p1 == p2 and t1 == t2
    return tp, pred, true


def cli_app() -> typer.Typer:
    app = typer.Typer()
    linkage_eval_cmd.register(app)
    return app


def test_cli_eval_linkage_json_and_table(workspace: Workspace, tmp_path: Path) -> None:
    with open_store(workspace.analytics_db) as store:
        write_clustering(store.con, [(s, r, c) for s, r, c, _ in HAND])
    truth = write_truth(tmp_path / "t.csv", [(s, r, "2026", p) for s, r, _, p in HAND])
    runner = CliRunner()
    args = ["eval", "linkage", "--truth", str(truth), "-w", str(workspace.root)]
    done = runner.invoke(cli_app(), [*args, "--json"])
    assert done.exit_code == 0, done.output
    data = json.loads(done.stdout)
    assert data["ok"] is True and data["overall"]["f1"] == pytest.approx(4 / 9)
    human = runner.invoke(cli_app(), args)
    assert human.exit_code == 0, human.output
    assert "Keseluruhan" in human.stdout and "0.4444" in human.stdout


def test_cli_eval_without_linkage_raises_user_error(workspace: Workspace, tmp_path: Path) -> None:
    truth = write_truth(tmp_path / "t.csv", [("dtks", "1", "2026", "P1")])
    done = CliRunner().invoke(
        cli_app(), ["eval", "linkage", "--truth", str(truth), "-w", str(workspace.root)]
    )
    assert isinstance(done.exception, LinkageEvalError)


@pytest.mark.slow
def test_benchmark_nik_only_path_end_to_end(tmp_path: Path) -> None:
    """benchmarks/link.py on a tiny kabupaten: generate, ingest, NIK-only, score."""
    script = Path(__file__).parents[2] / "benchmarks" / "link.py"
    out = tmp_path / "report.json"
    args = ["--people", "1000", "--methods", "nik", "--workdir", str(tmp_path), "--json-out"]
    done = subprocess.run(
        [sys.executable, str(script), *args, str(out)], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    [size] = json.loads(out.read_text(encoding="utf-8"))
    nik = size["methods"]["nik"]
    assert [s["stage"] for s in nik["stages"]] == ["records", "clustering", "evaluate"]
    overall = nik["evaluation"]["overall"]
    assert overall["precision"] > 0.99 and 0.5 < overall["recall"] < 1.0
    assert nik["evaluation"]["coverage"]["missing_from_clustering"] == 0
    assert "keseluruhan" in done.stdout and "[nik]" in done.stdout
