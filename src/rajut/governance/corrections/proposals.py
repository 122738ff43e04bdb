"""The proposal state machine: who may move a proposal where, atomically and audited.

    draft ──submit──► submitted ──decide──► accepted (overlay until the owner's file agrees)
      │                   │           └───► rejected
      └──withdraw──► withdrawn ◄──withdraw─┘

* Anyone signed in may propose a correction to a record of **another** agency, without
  going through their own hierarchy; the owner agency is read from the source contract.
* Only the proposer (or the walidata) may submit a draft or withdraw.
* Only staff of the owning agency may accept or reject, always with a reason. The decision
  is one conditional UPDATE (``WHERE status = 'submitted'``), so two reviewers acting at
  once leave exactly one outcome; the later one gets :class:`DecisionConflict`.
* The same change to the same record is proposed once: ``dedup_key`` is unique while a
  proposal is open; a rejected or withdrawn proposal frees it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from rajut.appstate.models import Proposal, ProposalEvent, User, utcnow
from rajut.errors import RajutError
from rajut.governance.audit import AuditLog
from rajut.governance.roles import N_, Role, same_agency
from rajut.governance.users import Principal

DRAFT, SUBMITTED, ACCEPTED, REJECTED, WITHDRAWN = (
    "draft",
    "submitted",
    "accepted",
    "rejected",
    "withdrawn",
)
OPEN_STATES = (DRAFT, SUBMITTED)
STATUS_LABELS = {
    DRAFT: N_("Draf"),
    SUBMITTED: N_("Menunggu jawaban"),
    ACCEPTED: N_("Diterima"),
    REJECTED: N_("Ditolak"),
    WITHDRAWN: N_("Ditarik"),
}
#: days the owner has to answer a submitted proposal
DEFAULT_DUE_DAYS = 14
MIN_REASON = 5


class CorrectionError(RajutError):
    code = "correction-error"


class DecisionConflict(CorrectionError):
    code = "correction-conflict"


def dedup_key(source: str, record_id: str, changes: dict[str, str]) -> str:
    canonical = json.dumps([source, record_id, sorted(changes.items())], ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _unit(session: Session, username: str) -> str | None:
    user = session.scalar(select(User).where(User.username == username))
    return user.unit if user else None


def _event(
    session: Session,
    proposal: Proposal,
    actor: str,
    from_status: str | None,
    to_status: str,
    note: str = "",
) -> None:
    session.add(
        ProposalEvent(
            proposal_id=proposal.id,
            actor=actor,
            from_status=from_status,
            to_status=to_status,
            note=note,
        )
    )


def _audit(
    audit: AuditLog | None,
    who: Principal | None,
    action: str,
    proposal: Proposal,
    **details: Any,
) -> None:
    if audit is None:
        return
    session = Session.object_session(proposal)
    audit.append(
        who.username if who else "sistem",
        action,
        role=who.role if who else "",
        target=f"usulan #{proposal.id} {proposal.source}:{proposal.record_id}",
        details={"owner": proposal.owner, "status": proposal.status, **details},
        session=session,
    )


def propose(
    session: Session,
    who: Principal | None,
    *,
    source: str,
    owner: str,
    record_id: str,
    changes: dict[str, str],
    current: dict[str, str | None] | None = None,
    evidence: str = "",
    person_id: str | None = None,
    origin: str = "manual",
    submit_now: bool = True,
    proposer_agency: str | None = None,
    attachment: tuple[str, str] | None = None,
    due_days: int = DEFAULT_DUE_DAYS,
    audit: AuditLog | None = None,
) -> Proposal:
    """A new proposal (submitted at once unless ``submit_now`` is False: a draft).

    ``who`` is ``None`` for drafts made by rajut itself from discrepancies; they carry the
    agency whose data disagrees as ``proposer_agency`` and wait for its staff to submit.
    """
    from rajut.governance.corrections.values import normalise_value

    if not changes:
        raise CorrectionError(
            "Usulan koreksi belum berisi perubahan.", "Pilih medan dan isi nilai yang benar."
        )
    normalised = {field: normalise_value(field, value) for field, value in changes.items()}
    agency = proposer_agency if who is None else who.agency
    if who is not None and who.role != Role.WALIDATA and same_agency(who.agency, owner):
        raise CorrectionError(
            f"Data ini milik dinas Anda sendiri ({owner}).",
            "Perbaiki langsung di sistem dinas Anda; usulan koreksi ditujukan ke dinas lain.",
            code="correction-own-data",
        )
    if submit_now and who is not None and len(evidence.strip()) < MIN_REASON:
        raise CorrectionError(
            "Sertakan bukti atau alasan usulan.",
            "Tulis singkat dasar koreksi, mis. 'Surat keterangan kematian dari desa, 12-03-2026'.",
            code="correction-evidence",
        )
    key = dedup_key(source, record_id, normalised)
    existing = session.scalar(select(Proposal).where(Proposal.dedup_key == key))
    if existing is not None:
        raise CorrectionError(
            f"Perubahan yang sama sudah diusulkan (usulan #{existing.id}, "
            f"{STATUS_LABELS[existing.status].lower()}).",
            "Buka usulan itu dan tambahkan bukti di sana bila perlu.",
            code="correction-duplicate",
        )
    now = utcnow()
    proposal = Proposal(
        source=source,
        owner=owner,
        record_id=record_id,
        person_id=person_id,
        changes=normalised,
        current=dict(current or {}),
        evidence=evidence.strip(),
        status=SUBMITTED if submit_now else DRAFT,
        origin=origin,
        dedup_key=key,
        proposer=who.username if who else "sistem",
        proposer_agency=agency,
        proposer_unit=_unit(session, who.username) if who else None,
        created_at=now,
        submitted_at=now if submit_now else None,
        due_at=now + timedelta(days=due_days) if submit_now else None,
        attachment_path=attachment[0] if attachment else None,
        attachment_name=attachment[1] if attachment else None,
    )
    session.add(proposal)
    session.flush()
    _event(session, proposal, proposal.proposer, None, proposal.status, proposal.evidence)
    _audit(audit, who, "proposal_create", proposal, changes=normalised)
    if submit_now:
        from rajut.governance.corrections.notify import notify_submitted

        notify_submitted(session, proposal)
    return proposal


def get_proposal(session: Session, proposal_id: int) -> Proposal:
    proposal = session.get(Proposal, proposal_id)
    if proposal is None:
        raise CorrectionError(
            f"Usulan #{proposal_id} tidak ditemukan.",
            "Periksa nomornya di daftar usulan.",
            code="correction-missing",
        )
    return proposal


def _is_proposer(who: Principal, proposal: Proposal) -> bool:
    if who.role == Role.WALIDATA:
        return True
    if proposal.proposer == who.username:
        return True
    # drafts made by rajut belong to the agency whose data disagrees
    return proposal.proposer == "sistem" and same_agency(who.agency, proposal.proposer_agency)


def _is_owner_staff(who: Principal, proposal: Proposal) -> bool:
    return who.role == Role.PRODUSEN and same_agency(who.agency, proposal.owner)


def may_submit(who: Principal, proposal: Proposal) -> bool:
    """Whether ``who`` may send this draft (so a page shows the button only to them)."""
    return proposal.status == DRAFT and _is_proposer(who, proposal)


def may_withdraw(who: Principal, proposal: Proposal) -> bool:
    return proposal.status in OPEN_STATES and _is_proposer(who, proposal)


def may_decide(who: Principal, proposal: Proposal) -> bool:
    return proposal.status == SUBMITTED and _is_owner_staff(who, proposal)


def submit(
    session: Session,
    who: Principal,
    proposal_id: int,
    *,
    evidence: str = "",
    due_days: int = DEFAULT_DUE_DAYS,
    audit: AuditLog | None = None,
) -> Proposal:
    """Send a draft to the owner agency."""
    proposal = get_proposal(session, proposal_id)
    if not _is_proposer(who, proposal):
        raise CorrectionError(
            "Hanya pengusul yang bisa mengirim draf ini.",
            "Minta pengusul atau walidata mengirimnya.",
            code="correction-not-proposer",
        )
    text = (evidence or proposal.evidence).strip()
    if len(text) < MIN_REASON:
        raise CorrectionError(
            "Sertakan bukti atau alasan sebelum mengirim.",
            "Tulis dasar koreksi, mis. 'Data e-PPGBM: balita meninggal 02-2026'.",
            code="correction-evidence",
        )
    now = utcnow()
    done = session.execute(
        update(Proposal)
        .where(Proposal.id == proposal_id, Proposal.status == DRAFT)
        .values(
            status=SUBMITTED,
            evidence=text,
            submitted_at=now,
            due_at=now + timedelta(days=due_days),
            proposer=who.username if proposal.proposer == "sistem" else proposal.proposer,
            proposer_agency=proposal.proposer_agency or who.agency,
            proposer_unit=proposal.proposer_unit or _unit(session, who.username),
        )
        .execution_options(synchronize_session=False)
    )
    if done.rowcount != 1:  # type: ignore[attr-defined]
        session.refresh(proposal)
        raise DecisionConflict(
            f"Usulan #{proposal_id} sudah {STATUS_LABELS[proposal.status].lower()}.",
            "Muat ulang halaman untuk melihat keadaannya.",
        )
    session.refresh(proposal)
    _event(session, proposal, who.username, DRAFT, SUBMITTED, text)
    _audit(audit, who, "proposal_submit", proposal)
    from rajut.governance.corrections.notify import notify_submitted

    notify_submitted(session, proposal)
    return proposal


def withdraw(
    session: Session,
    who: Principal,
    proposal_id: int,
    *,
    note: str = "",
    audit: AuditLog | None = None,
) -> Proposal:
    """The proposer takes back a draft or a proposal not yet answered."""
    proposal = get_proposal(session, proposal_id)
    if not _is_proposer(who, proposal):
        raise CorrectionError(
            "Hanya pengusul yang bisa menarik usulan ini.",
            "Bila usulan keliru, minta pengusulnya menarik, atau pemilik data menolaknya.",
            code="correction-not-proposer",
        )
    previous = proposal.status
    done = session.execute(
        update(Proposal)
        .where(Proposal.id == proposal_id, Proposal.status.in_(OPEN_STATES))
        .values(status=WITHDRAWN, dedup_key=f"{proposal.dedup_key[:40]}:{proposal_id}")
        .execution_options(synchronize_session=False)
    )
    if done.rowcount != 1:  # type: ignore[attr-defined]
        session.refresh(proposal)
        raise DecisionConflict(
            f"Usulan #{proposal_id} sudah {STATUS_LABELS[proposal.status].lower()} dan tidak "
            "bisa ditarik.",
            "Usulan yang sudah dijawab pemilik data tidak bisa ditarik.",
        )
    session.refresh(proposal)
    _event(session, proposal, who.username, previous, WITHDRAWN, note)
    _audit(audit, who, "proposal_withdraw", proposal)
    return proposal


def decide(
    session: Session,
    who: Principal,
    proposal_id: int,
    *,
    accept: bool,
    reason: str,
    audit: AuditLog | None = None,
) -> Proposal:
    """The owner agency accepts or rejects a submitted proposal, with a reason."""
    proposal = get_proposal(session, proposal_id)
    if not _is_owner_staff(who, proposal):
        raise CorrectionError(
            f"Hanya {proposal.owner} sebagai pemilik data yang bisa menerima atau menolak "
            "usulan ini.",
            "Usulan sudah masuk ke kotak masuk dinas pemilik; tunggu jawabannya.",
            code="correction-not-owner",
        )
    if len(reason.strip()) < MIN_REASON:
        raise CorrectionError(
            "Tulis alasan keputusan.",
            "Alasan membantu pengusul, mis. 'Sudah dicek ke akta kematian desa'.",
            code="correction-reason",
        )
    status = ACCEPTED if accept else REJECTED
    values: dict[str, Any] = {
        "status": status,
        "decided_at": utcnow(),
        "decided_by": who.username,
        "decider_unit": _unit(session, who.username),
        "reason": reason.strip(),
    }
    if not accept:
        values["dedup_key"] = f"{proposal.dedup_key[:40]}:{proposal_id}"
    done = session.execute(
        update(Proposal)
        .where(Proposal.id == proposal_id, Proposal.status == SUBMITTED)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    if done.rowcount != 1:  # type: ignore[attr-defined]
        session.refresh(proposal)
        raise DecisionConflict(
            f"Usulan #{proposal_id} sudah {STATUS_LABELS[proposal.status].lower()}"
            + (f" oleh {proposal.decided_by}" if proposal.decided_by else "")
            + ".",
            "Muat ulang kotak masuk; keputusan yang pertama yang berlaku.",
        )
    session.refresh(proposal)
    _event(session, proposal, who.username, SUBMITTED, status, reason.strip())
    _audit(audit, who, "proposal_accept" if accept else "proposal_reject", proposal)
    from rajut.governance.corrections.notify import notify_decided

    notify_decided(session, proposal)
    return proposal


def list_proposals(
    session: Session,
    *,
    statuses: Sequence[str] | None = None,
    owner: str | None = None,
    proposer_agency: str | None = None,
    proposer: str | None = None,
    person_id: str | None = None,
    limit: int = 500,
) -> list[Proposal]:
    stmt = select(Proposal)
    if statuses:
        stmt = stmt.where(Proposal.status.in_(list(statuses)))
    if owner:
        stmt = stmt.where(func.lower(Proposal.owner) == " ".join(owner.lower().split()))
    if proposer_agency:
        stmt = stmt.where(
            func.lower(Proposal.proposer_agency) == " ".join(proposer_agency.lower().split())
        )
    if proposer:
        stmt = stmt.where(Proposal.proposer == proposer)
    if person_id:
        stmt = stmt.where(Proposal.person_id == person_id)
    return list(session.scalars(stmt.order_by(Proposal.id.desc()).limit(limit)))


def history(session: Session, proposal_id: int) -> list[ProposalEvent]:
    return list(
        session.scalars(
            select(ProposalEvent)
            .where(ProposalEvent.proposal_id == proposal_id)
            .order_by(ProposalEvent.id)
        )
    )
