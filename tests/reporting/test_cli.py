"""``rajut report``: list, each format, JSON summary and user errors."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from typer.testing import CliRunner

from rajut.cli import report_cmd
from rajut.workspace import Workspace

runner = CliRunner()


def _app() -> typer.Typer:
    app = typer.Typer()

    @app.callback()
    def _root() -> None:  # a group, so `report` stays a sub-command
        pass

    report_cmd.register(app)
    return app


def test_list(integ_ws: Workspace) -> None:
    done = runner.invoke(_app(), ["report", "list", "-w", str(integ_ws.root), "--json"])
    assert done.exit_code == 0, done.output
    ids = [r["id"] for r in json.loads(done.stdout)["recaps"]]
    assert ids == ["cakupan-program", "target-realisasi", "mutu-data"]


def test_report_pdf_json(integ_ws: Workspace, tmp_path: Path) -> None:
    out = tmp_path / "rekap.pdf"
    args = ["report", "target-realisasi", "--as-of", "2026-06-30", "--out", str(out)]
    done = runner.invoke(_app(), [*args, "-w", str(integ_ws.root), "--json"])
    assert done.exit_code == 0, done.output
    summary = json.loads(done.stdout)
    assert summary["format"] == "pdf" and summary["build_id"] == "b1"
    assert out.read_bytes().startswith(b"%PDF")
    first = summary["tables"][0]["records"][0]
    assert (first["program"], first["target"], first["realisasi"]) == ("PKH", 3, 3)


def test_default_output_path(integ_ws: Workspace) -> None:
    args = ["report", "mutu-data", "--as-of", "2026-06-30", "--format", "xlsx"]
    done = runner.invoke(_app(), [*args, "-w", str(integ_ws.root)])
    assert done.exit_code == 0, done.output
    assert (integ_ws.root / "reports" / "rekap" / "mutu-data_2026-06-30.xlsx").is_file()


def test_bad_date_is_a_user_error(integ_ws: Workspace) -> None:
    from rajut.errors import RajutError

    done = runner.invoke(
        _app(), ["report", "mutu-data", "--as-of", "30-06-2026", "-w", str(integ_ws.root)]
    )
    assert isinstance(done.exception, RajutError)
    assert done.exception.code == "as-of-invalid"
