"""``rajut standard show`` and ``rajut standard export``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table as RichTable

from rajut.cli.common import JsonOption, emit
from rajut.standard import Standard, load_standard

standard_app = typer.Typer(
    help="Standar data: tabel baku, kolom dan daftar kode (Satu Data).",
    no_args_is_help=True,
)


def register(app: typer.Typer) -> None:
    app.add_typer(standard_app, name="standard")


def _overview(std: Standard) -> dict[str, Any]:
    return {
        "ok": True,
        "standard": std.meta.name,
        "version": std.version,
        "tables": [
            {"name": t.name, "judul": t.judul, "fields": len(t.fields)} for t in std.tables.values()
        ],
        "codelists": sorted([*std.codelists, *std.meta.external_codelists]),
    }


def _table_detail(std: Standard, name: str) -> dict[str, Any]:
    table = std.table(name)
    return {
        "ok": True,
        "table": table.name,
        "judul": table.judul,
        "deskripsi": table.deskripsi,
        "primary_key": table.primary_key,
        "fields": [
            f.model_dump(
                include={
                    "name",
                    "type",
                    "title",
                    "klasifikasi",
                    "satuan",
                    "rule",
                    "pii",
                    "required",
                }
            )
            for f in table.fields.values()
        ],
    }


def _render_overview(summary: dict[str, Any], console: Console) -> None:
    grid = RichTable(title=f"Standar data {summary['standard']} v{summary['version']}")
    grid.add_column("Tabel")
    grid.add_column("Judul")
    grid.add_column("Kolom", justify="right")
    for row in summary["tables"]:
        grid.add_row(row["name"], row["judul"], str(row["fields"]))
    console.print(grid)
    console.print(f"Daftar kode: {', '.join(summary['codelists'])}")
    console.print("Rincian tabel: rajut standard show NAMA_TABEL")


def _render_table(summary: dict[str, Any], console: Console) -> None:
    grid = RichTable(title=f"{summary['table']} — {summary['judul']}")
    for column in ("Kolom", "Tipe", "Judul", "Klasifikasi", "Satuan", "Aturan", "Pribadi"):
        grid.add_column(column)
    for f in summary["fields"]:
        required = " *" if f["required"] else ""
        grid.add_row(
            f["name"] + required,
            f["type"],
            f["title"],
            f["klasifikasi"] or "-",
            f["satuan"] or "-",
            f["rule"],
            "ya" if f["pii"] else "tidak",
        )
    console.print(grid)
    console.print(f"Kunci baris: {', '.join(summary['primary_key'])}. * = wajib diisi.")


@standard_app.command("show")
def show(
    table: Annotated[
        str | None, typer.Argument(help="Nama tabel baku, mis. person. Kosong: semua tabel.")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Tampilkan tabel baku, atau kolom satu tabel beserta metadatanya."""
    std = load_standard()
    if table is None:
        summary = _overview(std)
        emit(summary, as_json, lambda console: _render_overview(summary, console))
    else:
        summary = _table_detail(std, table)
        emit(summary, as_json, lambda console: _render_table(summary, console))


@standard_app.command("export")
def export(
    out: Annotated[Path, typer.Option("--out", help="Folder tujuan berkas skema JSON.")],
    as_json: JsonOption = False,
) -> None:
    """Tulis Table Schema per tabel, codelists.json dan datapackage.json (Frictionless)."""
    std = load_standard()
    paths = std.export(out)
    files = [p.name for p in paths]
    summary: dict[str, Any] = {
        "ok": True,
        "out": str(out.resolve()),
        "version": std.version,
        "files": files,
    }

    def render(console: Console) -> None:
        console.print(
            f"{len(paths)} berkas standar data v{std.version} ditulis ke [bold]{summary['out']}[/]:"
        )
        for name in files:
            console.print(f"  {name}")

    emit(summary, as_json, render)
