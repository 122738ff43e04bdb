"""``rajut standard show|export`` through typer's CliRunner on a tiny app."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from rajut.cli import standard_cmd
from rajut.standard import StandardError, load_standard


@pytest.fixture(scope="module")
def app() -> typer.Typer:
    tiny = typer.Typer()

    @tiny.callback()
    def _root() -> None:
        """Aplikasi uji."""

    standard_cmd.register(tiny)
    return tiny


runner = CliRunner()


def test_export_json(app: typer.Typer, tmp_path: Path) -> None:
    out = tmp_path / "skema"
    result = runner.invoke(app, ["standard", "export", "--out", str(out), "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["ok"] is True
    assert summary["files"][-1] == "datapackage.json"
    assert "person.schema.json" in summary["files"]
    for name in summary["files"]:
        assert (out / name).is_file()
    schema = json.loads((out / "person.schema.json").read_text(encoding="utf-8"))
    assert schema == load_standard().table_schema("person")


def test_export_human(app: typer.Typer, tmp_path: Path) -> None:
    result = runner.invoke(app, ["standard", "export", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "8 berkas standar data" in result.stdout
    assert (tmp_path / "codelists.json").is_file()


def test_show_overview_json(app: typer.Typer) -> None:
    result = runner.invoke(app, ["standard", "show", "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert [t["name"] for t in summary["tables"]] == list(load_standard().tables)
    assert "wilayah_kemendagri" in summary["codelists"]


def test_show_table(app: typer.Typer) -> None:
    result = runner.invoke(app, ["standard", "show", "growth", "--json"])
    summary = json.loads(result.stdout)
    fields = {f["name"]: f for f in summary["fields"]}
    assert fields["weight_kg"]["satuan"] == "kg"
    assert fields["status_tbu"]["klasifikasi"] == "status_tbu"
    human = runner.invoke(app, ["standard", "show", "person"])
    assert human.exit_code == 0
    # rich wraps long cells at the console width; check short, unwrapped text only.
    assert "Kunci baris: source, record_id" in human.stdout and "sex" in human.stdout


def test_show_unknown_table_is_a_user_error(app: typer.Typer) -> None:
    result = runner.invoke(app, ["standard", "show", "orang"])
    assert isinstance(result.exception, StandardError)
    assert result.exception.code == "unknown-table"
