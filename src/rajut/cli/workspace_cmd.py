"""``rajut init``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from rajut.cli.common import JsonOption, emit
from rajut.workspace import init_workspace


def register(app: typer.Typer) -> None:
    app.command("init")(init)


def init(
    directory: Annotated[Path, typer.Argument(help="Folder ruang kerja baru.")],
    name: Annotated[str | None, typer.Option(help="Nama ruang kerja.")] = None,
    kabupaten: Annotated[
        str | None, typer.Option(help="Kode Kemendagri kabupaten, mis. 33.10.")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Buat ruang kerja baru: rajut.toml, sources/ dan data/."""
    ws = init_workspace(directory, name=name, kabupaten_code=kabupaten)
    summary = {
        "ok": True,
        "workspace": str(ws.root.resolve()),
        "kabupaten_code": ws.settings.general.kabupaten_code,
        "kabupaten": ws.wilayah().name(ws.settings.general.kabupaten_code),
    }

    def render(console: Console) -> None:
        console.print(
            f"Ruang kerja dibuat di [bold]{summary['workspace']}[/] "
            f"untuk {summary['kabupaten']} ({summary['kabupaten_code']})."
        )
        console.print("Langkah berikut: tambahkan kontrak sumber data di folder sources/.")

    emit(summary, as_json, render)
