"""What the pages show of correction proposals: who may open one, plain values, profile extras.

Shared by the proposal pages and the person profile, so both apply the same rule: a
proposal is opened by its proposer (or the proposer's agency), the owner agency and the
walidata; everyone else gets 403. Overlays on a profile respect the viewer's visibility,
so a correction never reveals a value the viewer could not see anyway.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from rajut.appstate.models import Proposal
from rajut.governance.corrections import OPEN_STATES, STATUS_LABELS, list_proposals
from rajut.governance.corrections.drafts import person_plans
from rajut.governance.corrections.notify import unread_count
from rajut.governance.corrections.overlay import Overlay, open_overlays, overlay_values
from rajut.governance.corrections.service import contracts_by_name
from rajut.governance.corrections.values import show_value
from rajut.governance.roles import Role, same_agency
from rajut.governance.users import Principal
from rajut.search.profile import PersonProfile
from rajut.web.context import WebContext
from rajut.web.person_access import Access


def viewable(who: Principal, proposal: Proposal) -> bool:
    """Proposer (or its agency), owner agency and walidata may open a proposal."""
    if who.role == Role.WALIDATA or proposal.proposer == who.username:
        return True
    return same_agency(who.agency, proposal.owner) or same_agency(
        who.agency, proposal.proposer_agency
    )


def _party(who: Principal, overlay: Overlay) -> bool:
    """The proposing and the owning agency know the corrected value anyway."""
    return same_agency(who.agency, overlay.owner) or same_agency(
        who.agency, overlay.proposer_agency
    )


def can_propose_to(who: Principal, owner: str | None) -> bool:
    """Proposals go to another agency; the walidata may propose to anyone."""
    if not owner:
        return False
    return who.role == Role.WALIDATA or not same_agency(who.agency, owner)


def propose_url(
    source: str, record_id: str, person_id: str, changes: dict[str, str] | None = None
) -> str:
    params = {"source": source, "record": record_id, "person": person_id}
    if changes and changes.get("person.alive") == "false":
        params["kematian"] = "1"
        if "person.death_date" in changes:
            params.update(field="person.death_date", value=changes["person.death_date"])
    elif changes:
        field, value = next(iter(changes.items()))
        params.update(field=field, value=value)
    return "/usulan/baru?" + urlencode(params)


@dataclass(frozen=True)
class ProfileCorrections:
    """The correction parts of one person's profile page."""

    overlays: dict[str, Overlay]
    open_proposals: list[Proposal]
    record_links: list[str | None]
    discrepancy_links: list[str | None]

    def template_context(self) -> dict[str, Any]:
        return {
            "overlays": self.overlays,
            "open_proposals": self.open_proposals,
            "record_links": self.record_links,
            "discrepancy_links": self.discrepancy_links,
            "correction_status_labels": STATUS_LABELS,
            "show_value": show_value,
        }


def profile_corrections(
    ctx: WebContext, who: Principal, profile: PersonProfile, access: Access
) -> ProfileCorrections:
    """Overlays in force, open proposals and "propose" links for one person's profile."""
    with ctx.state.session() as session:
        overlays = [
            o
            for o in open_overlays(session, person_id=profile.person_id)
            if access.visible(o.source, o.field) or _party(who, o)
        ]
        proposals = [
            p
            for p in list_proposals(session, person_id=profile.person_id, statuses=OPEN_STATES)
            if viewable(who, p)
        ]
        session.expunge_all()
    contracts = contracts_by_name(ctx.ws)
    with ctx.analytics() as con:
        plans = person_plans(con, contracts, profile.person_id, profile.build_id)
    by_sides = {(p.kind, p.source_a, p.source_b): p for p in plans}
    discrepancy_links: list[str | None] = []
    for d in profile.discrepancies:
        plan = by_sides.get((d.kind, d.source_a or "", d.source_b or ""))
        ok = plan is not None and can_propose_to(who, plan.owner)
        discrepancy_links.append(
            propose_url(plan.source, plan.record_id, profile.person_id, plan.changes)
            if plan is not None and ok
            else None
        )
    record_links: list[str | None] = []
    for r in profile.records:
        contract = contracts.get(r.source)
        ok = contract is not None and can_propose_to(who, contract.owner)
        record_links.append(propose_url(r.source, r.record_id, profile.person_id) if ok else None)
    return ProfileCorrections(
        overlays=overlay_values(overlays),
        open_proposals=proposals,
        record_links=record_links,
        discrepancy_links=discrepancy_links,
    )


def unread_for(ctx: WebContext, who: Principal | None) -> int:
    """Unread notifications of ``who`` and their agency (the header's inbox counter)."""
    if who is None:
        return 0
    with ctx.state.session() as session:
        return unread_count(session, who)
