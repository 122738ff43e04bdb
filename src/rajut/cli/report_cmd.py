"""``rajut report NAME --as-of DATE --format xlsx|html|pdf``; ``rajut report list``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from rajut.cli.common import JsonOption, WorkspaceOption, emit, parse_as_of, workspace_from
from rajut.reporting import FORMATS, compute_recap, load_catalog, write_report
from rajut.reporting.write import format_for

REPORTS_DIR = Path("reports") / "rekap"


def register(app: typer.Typer) -> None:
    app.command("report")(report)


def report(
    name: Annotated[str, typer.Argument(help="ID rekap, atau `list` untuk melihat daftarnya.")],
    as_of: Annotated[str | None, typer.Option("--as-of", help="Tanggal acuan TTTT-BB-HH.")] = None,
    fmt: Annotated[
        str | None,
        typer.Option("--format", help=f"Format: {', '.join(FORMATS)} (bawaan: dari --out)."),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option("--out", help="Berkas keluaran (bawaan: <ruang kerja>/reports/rekap/...)."),
    ] = None,
    build: Annotated[
        str | None, typer.Option("--build", help="ID build tertentu (bawaan: terbaru).")
    ] = None,
    workspace: WorkspaceOption = None,
    as_json: JsonOption = False,
) -> None:
    """Buat rekap baku dari data terpadu: cakupan program, target vs realisasi, mutu data."""
    ws = workspace_from(workspace)
    if name == "list":
        recaps = load_catalog(ws).rekap
        summary = {
            "ok": True,
            "recaps": [
                {
                    "id": r.id,
                    "judul": r.judul,
                    "deskripsi": r.deskripsi,
                    "tabel": [t.id for t in r.tabel],
                }
                for r in recaps
            ],
        }
        emit(summary, as_json, lambda console: _render_list(console, summary["recaps"]))
        return
    day = parse_as_of(as_of)
    chosen = format_for(out, fmt)
    target = out or ws.root / REPORTS_DIR / f"{name}_{day.isoformat()}.{chosen}"
    result = compute_recap(ws, name, day, build_id=build)
    path = write_report(result, target, chosen)
    summary = {"ok": True, "file": str(path), "format": chosen, **result.to_dict()}
    emit(summary, as_json, lambda console: _render(console, summary))


def _render_list(console: Console, recaps: object) -> None:
    table = Table(title="Rekap baku")
    for col in ("ID", "Judul", "Tabel"):
        table.add_column(col)
    for r in recaps:  # type: ignore[attr-defined]
        table.add_row(r["id"], r["judul"], ", ".join(r["tabel"]))
    console.print(table)


def _render(console: Console, s: dict[str, object]) -> None:
    console.print(
        f"Rekap [bold]{s['title']}[/] (tanggal acuan {s['as_of']}, build {s['build_id']})",
        highlight=False,
    )
    for t in s["tables"]:  # type: ignore[attr-defined]
        console.print(f"  {t['title']}: {t['rows']} baris", highlight=False)
    console.print(f"Berkas: {s['file']}", highlight=False)
