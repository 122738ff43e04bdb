"""``rajut explain`` and ``rajut review ...``: why two records are linked, and clerical review."""

from __future__ import annotations

import getpass
import os
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from rajut.cli.common import JsonOption, WorkspaceOption, emit, workspace_from
from rajut.linkage.explain import explain_pair, format_percent
from rajut.linkage.review import (
    ReviewError,
    import_decisions,
    list_queue,
    queue_size,
    record_decision,
    refresh_queue,
)
from rajut.store import open_store

review_app = typer.Typer(
    help="Tinjauan petugas: pasangan rekaman yang meragukan, keputusan sama/beda orang.",
    no_args_is_help=True,
)

#: Width of the widest weight bar in characters.
BAR_WIDTH = 20
BAR = "▇"

UidArg = Annotated[str, typer.Argument(help="Rekaman pertama, SUMBER:ID (mis. dtks:1000000782).")]
Uid2Arg = Annotated[str, typer.Argument(help="Rekaman kedua, SUMBER:ID.")]
ByOption = Annotated[
    str | None,
    typer.Option("--by", help="Nama petugas yang memutuskan (bawaan: nama pengguna komputer)."),
]


def register(app: typer.Typer) -> None:
    app.command("explain")(explain)
    app.add_typer(review_app, name="review")


def _reviewer(by: str | None) -> str:
    if by:
        return by
    try:
        return os.environ.get("RAJUT_USER") or getpass.getuser()
    except (KeyError, OSError):
        return "walidata"


# --- rajut explain ------------------------------------------------------------------------


def explain(
    uid_a: UidArg,
    uid_b: Uid2Arg,
    workspace: WorkspaceOption = None,
    as_json: JsonOption = False,
) -> None:
    """Jelaskan mengapa dua rekaman dianggap sama atau beda orang (bobot tiap pembanding)."""
    ws = workspace_from(workspace)
    with open_store(ws.analytics_db) as store:
        result = explain_pair(store.con, uid_a, uid_b)
    emit({"ok": True, **result}, as_json, lambda console: render_explanation(console, result))


def weight_bar(weight: float | None, scale: float) -> str:
    """A bar of ▇ proportional to ``|weight|`` (green: for a match, red: against)."""
    if weight is None or scale <= 0:
        return ""
    n = max(1, round(abs(weight) / scale * BAR_WIDTH)) if weight else 0
    colour = "green" if weight > 0 else "red"
    return f"[{colour}]{BAR * n}[/]"


def _fmt(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    return str(value)


def weight_text(weight: float) -> str:
    """A signed weight with an Indonesian decimal comma, e.g. ``+6,50``."""
    return f"{weight:+.2f}".replace(".", ",")


def _fields_table(result: dict[str, Any]) -> Table:
    table = Table(title=f"{result['uid_l']}  ↔  {result['uid_r']}")
    table.add_column("Medan")
    table.add_column("Rekaman 1", overflow="fold")
    table.add_column("Rekaman 2", overflow="fold")
    table.add_column("Sama?")
    for f in result["fields"]:
        same = "" if f["same"] is None else ("✓" if f["same"] else "✗")
        table.add_row(f["label"], _fmt(f["left"]), _fmt(f["right"]), same)
    return table


def _weights_table(result: dict[str, Any]) -> Table:
    rows = result["comparisons"]
    scale = max((abs(r["weight"]) for r in rows if r["weight"] is not None), default=0.0)
    table = Table(title="Bobot kecocokan tiap pembanding (log2; + mendukung, − menolak)")
    for col in ("Pembanding", "Tingkat", "Bobot", ""):
        table.add_column(col, justify="right" if col == "Bobot" else "left")
    if result.get("prior_weight") is not None:
        table.add_row("Peluang awal (prior)", "", weight_text(result["prior_weight"]), "")
    for r in rows:
        weight = "-" if r["weight"] is None else weight_text(r["weight"])
        table.add_row(
            r["label"] or r["comparison"], r["level"], weight, weight_bar(r["weight"], scale)
        )
    if result["match_weight"] is not None:
        table.add_row("[bold]Jumlah[/]", "", f"[bold]{weight_text(result['match_weight'])}[/]", "")
    return table


def render_explanation(console: Console, result: dict[str, Any]) -> None:
    console.print(_fields_table(result))
    if result["comparisons"]:
        console.print(_weights_table(result))
    console.print(result["summary"], highlight=False)


# --- rajut review ...  ----------------------------------------------------------------------


@review_app.command("list")
def list_(
    limit: Annotated[int, typer.Option("--limit", help="Jumlah pasangan yang ditampilkan.")] = 20,
    workspace: WorkspaceOption = None,
    as_json: JsonOption = False,
) -> None:
    """Daftar pasangan yang menunggu tinjauan, yang paling meragukan lebih dulu."""
    ws = workspace_from(workspace)
    with open_store(ws.analytics_db) as store:
        items = list_queue(store.con, limit)
        total = queue_size(store.con)
    summary = {"ok": True, "total": total, "items": [i.to_dict() for i in items]}

    def render(console: Console) -> None:
        if not items:
            console.print("Antrean tinjauan kosong. Tidak ada pasangan yang perlu diputuskan.")
            return
        table = Table(title=f"Antrean tinjauan ({total} pasangan; {len(items)} ditampilkan)")
        table.add_column("Peluang")
        table.add_column("Rekaman 1", overflow="fold")
        table.add_column("Rekaman 2", overflow="fold")
        for it in items:
            table.add_row(
                format_percent(it.match_probability),
                _record_cell(it.uid_l, it.left),
                _record_cell(it.uid_r, it.right),
            )
        console.print(table)
        console.print(
            "Putuskan dengan `rajut review decide SUMBER:ID SUMBER:ID --sama` atau `--beda`; "
            "lihat rinciannya dengan `rajut explain`."
        )

    emit(summary, as_json, render)


def _record_cell(uid: str, r: dict[str, Any]) -> str:
    born = _fmt(r.get("birth_date"))
    return (
        f"{uid}\n{_fmt(r.get('name_display'))} ({_fmt(r.get('sex'))}), lahir {born} "
        f"{_fmt(r.get('birth_place'))}\nNIK {_fmt(r.get('nik'))}, "
        f"ibu {_fmt(r.get('mother_name_norm'))}\ndesa {_fmt(r.get('desa_code'))}"
    )


@review_app.command("decide")
def decide(
    uid_a: UidArg,
    uid_b: Uid2Arg,
    same: Annotated[
        bool | None,
        typer.Option(
            "--sama/--beda", help="Keputusan: sama orang atau beda orang.", show_default=False
        ),
    ] = None,
    note: Annotated[str, typer.Option("--note", help="Catatan alasan keputusan.")] = "",
    by: ByOption = None,
    workspace: WorkspaceOption = None,
    as_json: JsonOption = False,
) -> None:
    """Simpan keputusan sama/beda orang untuk satu pasangan; berlaku pada setiap `rajut link`."""
    if same is None:
        raise ReviewError(
            "Keputusan belum disebut.",
            "Tambahkan --sama (orang yang sama) atau --beda (orang berbeda).",
            code="review-no-verdict",
        )
    ws = workspace_from(workspace)
    with open_store(ws.analytics_db) as store:
        decision = record_decision(store.con, uid_a, uid_b, same=same, by=_reviewer(by), note=note)
    summary = {"ok": True, **decision.to_dict()}

    def render(console: Console) -> None:
        console.print(
            f"Tersimpan: {decision.uid_l} dan {decision.uid_r} [bold]{decision.label}[/] "
            f"(oleh {decision.decided_by}). Berlaku mulai `rajut link` berikutnya.",
            highlight=False,
        )

    emit(summary, as_json, render)


@review_app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(help="CSV berkolom uid_l,uid_r,keputusan,catatan.")],
    by: ByOption = None,
    workspace: WorkspaceOption = None,
    as_json: JsonOption = False,
) -> None:
    """Masukkan banyak keputusan sekaligus dari CSV (semua atau tidak sama sekali)."""
    ws = workspace_from(workspace)
    with open_store(ws.analytics_db) as store:
        result = import_decisions(store.con, file, by=_reviewer(by))
    summary = {"ok": True, **result.to_dict()}

    def render(console: Console) -> None:
        console.print(
            f"{result.decisions} keputusan dari {file.name} tersimpan: {result.same} sama orang, "
            f"{result.different} beda orang. Berlaku mulai `rajut link` berikutnya.",
            highlight=False,
        )

    emit(summary, as_json, render)


@review_app.command("refresh")
def refresh(
    low: Annotated[
        float | None, typer.Option("--low", help="Batas bawah peluang (bawaan: pengaturan).")
    ] = None,
    high: Annotated[
        float | None, typer.Option("--high", help="Batas atas peluang (bawaan: pengaturan).")
    ] = None,
    workspace: WorkspaceOption = None,
    as_json: JsonOption = False,
) -> None:
    """Susun ulang antrean tinjauan dari hasil `rajut link` terakhir."""
    ws = workspace_from(workspace)
    band_low = ws.settings.linkage.review_low if low is None else low
    band_high = ws.settings.linkage.review_high if high is None else high
    with open_store(ws.analytics_db) as store:
        count = refresh_queue(store.con, low=band_low, high=band_high)
    summary = {"ok": True, "queued": count, "low": band_low, "high": band_high}

    def render(console: Console) -> None:
        console.print(
            f"{count} pasangan dengan peluang {format_percent(band_low)}–"
            f"{format_percent(band_high)} menunggu tinjauan.",
            highlight=False,
        )

    emit(summary, as_json, render)
