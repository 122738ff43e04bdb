"""``rajut targets`` through Typer (registered on a private app: app.py is wired by the lead)."""

from __future__ import annotations

import json

import typer
from typer.testing import CliRunner

from rajut.cli import targets_cmd
from rajut.errors import RajutError
from rajut.workspace import Workspace


def _app() -> typer.Typer:
    app = typer.Typer()
    targets_cmd.register(app)

    @app.callback()
    def _root() -> None:
        """rajut (uji)."""

    return app


def test_targets_json_summary(tiny: tuple[Workspace, str]) -> None:
    ws, build = tiny
    out = ws.root / "s.xlsx"
    result = CliRunner().invoke(
        _app(),
        [
            "targets",
            "--as-of",
            "2026-06-30",
            "--out",
            str(out),
            "--rule",
            "penerima-meninggal",
            "--workspace",
            str(ws.root),
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["ok"] and summary["build_id"] == build and summary["format"] == "xlsx"
    assert summary["rules"] == [
        {
            "rule_id": "penerima-meninggal",
            "judul": summary["rules"][0]["judul"],
            "jenis": "inklusi",
            "unit": "person",
            "rows": 1,
        }
    ]
    assert summary["nik_masked"] is True and summary["build_created"] is False
    assert out.is_file()


def test_targets_human_output(tiny: tuple[Workspace, str]) -> None:
    ws, _ = tiny
    out = ws.root / "s.html"
    result = CliRunner().invoke(
        _app(), ["targets", "--as-of", "2026-06-30", "--out", str(out), "-w", str(ws.root)]
    )
    assert result.exit_code == 0, result.output
    assert "Calon sasaran per 2026-06-30" in result.stdout and "disamarkan" in result.stdout


def test_bad_date_is_a_user_error(tiny: tuple[Workspace, str]) -> None:
    ws, _ = tiny
    result = CliRunner().invoke(
        _app(), ["targets", "--as-of", "30-06-2026", "--out", "x.xlsx", "-w", str(ws.root)]
    )
    assert isinstance(result.exception, RajutError)
    assert result.exception.code == "as-of-invalid"
