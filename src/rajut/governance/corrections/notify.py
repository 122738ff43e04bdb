"""Notifications: an in-app inbox per agency and user, and an optional e-mail copy (SMTP).

In-app rows are written in the same transaction as the change that causes them, so a
notification exists exactly when its proposal changed. E-mail goes out afterwards
(:func:`deliver_email`), to the active users of the addressed agency (or the user) who have
an address; when no SMTP server is configured, nothing is e-mailed and the inbox is enough.
"""

from __future__ import annotations

import logging
import os
import smtplib
from dataclasses import dataclass
from email.message import EmailMessage

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from rajut.appstate.db import AppState
from rajut.appstate.models import Notification, Proposal, User, utcnow
from rajut.governance.corrections.values import describe_changes
from rajut.governance.users import Principal
from rajut.workspace.settings import NotifySettings

log = logging.getLogger(__name__)


def _norm(agency: str | None) -> str:
    return " ".join((agency or "").lower().split())


def notify_agency(session: Session, agency: str, kind: str, text: str, link: str = "") -> None:
    session.add(Notification(agency=agency, kind=kind, text=text, link=link))


def notify_user(session: Session, username: str, kind: str, text: str, link: str = "") -> None:
    user = session.scalar(select(User).where(User.username == username))
    if user is not None:
        session.add(Notification(user_id=user.id, kind=kind, text=text, link=link))


def _fields(proposal: Proposal) -> str:
    return describe_changes(proposal.changes)


def notify_submitted(session: Session, proposal: Proposal) -> None:
    who = proposal.proposer_agency or proposal.proposer
    due = f" Mohon dijawab sebelum {proposal.due_at:%d-%m-%Y}." if proposal.due_at else ""
    notify_agency(
        session,
        proposal.owner,
        "proposal_submitted",
        f"Usulan koreksi #{proposal.id} dari {who} untuk {proposal.source}:"
        f"{proposal.record_id} ({_fields(proposal)}).{due}",
        f"/usulan/{proposal.id}",
    )


def notify_decided(session: Session, proposal: Proposal) -> None:
    verdict = "diterima" if proposal.status == "accepted" else "ditolak"
    notify_user(
        session,
        proposal.proposer,
        "proposal_decided",
        f"Usulan koreksi #{proposal.id} {verdict} oleh {proposal.owner}: {proposal.reason}",
        f"/usulan/{proposal.id}",
    )


def _mine(who: Principal):  # type: ignore[no-untyped-def]
    clauses = [Notification.user_id == who.id]
    if who.agency:
        clauses.append(func.lower(Notification.agency) == _norm(who.agency))
    return or_(*clauses)


def inbox(session: Session, who: Principal, limit: int = 50) -> list[Notification]:
    return list(
        session.scalars(
            select(Notification).where(_mine(who)).order_by(Notification.id.desc()).limit(limit)
        )
    )


def unread_count(session: Session, who: Principal) -> int:
    return int(
        session.scalar(
            select(func.count())
            .select_from(Notification)
            .where(_mine(who), Notification.read_at.is_(None))
        )
        or 0
    )


def mark_read(session: Session, who: Principal) -> int:
    done = session.execute(
        update(Notification)
        .where(_mine(who), Notification.read_at.is_(None))
        .values(read_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return int(done.rowcount)  # type: ignore[attr-defined]


@dataclass
class Delivery:
    sent: int
    skipped: int
    failed: int


def _recipients(session: Session, note: Notification) -> list[str]:
    users = select(User).where(User.active.is_(True), User.email.is_not(None))
    if note.user_id is not None:
        users = users.where(User.id == note.user_id)
    else:
        users = users.where(func.lower(User.agency) == _norm(note.agency))
    return [u.email for u in session.scalars(users) if u.email]


def deliver_email(state: AppState, settings: NotifySettings) -> Delivery:
    """E-mail every notification not yet e-mailed; mark each one done (sent or nobody to send)."""
    result = Delivery(0, 0, 0)
    if not settings.smtp_host:
        return result
    with state.session() as session:
        pending = list(
            session.scalars(
                select(Notification)
                .where(Notification.emailed_at.is_(None))
                .order_by(Notification.id)
            )
        )
        if not pending:
            return result
        try:
            smtp = smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=10)
        except OSError as exc:
            log.warning("SMTP %s:%s unreachable: %s", settings.smtp_host, settings.smtp_port, exc)
            result.failed = len(pending)
            return result
        with smtp:
            if settings.starttls:
                smtp.starttls()
            if settings.username:
                smtp.login(settings.username, os.environ.get(settings.password_env, ""))
            for note in pending:
                to = _recipients(session, note)
                if to:
                    message = EmailMessage()
                    message["From"] = settings.sender
                    message["To"] = ", ".join(to)
                    message["Subject"] = "[rajut] " + note.text[:80]
                    message.set_content(
                        note.text + ("\n\nBuka di rajut: " + note.link if note.link else "")
                    )
                    try:
                        smtp.send_message(message)
                        result.sent += 1
                    except smtplib.SMTPException as exc:
                        log.warning("e-mail for notification %s failed: %s", note.id, exc)
                        result.failed += 1
                        continue
                else:
                    result.skipped += 1
                note.emailed_at = utcnow()
    return result
