"""Options and output helpers shared by every command."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from rajut.workspace import Workspace, open_workspace, resolve_workspace_dir

console = Console()
err_console = Console(stderr=True)

WorkspaceOption = Annotated[
    Path | None,
    typer.Option(
        "--workspace",
        "-w",
        help="Folder ruang kerja (bawaan: RAJUT_WORKSPACE atau folder saat ini).",
        envvar="RAJUT_WORKSPACE",
        show_default=False,
    ),
]
JsonOption = Annotated[
    bool,
    typer.Option("--json", help="Cetak ringkasan sebagai satu objek JSON (untuk skrip)."),
]


def workspace_from(option: Path | None) -> Workspace:
    return open_workspace(resolve_workspace_dir(option))


def emit(summary: dict[str, Any], as_json: bool, render: Callable[[Console], None]) -> None:
    """Print one JSON object (``--json``) or the human rendering."""
    if as_json:
        sys.stdout.write(json.dumps(summary, ensure_ascii=False, default=str) + "\n")
    else:
        render(console)
