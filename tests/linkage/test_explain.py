"""``explain_pair`` and ``rajut explain``: a stub scorer on hand-made records."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import duckdb
import pytest
import typer
from typer.testing import CliRunner

from rajut.cli import review_cmd
from rajut.linkage import probabilistic
from rajut.linkage.explain import explain_pair, format_percent, side_by_side
from rajut.linkage.probabilistic import ComparisonExplanation, LinkageModel, PairExplanation
from rajut.linkage.review import ReviewError, record_decision
from rajut.store import open_store
from rajut.workspace import Workspace
from tests.linkage.test_review import PEOPLE, create_pairs, create_records, linked_demo

STUB_PARTS = [
    ("name", "Nama", "exact", "Sama persis", 6.5),
    ("birth_date", "Tanggal lahir", "swap", "Hari dan bulan tertukar", 2.25),
    ("sex", "Jenis kelamin", "diff", "Berbeda", -3.0),
]
PRIOR = -8.0


class StubScorer:
    """Stands in for ``score_pairs``: fixed weights, remembers what it was asked."""

    def __init__(self) -> None:
        self.calls: list[tuple[Any, list[tuple[str, str]]]] = []

    def __call__(
        self, con: duckdb.DuckDBPyConnection, model: Any, pairs: Sequence[tuple[str, str]]
    ) -> list[PairExplanation]:
        self.calls.append((model, list(pairs)))
        parts = [ComparisonExplanation(*p) for p in STUB_PARTS]
        total = PRIOR + sum(p.match_weight for p in parts)
        prob = 2**total / (1 + 2**total)
        return [PairExplanation(a, b, PRIOR, parts, total, prob) for a, b in pairs]


def stub_model(lam: float = 0.001) -> LinkageModel:
    return LinkageModel(probability_two_random_records_match=lam, comparisons={})


@pytest.fixture
def con() -> duckdb.DuckDBPyConnection:
    c = duckdb.connect()
    create_records(c, PEOPLE)
    return c


def test_explanation_is_chartable_data(con: duckdb.DuckDBPyConnection) -> None:
    scorer = StubScorer()
    model = stub_model()
    result = explain_pair(con, "pbi_jk:3", "dukcapil:1", model=model, scorer=scorer)
    assert scorer.calls == [(model, [("dukcapil:1", "pbi_jk:3")])]
    assert (result["uid_l"], result["uid_r"]) == ("dukcapil:1", "pbi_jk:3")
    assert result["comparisons"] == [
        {"comparison": "name", "label": "Nama", "level": "Sama persis", "level_key": "exact",
         "weight": 6.5},
        {"comparison": "birth_date", "label": "Tanggal lahir", "level": "Hari dan bulan tertukar",
         "level_key": "swap", "weight": 2.25},
        {"comparison": "sex", "label": "Jenis kelamin", "level": "Berbeda", "level_key": "diff",
         "weight": -3.0},
    ]  # fmt: skip
    assert result["prior_weight"] == PRIOR
    assert result["match_weight"] == pytest.approx(PRIOR + 6.5 + 2.25 - 3.0)
    assert result["match_probability"] == pytest.approx(2**-2.25 / (1 + 2**-2.25))
    assert "peluang sama orang 17," in result["summary"]
    json.dumps(result)  # plain data


def test_fields_side_by_side_are_masked(con: duckdb.DuckDBPyConnection) -> None:
    result = explain_pair(con, "dukcapil:1", "pbi_jk:3", model=stub_model(), scorer=StubScorer())
    fields = {f["field"]: f for f in result["fields"]}
    assert fields["nik_raw"]["left"] == "3310********0001"
    assert fields["nik_raw"]["right"] is None and fields["nik_raw"]["same"] is None
    assert fields["name_display"] == {
        "field": "name_display",
        "label": "Nama",
        "left": "SITI AMINAH",
        "right": "SITI AMINA",
        "same": False,
    }
    assert fields["birth_date"]["left"] == "1990-08-15" and fields["birth_date"]["same"] is True
    assert fields["kk_number"]["left"] == "3310********0009"
    text = json.dumps(result)
    assert "3310125508900001" not in text and "3310122001150009" not in text


def test_side_by_side_compares_raw_values_before_masking() -> None:
    left = {"nik_raw": "3310125508900001"}
    right = {"nik_raw": "3310125508900001".replace("89", "98")}
    [nik] = [f for f in side_by_side(left, right) if f["field"] == "nik_raw"]
    assert nik["left"] == nik["right"] == "3310********0001"  # masks look alike …
    assert nik["same"] is False  # … but the values differ


def _nik_groups(con: duckdb.DuckDBPyConnection, rows: list[tuple[str, str, str, bool]]) -> None:
    con.execute(
        "CREATE TABLE link.nik_groups (uid VARCHAR, component VARCHAR, anchor_uid VARCHAR, "
        "compatible BOOLEAN)"
    )
    con.executemany("INSERT INTO link.nik_groups VALUES (?, ?, ?, ?)", rows)


def test_deterministic_reason_shared_sound_nik(con: duckdb.DuckDBPyConnection) -> None:
    nik = "nik:3310125508900001"
    _nik_groups(con, [("dukcapil:1", nik, "dukcapil:1", True), ("dtks:7", nik, "dukcapil:1", True)])
    det = explain_pair(con, "dukcapil:1", "dtks:7")["deterministic"]
    assert det["shared_nik"] is True and det["linked"] is True
    assert "Ditautkan pasti" in det["reason"] and "3310********0001" in det["reason"]


def test_deterministic_reason_nik_ganda(con: duckdb.DuckDBPyConnection) -> None:
    nik = "nik:3310125508900001"
    _nik_groups(
        con, [("dukcapil:1", nik, "dukcapil:1", True), ("dtks:7", "dtks:7", "dukcapil:1", False)]
    )
    det = explain_pair(con, "dukcapil:1", "dtks:7")["deterministic"]
    assert det["shared_nik"] is True and det["linked"] is False
    assert "NIK ganda" in det["reason"]


def test_deterministic_reason_same_written_nik_not_sound(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("UPDATE link.records SET nik = NULL WHERE uid = 'dtks:7'")
    det = explain_pair(con, "dukcapil:1", "dtks:7")["deterministic"]
    assert det["shared_nik"] is False and "tidak sah sebagai kunci pasti" in det["reason"]
    det = explain_pair(con, "dukcapil:1", "dukcapil:6")["deterministic"]
    assert det == {
        "shared_nik": False,
        "linked": False,
        "reason": "Tidak berbagi NIK sah yang sama.",
    }


def test_decision_and_current_persons(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(
        "CREATE TABLE link.record_person AS FROM (VALUES ('dukcapil:1', 'RJ1'), ('dtks:7', 'RJ1'),"
        " ('dukcapil:6', 'RJ2')) t(uid, person_id)"
    )
    record_decision(con, "dtks:7", "dukcapil:1", same=False, by="ani", note="kembar")
    result = explain_pair(con, "dukcapil:1", "dtks:7")
    assert result["decision"]["keputusan"] == "beda"
    assert result["decision"]["note"] == "kembar"
    assert result["decision_history"] == 1
    assert result["person"] == {"left": "RJ1", "right": "RJ1", "same_person": True}
    assert "mengalahkan model" in result["summary"]
    other = explain_pair(con, "dukcapil:1", "dukcapil:6")
    assert other["person"]["same_person"] is False and other["decision"] is None
    assert explain_pair(con, "dukcapil:1", "pbi_jk:3")["person"]["same_person"] is None


def test_without_model_there_are_no_comparisons(con: duckdb.DuckDBPyConnection) -> None:
    result = explain_pair(con, "dukcapil:1", "dtks:7")
    assert result["comparisons"] == [] and result["match_probability"] is None
    assert result["model"] is None
    assert "belum tersedia" in result["summary"]


def _store_models(con: duckdb.DuckDBPyConnection, *models: tuple[str, str, LinkageModel]) -> None:
    con.execute(
        "CREATE TABLE IF NOT EXISTS link.models (model_id VARCHAR, created_at TIMESTAMP, "
        "model_json VARCHAR)"
    )
    for model_id, at, m in models:
        con.execute("INSERT INTO link.models VALUES (?, ?, ?)", [model_id, at, m.to_json()])


def test_latest_stored_model_is_used(con: duckdb.DuckDBPyConnection) -> None:
    _store_models(
        con,
        ("old", "2026-01-01 10:00:00", stub_model(0.5)),
        ("new", "2026-03-01 10:00:00", stub_model(0.25)),
        ("mid", "2026-02-01 10:00:00", stub_model(0.75)),
    )
    create_pairs(con, [("dukcapil:1", "dtks:7", 0.875)])
    scorer = StubScorer()
    result = explain_pair(con, "dtks:7", "dukcapil:1", scorer=scorer)
    assert scorer.calls[0][0].probability_two_random_records_match == 0.25
    assert result["model"]["model_id"] == "new"
    assert result["pair_probability"] == 0.875


def test_unknown_record_is_a_bahasa_error(con: duckdb.DuckDBPyConnection) -> None:
    with pytest.raises(ReviewError) as info:
        explain_pair(con, "dukcapil:1", "dtks:12345")
    assert "dtks:12345" in info.value.message


def test_format_percent() -> None:
    assert format_percent(0.9731) == "97,31 %"
    assert format_percent(0.0) == "0,00 %"


def test_weight_bar_is_proportional() -> None:
    assert review_cmd.weight_bar(10.0, 10.0) == "[green]" + "▇" * 20 + "[/]"
    assert review_cmd.weight_bar(-5.0, 10.0) == "[red]" + "▇" * 10 + "[/]"
    assert review_cmd.weight_bar(0.01, 10.0).count("▇") == 1  # never invisible
    assert review_cmd.weight_bar(None, 10.0) == ""


def test_cli_explain(workspace: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    with open_store(workspace.analytics_db) as store:
        create_records(store.con, PEOPLE)
        _store_models(store.con, ("m1", "2026-01-01 10:00:00", stub_model()))
    monkeypatch.setattr(probabilistic, "score_pairs", StubScorer())
    app = typer.Typer()
    review_cmd.register(app)
    args = ["explain", "dukcapil:1", "pbi_jk:3", "--workspace", str(workspace.root)]
    result = CliRunner().invoke(app, args, env={"COLUMNS": "160"})
    assert result.exit_code == 0, result.output
    assert "Tanggal lahir" in result.output and "Hari dan bulan tertukar" in result.output
    assert "▇" in result.output and "+6,50" in result.output and "-8,00" in result.output
    assert "3310125508900001" not in result.output
    result = CliRunner().invoke(app, [*args, "--json"])
    data = json.loads(result.output)
    assert data["ok"] is True and data["model"]["model_id"] == "m1"
    assert [c["weight"] for c in data["comparisons"]] == [6.5, 2.25, -3.0]


@pytest.mark.slow
def test_real_model_on_synthetic_kabupaten(
    tmp_path_factory: pytest.TempPathFactory, tmp_path: Path
) -> None:
    from rajut.linkage.probabilistic import COMPARISON_LABELS

    ws = linked_demo(tmp_path_factory, tmp_path / "ws")
    with open_store(ws.analytics_db) as store:
        con = store.con
        pairs = con.execute(
            "SELECT uid_l, uid_r, match_probability FROM link.pairs "
            "WHERE match_probability BETWEEN 0.2 AND 0.999 ORDER BY uid_l, uid_r LIMIT 3"
        ).fetchall()
        assert pairs
        for a, b, stored in pairs:
            result = explain_pair(con, b, a)
            rows = result["comparisons"]
            assert [r["comparison"] for r in rows] == list(COMPARISON_LABELS)
            assert [r["label"] for r in rows] == list(COMPARISON_LABELS.values())
            assert all(r["level"] for r in rows)
            total = result["prior_weight"] + sum(r["weight"] for r in rows)
            assert total == pytest.approx(result["match_weight"], abs=1e-2)
            w = result["match_weight"]
            assert result["match_probability"] == pytest.approx(2**w / (1 + 2**w), abs=1e-3)
            assert result["match_probability"] == pytest.approx(stored, abs=1e-6)
            assert result["pair_probability"] == pytest.approx(stored)
            assert result["person"]["same_person"] is not None
            assert result["model"]["model_id"]
