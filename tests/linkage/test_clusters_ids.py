"""Deterministic pass, constrained clustering and persistent IDs on hand-made records."""

from __future__ import annotations

import duckdb
import pytest

from rajut.linkage.clusters import cluster_records, nik_near
from rajut.linkage.deterministic import run_deterministic
from rajut.linkage.ids import assign_person_ids

# uid, source, nik, name_norm
RECORDS = [
    ("dukcapil:1", "dukcapil", "3310125508900001", "SITI AMINAH"),
    ("dtks:1", "dtks", "3310125508900001", "SITI AMINAH"),
    ("pbi_jk:1", "pbi_jk", "3310125508900001", "SITI AMINA"),  # typo: still compatible
    ("eppgbm:9", "eppgbm", "3310125508900001", "RUDI HARTONO"),  # NIK ganda: someone else
    ("dukcapil:2", "dukcapil", "3310120101800002", "BUDI SANTOSO"),
    ("dapodik:2", "dapodik", None, "BUDI SANTOSO"),
    ("dukcapil:3", "dukcapil", "3310121505850003", "BUDI SANTOSO"),  # same name, other NIK
]


def make_con(pairs: list[tuple[str, str, float]]) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute("CREATE SCHEMA link")
    con.execute(
        "CREATE TABLE link.records (uid VARCHAR, source VARCHAR, record_id VARCHAR, "
        "nik VARCHAR, name_norm VARCHAR, period_end DATE, birth_date DATE, sex VARCHAR)"
    )
    con.executemany(
        "INSERT INTO link.records VALUES (?, ?, split_part(?, ':', 2), ?, ?, DATE '2026-06-30', "
        "DATE '1990-08-15', 'P')",
        [(u, s, u, n, nm) for u, s, n, nm in RECORDS],
    )
    con.execute(
        "CREATE TABLE link.pairs (uid_l VARCHAR, uid_r VARCHAR, match_weight DOUBLE, "
        "match_probability DOUBLE)"
    )
    if pairs:
        con.executemany("INSERT INTO link.pairs VALUES (?, ?, 0, ?)", pairs)
    return con


def clusters_of(con: duckdb.DuckDBPyConnection) -> set[frozenset[str]]:
    rows = con.execute("SELECT cluster_key, list(uid) FROM link.clusters GROUP BY 1").fetchall()
    return {frozenset(uids) for _, uids in rows}


@pytest.mark.parametrize(
    ("a", "b", "near"),
    [
        ("3310125508900001", "3310125508900001", True),
        ("3310125508900001", "3310125508900007", True),  # one digit
        ("3310125508900001", "3310125508900010", True),  # adjacent transposition
        ("3310125508900001", "3310125508900070", False),  # two digits apart
        ("3310125508900001", "3310120101800002", False),
    ],
)
def test_nik_near(a: str, b: str, near: bool) -> None:
    assert nik_near(a, b) is near


def test_nik_ganda_stays_apart_and_typo_name_joins() -> None:
    con = make_con([])
    counts = run_deterministic(con)
    assert counts["nik_conflicts"] == 1
    cluster_records(con, threshold=0.9)
    got = clusters_of(con)
    assert frozenset({"dukcapil:1", "dtks:1", "pbi_jk:1"}) in got
    assert frozenset({"eppgbm:9"}) in got


@pytest.mark.parametrize(
    ("name", "birth_date", "sex", "joins"),
    [
        ("UI AAMINAH", "1990-08-15", "P", True),  # a typo in each word, date and sex agree
        ("UI AAMINAH", "1991-08-15", "P", False),  # same words, other birth date
        ("UI AAMINAH", "1990-08-15", "L", False),  # same words, other sex
        ("UI AAMINAH WULANDARI", "1990-08-15", "P", False),  # another word count
        ("DWI AMINAH", "1990-08-15", "P", False),  # two edits in one word
        ("UMI A", "1985-01-01", "L", True),  # the last word abbreviated (any date and sex)
        ("UMI ASTUTI", "1990-08-15", "P", False),  # same initials, another person
    ],
)
def test_words_one_edit_apart_join_only_when_date_and_sex_agree(
    name: str, birth_date: str, sex: str, joins: bool
) -> None:
    con = duckdb.connect()
    con.execute("CREATE SCHEMA link")
    con.execute(
        "CREATE TABLE link.records (uid VARCHAR, source VARCHAR, nik VARCHAR, name_norm VARCHAR,"
        " period_end DATE, birth_date DATE, sex VARCHAR)"
    )
    nik = "3310125508900001"
    con.execute(
        "INSERT INTO link.records VALUES ('dukcapil:1', 'dukcapil', ?, 'UMI AMINAH',"
        " DATE '2026-06-30', DATE '1990-08-15', 'P'),"
        " ('pbi_jk:1', 'pbi_jk', ?, ?, DATE '2026-06-30', CAST(? AS DATE), ?)",
        [nik, nik, name, birth_date, sex],
    )
    run_deterministic(con)
    [(compatible,)] = con.execute(
        "SELECT compatible FROM link.nik_groups WHERE uid = 'pbi_jk:1'"
    ).fetchall()
    assert compatible is joins


def test_model_edges_link_nikless_records_but_not_across_far_niks() -> None:
    # the model (wrongly) likes both BUDI SANTOSO pairs; the second would join two far NIKs
    con = make_con(
        [
            ("dapodik:2", "dukcapil:2", 0.99),
            ("dapodik:2", "dukcapil:3", 0.95),
            ("dukcapil:2", "dukcapil:3", 0.93),
            ("dukcapil:1", "eppgbm:9", 0.97),  # blocked by the NIK-ganda cannot-link
        ]
    )
    run_deterministic(con)
    result = cluster_records(con, threshold=0.9)
    got = clusters_of(con)
    assert frozenset({"dapodik:2", "dukcapil:2"}) in got
    assert frozenset({"dukcapil:3"}) in got
    assert frozenset({"eppgbm:9"}) in got
    assert result.refused_merges == 3


def test_review_decisions_override_the_model() -> None:
    con = make_con([("dapodik:2", "dukcapil:2", 0.99)])
    run_deterministic(con)
    cluster_records(
        con,
        threshold=0.9,
        must_link=[("dapodik:2", "dukcapil:3")],
        cannot_link=[("dapodik:2", "dukcapil:2")],
    )
    got = clusters_of(con)
    assert frozenset({"dapodik:2", "dukcapil:3"}) in got
    assert frozenset({"dukcapil:2"}) in got


def test_below_threshold_edges_are_ignored() -> None:
    con = make_con([("dapodik:2", "dukcapil:2", 0.5)])
    run_deterministic(con)
    cluster_records(con, threshold=0.9)
    assert frozenset({"dapodik:2"}) in clusters_of(con)


def publish(con: duckdb.DuckDBPyConnection, mapping: dict[str, str]) -> None:
    con.execute("CREATE OR REPLACE TABLE link.record_person (uid VARCHAR, person_id VARCHAR)")
    con.executemany("INSERT INTO link.record_person VALUES (?, ?)", list(mapping.items()))


def test_ids_are_stable_and_merges_splits_are_logged() -> None:
    con = make_con([("dapodik:2", "dukcapil:2", 0.99)])
    run_deterministic(con)
    cluster_records(con, threshold=0.9)
    first, res1 = assign_person_ids(con, "run1")
    assert res1.new == res1.persons == len(set(first.values()))
    publish(con, first)

    # same data again: every ID kept
    cluster_records(con, threshold=0.9)
    second, res2 = assign_person_ids(con, "run2")
    assert second == first and res2.new == 0
    publish(con, second)

    # a review splits BUDI's pair and merges the other BUDI
    cluster_records(
        con,
        threshold=0.9,
        must_link=[("dapodik:2", "dukcapil:3")],
        cannot_link=[("dapodik:2", "dukcapil:2")],
    )
    third, res3 = assign_person_ids(con, "run3")
    assert third["dukcapil:1"] == first["dukcapil:1"]  # untouched person keeps the ID
    assert third["dapodik:2"] == third["dukcapil:3"]
    assert third["dukcapil:2"] != third["dapodik:2"]
    assert res3.merges == 1 and res3.splits == 1
    events = con.execute(
        "SELECT event FROM link.id_events WHERE link_run_id = 'run3' ORDER BY event"
    ).fetchall()
    assert [e[0] for e in events] == ["merge", "split"]
    # IDs are never reused
    assert len(set(third.values()) | set(first.values())) == len(set(first.values())) + 1


def test_beda_inside_a_nik_group_splits_it_and_sama_joins_far_niks() -> None:
    con = make_con([])
    run_deterministic(con)
    cluster_records(
        con,
        threshold=0.9,
        cannot_link=[("dtks:1", "dukcapil:1")],  # a reviewer: NIK ganda the name check missed
        must_link=[("dukcapil:2", "dukcapil:3")],  # a reviewer: one person with two NIKs
    )
    got = clusters_of(con)
    assert frozenset({"dukcapil:1", "pbi_jk:1"}) in got
    assert frozenset({"dtks:1"}) in got
    assert frozenset({"dukcapil:2", "dukcapil:3"}) in got
