"""Options and output helpers shared by every command."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from rajut.errors import RajutError
from rajut.workspace import Workspace, open_workspace, resolve_workspace_dir

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
    """Print one JSON object (``--json``) or the human rendering.

    The console is made per call, so it follows the terminal (or ``COLUMNS``) of this run.
    """
    if as_json:
        sys.stdout.write(json.dumps(summary, ensure_ascii=False, default=str) + "\n")
    else:
        render(Console())


AsOfOption = Annotated[
    str, typer.Option("--as-of", help="Tanggal acuan TTTT-BB-HH: data terakhir ≤ tanggal ini.")
]


def parse_as_of(text: str | None) -> date:
    """``--as-of`` text → date, or a Bahasa error that says how to write it."""
    if not text:
        raise RajutError(
            "Tanggal acuan belum diberikan.",
            "Tambahkan --as-of TTTT-BB-HH, mis. --as-of 2026-06-30.",
            code="as-of-missing",
        )
    try:
        return date.fromisoformat(text.strip())
    except ValueError as exc:
        raise RajutError(
            f"Tanggal acuan --as-of {text!r} tidak dikenali.",
            "Tulis tanggal sebagai TTTT-BB-HH, mis. 2026-06-30.",
            code="as-of-invalid",
        ) from exc


T = TypeVar("T")


def with_progress(as_json: bool, work: Callable[[Callable[[str], None]], T]) -> T:
    """Run ``work(step)``; unless ``--json``, each ``step("…")`` updates a spinner on stderr."""
    if as_json:
        return work(lambda _step: None)
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
    ) as progress:
        task = progress.add_task("Memulai", total=None)
        return work(lambda step: progress.update(task, description=step))
