"""``rajut quality NAME``: the data-quality report of one ingest run."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from rajut.cli.common import JsonOption, WorkspaceOption, emit, workspace_from
from rajut.quality import QualityReport, compute_quality
from rajut.quality.charts import percent
from rajut.quality.html import number, write_quality_html
from rajut.quality.xlsx import write_quality_xlsx

REPORTS_DIR = Path("reports") / "quality"


def register(app: typer.Typer) -> None:
    app.command("quality")(quality)


def quality(
    name: Annotated[str, typer.Argument(help="Nama sumber terdaftar.")],
    run: Annotated[
        str | None, typer.Option("--run", help="ID run ingest (bawaan: run terakhir).")
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option("--out", help="Folder laporan (bawaan: <ruang kerja>/reports/quality)."),
    ] = None,
    workspace: WorkspaceOption = None,
    as_json: JsonOption = False,
) -> None:
    """Buat laporan mutu data satu ingest: halaman HTML dan buku kerja Excel."""
    ws = workspace_from(workspace)
    report = compute_quality(ws, name, run)
    folder = out if out is not None else ws.root / REPORTS_DIR
    stem = f"mutu_{report.source}_{report.run_id}"
    html = write_quality_html(report, folder / f"{stem}.html")
    xlsx = write_quality_xlsx(report, folder / f"{stem}.xlsx")
    summary = {"ok": True, **report.to_dict(), "files": {"html": str(html), "xlsx": str(xlsx)}}
    emit(summary, as_json, lambda console: render(console, report, html, xlsx))


def render(console: Console, r: QualityReport, html: Path, xlsx: Path) -> None:
    rec = r.reconciliation
    console.print(
        f"Mutu data [bold]{r.source}[/] — {r.file_name} (periode "
        f"{r.timeliness.period_label or '-'}, run {r.run_id})",
        highlight=False,
    )
    console.print(
        f"{number(rec.input_rows)} baris masuk = {number(rec.accepted)} diterima + "
        f"{number(rec.quarantined)} dikarantina. Ketepatan waktu: {r.timeliness.status}.",
        highlight=False,
    )
    table = Table(title="Kelengkapan dan keabsahan per kolom")
    for col in ("Kolom", "Medan baku", "Kelengkapan", "Keabsahan"):
        table.add_column(col, justify="right" if col in ("Kelengkapan", "Keabsahan") else "left")
    for f in r.fields:
        table.add_row(f.column, f.title, percent(f.completeness), percent(f.validity))
    console.print(table)
    if r.problems:
        problems = Table(title="Masalah terbanyak")
        for col in ("Masalah", "Kejadian", "Cara memperbaiki"):
            problems.add_column(col)
        for p in r.problems:
            problems.add_row(p.title, number(p.count), p.hint)
        console.print(problems)
    console.print(f"Laporan: {html}\nExcel:   {xlsx}", highlight=False)
