"""Ideas across silos: a suggestion to another unit's data process, seen by the walidata."""

from __future__ import annotations

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from rajut.appstate.models import Idea, User, utcnow
from rajut.errors import RajutError
from rajut.governance.audit import AuditLog
from rajut.governance.corrections.notify import notify_agency, notify_user
from rajut.governance.roles import Role, same_agency
from rajut.governance.users import Principal


class IdeaError(RajutError):
    code = "idea-error"


def create_idea(
    session: Session,
    who: Principal,
    *,
    to_agency: str,
    title: str,
    body: str,
    audit: AuditLog | None = None,
) -> Idea:
    if len(title.strip()) < 5 or len(body.strip()) < 10:
        raise IdeaError(
            "Judul dan isi ide perlu diisi.",
            "Tulis judul singkat dan uraikan usulan perbaikan prosesnya (minimal satu kalimat).",
        )
    if not to_agency.strip() or same_agency(to_agency, who.agency):
        raise IdeaError(
            "Ide ini ditujukan ke dinas lain.",
            "Pilih dinas tujuan selain dinas Anda sendiri.",
        )
    user = session.scalar(select(User).where(User.username == who.username))
    idea = Idea(
        author=who.username,
        author_agency=who.agency,
        author_unit=user.unit if user else None,
        to_agency=to_agency.strip(),
        title=title.strip()[:200],
        body=body.strip(),
    )
    session.add(idea)
    session.flush()
    notify_agency(
        session,
        idea.to_agency,
        "idea",
        f"Ide perbaikan dari {who.agency or who.username}: {idea.title}",
        f"/ide/{idea.id}",
    )
    if audit is not None:
        audit.append(
            who.username,
            "idea_create",
            role=who.role,
            target=f"ide #{idea.id}",
            details={"to": idea.to_agency},
            session=session,
        )
    return idea


def respond(
    session: Session, who: Principal, idea_id: int, response: str, audit: AuditLog | None = None
) -> Idea:
    idea = session.get(Idea, idea_id)
    if idea is None:
        raise IdeaError(f"Ide #{idea_id} tidak ditemukan.", "Periksa nomornya.")
    if who.role != Role.WALIDATA and not same_agency(who.agency, idea.to_agency):
        raise IdeaError(
            "Hanya dinas tujuan atau walidata yang bisa menanggapi ide ini.",
            f"Ide ini ditujukan ke {idea.to_agency}.",
        )
    if len(response.strip()) < 5:
        raise IdeaError("Tanggapan masih kosong.", "Tulis tanggapan singkat.")
    idea.response = response.strip()
    idea.responded_at = utcnow()
    idea.responded_by = who.username
    notify_user(
        session, idea.author, "idea", f"Ide Anda '{idea.title}' ditanggapi.", f"/ide/{idea.id}"
    )
    if audit is not None:
        audit.append(
            who.username, "idea_respond", role=who.role, target=f"ide #{idea.id}", session=session
        )
    return idea


def list_ideas(session: Session, who: Principal) -> list[Idea]:
    """The walidata sees every idea; others the ideas they sent or their agency received."""
    stmt = select(Idea)
    if who.role != Role.WALIDATA:
        agency = " ".join((who.agency or "").lower().split())
        stmt = stmt.where(
            or_(
                Idea.author == who.username,
                func.lower(Idea.to_agency) == agency,
                func.lower(Idea.author_agency) == agency,
            )
        )
    return list(session.scalars(stmt.order_by(Idea.id.desc())))
