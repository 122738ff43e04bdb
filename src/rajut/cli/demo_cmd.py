"""``rajut demo`` and ``rajut demo generate``."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from rajut.cli.common import JsonOption, WorkspaceOption, emit
from rajut.demo.pipeline import DEFAULT_DEMO_PEOPLE, run_demo

demo_app = typer.Typer(
    help="Kabupaten sintetis untuk mencoba dan menguji rajut.",
    invoke_without_command=True,
)


def register(app: typer.Typer) -> None:
    app.add_typer(demo_app, name="demo")


def _workers() -> int:
    """File-writing processes: 2 in a fresh CLI process; ``RAJUT_DEMO_WORKERS`` overrides
    (the test suite sets 1, since forking a process running DuckDB threads is unsafe)."""
    return int(os.environ.get("RAJUT_DEMO_WORKERS", "2"))


PeopleOption = Annotated[int, typer.Option("--people", help="Jumlah penduduk (1.000–1.000.000).")]
SeedOption = Annotated[int, typer.Option("--seed", help="Benih acak; benih sama → berkas sama.")]


@demo_app.callback()
def demo(
    ctx: typer.Context,
    people: PeopleOption = DEFAULT_DEMO_PEOPLE,
    seed: SeedOption = 42,
    workspace: WorkspaceOption = None,
    as_json: JsonOption = False,
) -> None:
    """Buat kabupaten sintetis di ruang kerja baru dan jalankan semua tahap pipeline."""
    if ctx.invoked_subcommand is not None:
        return
    target = workspace or Path("rajut-demo")
    summary = run_demo(
        target, people=people, seed=seed, show_progress=not as_json, workers=_workers()
    )

    def render(console: Console) -> None:
        table = Table(title="Ringkasan demo rajut")
        table.add_column("Tahap")
        table.add_column("Hasil", justify="right")
        for stage, counts in summary["stages"].items():
            for key, value in counts.items():
                if isinstance(value, float):
                    table.add_row(f"{stage}: {key}", f"{value:.4f}".replace(".", ","))
                elif isinstance(value, int):
                    table.add_row(f"{stage}: {key}", f"{value:,}".replace(",", "."))
        console.print(table)
        console.print(f"Hasil ada di [bold]{summary['workspace']}[/]")

    emit(summary, as_json, render)


@demo_app.command("generate")
def generate(
    out: Annotated[Path, typer.Option("--out", help="Folder keluaran berkas dinas.")],
    people: PeopleOption = DEFAULT_DEMO_PEOPLE,
    seed: SeedOption = 42,
    kabupaten: Annotated[
        str, typer.Option("--kabupaten", help="Kode Kemendagri kabupaten, mis. 33.10.")
    ] = "33.10",
    config: Annotated[
        Path | None,
        typer.Option("--config", help="YAML pengaturan generator (laju kerusakan data, dll.)."),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Buat berkas ekspor tiap dinas dari kabupaten sintetis, beserta kebenaran dasarnya."""
    from rajut.demo.generator import generate_kabupaten, load_generator_config

    cfg = load_generator_config(
        config, people=people, seed=seed, kabupaten_code=kabupaten, workers=_workers()
    )
    manifest = generate_kabupaten(cfg, out, show_progress=not as_json)

    def render(console: Console) -> None:
        table = Table(title=f"Kabupaten sintetis ({manifest['kabupaten_name']})")
        table.add_column("Sumber")
        table.add_column("Berkas")
        table.add_column("Baris", justify="right")
        for f in manifest["files"]:
            table.add_row(f["source"], f["path"], f"{f['rows']:,}".replace(",", "."))
        console.print(table)
        console.print(f"Kebenaran dasar: [bold]{out / 'truth'}[/]")

    emit(manifest, as_json, render)
