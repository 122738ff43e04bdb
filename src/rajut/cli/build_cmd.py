"""``rajut build --as-of DATE`` and ``rajut concepts list``."""

from __future__ import annotations

from typing import Any

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from rajut.cli.common import (
    AsOfOption,
    JsonOption,
    WorkspaceOption,
    emit,
    err_console,
    parse_as_of,
    workspace_from,
)

concepts_app = typer.Typer(help="Katalog konsep bersama (definisi lintas dinas).")

COUNT_LABELS = {
    "person": "Orang",
    "household": "Keluarga",
    "person_program": "Fakta program",
    "child_growth": "Pengukuran balita terakhir",
    "enrollment": "Peserta didik",
    "provenance": "Catatan asal nilai",
    "discrepancies": "Selisih antarsumber",
}


def register(app: typer.Typer) -> None:
    app.command("build")(build)
    app.add_typer(concepts_app, name="concepts")


def build(
    as_of: AsOfOption, workspace: WorkspaceOption = None, as_json: JsonOption = False
) -> None:
    """Susun model terpadu per tanggal acuan: profil orang/keluarga, asal nilai, selisih."""
    from rajut.integrate import build_integrated
    from rajut.integrate.build import STEPS

    day = parse_as_of(as_of)
    ws = workspace_from(workspace)
    if as_json:
        result = build_integrated(ws, day)
    else:
        labels = dict(STEPS)
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            TextColumn("{task.completed}/{task.total}"),
            TimeElapsedColumn(),
            console=err_console,
            transient=True,
        ) as progress:
            task = progress.add_task("Memulai", total=len(STEPS))
            keys = [k for k, _ in STEPS]

            def on_step(key: str) -> None:
                progress.update(task, description=labels[key], completed=keys.index(key))

            result = build_integrated(ws, day, on_step=on_step)
    summary = result.to_dict()
    from rajut.governance.corrections.service import drafts_after_build

    # each new disagreement becomes a draft correction proposal for the agency concerned
    summary["correction_drafts"] = drafts_after_build(ws).to_dict()
    emit({"ok": True, **summary}, as_json, lambda console: render(console, summary))


def render(console: Console, summary: dict[str, Any]) -> None:
    table = Table(title=f"Build {summary['build_id']} — tanggal acuan {summary['as_of']}")
    table.add_column("Isi")
    table.add_column("Jumlah", justify="right")
    for key, label in COUNT_LABELS.items():
        table.add_row(label, f"{summary['counts'].get(key, 0):,}".replace(",", "."))
    console.print(table)
    sources = Table(title="Data yang dipakai per sumber")
    for col in ("Sumber", "Mode", "Berkas (periode)", "Periode terbaru", "Rekaman", "Umur (hari)"):
        sources.add_column(col)
    for name, info in summary["inputs"]["sources"].items():
        periods = ", ".join(r["period_label"] or "-" for r in info["runs"])
        mode = "per baris" if info["mode"] == "row" else "potret"
        sources.add_row(
            name,
            mode,
            periods,
            info["newest_period_end"],
            str(info["records"]),
            str(info["age_days"]),
        )
    console.print(sources)
    for name, why in summary["inputs"].get("excluded", {}).items():
        console.print(f"[yellow]Tidak dipakai:[/] {name} — {why}")
    if summary["unlinked_records"]:
        console.print(
            f"[yellow]{summary['unlinked_records']} rekaman belum tertaut[/] dan tidak masuk "
            "build. Jalankan `rajut link` lalu ulangi `rajut build`."
        )
    console.print(f"Selesai dalam {summary['seconds']} detik.")


@concepts_app.command("list")
def list_concepts(workspace: WorkspaceOption = None, as_json: JsonOption = False) -> None:
    """Tampilkan katalog konsep; bila sudah ada build, juga jumlah anggotanya."""
    from rajut.integrate.concepts import count_concepts, load_concepts
    from rajut.integrate.schema import latest_build_id
    from rajut.store import open_store

    ws = workspace_from(workspace)
    catalog = load_concepts(ws.root)
    counts: dict[str, int] = {}
    build_id = None
    if ws.analytics_db.exists():
        with open_store(ws.analytics_db, read_only=True) as store:
            build_id = latest_build_id(store.con)
            if build_id:
                counts = count_concepts(store.con, catalog, build_id)
    items = [{**c.model_dump(mode="json"), "anggota": counts.get(c.id)} for c in catalog.concepts]
    summary = {"ok": True, "build_id": build_id, "concepts": items}
    emit(summary, as_json, lambda console: render_concepts(console, summary))


def render_concepts(console: Console, summary: dict[str, Any]) -> None:
    suffix = f" (jumlah dari build {summary['build_id']})" if summary["build_id"] else ""
    table = Table(title="Katalog konsep" + suffix, show_lines=True)
    table.add_column("Id", no_wrap=True)
    for col in ("Judul", "Unit", "Sumber", "Jumlah"):
        table.add_column(col)
    for c in summary["concepts"]:
        count = "-" if c["anggota"] is None else f"{c['anggota']:,}".replace(",", ".")
        unit = "orang" if c["unit"] == "person" else "keluarga"
        table.add_row(c["id"], c["judul"], unit, ", ".join(c["sumber"]), count)
    console.print(table)
    console.print("Definisi lengkap dan metadata SDI: `rajut concepts list --json`.")
