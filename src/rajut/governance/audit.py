"""The tamper-evident audit log (UU 27/2022: who saw or changed what, when, and why).

Each entry's ``hash`` is SHA-256 over the previous entry's hash and the entry's own
canonical JSON, so editing any entry breaks its hash, and deleting one breaks the link
of the next. The newest ``seq`` and ``hash`` are also written to an anchor file in the
workspace (``data/audit-anchor.json``) on every append, so cutting entries off the end is
detected too. :func:`verify` walks the chain and names the first bad entry.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import event, func, select, text
from sqlalchemy.orm import Session

from rajut.appstate.db import AppState
from rajut.appstate.models import AuditEntry, utcnow
from rajut.governance.roles import N_

GENESIS = "0" * 64
#: PostgreSQL advisory-lock key serialising appends to the chain
CHAIN_LOCK_KEY = 7_245_117

#: every action the log knows, with its Bahasa label (the viewer filters on these; N_ marks
#: the labels for the web app's English catalog)
ACTIONS: dict[str, str] = {
    "login": N_("Masuk"),
    "login_failed": N_("Gagal masuk"),
    "logout": N_("Keluar"),
    "setup": N_("Penyiapan awal"),
    "user_create": N_("Pengguna dibuat"),
    "user_disable": N_("Pengguna dinonaktifkan"),
    "password_change": N_("Kata sandi diganti"),
    "token_create": N_("Token API dibuat"),
    "token_revoke": N_("Token API dicabut"),
    "view_person": N_("Melihat data orang"),
    "view_household": N_("Melihat data keluarga"),
    "search": N_("Mencari orang"),
    "unmask": N_("Membuka NIK/No. KK"),
    "export": N_("Mengunduh data"),
    "upload": N_("Mengunggah berkas"),
    "contract_save": N_("Kontrak sumber disimpan"),
    "quality_view": N_("Laporan mutu sumber dibuka"),
    "ingest": N_("Memuat berkas"),
    "review_decision": N_("Keputusan tinjauan"),
    "build": N_("Membangun data terpadu"),
    "linkage": N_("Menjalankan linkage"),
    "agreement_create": N_("Perjanjian berbagi dibuat"),
    "agreement_consent": N_("Persetujuan pemilik data"),
    "agreement_revoke": N_("Perjanjian dicabut"),
    "setting_change": N_("Pengaturan diubah"),
    "audit_view": N_("Membuka log audit"),
    "audit_verify": N_("Memeriksa log audit"),
    "access_denied": N_("Akses ditolak"),
    "proposal_create": N_("Usulan koreksi dibuat"),
    "proposal_submit": N_("Usulan koreksi dikirim"),
    "proposal_withdraw": N_("Usulan koreksi ditarik"),
    "proposal_accept": N_("Usulan koreksi diterima"),
    "proposal_reject": N_("Usulan koreksi ditolak"),
    "proposal_close": N_("Koreksi tercermin di data pemilik"),
    "idea_create": N_("Ide perbaikan dikirim"),
    "idea_respond": N_("Ide perbaikan ditanggapi"),
}


def entry_hash(prev_hash: str, body: dict[str, Any]) -> str:
    canonical = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256((prev_hash + "\n" + canonical).encode("utf-8")).hexdigest()


def _body(entry: AuditEntry) -> dict[str, Any]:
    return {
        "seq": entry.seq,
        "at": entry.at.isoformat(timespec="seconds"),
        "actor": entry.actor,
        "role": entry.role,
        "action": entry.action,
        "target": entry.target,
        "purpose": entry.purpose,
        "details": entry.details,
        "client": entry.client,
    }


def anchor_path(workspace_root: Path) -> Path:
    return workspace_root / "data" / "audit-anchor.json"


@dataclass
class AuditLog:
    """Append to and read the audit log of one app state."""

    state: AppState
    anchor: Path | None = None

    def append(
        self,
        actor: str,
        action: str,
        *,
        role: str = "",
        target: str = "",
        purpose: str = "",
        details: dict[str, Any] | None = None,
        client: str = "",
        session: Session | None = None,
    ) -> AuditEntry:
        """Add one entry at the end of the chain (serialised across threads and servers).

        With ``session`` the entry is part of that transaction (the change it records and
        its audit line commit or roll back together; the anchor moves after the commit).
        """
        if action not in ACTIONS:
            raise ValueError(f"unknown audit action {action!r}")
        if session is not None:
            entry = self._add(session, actor, action, role, target, purpose, details, client)
            if self.anchor is not None:
                anchor, seq, digest = self.anchor, entry.seq, entry.hash
                event.listen(
                    session,
                    "after_commit",
                    lambda _s: _write_anchor(anchor, seq, digest),
                    once=True,
                )
            return entry
        with self.state.write_lock:
            with self.state.session() as own:
                entry = self._add(own, actor, action, role, target, purpose, details, client)
            if self.anchor is not None:
                _write_anchor(self.anchor, entry.seq, entry.hash)
        return entry

    def _add(
        self,
        session: Session,
        actor: str,
        action: str,
        role: str,
        target: str,
        purpose: str,
        details: dict[str, Any] | None,
        client: str,
    ) -> AuditEntry:
        if session.get_bind().dialect.name == "postgresql":
            # one appender at a time across every server process sharing this database
            session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": CHAIN_LOCK_KEY})
        last = session.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(1)).first()
        entry = AuditEntry(
            seq=(last.seq + 1) if last else 1,
            at=utcnow(),
            actor=actor[:64],
            role=role[:20],
            action=action,
            target=target[:200],
            purpose=purpose,
            details=json.loads(json.dumps(details or {}, ensure_ascii=False, default=str)),
            client=client[:64],
            prev_hash=last.hash if last else GENESIS,
            hash="",
        )
        entry.hash = entry_hash(entry.prev_hash, _body(entry))
        session.add(entry)
        session.flush()
        return entry

    def query(
        self,
        *,
        actor: str | None = None,
        action: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        text: str | None = None,
        max_seq: int | None = None,
        limit: int = 200,
        offset: int = 0,
    ) -> tuple[list[AuditEntry], int]:
        """Entries matching the filters, newest first, and how many match in all.

        ``max_seq`` pins the newest entry considered, so paging through a log that keeps
        growing (every page view is itself logged) neither repeats nor skips entries.
        """
        stmt = select(AuditEntry)
        if max_seq is not None:
            stmt = stmt.where(AuditEntry.seq <= max_seq)
        if actor:
            stmt = stmt.where(AuditEntry.actor == actor)
        if action:
            stmt = stmt.where(AuditEntry.action == action)
        if since:
            stmt = stmt.where(AuditEntry.at >= since)
        if until:
            stmt = stmt.where(AuditEntry.at <= until)
        if text:
            like = f"%{text}%"
            stmt = stmt.where(AuditEntry.target.like(like) | AuditEntry.purpose.like(like))
        with self.state.sessions() as session:
            total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
            rows = session.scalars(
                stmt.order_by(AuditEntry.seq.desc()).limit(limit).offset(offset)
            ).all()
        return list(rows), int(total)


_ANCHOR_LOCK = threading.Lock()


def _write_anchor(path: Path, seq: int, digest: str) -> None:
    """Move the anchor forward to ``seq`` (never back: commits may finish out of order)."""
    with _ANCHOR_LOCK:
        if path.is_file():
            try:
                if int(json.loads(path.read_text(encoding="utf-8")).get("seq", 0)) >= seq:
                    return
            except (ValueError, OSError):
                pass  # unreadable anchor: rewrite it
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
        tmp.write_text(json.dumps({"seq": seq, "hash": digest}), encoding="utf-8")
        os.replace(tmp, path)


@dataclass
class VerifyResult:
    ok: bool
    entries: int
    problems: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"ok": self.ok, "entries": self.entries, "problems": self.problems}


def verify_entries(entries: Sequence[AuditEntry], anchor: dict[str, Any] | None) -> VerifyResult:
    """Check the chain of ``entries`` (oldest first) and, when given, the anchor."""
    problems: list[dict[str, Any]] = []
    prev = GENESIS
    expected_seq = 1
    for entry in entries:
        if entry.seq != expected_seq:
            problems.append(
                {
                    "seq": entry.seq,
                    "problem": "hilang",
                    "message": f"Entri {expected_seq}–{entry.seq - 1} hilang (dihapus).",
                }
            )
        if entry.prev_hash != prev:
            problems.append(
                {
                    "seq": entry.seq,
                    "problem": "rantai-putus",
                    "message": f"Entri {entry.seq} tidak menyambung ke entri sebelumnya.",
                }
            )
        if entry_hash(entry.prev_hash, _body(entry)) != entry.hash:
            problems.append(
                {
                    "seq": entry.seq,
                    "problem": "diubah",
                    "message": f"Isi entri {entry.seq} tidak cocok dengan hash-nya (diubah).",
                }
            )
        prev = entry.hash
        expected_seq = entry.seq + 1
    if anchor is not None:
        last_seq = entries[-1].seq if entries else 0
        if int(anchor.get("seq", 0)) > last_seq:
            problems.append(
                {
                    "seq": last_seq + 1,
                    "problem": "terpotong",
                    "message": (
                        f"Jangkar mencatat {anchor['seq']} entri, tetapi log berhenti di "
                        f"{last_seq}: entri terakhir dihapus."
                    ),
                }
            )
        elif entries and int(anchor.get("seq", 0)) == last_seq and anchor.get("hash") != prev:
            problems.append(
                {
                    "seq": last_seq,
                    "problem": "jangkar-beda",
                    "message": "Hash entri terakhir tidak sama dengan jangkar.",
                }
            )
    return VerifyResult(ok=not problems, entries=len(entries), problems=problems)


def verify(state: AppState, anchor: Path | None = None) -> VerifyResult:
    """Walk the whole log; ``ok`` is False on any edited, deleted or cut-off entry."""
    with state.sessions() as session:
        entries = list(session.scalars(select(AuditEntry).order_by(AuditEntry.seq)))
    anchor_data = None
    if anchor is not None and anchor.is_file():
        anchor_data = json.loads(anchor.read_text(encoding="utf-8"))
    return verify_entries(entries, anchor_data)


def last_seq(state: AppState) -> int:
    """The newest entry's number (0 for an empty log)."""
    with state.sessions() as session:
        return int(session.scalar(select(func.max(AuditEntry.seq))) or 0)


def last_entries(session: Session, n: int) -> list[AuditEntry]:
    return list(session.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(n)))
