"""``rajut sources suggest``: the mapping assistant's draft contract for an agency file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from rajut.cli.common import JsonOption, emit
from rajut.sources.assistant import Suggestion, suggest_contract


def register(sources_app: typer.Typer) -> None:
    """Add ``suggest`` to the ``sources`` sub-app."""
    sources_app.command("suggest")(suggest)


def suggest(
    file: Annotated[Path, typer.Argument(help="Berkas dari dinas (CSV, XLSX, JSON...).")],
    name: Annotated[str, typer.Option("--name", help="Nama sumber, mis. dtks.")],
    owner: Annotated[
        str | None, typer.Option("--owner", help="Dinas pemilik data, mis. 'Dinas Sosial'.")
    ] = None,
    out: Annotated[
        Path | None, typer.Option("--out", help="Tulis draf kontrak ke berkas YAML ini.")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Buat draf kontrak sumber dari contoh baris berkas: kolom → medan standar."""
    draft = suggest_contract(file, name, owner=owner)
    target = out or Path(f"{name}.yaml")
    target.write_text(draft.yaml, encoding="utf-8")
    summary = {
        "ok": True,
        "file": str(file),
        "out": str(target),
        "record_id": draft.contract.record_id,
        "household_id": draft.contract.household_id,
        "period": draft.contract.period.model_dump(mode="json", exclude_none=True),
        "mappings": [
            {"column": c.column, "field": c.field, "certain": c.certain, "reason": c.reason}
            for c in draft.choices
        ],
        "unmapped": draft.unmapped,
        "uncertain": [u.to_dict() for u in draft.uncertain],
        "profile": [p.to_dict() for p in draft.profile],
    }
    emit(summary, as_json, lambda console: render_suggestion(console, draft, target))


def render_suggestion(console: Console, draft: Suggestion, target: Path) -> None:
    """The mapping table, then what to check and where the draft was written."""
    fields: dict[str, list[tuple[str, bool]]] = {}
    for c in draft.choices:
        fields.setdefault(c.column, []).append((c.field, c.certain))
    table = Table(title=f"Pemetaan kolom {draft.contract.name}")
    for col in ("Kolom", "Medan standar", "Kepastian", "Contoh nilai"):
        table.add_column(col)
    for profile in draft.profile:
        mapped = fields.get(profile.column, [])
        if profile.column == draft.contract.record_id:
            mapped = [("(ID baris)", True), *mapped]
        if profile.column == draft.contract.household_id:
            mapped = [("(ID keluarga)", True), *mapped]
        target_text = ", ".join(f for f, _ in mapped) or "-"
        certainty = (
            "[green]pasti[/]"
            if mapped and all(ok for _, ok in mapped)
            else "[yellow]periksa[/]"
            if mapped
            else "[dim]tidak dipetakan[/]"
        )
        table.add_row(profile.column, target_text, certainty, ", ".join(profile.samples[:3]))
    console.print(table)
    if draft.uncertain:
        console.print("[bold]Perlu diperiksa:[/]")
        for u in draft.uncertain:
            where = f"{u.column} → {u.field}" if u.column else u.field
            console.print(f"  • {where}: {u.reason}", markup=False, highlight=False)
    console.print(
        f"Draf kontrak ditulis ke {target}. Periksa tanda PERIKSA, lalu daftarkan dengan "
        f"`rajut sources add {target}`.",
        markup=False,
    )
