"""``rajut corrections ...`` and ``rajut scorecard``: cross-agency corrections and the scorecard."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from rajut.cli.common import JsonOption, WorkspaceOption, emit, parse_as_of, workspace_from
from rajut.errors import RajutError
from rajut.governance.corrections import STATUS_LABELS, list_proposals
from rajut.governance.corrections.service import (
    drafts_after_build,
    export_change_list,
    workspace_state,
)

corrections_app = typer.Typer(
    help="Usulan koreksi lintas dinas: daftar, draf dari temuan integrasi, daftar perubahan.",
    no_args_is_help=True,
)


def register(app: typer.Typer) -> None:
    app.add_typer(corrections_app, name="corrections")
    app.command("scorecard")(scorecard)


def _status(value: str | None) -> list[str] | None:
    if value is None:
        return None
    if value not in STATUS_LABELS:
        raise RajutError(
            f"Status {value!r} tidak dikenal.",
            "Pilih salah satu: " + ", ".join(STATUS_LABELS) + ".",
            code="correction-status",
        )
    return [value]


@corrections_app.command("list")
def corrections_list(
    status: Annotated[
        str | None,
        typer.Option("--status", help="draft, submitted, accepted, rejected atau withdrawn."),
    ] = None,
    owner: Annotated[str | None, typer.Option("--owner", help="Dinas pemilik data.")] = None,
    workspace: WorkspaceOption = None,
    as_json: JsonOption = False,
) -> None:
    """Daftar usulan koreksi, terbaru dulu."""
    ws = workspace_from(workspace)
    state, _ = workspace_state(ws)
    try:
        with state.sessions() as session:
            rows: list[dict[str, Any]] = [
                {
                    "id": p.id,
                    "status": p.status,
                    "source": p.source,
                    "record_id": p.record_id,
                    "owner": p.owner,
                    "changes": p.changes,
                    "proposer": p.proposer,
                    "proposer_agency": p.proposer_agency,
                    "origin": p.origin,
                    "submitted_at": p.submitted_at.isoformat() if p.submitted_at else None,
                    "due_at": p.due_at.isoformat() if p.due_at else None,
                    "decided_at": p.decided_at.isoformat() if p.decided_at else None,
                    "reason": p.reason,
                    "overlay_closed": p.closed_at is not None,
                }
                for p in list_proposals(session, statuses=_status(status), owner=owner)
            ]
    finally:
        state.dispose()

    def render(console: Console) -> None:
        if not rows:
            console.print("Belum ada usulan koreksi" + (f" berstatus {status}." if status else "."))
            return
        table = Table("No.", "Status", "Rekaman", "Pemilik", "Perubahan", "Pengusul", "Batas")
        for r in rows:
            table.add_row(
                str(r["id"]),
                STATUS_LABELS[r["status"]],
                f"{r['source']}:{r['record_id']}",
                r["owner"],
                ", ".join(f"{k}={v}" for k, v in r["changes"].items()),
                r["proposer_agency"] or r["proposer"],
                (r["due_at"] or "–")[:10],
            )
        console.print(table)

    emit({"ok": True, "proposals": rows}, as_json, render)


@corrections_app.command("export")
def corrections_export(
    owner: Annotated[str, typer.Argument(help="Dinas pemilik data, mis. Disdukcapil.")],
    out: Annotated[Path, typer.Option("--out", help="Berkas keluaran .xlsx atau .csv.")],
    include_closed: Annotated[
        bool, typer.Option("--all", help="Sertakan koreksi yang sudah tercermin di data pemilik.")
    ] = False,
    workspace: WorkspaceOption = None,
    as_json: JsonOption = False,
) -> None:
    """Daftar perubahan untuk pemilik data, dengan nama kolom dan format dari kontraknya."""
    if out.suffix.lower() not in {".xlsx", ".csv"}:
        raise RajutError(
            f"Berkas keluaran {out.name} harus .xlsx atau .csv.",
            "Contoh: --out perubahan-disdukcapil.xlsx",
            code="changelist-format",
        )
    ws = workspace_from(workspace)
    state, _ = workspace_state(ws)
    try:
        result = export_change_list(ws, state, owner, out, include_closed=include_closed)
    finally:
        state.dispose()
    summary = {
        "ok": True,
        "owner": result.owner,
        "out": str(result.path),
        "proposals": result.proposals,
        "rows": result.rows,
    }
    emit(
        summary,
        as_json,
        lambda c: c.print(
            f"{result.rows} perubahan dari {result.proposals} usulan untuk {owner} → {out}",
            highlight=False,
        ),
    )


@corrections_app.command("draft")
def corrections_draft(workspace: WorkspaceOption = None, as_json: JsonOption = False) -> None:
    """Jadikan temuan selisih pada build terbaru draf usulan (masing-masing sekali saja)."""
    ws = workspace_from(workspace)
    result = drafts_after_build(ws)
    emit(
        {"ok": True, **result.to_dict()},
        as_json,
        lambda c: c.print(
            f"Draf baru: {result.created}; sudah ada: {result.already}; "
            f"tidak bisa dijadikan usulan: {result.skipped}."
        ),
    )


def scorecard(
    period: Annotated[str, typer.Option("--period", help="Bulan TTTT-BB atau triwulan TTTT-Qn.")],
    out: Annotated[
        Path | None, typer.Option("--out", help="Buku kerja .xlsx (bukti dukung SKP).")
    ] = None,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Tanggal hitung TTTT-BB-HH (bawaan: hari ini).")
    ] = None,
    workspace: WorkspaceOption = None,
    as_json: JsonOption = False,
) -> None:
    """Kartu kinerja kolaborasi per dinas dan unit (definisi: docs/scorecard.md)."""
    from rajut.governance.scorecard import (
        compute_scorecard,
        parse_score_period,
        write_scorecard_xlsx,
    )
    from rajut.governance.scorecard.metrics import AGENCY_METRICS
    from rajut.sources.registry import list_contracts
    from rajut.store import open_store

    score_period = parse_score_period(period)
    day = parse_as_of(as_of) if as_of else date.today()
    ws = workspace_from(workspace)
    state, _ = workspace_state(ws)
    try:
        with open_store(ws.analytics_db) as store, state.sessions() as session:
            card = compute_scorecard(
                store.con, session, list_contracts(ws), score_period, as_of=day
            )
    finally:
        state.dispose()
    if out is not None:
        write_scorecard_xlsx(card, out, kabupaten=ws.settings.general.name)
    summary = {"ok": True, **card.to_dict(), "out": str(out) if out else None}

    def render(console: Console) -> None:
        keys = [
            "on_time_pct",
            "acceptance_pct",
            "acceptance_trend_pp",
            "proposals_made",
            "proposals_answered",
            "median_response_days",
            "persons_linked_across",
            "ideas_made",
        ]
        table = Table(
            "Dinas",
            *(AGENCY_METRICS[k][0] for k in keys),
            title=f"Kartu kinerja kolaborasi {card.period.label}",
        )
        for a in card.agencies:
            values = a.to_dict()
            table.add_row(a.agency, *("–" if values[k] is None else str(values[k]) for k in keys))
        console.print(table)
        if out is not None:
            console.print(f"Buku kerja: {out}")

    emit(summary, as_json, render)
