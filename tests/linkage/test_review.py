"""Clerical review: decisions, history, the queue and bulk import, on hand-made records."""

from __future__ import annotations

import itertools
import json
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pytest
import typer
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from rajut.cli import review_cmd
from rajut.linkage.review import (
    ReviewError,
    decision_for,
    decision_history,
    decision_labels,
    ensure_review_tables,
    import_decisions,
    list_queue,
    load_decisions,
    queue_size,
    record_decision,
    refresh_queue,
)
from rajut.store import open_store
from rajut.workspace import Workspace

RECORD_COLUMNS = (
    "uid VARCHAR, source VARCHAR, record_id VARCHAR, run_id VARCHAR, row_number BIGINT, "
    "period_end DATE, nik VARCHAR, nik_raw VARCHAR, nik_float BOOLEAN, kk_number VARCHAR, "
    "name_norm VARCHAR, name_display VARCHAR, placeholder_mother VARCHAR, sex VARCHAR, "
    "birth_date DATE, birth_date_weak BOOLEAN, birth_place VARCHAR, mother_name_norm VARCHAR, "
    "mother_nik VARCHAR, desa_code VARCHAR, kecamatan_code VARCHAR, household_ref VARCHAR, "
    "alive BOOLEAN, death_date DATE"
)

# uid, nik, name, sex, birth date, mother, kk
PEOPLE = [
    ("dukcapil:1", "3310125508900001", "SITI AMINAH", "P", date(1990, 8, 15), "SUMIYATI"),
    ("dtks:7", "3310125508900001", "SITI AMINAH", "P", date(1990, 8, 15), "SUMIYATI"),
    ("pbi_jk:3", None, "SITI AMINA", "P", date(1990, 8, 15), None),
    ("eppgbm:4", "3310120101240002", "BUDI SANTOSO", "L", date(2024, 1, 1), "SITI AMINAH"),
    ("dapodik:5", None, "BUDI SANTOSA", "L", date(2024, 1, 1), "SITI AMINAH"),
    ("dukcapil:6", "3310121505850003", "BUDI SANTOSO", "L", date(1985, 5, 15), "PAINEM"),
]
UIDS = [p[0] for p in PEOPLE]


def create_records(con: duckdb.DuckDBPyConnection, people: list[tuple[object, ...]]) -> None:
    """``link.records`` with every documented column; values for the ones review shows."""
    con.execute("CREATE SCHEMA IF NOT EXISTS link")
    con.execute(f"CREATE OR REPLACE TABLE link.records ({RECORD_COLUMNS})")
    for uid, nik, name, sex, born, mother in people:
        source, record_id = str(uid).split(":")
        con.execute(
            "INSERT INTO link.records (uid, source, record_id, nik, nik_raw, nik_float, "
            "kk_number, name_norm, name_display, sex, birth_date, birth_date_weak, "
            "birth_place, mother_name_norm, desa_code, kecamatan_code) "
            "VALUES (?, ?, ?, ?, ?, FALSE, '3310122001150009', ?, ?, ?, ?, FALSE, 'KLATEN', ?, "
            "'33.10.12.2001', '33.10.12')",
            [uid, source, record_id, nik, nik, name, name, sex, born, mother],
        )


def create_pairs(con: duckdb.DuckDBPyConnection, pairs: list[tuple[str, str, float]]) -> None:
    con.execute(
        "CREATE OR REPLACE TABLE link.pairs (uid_l VARCHAR, uid_r VARCHAR, "
        "match_weight DOUBLE, match_probability DOUBLE)"
    )
    for a, b, p in pairs:
        con.execute(
            "INSERT INTO link.pairs VALUES (least(?, ?), greatest(?, ?), 0, ?)", [a, b, a, b, p]
        )


@pytest.fixture
def con() -> duckdb.DuckDBPyConnection:
    c = duckdb.connect()
    create_records(c, PEOPLE)
    return c


def queued(con: duckdb.DuckDBPyConnection) -> set[tuple[str, str]]:
    return {(a, b) for a, b in con.execute("SELECT uid_l, uid_r FROM link.review_queue").fetchall()}


# --- decisions ----------------------------------------------------------------------------


def test_decision_is_stored_in_pair_order(con: duckdb.DuckDBPyConnection) -> None:
    d = record_decision(con, "pbi_jk:3", "dukcapil:1", same=True, by="ani", note="KTP dicek")
    assert (d.uid_l, d.uid_r, d.same, d.decided_by, d.note) == (
        "dukcapil:1",
        "pbi_jk:3",
        True,
        "ani",
        "KTP dicek",
    )
    assert load_decisions(con) == [d]
    assert decision_for(con, "pbi_jk:3", "dukcapil:1") == d
    assert decision_labels(con) == [("dukcapil:1", "pbi_jk:3", True)]


def test_later_decision_replaces_earlier_and_log_keeps_both(con: duckdb.DuckDBPyConnection) -> None:
    record_decision(con, "dtks:7", "dukcapil:1", same=True, by="ani")
    record_decision(con, "dukcapil:1", "dtks:7", same=False, by="budi", note="NIK ganda")
    [d] = load_decisions(con)
    assert (d.same, d.decided_by, d.note) == (False, "budi", "NIK ganda")
    history = decision_history(con, "dtks:7", "dukcapil:1")
    assert [(h.same, h.decided_by) for h in history] == [(True, "ani"), (False, "budi")]


@pytest.mark.parametrize(
    ("a", "b", "code", "named"),
    [
        ("dukcapil:1", "dtks:999", "review-unknown-record", "dtks:999"),
        ("dukcapil:404", "dtks:999", "review-unknown-record", "dukcapil:404, dtks:999"),
        ("dukcapil1", "dtks:7", "review-bad-uid", "dukcapil1"),
        ("dtks:7", "dtks:7", "review-same-record", "dtks:7"),
    ],
)
def test_bad_uids_raise_bahasa_errors(
    con: duckdb.DuckDBPyConnection, a: str, b: str, code: str, named: str
) -> None:
    with pytest.raises(ReviewError) as info:
        record_decision(con, a, b, same=True, by="ani")
    assert info.value.code == code
    assert named in info.value.message
    assert info.value.hint
    assert load_decisions(con) == []


def test_decision_without_linkage_says_run_link_first() -> None:
    with pytest.raises(ReviewError) as info:
        record_decision(duckdb.connect(), "a:1", "b:2", same=True, by="ani")
    assert info.value.code == "linkage-not-run"
    assert "rajut link" in info.value.hint


def test_load_decisions_on_fresh_store_is_empty() -> None:
    assert load_decisions(duckdb.connect()) == []
    assert queue_size(duckdb.connect()) == 0


def test_decision_inside_callers_transaction(con: duckdb.DuckDBPyConnection) -> None:
    ensure_review_tables(con)
    con.execute("BEGIN TRANSACTION")
    record_decision(con, "dtks:7", "dukcapil:1", same=True, by="ani")
    con.execute("ROLLBACK")
    assert load_decisions(con) == []


# --- the queue ----------------------------------------------------------------------------


def test_queue_band_is_low_inclusive_high_exclusive(con: duckdb.DuckDBPyConnection) -> None:
    create_pairs(
        con,
        [
            ("dukcapil:1", "dtks:7", 0.5),
            ("dukcapil:1", "pbi_jk:3", 0.9),
            ("dtks:7", "pbi_jk:3", 0.49),
            ("eppgbm:4", "dapodik:5", 0.7),
        ],
    )
    assert refresh_queue(con, low=0.5, high=0.9) == 2
    assert queued(con) == {("dtks:7", "dukcapil:1"), ("dapodik:5", "eppgbm:4")}


def test_queue_skips_decided_and_forced_pairs(con: duckdb.DuckDBPyConnection) -> None:
    create_pairs(
        con,
        [
            ("dukcapil:1", "dtks:7", 0.6),  # decided
            ("dukcapil:1", "pbi_jk:3", 0.6),  # forced same: dukcapil:1=dtks:7=pbi_jk:3
            ("eppgbm:4", "dukcapil:6", 0.6),  # forced apart: eppgbm:4=dapodik:5 ≠ dukcapil:6
            ("eppgbm:4", "dukcapil:1", 0.6),  # open
        ],
    )
    record_decision(con, "dukcapil:1", "dtks:7", same=True, by="ani")
    record_decision(con, "dtks:7", "pbi_jk:3", same=True, by="ani")
    record_decision(con, "eppgbm:4", "dapodik:5", same=True, by="ani")
    record_decision(con, "dapodik:5", "dukcapil:6", same=False, by="ani")
    assert refresh_queue(con, low=0.5, high=0.9) == 1
    assert queued(con) == {("dukcapil:1", "eppgbm:4")}


def test_deciding_removes_pair_from_queue(con: duckdb.DuckDBPyConnection) -> None:
    create_pairs(con, [("dukcapil:1", "dtks:7", 0.6), ("eppgbm:4", "dapodik:5", 0.7)])
    refresh_queue(con, low=0.5, high=0.9)
    record_decision(con, "dukcapil:1", "dtks:7", same=False, by="ani")
    assert queued(con) == {("dapodik:5", "eppgbm:4")}


def test_refresh_keeps_queued_at_of_waiting_pairs(con: duckdb.DuckDBPyConnection) -> None:
    create_pairs(con, [("dukcapil:1", "dtks:7", 0.6)])
    refresh_queue(con, low=0.5, high=0.9)
    con.execute("UPDATE link.review_queue SET queued_at = TIMESTAMP '2025-01-02 03:04:05'")
    refresh_queue(con, low=0.5, high=0.9)
    [item] = list_queue(con, 10)
    assert item.queued_at.year == 2025


def test_list_queue_orders_by_uncertainty_and_masks_nik(con: duckdb.DuckDBPyConnection) -> None:
    create_pairs(
        con,
        [
            ("dukcapil:1", "dtks:7", 0.85),
            ("eppgbm:4", "dapodik:5", 0.52),
            ("dukcapil:1", "dukcapil:6", 0.3),
        ],
    )
    refresh_queue(con, low=0.2, high=0.9)
    items = list_queue(con, 10)
    assert [round(i.match_probability, 2) for i in items] == [0.52, 0.3, 0.85]
    assert len(list_queue(con, 2)) == 2
    last = items[2]
    assert last.left["nik"] == "3310********0001"
    assert last.left["name_display"] == "SITI AMINAH"
    assert last.right["source"] == "dukcapil"
    dumped = json.dumps([i.to_dict() for i in items])
    assert "3310125508900001" not in dumped
    assert "2001150009" not in dumped  # No. KK masked too


@pytest.mark.parametrize(("low", "high"), [(0.9, 0.5), (-0.1, 0.5), (0.5, 1.5), (0.5, 0.5)])
def test_bad_band_is_refused(con: duckdb.DuckDBPyConnection, low: float, high: float) -> None:
    create_pairs(con, [])
    with pytest.raises(ReviewError) as info:
        refresh_queue(con, low=low, high=high)
    assert info.value.code == "review-bad-band"


def test_refresh_without_pairs_says_run_link_first(con: duckdb.DuckDBPyConnection) -> None:
    with pytest.raises(ReviewError) as info:
        refresh_queue(con, low=0.5, high=0.9)
    assert info.value.code == "linkage-not-run"


def _forced(decisions: list[tuple[int, int, bool]], a: int, b: int) -> bool:
    """Brute force: closure of "sama" decisions; forced if same group or a "beda" separates."""
    group = list(range(len(UIDS)))
    for _ in UIDS:
        for x, y, same in decisions:
            if same:
                low = min(group[x], group[y])
                group = [low if g in (group[x], group[y]) else g for g in group]
    if group[a] == group[b]:
        return True
    return any(
        not same and {group[x], group[y]} == {group[a], group[b]} for x, y, same in decisions
    )


pair_index = st.tuples(st.integers(0, 5), st.integers(0, 5)).filter(lambda t: t[0] != t[1])


@settings(max_examples=40, deadline=None)
@given(
    decisions=st.lists(st.tuples(st.integers(0, 5), st.integers(0, 5), st.booleans()), max_size=6),
    probs=st.dictionaries(pair_index, st.floats(0.0, 1.0), max_size=15),
)
def test_queue_matches_brute_force(
    decisions: list[tuple[int, int, bool]], probs: dict[tuple[int, int], float]
) -> None:
    con = duckdb.connect()
    create_records(con, PEOPLE)
    create_pairs(con, [(UIDS[a], UIDS[b], p) for (a, b), p in probs.items()])
    decisions = [(a, b, s) for a, b, s in decisions if a != b]
    latest: dict[frozenset[int], tuple[int, int, bool]] = {}
    for a, b, same in decisions:
        record_decision(con, UIDS[a], UIDS[b], same=same, by="uji")
        latest[frozenset((a, b))] = (a, b, same)
    in_force = list(latest.values())
    best: dict[frozenset[int], float] = {}
    for (a, b), p in probs.items():
        best[frozenset((a, b))] = max(p, best.get(frozenset((a, b)), 0.0))
    expected = {
        tuple(sorted((UIDS[a], UIDS[b])))
        for key, p in best.items()
        for a, b in [tuple(key)]
        if 0.3 <= p < 0.8 and not _forced(in_force, a, b)
    }
    assert refresh_queue(con, low=0.3, high=0.8) == len(expected)
    assert queued(con) == expected
    for a, b in itertools.combinations(range(6), 2):
        if frozenset((a, b)) in latest:
            assert tuple(sorted((UIDS[a], UIDS[b]))) not in queued(con)


# --- bulk import ----------------------------------------------------------------------------


def test_import_stores_all_rows(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    f = tmp_path / "keputusan.csv"
    f.write_text(
        "\ufeffuid_l,uid_r,keputusan,catatan\n"
        "dtks:7,dukcapil:1,sama,\n"
        "eppgbm:4,dukcapil:6,Beda Orang,ayah dan anak\n"
        "\n",
        encoding="utf-8",
    )
    result = import_decisions(con, f, by="ani")
    assert (result.decisions, result.same, result.different) == (2, 1, 1)
    got = {(d.uid_l, d.uid_r, d.same, d.note) for d in load_decisions(con)}
    assert got == {
        ("dtks:7", "dukcapil:1", True, ""),
        ("dukcapil:6", "eppgbm:4", False, "ayah dan anak"),
    }


def test_import_accepts_semicolons(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    f = tmp_path / "k.csv"
    f.write_text("uid_l;uid_r;keputusan\ndtks:7;dukcapil:1;beda\n", encoding="utf-8")
    assert import_decisions(con, f, by="ani").different == 1


@pytest.mark.parametrize(
    ("body", "code", "named"),
    [
        ("uid_l,uid_r,keputusan\ndtks:7,dukcapil:1,sama\ndtks:7,dukcapil:6,mungkin\n",
         "review-import-verdict", "baris 3"),
        ("uid_l,uid_r,keputusan\ndtks:7,dukcapil:1,sama\ndtks:7,dtks:404,beda\n",
         "review-unknown-record", "baris 3"),
        ("uid_a,uid_b,keputusan\ndtks:7,dukcapil:1,sama\n", "review-import-columns", "uid_l"),
        ("", "review-import-columns", "uid_l"),
    ],
)  # fmt: skip
def test_import_is_all_or_nothing(
    con: duckdb.DuckDBPyConnection, tmp_path: Path, body: str, code: str, named: str
) -> None:
    f = tmp_path / "k.csv"
    f.write_text(body, encoding="utf-8")
    with pytest.raises(ReviewError) as info:
        import_decisions(con, f, by="ani")
    assert info.value.code == code
    assert named in info.value.message
    assert load_decisions(con) == []


def test_import_missing_file(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    with pytest.raises(ReviewError) as info:
        import_decisions(con, tmp_path / "tidak-ada.csv", by="ani")
    assert info.value.code == "review-import-unreadable"


# --- the CLI --------------------------------------------------------------------------------


@pytest.fixture
def linked_ws(workspace: Workspace) -> Workspace:
    with open_store(workspace.analytics_db) as store:
        create_records(store.con, PEOPLE)
        create_pairs(store.con, [("dukcapil:1", "pbi_jk:3", 0.7), ("eppgbm:4", "dapodik:5", 0.6)])
        refresh_queue(store.con, low=0.5, high=0.9)
    return workspace


def cli_app() -> typer.Typer:
    """The review commands on their own (the lead wires them into ``rajut``)."""
    app = typer.Typer()
    review_cmd.register(app)
    return app


def run_cli(ws: Workspace, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli_app(), [*args, "--workspace", str(ws.root)])
    return result.exit_code, result.output


def test_cli_list_decide_and_import(linked_ws: Workspace, tmp_path: Path) -> None:
    code, out = run_cli(linked_ws, "review", "list", "--json")
    assert code == 0, out
    listed = json.loads(out)
    assert listed["total"] == 2
    assert listed["items"][0]["uid_l"] == "dapodik:5"  # 0.6 is closer to 0.5 than 0.7
    code, out = run_cli(
        linked_ws, "review", "decide", "eppgbm:4", "dapodik:5", "--beda", "--note", "kembar",
        "--by", "ani", "--json",
    )  # fmt: skip
    assert code == 0, out
    assert json.loads(out)["keputusan"] == "beda"
    code, out = run_cli(linked_ws, "review", "list")
    assert code == 0 and "dukcapil:1" in out and "dapodik:5" not in out
    f = tmp_path / "k.csv"
    f.write_text("uid_l,uid_r,keputusan,catatan\ndukcapil:1,pbi_jk:3,sama,\n", encoding="utf-8")
    code, out = run_cli(linked_ws, "review", "import", str(f), "--by", "budi")
    assert code == 0 and "1 keputusan" in out
    code, out = run_cli(linked_ws, "review", "list")
    assert "kosong" in out
    with open_store(linked_ws.analytics_db) as store:
        assert {(d.uid_l, d.same, d.decided_by) for d in load_decisions(store.con)} == {
            ("dapodik:5", False, "ani"),
            ("dukcapil:1", True, "budi"),
        }


def test_cli_refresh_uses_settings_band(linked_ws: Workspace) -> None:
    code, out = run_cli(linked_ws, "review", "refresh", "--json")
    assert code == 0, out
    assert json.loads(out)["queued"] == 2
    code, out = run_cli(linked_ws, "review", "refresh", "--low", "0.65", "--json")
    assert json.loads(out)["queued"] == 1


def test_cli_decide_needs_a_verdict(linked_ws: Workspace) -> None:
    result = CliRunner().invoke(
        cli_app(), ["review", "decide", "eppgbm:4", "dapodik:5", "--workspace", str(linked_ws.root)]
    )
    assert isinstance(result.exception, ReviewError)
    assert result.exception.code == "review-no-verdict"


# --- end to end: decisions override the model on the next run -------------------------------

DEMO_PEOPLE = 1000
DEMO_SEED = 7


def linked_demo(tmp_path_factory: pytest.TempPathFactory, dest: Path) -> Workspace:
    """A copy (at ``dest``) of a linked synthetic kabupaten, built once per test session."""
    from rajut.demo.pipeline import run_demo
    from rajut.linkage.run import run_linkage
    from rajut.workspace import open_workspace

    base = tmp_path_factory.getbasetemp() / "review_linked_demo"
    if not (base / "done").exists():
        shutil.rmtree(base, ignore_errors=True)
        run_demo(base / "ws", people=DEMO_PEOPLE, seed=DEMO_SEED)
        run_linkage(open_workspace(base / "ws"))
        (base / "done").write_text("ok", encoding="utf-8")
    shutil.copytree(base / "ws", dest)
    return open_workspace(dest)


PAIR_SQL = """
SELECT a.uid, b.uid
FROM link.record_person a
JOIN link.record_person b ON a.uid < b.uid AND (a.person_id = b.person_id) = $same_person
JOIN link.records ra ON ra.uid = a.uid
JOIN link.records rb ON rb.uid = b.uid
WHERE {condition}
ORDER BY a.uid, b.uid LIMIT 1
"""


def pick_pair(
    con: duckdb.DuckDBPyConnection, *, same_person: bool, condition: str
) -> tuple[str, str]:
    rows = con.execute(
        PAIR_SQL.format(condition=condition), {"same_person": same_person}
    ).fetchall()
    assert rows, f"no pair with same_person={same_person} and {condition}"
    return rows[0][0], rows[0][1]


def same_person_now(con: duckdb.DuckDBPyConnection, a: str, b: str) -> bool:
    rows = dict(
        con.execute(
            "SELECT uid, person_id FROM link.record_person WHERE uid IN (?, ?)", [a, b]
        ).fetchall()
    )
    return bool(rows[a] == rows[b])


def decide_and_relink(
    ws: Workspace, picks: list[tuple[bool, str]]
) -> tuple[list[tuple[str, str, bool]], dict[str, Any]]:
    """For each (same_person_now, condition) pick a pair, decide the opposite, re-link."""
    from rajut.linkage.run import run_linkage

    decided = []
    with open_store(ws.analytics_db) as store:
        for linked, condition in picks:
            a, b = pick_pair(store.con, same_person=linked, condition=condition)
            record_decision(store.con, a, b, same=not linked, by="uji-e2e")
            decided.append((a, b, not linked))
    summary = run_linkage(ws)
    return decided, summary


@pytest.mark.slow
def test_decisions_override_model_after_relink(
    tmp_path_factory: pytest.TempPathFactory, tmp_path: Path
) -> None:
    ws = linked_demo(tmp_path_factory, tmp_path / "ws")
    decided, summary = decide_and_relink(
        ws,
        [
            (True, "(ra.nik IS NULL OR rb.nik IS NULL) AND ra.source <> rb.source"),  # model link
            (False, "ra.nik IS NULL AND rb.nik IS NULL"),  # unlinked
        ],
    )
    assert summary["review_decisions"] == 2
    with open_store(ws.analytics_db) as store:
        for a, b, same in decided:
            assert same_person_now(store.con, a, b) is same, (a, b, same)
        queue = set(store.con.execute("SELECT uid_l, uid_r FROM link.review_queue").fetchall())
        assert not {(a, b) for a, b, _ in decided} & queue


@pytest.mark.slow
def test_decisions_override_nik_rules_after_relink(
    tmp_path_factory: pytest.TempPathFactory, tmp_path: Path
) -> None:
    ws = linked_demo(tmp_path_factory, tmp_path / "ws")
    decided, _ = decide_and_relink(
        ws,
        [
            (True, "ra.nik = rb.nik"),  # linked by the deterministic NIK pass
            (False, "ra.nik IS NOT NULL AND rb.nik IS NOT NULL AND ra.nik <> rb.nik"),
        ],
    )
    with open_store(ws.analytics_db) as store:
        for a, b, same in decided:
            assert same_person_now(store.con, a, b) is same, (a, b, same)
