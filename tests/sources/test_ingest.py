from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from rajut.cli.app import app
from rajut.sources import ingest as ingest_module
from rajut.sources.contract import ContractError
from rajut.sources.ingest import IngestError, ingest_file
from rajut.sources.registry import add_source
from rajut.store import open_store
from rajut.workspace import Workspace
from tests.sources.conftest import mini_contract, write_csv

# Women: day + 40. 331012 = kecamatan 33.10.12 (Klaten).
GOOD = [
    "A1;3310125508900001;SITI AMINAH;PR;15-08-1990;33.10.12.2001",
    "A2;3310120101800002;H. MOCH. RIZKI;LK;01-01-1980;33.10.12.2001",
]
PLANTED = [
    ";3310120101800003;TANPA ID;LK;01-01-1980;33.10.12.2001",  # record id missing → quarantine
    "A1;3310125508900001;KEMBAR ID;PR;15-08-1990;33.10.12.2001",  # duplicate id → quarantine
    "A5;;;LK;01-01-1980;33.10.12.2001",  # neither NIK nor name → quarantine
    "A6;3310120101800006;TANGGAL RUSAK;LK;31-02-1980;33.10.12.2001",  # warning only
    "A7;12345;NIK PENDEK;LK;01-01-1980;33.10.12.2001",  # warning only
]


def count(ws: Workspace, sql: str) -> int:
    with open_store(ws.analytics_db) as store:
        row = store.con.execute(sql).fetchone()
    assert row is not None
    return int(row[0])


def test_every_row_is_accepted_or_quarantined(mini_source: Workspace, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "mini_202606.csv", GOOD + PLANTED)
    result = ingest_file(mini_source, "mini", path)
    assert result.input_rows == 7
    assert (result.accepted, result.quarantined) == (4, 3)
    assert result.quarantine_reasons == {
        "record-id-missing": 1,
        "record-id-duplicate": 1,
        "identity-missing": 1,
    }
    assert result.issues.get("date-invalid") == 1
    assert result.issues.get("nik-length") == 1
    assert result.period == "2026-06"
    assert count(mini_source, "SELECT count(*) FROM std.person") == 4
    assert count(mini_source, "SELECT count(*) FROM quarantine.rows") == 3


def test_standardised_values_and_provenance(mini_source: Workspace, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "mini_202606.csv", GOOD)
    result = ingest_file(mini_source, "mini", path)
    with open_store(mini_source.analytics_db) as store:
        rows = store.con.execute(
            "SELECT record_id, nik, name, name_norm, sex, birth_date, desa_code, row_number, "
            "run_id, period_start, period_end FROM std.person ORDER BY record_id"
        ).fetchall()
    siti, rizki = rows
    assert siti[0:3] == ("A1", "3310125508900001", "SITI AMINAH")
    assert siti[4] == "P" and str(siti[5]) == "1990-08-15" and siti[6] == "33.10.12.2001"
    assert rizki[3] == "MUHAMMAD RIZKI"  # title stripped, Moch. → Muhammad; original kept
    assert rizki[2] == "H. MOCH. RIZKI"
    assert siti[7] == 2 and rizki[7] == 3  # row numbers in the raw file (header is row 1)
    assert siti[8] == result.run_id
    assert (str(siti[9]), str(siti[10])) == ("2026-06-01", "2026-06-30")


def test_quarantine_keeps_raw_values_and_reasons(mini_source: Workspace, tmp_path: Path) -> None:
    ingest_file(mini_source, "mini", write_csv(tmp_path / "mini_202606.csv", GOOD + PLANTED))
    with open_store(mini_source.analytics_db) as store:
        rows = store.con.execute(
            "SELECT row_number, reasons, raw FROM quarantine.rows ORDER BY row_number"
        ).fetchall()
    assert [r[0] for r in rows] == [4, 5, 6]
    assert rows[0][1] == ["record_id:record-id-missing"]
    assert json.loads(rows[2][2])["JK"] == "LK"


def test_same_file_twice_is_a_no_op(mini_source: Workspace, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "mini_202606.csv", GOOD)
    first = ingest_file(mini_source, "mini", path)
    again = ingest_file(mini_source, "mini", path)
    assert again.already_ingested and again.run_id == first.run_id
    assert "sudah pernah" in again.notes[0]
    assert count(mini_source, "SELECT count(*) FROM meta.ingest_runs") == 1
    assert count(mini_source, "SELECT count(*) FROM std.person") == 2


def test_raw_file_is_archived_read_only(mini_source: Workspace, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "mini_202606.csv", GOOD)
    result = ingest_file(mini_source, "mini", path)
    archived = list(mini_source.raw_dir.rglob("*.csv"))
    assert len(archived) == 1 and archived[0].name.startswith(result.raw_sha256)
    assert archived[0].read_bytes() == path.read_bytes()
    assert not archived[0].stat().st_mode & 0o222


def test_new_period_adds_history(mini_source: Workspace, tmp_path: Path) -> None:
    ingest_file(mini_source, "mini", write_csv(tmp_path / "mini_202605.csv", GOOD[:1]))
    ingest_file(mini_source, "mini", write_csv(tmp_path / "mini_202606.csv", GOOD))
    assert count(mini_source, "SELECT count(DISTINCT period_label) FROM std.person") == 2
    assert count(mini_source, "SELECT count(*) FROM std.person") == 3


def test_missing_column_writes_nothing(mini_source: Workspace, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "mini_202606.csv", ["A1;x;y"], header="ID;NIK;NAMA")
    with pytest.raises(IngestError) as err:
        ingest_file(mini_source, "mini", path)
    assert "JK" in err.value.message and "mini_202606.csv" in err.value.message
    assert "sumber mini" in err.value.hint
    assert count(mini_source, "SELECT count(*) FROM meta.ingest_runs") == 0
    assert not list(mini_source.raw_dir.rglob("*.csv"))


def test_failure_mid_write_rolls_back(
    mini_source: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = ingest_module.write_run

    def explode(*args: object, **kwargs: object) -> object:
        real(*args, **kwargs)  # type: ignore[arg-type]
        raise OSError("disk penuh")

    monkeypatch.setattr(ingest_module, "write_run", explode)
    with pytest.raises(OSError):
        ingest_file(mini_source, "mini", write_csv(tmp_path / "mini_202606.csv", GOOD))
    assert count(mini_source, "SELECT count(*) FROM meta.ingest_runs") == 0
    assert count(mini_source, "SELECT count(*) FROM std.row_issues") == 0
    with open_store(mini_source.analytics_db) as store:
        assert not store.table_exists("std", "person") or store.con.execute(
            "SELECT count(*) FROM std.person"
        ).fetchone() == (0,)
    assert not list(mini_source.raw_dir.rglob("*.csv"))


def test_period_not_in_filename_needs_option(mini_source: Workspace, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "data.csv", GOOD)
    with pytest.raises(Exception) as err:
        ingest_file(mini_source, "mini", path)
    assert "--period" in str(err.value)
    result = ingest_file(mini_source, "mini", path, period="2026-05")
    assert result.period == "2026-05"


def test_unknown_field_and_code_are_reported_together(workspace: Workspace, tmp_path: Path) -> None:
    data = mini_contract(
        columns={"NIK": "person.nikk", "JK": {"field": "person.sex", "values": {"X": "Q"}}}
    )
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(ContractError) as err:
        add_source(workspace, path)
    assert "person.nikk" in err.value.message and "Q" in err.value.message


def test_cli_ingest_json(mini_source: Workspace, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "mini_202606.csv", GOOD + PLANTED)
    runner = CliRunner()
    res = runner.invoke(
        app, ["ingest", "mini", str(path), "--workspace", str(mini_source.root), "--json"]
    )
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert {k: data[k] for k in ("input_rows", "accepted", "quarantined")} == {
        "input_rows": 7,
        "accepted": 4,
        "quarantined": 3,
    }
    assert data["warnings"] >= 2


def test_file_of_another_source_is_refused_with_a_hint(
    mini_source: Workspace, tmp_path: Path
) -> None:
    # a comma-separated BPJS-style list handed to the ';' Dukcapil-style contract
    path = tmp_path / "mini_202606.csv"
    path.write_text("NO_KARTU,NIK,NAMA_PESERTA\n0001,3310125508900001,SITI\n", encoding="utf-8")
    with pytest.raises(IngestError) as err:
        ingest_file(mini_source, "mini", path)
    assert err.value.code == "column-missing"
    assert "pemisah kolom" in err.value.hint and "sumber mini" in err.value.hint
    assert count(mini_source, "SELECT count(*) FROM meta.ingest_runs") == 0
