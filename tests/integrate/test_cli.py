"""``rajut build`` and ``rajut concepts list`` (registered on a test app)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from rajut.cli import build_cmd
from rajut.errors import RajutError


@pytest.fixture
def app() -> typer.Typer:
    application = typer.Typer()

    @application.callback()
    def _root() -> None:
        pass

    build_cmd.register(application)
    return application


def test_build_json_then_concepts(app: typer.Typer, demo_copy: Path) -> None:
    runner = CliRunner()
    human = runner.invoke(app, ["build", "--as-of", "2026-03-31", "-w", str(demo_copy)])
    assert human.exit_code == 0, human.output
    assert "Tidak dipakai: dukcapil" in human.output
    done = runner.invoke(app, ["build", "--as-of", "2026-06-30", "-w", str(demo_copy), "--json"])
    assert done.exit_code == 0, done.output
    summary = json.loads(done.stdout)
    assert summary["ok"] and summary["counts"]["person"] > 900
    assert set(summary["inputs"]["sources"]) == {"dukcapil", "dtks", "eppgbm", "dapodik", "pbi_jk"}
    listed = runner.invoke(app, ["concepts", "list", "-w", str(demo_copy), "--json"])
    assert listed.exit_code == 0, listed.output
    concepts = {c["id"]: c for c in json.loads(listed.stdout)["concepts"]}
    assert concepts["rumah_tangga_miskin_rentan"]["anggota"] > 0
    assert concepts["balita_stunting"]["metadata"]["produsen"] == "Dinas Kesehatan"
    table = runner.invoke(app, ["concepts", "list", "-w", str(demo_copy)])
    assert "balita_stunting" in table.output


def test_bad_date_is_a_bahasa_error(app: typer.Typer, demo_copy: Path) -> None:
    done = CliRunner().invoke(app, ["build", "--as-of", "30-06-2026", "-w", str(demo_copy)])
    assert isinstance(done.exception, RajutError)
    assert "TTTT-BB-HH" in done.exception.hint
