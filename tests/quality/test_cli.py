"""``rajut quality NAME`` through typer's CliRunner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from rajut.cli import quality_cmd
from rajut.quality import QualityError
from rajut.workspace import Workspace
from tests.quality.conftest import OLD_RUN_ID, RUN_ID


@pytest.fixture
def app() -> typer.Typer:
    app = typer.Typer()
    quality_cmd.register(app)

    @app.callback()
    def _root() -> None:
        """Root so that ``quality`` stays a sub-command."""

    return app


def test_json_output_and_files(app: typer.Typer, store_ws: Workspace, tmp_path: Path) -> None:
    out = tmp_path / "laporan"
    result = CliRunner().invoke(
        app, ["quality", "uji", "-w", str(store_ws.root), "--out", str(out), "--json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["ok"] is True
    assert data["run_id"] == RUN_ID
    assert data["reconciliation"]["input_rows"] == 12
    assert Path(data["files"]["html"]).is_file()
    assert Path(data["files"]["xlsx"]).is_file()
    assert Path(data["files"]["html"]).parent == out


def test_default_folder_and_run_option(app: typer.Typer, store_ws: Workspace) -> None:
    result = CliRunner().invoke(
        app, ["quality", "uji", "-w", str(store_ws.root), "--run", OLD_RUN_ID]
    )
    assert result.exit_code == 0, result.output
    assert "Kelengkapan dan keabsahan" in result.stdout
    folder = store_ws.root / "reports" / "quality"
    assert (folder / f"mutu_uji_{OLD_RUN_ID}.html").is_file()
    assert (folder / f"mutu_uji_{OLD_RUN_ID}.xlsx").is_file()


def test_human_summary_lists_problems(app: typer.Typer, store_ws: Workspace) -> None:
    result = CliRunner().invoke(app, ["quality", "uji", "-w", str(store_ws.root)])
    assert result.exit_code == 0, result.output
    assert "Nama kosong" in result.stdout
    assert "80,0 %" in result.stdout


def test_unknown_run_is_a_user_error(app: typer.Typer, store_ws: Workspace) -> None:
    result = CliRunner().invoke(app, ["quality", "uji", "-w", str(store_ws.root), "--run", "x"])
    assert isinstance(result.exception, QualityError)
    assert "tidak ditemukan" in result.exception.message
