"""Data-sharing agreements: the walidata records them, the owning agency consents or revokes.

An agreement shares chosen standard fields of one source with another agency or a role,
for a stated purpose and period (:mod:`rajut.governance.agreements`). It takes effect only
after a produsen of the owning agency presses **Setujui**; the owner or the walidata can
**Cabut** it at any time. Every step is audited.
"""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Form, HTTPException, Request, Response
from fastapi.responses import RedirectResponse
from sqlalchemy import select
from sqlalchemy.orm import Session

from rajut.appstate.models import Agreement, User
from rajut.errors import RajutError
from rajut.governance.agreements import (
    STATUS_LABELS,
    create_agreement,
    list_agreements,
    record_consent,
    revoke,
    status,
)
from rajut.governance.roles import Perm, Role, same_agency
from rajut.governance.users import Principal
from rajut.sources.contract import SourceContract
from rajut.sources.registry import list_contracts
from rajut.web.auth_state import NotAuthorized
from rajut.web.context import WebContext, ctx_of
from rajut.web.forms import optional_day
from rajut.web.i18n import N_
from rajut.web.pages.auth import safe_next
from rajut.web.policy import allow
from rajut.web.render import page

router = APIRouter()

#: roles an agreement may name as grantee (walidata sees everything; auditors no data)
GRANTEE_ROLES = (Role.ANALIS, Role.PIMPINAN)
#: what a produsen's list shows: agreements that still matter
CURRENT = ("menunggu", "belum-mulai", "berlaku")


def mapped_fields(contract: SourceContract) -> list[str]:
    """The standard fields a source's contract fills: what an agreement can share."""
    found: set[str] = set()
    for _column, mapping in contract.mappings:
        found.add(mapping.field)
        if mapping.place_field:
            found.add(mapping.place_field)
    return sorted(found)


def _contracts(ctx: WebContext) -> dict[str, SourceContract]:
    return {contract.name: contract for contract in list_contracts(ctx.ws)}


def grantee_options(session: Session, contracts: dict[str, SourceContract]) -> list[str]:
    """Agencies (source owners and produsen users' agencies), then ``role:...`` grantees."""
    agencies: dict[str, str] = {}
    names = [c.owner for c in contracts.values()]
    names += [a for a in session.scalars(select(User.agency).where(User.agency.is_not(None))) if a]
    for name in names:
        agencies.setdefault(" ".join(name.lower().split()), name)
    return sorted(agencies.values()) + [f"role:{role.value}" for role in GRANTEE_ROLES]


def _admin_page(
    request: Request,
    *,
    source: str = "",
    form: dict[str, object] | None = None,
    message: str = "",
    error: RajutError | None = None,
    status_code: int = 200,
) -> Response:
    ctx = ctx_of(request)
    contracts = _contracts(ctx)
    chosen = contracts.get(source)
    with ctx.state.session() as session:
        agreements = list_agreements(session)
        grantees = grantee_options(session, contracts)
    return page(
        request,
        "agreement_admin.html",
        status_code=status_code,
        agreements=agreements,
        status_of=status,
        status_labels=STATUS_LABELS,
        is_owner=lambda _a: False,  # the walidata records and revokes; owners consent
        contracts=list(contracts.values()),
        chosen=chosen,
        fields=mapped_fields(chosen) if chosen else [],
        grantees=[g for g in grantees if not chosen or not same_agency(g, chosen.owner)],
        form=form or {"fields": [], "grantee": "", "purpose": "", "valid_from": "", "until": ""},
        today=date.today().isoformat(),
        message=message,
        error=error,
    )


@router.get("/admin/perjanjian")
def admin_list(request: Request, sumber: str = "", who: Principal = allow(Perm.ADMIN)) -> Response:
    return _admin_page(request, source=sumber)


@router.post("/admin/perjanjian")
def admin_create(
    request: Request,
    source: str = Form(""),
    grantee: str = Form(""),
    fields: list[str] = Form([]),
    purpose: str = Form(""),
    valid_from: str = Form(""),
    valid_until: str = Form(""),
    who: Principal = allow(Perm.ADMIN),
) -> Response:
    ctx = ctx_of(request)
    form: dict[str, object] = {
        "fields": fields,
        "grantee": grantee,
        "purpose": purpose[:2000],
        "valid_from": valid_from[:10],
        "until": valid_until[:10],
    }
    try:
        contract = _contracts(ctx).get(source)
        if contract is None:
            raise RajutError(
                f"Sumber data {source!r} belum terdaftar.",
                "Pilih sumber dari daftar, lalu tekan Tampilkan medan.",
                code="agreement-source",
            )
        unknown = sorted(set(fields) - set(mapped_fields(contract)))
        if unknown:
            raise RajutError(
                "Medan ini tidak ada di kontrak sumber: " + ", ".join(unknown) + ".",
                "Centang hanya medan yang ditampilkan untuk sumber ini.",
                code="agreement-fields",
            )
        start = optional_day(valid_from, "mulai", code="agreement-date")
        until = optional_day(valid_until, "berakhir", code="agreement-date")
        if until is not None and until < (start or date.today()):
            raise RajutError(
                "Tanggal berakhir lebih awal dari tanggal mulai.",
                "Kosongkan tanggal berakhir (tanpa batas) atau pilih tanggal setelah mulai.",
                code="agreement-date",
            )
        with ctx.state.session() as session:
            if grantee not in grantee_options(session, _contracts(ctx)):
                raise RajutError(
                    "Penerima perjanjian tidak dikenal.",
                    "Pilih dinas atau peran penerima dari daftar.",
                    code="agreement-grantee",
                )
            agreement = create_agreement(
                session,
                source=contract.name,
                owner=contract.owner,
                grantee=grantee,
                fields=fields,
                purpose=purpose,
                created_by=who.username,
                valid_from=start,
                valid_until=until,
            )
            agreement_id = agreement.id
            shared = list(agreement.fields)
    except RajutError as exc:
        return _admin_page(request, source=source, form=form, error=exc, status_code=400)
    ctx.record(
        request,
        who,
        "agreement_create",
        target=f"perjanjian {agreement_id}",
        purpose=purpose.strip(),
        details={"source": source, "grantee": grantee, "fields": shared},
    )
    return _admin_page(
        request, message=N_("Perjanjian dicatat. Perjanjian berlaku setelah pemilik data setuju.")
    )


@router.get("/perjanjian")
def owner_list(request: Request, who: Principal = allow(Perm.SOURCES_OWN)) -> Response:
    """A produsen's view: agreements on their agency's sources that are pending or in force."""
    ctx = ctx_of(request)
    owner = None if who.role == Role.WALIDATA else (who.agency or "-")
    with ctx.state.session() as session:
        agreements = [a for a in list_agreements(session, owner) if status(a) in CURRENT]
    return page(
        request,
        "agreement_list.html",
        agreements=agreements,
        status_of=status,
        status_labels=STATUS_LABELS,
        is_owner=lambda a: same_agency(who.agency, a.owner),
    )


def _load(session: Session, agreement_id: int) -> Agreement:
    agreement = session.get(Agreement, agreement_id)
    if agreement is None:
        raise HTTPException(404)
    return agreement


@router.post("/perjanjian/{agreement_id}/setujui")
def consent(
    request: Request,
    agreement_id: int,
    lanjut: str = Form("/perjanjian"),
    who: Principal = allow(Perm.SOURCES_OWN),
) -> Response:
    ctx = ctx_of(request)
    with ctx.state.session() as session:
        agreement = _load(session, agreement_id)
        if not same_agency(who.agency, agreement.owner):
            raise NotAuthorized(
                who,
                message=f"Hanya staf {agreement.owner} yang bisa menyetujui perjanjian ini.",
                hint="Persetujuan berbagi data diberikan oleh dinas pemilik sumbernya.",
            )
        record_consent(session, agreement, who)
        details: dict[str, object] = {"source": agreement.source, "grantee": agreement.grantee}
    ctx.record(
        request, who, "agreement_consent", target=f"perjanjian {agreement_id}", details=details
    )
    return RedirectResponse(safe_next(lanjut), status_code=303)


@router.post("/perjanjian/{agreement_id}/cabut")
def revoke_agreement(
    request: Request,
    agreement_id: int,
    lanjut: str = Form("/perjanjian"),
    who: Principal = allow(Perm.SOURCES_OWN),
) -> Response:
    ctx = ctx_of(request)
    with ctx.state.session() as session:
        agreement = _load(session, agreement_id)
        if who.role != Role.WALIDATA and not same_agency(who.agency, agreement.owner):
            raise NotAuthorized(
                who,
                message=f"Hanya {agreement.owner} atau walidata yang bisa mencabut perjanjian ini.",
                hint="Minta dinas pemilik data atau walidata mencabutnya.",
            )
        revoke(agreement)
        details: dict[str, object] = {"source": agreement.source, "grantee": agreement.grantee}
    ctx.record(
        request, who, "agreement_revoke", target=f"perjanjian {agreement_id}", details=details
    )
    return RedirectResponse(safe_next(lanjut), status_code=303)
