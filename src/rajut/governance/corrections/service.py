"""Workspace-level entry points: open the stores, then call the corrections library.

Used by the CLI and the web app after the library stages they drive: drafts after a build,
closing overlays after an ingest, change lists for an owner.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select

from rajut.appstate import AppState, Proposal, open_app_state
from rajut.governance.audit import AuditLog, anchor_path
from rajut.governance.corrections.changelist import change_rows, write_changelist
from rajut.governance.corrections.drafts import DraftResult, draft_from_discrepancies
from rajut.governance.corrections.overlay import close_fixed
from rajut.governance.corrections.proposals import ACCEPTED
from rajut.sources.contract import SourceContract
from rajut.sources.registry import list_contracts
from rajut.store import open_store
from rajut.workspace import Workspace


def workspace_state(ws: Workspace) -> tuple[AppState, AuditLog]:
    state = open_app_state(ws.settings.storage.app_state_url, ws.root)
    return state, AuditLog(state, anchor=anchor_path(ws.root))


def contracts_by_name(ws: Workspace) -> dict[str, SourceContract]:
    return {c.name: c for c in list_contracts(ws)}


def drafts_after_build(ws: Workspace, state: AppState | None = None) -> DraftResult:
    """Draft proposals for the newest build's discrepancies (each disagreement once)."""
    own = state is None
    app = state or workspace_state(ws)[0]
    try:
        with open_store(ws.analytics_db) as store, app.session() as session:
            return draft_from_discrepancies(session, store.con, contracts_by_name(ws))
    finally:
        if own:
            app.dispose()


def close_after_ingest(
    ws: Workspace, source: str, run_id: str, state: AppState | None = None
) -> list[int]:
    """Close the overlays on ``source`` that run ``run_id`` now carries."""
    own = state is None
    app, audit = (
        (state, AuditLog(state, anchor=anchor_path(ws.root))) if state else (workspace_state(ws))
    )
    try:
        with open_store(ws.analytics_db) as store, app.session() as session:
            return close_fixed(session, store.con, source, run_id, audit)
    finally:
        if own:
            app.dispose()


@dataclass
class ChangeListExport:
    owner: str
    path: Path
    rows: int
    proposals: int


def export_change_list(
    ws: Workspace,
    state: AppState,
    owner: str,
    out: Path,
    *,
    include_closed: bool = False,
) -> ChangeListExport:
    """The accepted corrections for ``owner`` as its change list (xlsx or csv by suffix)."""
    stmt = select(Proposal).where(
        Proposal.status == ACCEPTED,
        func.lower(Proposal.owner) == " ".join(owner.lower().split()),
    )
    if not include_closed:
        stmt = stmt.where(Proposal.closed_at.is_(None))
    with state.sessions() as session:
        proposals = list(session.scalars(stmt.order_by(Proposal.id)))
    rows = change_rows(proposals, contracts_by_name(ws))
    write_changelist(rows, out, owner)
    return ChangeListExport(owner=owner, path=out, rows=len(rows), proposals=len(proposals))
