"""``rajut link``: link every ingested record into persons and households."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from rajut.cli.common import JsonOption, WorkspaceOption, emit, with_progress, workspace_from


def register(app: typer.Typer) -> None:
    app.command("link")(link)


LABELS = {
    "records": "Rekaman",
    "persons": "Orang",
    "households": "Rumah tangga",
    "nik_groups": "Kelompok NIK",
    "nik_conflicts": "NIK ganda (tidak digabung)",
    "pairs_scored": "Pasangan dinilai model",
    "model_edges": "Tautan model di atas ambang",
    "refused_merges": "Penggabungan ditolak (kendala)",
    "review_decisions": "Keputusan tinjauan dipakai",
    "review_queue": "Antrean tinjauan",
    "ids_kept": "ID orang tetap",
    "ids_new": "ID orang baru",
    "id_merges": "ID digabung",
    "id_splits": "ID dipecah",
}


def link(
    backend: Annotated[
        str | None, typer.Option("--backend", help="duckdb (bawaan) atau spark.")
    ] = None,
    workspace: WorkspaceOption = None,
    as_json: JsonOption = False,
) -> None:
    """Tautkan semua rekaman: NIK dulu, lalu model probabilistik (Splink), lalu ID tetap."""
    from rajut.linkage.run import run_linkage

    ws = workspace_from(workspace)
    summary = with_progress(as_json, lambda step: run_linkage(ws, backend=backend, on_step=step))
    emit(summary, as_json, lambda console: render(console, summary))


def render(console: Console, summary: dict[str, Any]) -> None:
    table = Table(title=f"Hasil penautan (run {summary['link_run_id']}, {summary['backend']})")
    table.add_column("Hitungan")
    table.add_column("Nilai", justify="right")
    for key, label in LABELS.items():
        if key in summary:
            table.add_row(label, f"{summary[key]:,}".replace(",", "."))
    console.print(table)
    seconds = summary.get("seconds", {})
    if seconds:
        console.print("Waktu per tahap: " + ", ".join(f"{k} {v} dtk" for k, v in seconds.items()))
