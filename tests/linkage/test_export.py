"""``export_links``: every record, its person and household, and the strongest accepted link."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
import typer
from typer.testing import CliRunner

from rajut.cli import linkage_eval_cmd
from rajut.linkage.export import EXPORT_COLUMNS, LinkExportError, export_links
from rajut.store import open_store
from rajut.workspace import Workspace

# uid, nik, person, household
RECORDS = [
    ("dukcapil:1", "3310010101800001", "A", "H1"),  # NIK link with dtks:1
    ("dtks:1", "3310010101800001", "A", "H1"),
    ("pbi_jk:007", None, "A", "H1"),  # model edges 0.97 and 0.90 into A
    ("dukcapil:2", "3310010101800002", "B", "H2"),  # alone
    ("eppgbm:5", None, "C", "H2"),  # model edge 0.8 inside C
    ("dapodik:5", None, "C", None),  # no household
    ("dtks:9", None, "D", "H3"),  # review "sama" with pbi_jk:9
    ("pbi_jk:9", None, "D", "H3"),
    ("dtks:10", "3310010101800003", "E", "H4"),  # NIK ganda kept apart
    ("dukcapil:10", "3310010101800003", "F", "H4"),
    ("dapodik:77", None, None, None),  # not clustered (must still be exported)
]
PAIRS = [
    ("dtks:1", "pbi_jk:007", 0.97),
    ("dukcapil:1", "pbi_jk:007", 0.90),
    ("dapodik:5", "eppgbm:5", 0.80),
    ("dukcapil:2", "eppgbm:5", 0.99),  # different clusters: not an accepted link
    ("dtks:9", "pbi_jk:9", 0.30),
]


@pytest.fixture
def con() -> Iterator[duckdb.DuckDBPyConnection]:
    connection = duckdb.connect()
    connection.execute("CREATE SCHEMA link")
    connection.execute(
        "CREATE TABLE link.records (uid VARCHAR, source VARCHAR, record_id VARCHAR, nik VARCHAR)"
    )
    for uid, nik, _, _ in RECORDS:
        source, record_id = uid.split(":")
        connection.execute(
            "INSERT INTO link.records VALUES (?, ?, ?, ?)", [uid, source, record_id, nik]
        )
    connection.execute(
        "CREATE TABLE link.record_person AS SELECT uid, source, record_id, "
        "NULL::VARCHAR AS person_id FROM link.records WHERE false"
    )
    connection.executemany(
        "INSERT INTO link.record_person VALUES (?, ?, ?, ?)",
        [(u, *u.split(":"), p) for u, _, p, _ in RECORDS if p],
    )
    connection.execute("CREATE TABLE link.record_household (uid VARCHAR, household_id VARCHAR)")
    connection.executemany(
        "INSERT INTO link.record_household VALUES (?, ?)", [(u, h) for u, _, _, h in RECORDS if h]
    )
    yield connection
    connection.close()


def add_pairs_and_review(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(
        "CREATE TABLE link.pairs (uid_l VARCHAR, uid_r VARCHAR, match_weight DOUBLE, "
        "match_probability DOUBLE)"
    )
    con.executemany("INSERT INTO link.pairs VALUES (?, ?, 0, ?)", PAIRS)
    con.execute(
        "CREATE TABLE link.review_decisions (uid_l VARCHAR, uid_r VARCHAR, same BOOLEAN, "
        "decided_by VARCHAR, decided_at TIMESTAMP, note VARCHAR)"
    )
    con.execute(
        "INSERT INTO link.review_decisions VALUES "
        "('dtks:9', 'pbi_jk:9', true, 'ani', now(), ''), "
        "('dapodik:5', 'eppgbm:5', false, 'ani', now(), '')"
    )


def read_rows(path: Path) -> dict[str, dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        assert tuple(reader.fieldnames or ()) == EXPORT_COLUMNS
        return {f"{r['source']}:{r['source_record_id']}": r for r in reader}


def test_every_record_with_person_household_and_probability(
    con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    add_pairs_and_review(con)
    out = tmp_path / "links.csv"
    result = export_links(con, out)
    rows = read_rows(out)
    assert set(rows) == {uid for uid, *_ in RECORDS}
    probs = {uid: r["match_probability"] for uid, r in rows.items()}
    assert probs == {
        "dukcapil:1": "1.0",
        "dtks:1": "1.0",
        "pbi_jk:007": "0.97",
        "dukcapil:2": "",
        "eppgbm:5": "0.8",
        "dapodik:5": "0.8",
        "dtks:9": "1.0",
        "pbi_jk:9": "1.0",
        "dtks:10": "",
        "dukcapil:10": "",
        "dapodik:77": "",
    }
    assert rows["pbi_jk:007"]["person_id"] == "A" and rows["pbi_jk:007"]["household_id"] == "H1"
    assert rows["dapodik:5"]["household_id"] == "" and rows["dapodik:77"]["person_id"] == ""
    assert (result.rows, result.with_person, result.with_household) == (11, 10, 9)
    assert (result.with_probability, result.edge_source) == (7, "link.pairs")


def test_nik_never_appears(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    add_pairs_and_review(con)
    out = tmp_path / "links.csv"
    export_links(con, out)
    text = out.read_text(encoding="utf-8")
    assert "nik" not in text.lower().split("\n")[0]
    assert "3310010101800001" not in text


def test_rows_are_sorted(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    out = tmp_path / "links.csv"
    export_links(con, out)
    keys = [(r["source"], r["source_record_id"]) for r in read_rows(out).values()]
    assert keys == sorted(keys)


def test_without_pairs_only_nik_links_count(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    result = export_links(con, tmp_path / "links.csv")
    probs = {u: r["match_probability"] for u, r in read_rows(tmp_path / "links.csv").items()}
    assert {u for u, p in probs.items() if p} == {"dukcapil:1", "dtks:1"}
    assert result.edge_source is None


def test_accepted_edge_table_is_preferred(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    add_pairs_and_review(con)
    con.execute("CREATE TABLE link.edges (uid_l VARCHAR, uid_r VARCHAR, match_probability DOUBLE)")
    con.execute("INSERT INTO link.edges VALUES ('dapodik:5', 'eppgbm:5', 0.85)")
    result = export_links(con, tmp_path / "links.csv")
    rows = read_rows(tmp_path / "links.csv")
    assert result.edge_source == "link.edges"
    assert rows["eppgbm:5"]["match_probability"] == "0.85"
    assert rows["pbi_jk:007"]["match_probability"] == ""  # its edge is not in link.edges


def test_before_linkage_is_a_user_error(tmp_path: Path) -> None:
    con = duckdb.connect()
    with pytest.raises(LinkExportError) as err:
        export_links(con, tmp_path / "links.csv")
    assert err.value.code == "linkage-not-run" and "rajut link" in err.value.hint


def test_missing_folder_is_a_user_error(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    with pytest.raises(LinkExportError) as err:
        export_links(con, tmp_path / "nope" / "links.csv")
    assert err.value.code == "export-folder-missing"


def test_cli_export_links(workspace: Workspace, tmp_path: Path) -> None:
    with open_store(workspace.analytics_db) as store:
        store.con.execute("CREATE SCHEMA link")
        store.con.execute(
            "CREATE TABLE link.records AS SELECT 'dtks:1' AS uid, 'dtks' AS source, "
            "'1' AS record_id, NULL::VARCHAR AS nik"
        )
        store.con.execute(
            "CREATE TABLE link.record_person AS SELECT 'dtks:1' AS uid, 'dtks' AS source, "
            "'1' AS record_id, 'P1' AS person_id"
        )
    app = typer.Typer()
    linkage_eval_cmd.register(app)
    out = tmp_path / "links.csv"
    args = ["export", "links", "--out", str(out), "-w", str(workspace.root)]
    done = CliRunner().invoke(app, [*args, "--json"])
    assert done.exit_code == 0, done.output
    assert json.loads(done.stdout)["rows"] == 1
    assert read_rows(out)["dtks:1"]["person_id"] == "P1"
    human = CliRunner().invoke(app, args)
    assert human.exit_code == 0 and "1 rekaman ditulis" in human.stdout


def test_probability_stored_by_the_run_is_used(
    con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    add_pairs_and_review(con)
    con.execute("ALTER TABLE link.record_person ADD COLUMN match_probability DOUBLE")
    con.execute("UPDATE link.record_person SET match_probability = 0.5 WHERE uid = 'dtks:9'")
    result = export_links(con, tmp_path / "links.csv")
    probs = {u: r["match_probability"] for u, r in read_rows(tmp_path / "links.csv").items()}
    assert result.edge_source == "link.record_person"
    assert probs["dtks:9"] == "0.5" and probs["dukcapil:1"] == ""
