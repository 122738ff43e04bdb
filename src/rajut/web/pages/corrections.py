"""Correction proposals in the web app: propose, inbox, decide, change list, notifications.

Staff of one Dinas who see a wrong value in another Dinas's record propose a correction
straight to the owner (``/usulan/baru``); the owner answers from its inbox (``/usulan``).
Every step is a call into :mod:`rajut.governance.corrections`, which checks who may do
what and audits it in the same transaction; this module only collects the form, shows
the result and keeps produsen staff out of proposals that are none of their business.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import Any

from fastapi import APIRouter, File, Form, Request, Response, UploadFile
from fastapi.responses import RedirectResponse

from rajut.appstate.models import Proposal, utcnow
from rajut.errors import RajutError
from rajut.governance.corrections import (
    OPEN_STATES,
    STATUS_LABELS,
    CorrectionError,
    DecisionConflict,
    decide,
    get_proposal,
    list_proposals,
    propose,
    submit,
    withdraw,
)
from rajut.governance.corrections.notify import inbox, mark_read
from rajut.governance.corrections.proposals import (
    DRAFT,
    SUBMITTED,
    history,
    may_decide,
    may_submit,
    may_withdraw,
)
from rajut.governance.corrections.service import contracts_by_name, export_change_list
from rajut.governance.corrections.values import FIELD_LABELS, record_values, show_value
from rajut.governance.roles import Perm, Role, same_agency
from rajut.governance.users import Principal
from rajut.sources.contract import SourceContract
from rajut.web import attachments, mail
from rajut.web.auth_state import NotAuthorized
from rajut.web.context import WebContext, ctx_of
from rajut.web.corrections_view import viewable
from rajut.web.i18n import N_
from rajut.web.policy import allow
from rajut.web.render import page

router = APIRouter()

TABS: dict[str, str] = {
    "masuk": N_("Kotak masuk"),
    "saya": N_("Usulan saya"),
    "draf": N_("Draf untuk dinas saya"),
    "semua": N_("Semua usulan"),
}
PERSON_ID = re.compile(r"^[A-Za-z0-9_.:-]{1,32}$")
DEATH_FIELDS = ("person.alive", "person.death_date")


def correctable_fields(contract: SourceContract) -> list[str]:
    """The standard fields the owner's contract maps that a proposal may change."""
    found = {m.field for _col, m in contract.mappings}
    return sorted(f for f in found if f.split(".", 1)[0] in ("person", "household"))


def _contract(ctx: WebContext, source: str) -> SourceContract:
    contract = contracts_by_name(ctx.ws).get(source)
    if contract is None:
        raise CorrectionError(
            f"Sumber data {source!r} tidak dikenal.",
            "Buka profil warga lalu tekan 'Usulkan koreksi' pada rekaman yang keliru.",
            code="correction-source",
        )
    return contract


def _record(ctx: WebContext, contract: SourceContract, record_id: str) -> None:
    fields = correctable_fields(contract)[:1] or ["person.name"]
    with ctx.analytics() as con:
        found = record_values(con, contract.name, record_id, fields)
    if found is None:
        raise CorrectionError(
            f"Rekaman {record_id!r} tidak ada di {contract.name}.",
            "Buka profil warga lalu tekan 'Usulkan koreksi' pada rekaman yang keliru.",
            code="correction-record",
        )


def _form_page(
    request: Request,
    who: Principal,
    contract: SourceContract,
    form: dict[str, str],
    error: RajutError | None = None,
    status_code: int = 200,
) -> Response:
    fields = correctable_fields(contract)
    return page(
        request,
        "correction_new.html",
        status_code=status_code,
        contract=contract,
        fields=[(f, FIELD_LABELS.get(f, f)) for f in fields],
        can_report_death="person.alive" in fields,
        own_data=who.role != Role.WALIDATA and same_agency(who.agency, contract.owner),
        form=form,
        error=error,
    )


@router.get("/usulan/baru")
def new_form(
    request: Request,
    source: str = "",
    record: str = "",
    person: str = "",
    field: str = "",
    value: str = "",
    kematian: str = "",
    evidence: str = "",
    who: Principal = allow(Perm.SELF),
) -> Response:
    """The proposal form for one record of another agency (pre-filled from a discrepancy)."""
    ctx = ctx_of(request)
    contract = _contract(ctx, source[:64])
    _record(ctx, contract, record[:120])
    form = {
        "source": contract.name,
        "record": record[:120],
        "person": person[:32] if PERSON_ID.match(person) else "",
        "field": field[:64],
        "value": value[:200],
        "death_date": value[:10] if kematian and field == "person.death_date" else "",
        "kematian": "1" if kematian else "",
        "evidence": evidence[:500],
    }
    return _form_page(request, who, contract, form)


def _changes(
    contract: SourceContract, jenis: str, field: str, value: str, death_date: str
) -> dict[str, str]:
    fields = correctable_fields(contract)
    if jenis == "kematian":
        changes = {"person.alive": "false"}
        if death_date.strip():
            changes["person.death_date"] = death_date.strip()
        return {f: v for f, v in changes.items() if f in fields}
    if field not in fields:
        raise CorrectionError(
            "Pilih medan yang akan dikoreksi.",
            f"Hanya medan yang dicatat {contract.owner} di sumber ini yang bisa diusulkan.",
            code="correction-field",
        )
    return {field: value}


@router.post("/usulan/baru")
def create(
    request: Request,
    source: str = Form(""),
    record: str = Form(""),
    person: str = Form(""),
    jenis: str = Form("medan"),
    field: str = Form(""),
    value: str = Form(""),
    death_date: str = Form(""),
    evidence: str = Form(""),
    lampiran: UploadFile | None = File(None),
    who: Principal = allow(Perm.SELF),
) -> Response:
    """Send a proposal to the owner agency (the library checks, routes and audits it)."""
    ctx = ctx_of(request)
    contract = _contract(ctx, source[:64])
    form = {
        "source": contract.name,
        "record": record[:120],
        "person": person[:32] if PERSON_ID.match(person) else "",
        "field": field[:64],
        "value": value[:200],
        "death_date": death_date[:10],
        "kematian": "1" if jenis == "kematian" else "",
        "evidence": evidence[:2000],
    }
    stored: tuple[str, str] | None = None
    try:
        _record(ctx, contract, form["record"])
        changes = _changes(contract, jenis, form["field"], form["value"], form["death_date"])
        with ctx.analytics() as con:
            current = record_values(con, contract.name, form["record"], list(changes)) or {}
        if lampiran is not None and lampiran.filename:
            stored = attachments.save(ctx.ws.data_dir, lampiran.file, lampiran.filename)
        with ctx.state.session() as session:
            proposal = propose(
                session,
                who,
                source=contract.name,
                owner=contract.owner,
                record_id=form["record"],
                changes=changes,
                current=current,
                evidence=form["evidence"],
                person_id=form["person"] or None,
                attachment=stored,
                due_days=ctx.ws.settings.notify.due_days,
                audit=ctx.audit,
            )
            proposal_id = proposal.id
    except RajutError as exc:
        if stored is not None:
            attachments.discard(ctx.ws.data_dir, stored[0])
        return _form_page(request, who, contract, form, error=exc, status_code=400)
    if stored is not None:
        ctx.record(
            request,
            who,
            "upload",
            target=f"lampiran usulan #{proposal_id}",
            details={"name": stored[1]},
        )
    mail.send_later(ctx)
    return RedirectResponse(f"/usulan/{proposal_id}?baru=1", status_code=303)


def _sorted_inbox(proposals: list[Proposal]) -> list[Proposal]:
    """Waiting ones first, the oldest due date on top; answered ones after, newest first."""
    waiting = sorted(
        (p for p in proposals if p.status == SUBMITTED), key=lambda p: (p.due_at or utcnow(), p.id)
    )
    rest = [p for p in proposals if p.status != SUBMITTED]
    return waiting + rest


def _tab_rows(session: Any, who: Principal, tab: str, status: str) -> list[Proposal]:
    agency = who.agency
    if tab == "semua":
        return list_proposals(session, statuses=[status] if status else None)
    if tab == "masuk":
        if not agency:
            return []
        rows = [p for p in list_proposals(session, owner=agency) if p.status != DRAFT]
        return _sorted_inbox(rows)
    if tab == "draf":
        if who.role == Role.WALIDATA:
            rows = list_proposals(session, statuses=[DRAFT])
        elif agency:
            rows = list_proposals(session, statuses=[DRAFT], proposer_agency=agency)
        else:
            rows = []
        return [p for p in rows if p.proposer == "sistem"]
    mine = {p.id: p for p in list_proposals(session, proposer=who.username)}
    if agency:
        for p in list_proposals(session, proposer_agency=agency):
            if p.proposer != "sistem":
                mine.setdefault(p.id, p)
    return sorted(mine.values(), key=lambda p: p.id, reverse=True)


@router.get("/usulan")
def proposals_list(
    request: Request, tab: str = "", status: str = "", who: Principal = allow(Perm.SELF)
) -> Response:
    """Inbox, own proposals, drafts waiting for the agency; the walidata sees all."""
    ctx = ctx_of(request)
    tabs = ["masuk", "saya", "draf"] if who.agency else ["saya"]
    if who.role == Role.WALIDATA:
        tabs = ["semua", "draf", "saya"]
    chosen = tab if tab in tabs else tabs[0]
    status = status if status in STATUS_LABELS else ""
    with ctx.state.session() as session:
        rows = _tab_rows(session, who, chosen, status)
        session.expunge_all()
    now = utcnow()
    return page(
        request,
        "corrections.html",
        tabs=[(t, TABS[t]) for t in tabs],
        tab=chosen,
        status=status,
        status_labels=STATUS_LABELS,
        rows=rows,
        overdue={p.id for p in rows if p.status == SUBMITTED and p.due_at and p.due_at < now},
        field_labels=FIELD_LABELS,
        show_value=show_value,
        owners=_owners(ctx),
    )


def _owners(ctx: WebContext) -> list[str]:
    names: dict[str, str] = {}
    for contract in contracts_by_name(ctx.ws).values():
        names.setdefault(" ".join(contract.owner.lower().split()), contract.owner)
    return sorted(names.values())


def _guard(who: Principal, proposal: Proposal) -> None:
    if not viewable(who, proposal):
        raise NotAuthorized(
            who,
            message=f"Usulan #{proposal.id} bukan untuk dinas Anda.",
            hint="Usulan koreksi hanya dibuka oleh pengusul, dinas pemilik data dan walidata.",
        )


def _detail(
    request: Request,
    who: Principal,
    proposal_id: int,
    *,
    error: RajutError | None = None,
    message: str = "",
    status_code: int = 200,
) -> Response:
    ctx = ctx_of(request)
    with ctx.state.session() as session:
        proposal = get_proposal(session, proposal_id)
        _guard(who, proposal)
        events = history(session, proposal_id)
        actions = {
            "submit": may_submit(who, proposal),
            "withdraw": may_withdraw(who, proposal),
            "decide": may_decide(who, proposal),
        }
        session.expunge_all()
    sees_current = who.role == Role.WALIDATA or same_agency(who.agency, proposal.owner)
    return page(
        request,
        "correction_detail.html",
        status_code=status_code,
        p=proposal,
        events=events,
        actions=actions,
        status_labels=STATUS_LABELS,
        field_labels=FIELD_LABELS,
        show_value=show_value,
        sees_current=sees_current,
        overdue=proposal.status == SUBMITTED
        and proposal.due_at is not None
        and proposal.due_at < utcnow(),
        error=error,
        message=message,
        is_open=proposal.status in OPEN_STATES,
    )


@router.get("/usulan/perubahan.xlsx")
def changelist_xlsx(
    request: Request, owner: str = "", who: Principal = allow(Perm.SELF)
) -> Response:
    """The owner agency's change list in its own column names (Excel)."""
    return _changelist(request, who, owner, ".xlsx")


@router.get("/usulan/perubahan.csv")
def changelist_csv(
    request: Request, owner: str = "", who: Principal = allow(Perm.SELF)
) -> Response:
    """The same change list as CSV (semicolon-separated, UTF-8 with BOM for Excel)."""
    return _changelist(request, who, owner, ".csv")


def _changelist(request: Request, who: Principal, owner: str, suffix: str) -> Response:
    ctx = ctx_of(request)
    if who.role == Role.WALIDATA:
        chosen = next((o for o in _owners(ctx) if same_agency(o, owner)), None)
        if chosen is None:
            raise CorrectionError(
                "Pilih dinas pemilik data untuk daftar perubahan.",
                "Buka Usulan koreksi lalu pilih dinas di bagian 'Daftar perubahan'.",
                code="correction-owner",
            )
    elif who.role == Role.PRODUSEN and who.agency:
        chosen = who.agency
    else:
        raise NotAuthorized(
            who,
            message="Daftar perubahan hanya untuk dinas pemilik data.",
            hint="Staf dinas pemilik data atau walidata dapat mengunduhnya.",
        )
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / f"perubahan{suffix}"
        result = export_change_list(ctx.ws, ctx.state, chosen, out)
        body = out.read_bytes()
    ctx.record(
        request,
        who,
        "export",
        target=f"daftar perubahan {chosen}",
        details={"format": suffix.lstrip("."), "rows": result.rows},
    )
    slug = re.sub(r"[^a-z0-9]+", "-", chosen.lower()).strip("-") or "dinas"
    media = (
        "text/csv; charset=utf-8"
        if suffix == ".csv"
        else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    return Response(
        body,
        media_type=media,
        headers={
            "Content-Disposition": f'attachment; filename="perubahan-{slug}{suffix}"',
            "Cache-Control": "no-store",
        },
    )


@router.get("/usulan/{proposal_id}")
def proposal_view(
    request: Request, proposal_id: int, baru: str = "", who: Principal = allow(Perm.SELF)
) -> Response:
    """One proposal: the changes, evidence, history and what the viewer may do."""
    message = N_("Usulan terkirim ke dinas pemilik data.") if baru else ""
    return _detail(request, who, proposal_id, message=message)


def _act(request: Request, who: Principal, proposal_id: int, action: Any, done: str) -> Response:
    """Run one state change; a refusal or a conflict is shown on the proposal page."""
    ctx = ctx_of(request)
    with ctx.state.session() as session:
        _guard(who, get_proposal(session, proposal_id))
    try:
        with ctx.state.session() as session:
            action(session)
    except DecisionConflict as exc:
        return _detail(request, who, proposal_id, error=exc, status_code=409)
    except RajutError as exc:
        return _detail(request, who, proposal_id, error=exc, status_code=400)
    mail.send_later(ctx)
    return RedirectResponse(f"/usulan/{proposal_id}?selesai={done}", status_code=303)


@router.post("/usulan/{proposal_id}/kirim")
def proposal_submit(
    request: Request,
    proposal_id: int,
    evidence: str = Form(""),
    who: Principal = allow(Perm.SELF),
) -> Response:
    ctx = ctx_of(request)
    due = ctx.ws.settings.notify.due_days
    return _act(
        request,
        who,
        proposal_id,
        lambda s: submit(
            s, who, proposal_id, evidence=evidence[:2000], due_days=due, audit=ctx.audit
        ),
        "kirim",
    )


@router.post("/usulan/{proposal_id}/tarik")
def proposal_withdraw(
    request: Request, proposal_id: int, note: str = Form(""), who: Principal = allow(Perm.SELF)
) -> Response:
    ctx = ctx_of(request)
    return _act(
        request,
        who,
        proposal_id,
        lambda s: withdraw(s, who, proposal_id, note=note[:500], audit=ctx.audit),
        "tarik",
    )


@router.post("/usulan/{proposal_id}/putuskan")
def proposal_decide(
    request: Request,
    proposal_id: int,
    keputusan: str = Form(""),
    reason: str = Form(""),
    who: Principal = allow(Perm.SELF),
) -> Response:
    ctx = ctx_of(request)
    if keputusan not in ("terima", "tolak"):
        return _detail(
            request,
            who,
            proposal_id,
            error=CorrectionError(
                "Pilih Terima atau Tolak.", "Tekan salah satu tombol keputusan di bawah alasan."
            ),
            status_code=400,
        )
    return _act(
        request,
        who,
        proposal_id,
        lambda s: decide(
            s,
            who,
            proposal_id,
            accept=keputusan == "terima",
            reason=reason[:2000],
            audit=ctx.audit,
        ),
        keputusan,
    )


@router.get("/usulan/{proposal_id}/lampiran")
def proposal_attachment(
    request: Request, proposal_id: int, who: Principal = allow(Perm.SELF)
) -> Response:
    """Download the evidence attached to a proposal (audited as an export)."""
    ctx = ctx_of(request)
    with ctx.state.session() as session:
        proposal = get_proposal(session, proposal_id)
        _guard(who, proposal)
        stored, name = proposal.attachment_path, proposal.attachment_name
    if not stored:
        raise CorrectionError(
            f"Usulan #{proposal_id} tidak berlampiran.", "Bukti tertulis ada di halaman usulan."
        )
    path = attachments.path_of(ctx.ws.data_dir, stored)
    ctx.record(request, who, "export", target=f"lampiran usulan #{proposal_id}")
    safe = re.sub(r"[^A-Za-z0-9._ -]+", "_", name or stored)
    return Response(
        path.read_bytes(),
        media_type=attachments.media_type(stored),
        headers={
            "Content-Disposition": f'attachment; filename="{safe}"',
            "Cache-Control": "no-store",
        },
    )


@router.get("/notifikasi")
def notifications(request: Request, who: Principal = allow(Perm.SELF)) -> Response:
    """The user's and their agency's notifications, newest first."""
    ctx = ctx_of(request)
    with ctx.state.session() as session:
        notes = inbox(session, who)
        session.expunge_all()
    return page(request, "inbox.html", notes=notes)


@router.post("/notifikasi/baca")
def notifications_read(request: Request, who: Principal = allow(Perm.SELF)) -> Response:
    ctx = ctx_of(request)
    with ctx.state.session() as session:
        mark_read(session, who)
    return RedirectResponse("/notifikasi", status_code=303)
