"""``rajut sources ...`` and ``rajut ingest``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from rajut.cli.common import JsonOption, WorkspaceOption, emit, with_progress, workspace_from
from rajut.sources.contract import dump_contract
from rajut.sources.ingest import IngestResult, ingest_file
from rajut.sources.registry import (
    add_source,
    get_contract,
    list_contracts,
    run_history,
    source_summary,
)

sources_app = typer.Typer(help="Kelola kontrak sumber data tiap dinas.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(sources_app, name="sources")
    app.command("ingest")(ingest)


@sources_app.command("add")
def add(
    contract: Annotated[Path, typer.Argument(help="Berkas kontrak YAML.")],
    workspace: WorkspaceOption = None,
    as_json: JsonOption = False,
) -> None:
    """Periksa lalu daftarkan kontrak sumber data ke ruang kerja."""
    ws = workspace_from(workspace)
    parsed, replaced = add_source(ws, contract)
    summary = {
        "ok": True,
        "name": parsed.name,
        "owner": parsed.owner,
        "replaced": replaced,
        "columns": len(parsed.columns),
    }

    def render(console: Console) -> None:
        verb = "diperbarui" if replaced else "didaftarkan"
        console.print(
            f"Sumber [bold]{parsed.name}[/] milik {parsed.owner} {verb} "
            f"({len(parsed.columns)} kolom dipetakan)."
        )

    emit(summary, as_json, render)


@sources_app.command("list")
def list_(workspace: WorkspaceOption = None, as_json: JsonOption = False) -> None:
    """Daftar sumber data terdaftar beserta riwayat periodenya."""
    ws = workspace_from(workspace)
    rows = [source_summary(ws, c) for c in list_contracts(ws)]

    def render(console: Console) -> None:
        if not rows:
            console.print("Belum ada sumber. Daftarkan dengan `rajut sources add KONTRAK.yaml`.")
            return
        table = Table(title="Sumber data")
        for col in ("Nama", "Pemilik", "Judul", "Frekuensi", "Periode", "Ingest terakhir"):
            table.add_column(col)
        for r in rows:
            table.add_row(
                r["name"],
                r["owner"],
                r["title"],
                r["frequency"],
                ", ".join(r["periods"]) or "-",
                r["last_ingest"] or "-",
            )
        console.print(table)

    emit({"ok": True, "sources": rows}, as_json, render)


@sources_app.command("show")
def show(
    name: Annotated[str, typer.Argument(help="Nama sumber.")],
    workspace: WorkspaceOption = None,
    as_json: JsonOption = False,
) -> None:
    """Tampilkan kontrak, metadata, dan riwayat ingest satu sumber."""
    ws = workspace_from(workspace)
    contract = get_contract(ws, name)
    runs = run_history(ws, name)
    summary = {
        "ok": True,
        "contract": contract.model_dump(mode="json", exclude_none=True),
        "runs": runs,
    }

    def render(console: Console) -> None:
        console.print(dump_contract(contract), highlight=False, markup=False)
        table = Table(title=f"Riwayat ingest {name}")
        for col in ("Run", "Berkas", "Periode", "Masuk", "Diterima", "Karantina", "Peringatan"):
            table.add_column(col)
        for r in runs:
            table.add_row(
                r["run_id"],
                r["file_name"],
                r["period_label"] or "-",
                *(str(r[k]) for k in ("input_rows", "accepted", "quarantined", "warnings")),
            )
        console.print(table)

    emit(summary, as_json, render)


def ingest(
    name: Annotated[str, typer.Argument(help="Nama sumber terdaftar.")],
    file: Annotated[Path, typer.Argument(help="Berkas dari dinas (CSV, XLSX, JSON...).")],
    period: Annotated[
        str | None, typer.Option("--period", help="Periode berkas, mis. 2026Q2.")
    ] = None,
    workspace: WorkspaceOption = None,
    as_json: JsonOption = False,
) -> None:
    """Masukkan satu berkas sumber: simpan mentahnya, bakukan, dan hitung setiap baris."""
    ws = workspace_from(workspace)
    result = with_progress(
        as_json, lambda step: ingest_file(ws, name, file, period=period, on_step=step)
    )
    summary = result.to_dict()
    if not result.already_ingested and result.run_id:
        from rajut.governance.corrections.service import close_after_ingest

        # accepted corrections that this file now carries stop being overlays
        summary["corrections_closed"] = close_after_ingest(ws, name, result.run_id)
    emit(summary, as_json, lambda console: render_ingest(console, result))


def render_ingest(console: Console, r: IngestResult) -> None:
    if r.already_ingested:
        console.print(f"[yellow]{r.notes[0]}[/]")
    table = Table(title=f"Rekonsiliasi {r.source} — {Path(r.file).name} ({r.period or '-'})")
    table.add_column("Hitungan")
    table.add_column("Baris", justify="right")
    table.add_row("Baris masuk", f"{r.input_rows:,}")
    table.add_row("Diterima", f"{r.accepted:,}")
    table.add_row("Dikarantina", f"{r.quarantined:,}")
    table.add_row("Diterima dengan peringatan", f"{r.rows_with_warnings:,}")
    console.print(table)
    ok = r.input_rows == r.accepted + r.quarantined
    console.print(
        f"{'[green]Cocok' if ok else '[red]TIDAK cocok'}[/]: {r.input_rows:,} = "
        f"{r.accepted:,} diterima + {r.quarantined:,} dikarantina"
    )
    if r.quarantine_reasons:
        console.print(
            "Alasan karantina: " + ", ".join(f"{k} ({v})" for k, v in r.quarantine_reasons.items())
        )
    if r.issues:
        top = list(r.issues.items())[:8]
        console.print("Peringatan teratas: " + ", ".join(f"{k} ({v})" for k, v in top))
    for note in r.notes if not r.already_ingested else []:
        console.print(f"Catatan: {note}")
