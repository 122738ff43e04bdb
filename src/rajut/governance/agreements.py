"""Data-sharing agreements: what one agency's source shows to others, per field and purpose.

An owner always sees all of its own sources. Anyone else sees a field of a source only when
an agreement in force grants it to their agency (``Dinas Sosial``) or to their role
(``role:analis``). The walidata records an agreement; it is in force once the owner's
consent is recorded and until it is revoked or expires. The walidata (Satu Data
coordinator) sees every field, as Perpres 39/2019 makes it the steward of shared data.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from rajut.appstate.models import Agreement, utcnow
from rajut.errors import RajutError
from rajut.governance.roles import N_, Role, same_agency
from rajut.governance.users import Principal

ALL_FIELDS = "*"

#: an agreement's state on a given day, with its Bahasa label
STATUS_LABELS: dict[str, str] = {
    "menunggu": N_("Menunggu persetujuan pemilik"),
    "belum-mulai": N_("Disetujui, belum mulai berlaku"),
    "berlaku": N_("Berlaku"),
    "kedaluwarsa": N_("Kedaluwarsa"),
    "dicabut": N_("Dicabut"),
}


class AgreementError(RajutError):
    code = "agreement-error"


def create_agreement(
    session: Session,
    *,
    source: str,
    owner: str,
    grantee: str,
    fields: list[str],
    purpose: str,
    created_by: str,
    valid_from: date | None = None,
    valid_until: date | None = None,
) -> Agreement:
    cleaned = sorted({f.strip() for f in fields if f.strip()})
    if not cleaned:
        raise AgreementError(
            "Perjanjian harus menyebut minimal satu medan.",
            "Pilih medan yang dibagikan, mis. person.name dan person.desa_code.",
        )
    if len(purpose.strip()) < 10:
        raise AgreementError(
            "Tujuan perjanjian harus jelas (UU 27/2022: pembatasan tujuan).",
            "Tulis tujuan minimal 10 karakter, mis. 'verifikasi sasaran stunting'.",
        )
    if not grantee.strip() or same_agency(grantee, owner):
        raise AgreementError(
            "Penerima perjanjian harus dinas atau peran lain dari pemilik data.",
            "Isi nama dinas penerima (mis. Dinas Sosial) atau peran (mis. role:analis).",
        )
    agreement = Agreement(
        source=source,
        owner=owner,
        grantee=grantee.strip(),
        fields=cleaned,
        purpose=purpose.strip(),
        valid_from=valid_from or date.today(),
        valid_until=valid_until,
        created_by=created_by,
    )
    session.add(agreement)
    session.flush()
    return agreement


def record_consent(session: Session, agreement: Agreement, by: Principal) -> None:
    """The owner (a produsen of the owning agency, or the walidata on its written consent)."""
    if by.role != Role.WALIDATA and not same_agency(by.agency, agreement.owner):
        raise AgreementError(
            "Hanya pemilik data yang bisa memberi persetujuan.",
            f"Minta staf {agreement.owner} menyetujui perjanjian ini.",
            code="agreement-not-owner",
        )
    state = status(agreement)
    if state == "dicabut":
        raise AgreementError(
            "Perjanjian ini sudah dicabut, jadi tidak bisa disetujui lagi.",
            "Minta walidata mencatat perjanjian baru bila pembagian data masih diperlukan.",
            code="agreement-revoked",
        )
    if state == "kedaluwarsa":
        raise AgreementError(
            "Masa berlaku perjanjian ini sudah lewat.",
            "Minta walidata mencatat perjanjian baru dengan masa berlaku yang sesuai.",
            code="agreement-expired",
        )
    if agreement.consent_at is not None:
        raise AgreementError(
            f"Perjanjian ini sudah disetujui oleh {agreement.consent_by}.",
            "Tidak perlu disetujui lagi; muat ulang halaman untuk melihat statusnya.",
            code="agreement-consented",
        )
    agreement.consent_by = by.username
    agreement.consent_at = utcnow()


def revoke(agreement: Agreement) -> None:
    """End an agreement now (the owner or the walidata withdraws it)."""
    if agreement.revoked_at is not None:
        raise AgreementError(
            "Perjanjian ini sudah dicabut.",
            "Tidak perlu dicabut lagi; muat ulang halaman untuk melihat statusnya.",
            code="agreement-revoked",
        )
    agreement.revoked_at = utcnow()


def in_force(agreement: Agreement, today: date | None = None) -> bool:
    day = today or date.today()
    return (
        agreement.consent_at is not None
        and agreement.revoked_at is None
        and agreement.valid_from <= day
        and (agreement.valid_until is None or day <= agreement.valid_until)
    )


def status(agreement: Agreement, today: date | None = None) -> str:
    """One key of :data:`STATUS_LABELS`; revocation wins over expiry, expiry over consent."""
    day = today or date.today()
    if agreement.revoked_at is not None:
        return "dicabut"
    if agreement.valid_until is not None and agreement.valid_until < day:
        return "kedaluwarsa"
    if agreement.consent_at is None:
        return "menunggu"
    return "berlaku" if agreement.valid_from <= day else "belum-mulai"


def _grants(agreement: Agreement, who: Principal) -> bool:
    grantee = agreement.grantee
    if grantee.lower().startswith("role:"):
        return grantee[5:].strip().lower() == who.role
    return same_agency(grantee, who.agency)


def visible_fields(
    session: Session, who: Principal, source: str, owner: str, today: date | None = None
) -> set[str]:
    """The fields of ``source`` that ``who`` may see (``{"*"}`` for every field)."""
    if who.role == Role.WALIDATA or same_agency(who.agency, owner):
        return {ALL_FIELDS}
    rows = session.scalars(select(Agreement).where(Agreement.source == source))
    granted: set[str] = set()
    for agreement in rows:
        if in_force(agreement, today) and _grants(agreement, who):
            granted.update(agreement.fields)
    return granted


def list_agreements(session: Session, owner: str | None = None) -> list[Agreement]:
    """Every agreement, newest first; with ``owner``, only those on that agency's sources."""
    rows = list(session.scalars(select(Agreement).order_by(Agreement.id.desc())))
    if owner is None:
        return rows
    return [a for a in rows if same_agency(a.owner, owner)]
