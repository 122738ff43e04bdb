"""Accepted corrections as overlays: shown over integrated values, closed by the owner's data.

An accepted proposal changes nothing in the owner's files or in ``std.*``. Until the owner's
own data carries the same values, the integrated profile shows the corrected value with its
provenance ("koreksi #12, diusulkan Dinas Kesehatan, diterima Disdukcapil 30-11-2026").
After each ingest of a source, :func:`close_fixed` compares the new run's values of every
open overlay on that source; when they all agree, the overlay is closed (it has done its
job) and the profile shows the owner's value again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import duckdb
from sqlalchemy import select
from sqlalchemy.orm import Session

from rajut.appstate.models import Proposal, utcnow
from rajut.governance.audit import AuditLog
from rajut.governance.corrections.proposals import ACCEPTED, _event
from rajut.governance.corrections.values import record_values


@dataclass(frozen=True)
class Overlay:
    """One corrected value over a person's or household's integrated data."""

    proposal_id: int
    field: str
    value: str
    source: str
    record_id: str
    owner: str
    proposer_agency: str | None
    decided_by: str | None
    decided_at: str

    def provenance(self) -> str:
        by = self.proposer_agency or "pengguna"
        return (
            f"koreksi #{self.proposal_id}: diusulkan {by}, diterima {self.owner} "
            f"({self.decided_at}); menunggu berkas {self.owner} berikutnya"
        )

    def to_dict(self) -> dict[str, Any]:
        return {**self.__dict__, "provenance": self.provenance()}


def open_overlays(
    session: Session, *, person_id: str | None = None, source: str | None = None
) -> list[Overlay]:
    """Accepted, not yet closed corrections (of one person, or one source), oldest first."""
    stmt = select(Proposal).where(Proposal.status == ACCEPTED, Proposal.closed_at.is_(None))
    if person_id is not None:
        stmt = stmt.where(Proposal.person_id == person_id)
    if source is not None:
        stmt = stmt.where(Proposal.source == source)
    overlays = []
    for proposal in session.scalars(stmt.order_by(Proposal.decided_at, Proposal.id)):
        for field, value in proposal.changes.items():
            overlays.append(
                Overlay(
                    proposal_id=proposal.id,
                    field=field,
                    value=str(value),
                    source=proposal.source,
                    record_id=proposal.record_id,
                    owner=proposal.owner,
                    proposer_agency=proposal.proposer_agency,
                    decided_by=proposal.decided_by,
                    decided_at=f"{proposal.decided_at:%d-%m-%Y}" if proposal.decided_at else "",
                )
            )
    return overlays


def overlay_values(overlays: list[Overlay]) -> dict[str, Overlay]:
    """Field → the overlay in force (the latest accepted one wins)."""
    return {o.field: o for o in overlays}


def close_fixed(
    session: Session,
    con: duckdb.DuckDBPyConnection,
    source: str,
    run_id: str,
    audit: AuditLog | None = None,
) -> list[int]:
    """Close the overlays on ``source`` whose record in run ``run_id`` carries the fix."""
    closed: list[int] = []
    open_ones = session.scalars(
        select(Proposal).where(
            Proposal.status == ACCEPTED, Proposal.closed_at.is_(None), Proposal.source == source
        )
    )
    for proposal in open_ones:
        now = record_values(con, source, proposal.record_id, list(proposal.changes), run_id)
        if now is None:
            continue
        if all(now.get(f) == str(v) for f, v in proposal.changes.items()):
            proposal.closed_at = utcnow()
            proposal.closed_run_id = run_id
            _event(session, proposal, "sistem", ACCEPTED, ACCEPTED, f"ditutup: berkas {run_id}")
            closed.append(proposal.id)
            if audit is not None:
                audit.append(
                    "sistem",
                    "proposal_close",
                    target=f"usulan #{proposal.id} {proposal.source}:{proposal.record_id}",
                    details={"run_id": run_id},
                    session=session,
                )
    return closed
