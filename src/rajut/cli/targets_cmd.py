"""``rajut targets``: list exclusion/inclusion-error candidates per desa for field checks."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from rajut.cli.common import JsonOption, WorkspaceOption, emit, parse_as_of, workspace_from


def register(app: typer.Typer) -> None:
    app.command("targets")(targets)


def targets(
    as_of: Annotated[str, typer.Option("--as-of", help="Tanggal acuan (TTTT-BB-HH).")],
    out: Annotated[
        Path,
        typer.Option(
            "--out",
            help="Berkas keluaran: .xlsx, .parquet, .html, atau folder/.zip paket data.",
        ),
    ],
    rule: Annotated[
        list[str] | None,
        typer.Option("--rule", help="Jalankan aturan ini saja (boleh diulang)."),
    ] = None,
    unmask: Annotated[
        bool, typer.Option("--unmask", help="Tampilkan NIK/No. KK utuh (wajib --purpose).")
    ] = False,
    purpose: Annotated[
        str | None,
        typer.Option("--purpose", help="Tujuan membuka NIK utuh; dicatat di log akses."),
    ] = None,
    workspace: WorkspaceOption = None,
    as_json: JsonOption = False,
) -> None:
    """Jalankan aturan penargetan atas data terintegrasi dan tulis daftar verifikasi."""
    from rajut.targeting import export_targets

    ws = workspace_from(workspace)
    done = export_targets(
        ws, parse_as_of(as_of), out, rule_ids=rule or None, unmask=unmask, purpose=purpose
    )
    summary = {"ok": True, **done.to_dict()}
    emit(summary, as_json, lambda console: render(console, summary))


def render(console: Console, summary: dict[str, object]) -> None:
    table = Table(title=f"Calon sasaran per {summary['as_of']} (build {summary['build_id']})")
    table.add_column("Aturan")
    table.add_column("Jenis")
    table.add_column("Jumlah", justify="right")
    rules = summary.get("rules")
    for item in rules if isinstance(rules, list) else []:
        table.add_row(str(item["judul"]), str(item["jenis"]), f"{item['rows']:,}".replace(",", "."))
    console.print(table)
    masked = "disamarkan" if summary.get("nik_masked") else "TIDAK disamarkan (tercatat di log)"
    console.print(f"Ditulis: {summary['out']} ({summary['format']}); NIK {masked}.")
