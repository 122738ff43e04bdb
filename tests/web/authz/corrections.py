"""Correction proposals, notifications and ideas.

Everyone signed in may propose and send ideas (``self``); a proposal or idea is opened only
by its proposer's agency, the owner agency and the walidata (others get 403), whatever
the library then says about the action itself.
"""

from __future__ import annotations

import io
import itertools
from typing import Any

from sqlalchemy import select

from rajut.appstate.models import User
from rajut.governance.corrections import propose
from rajut.governance.corrections.ideas import create_idea
from rajut.governance.users import Principal
from rajut.web import attachments
from tests.web.authz import ALL, Case

PARTIES = frozenset({"walidata", "produsen"})
_counter = itertools.count()


def principal(site: Any, username: str) -> Principal:
    with site.app.state.ctx.state.session() as session:
        user = session.scalar(select(User).where(User.username == username))
        return Principal.of(user)


def dukcapil_record(site: Any, offset: int = 0) -> str:
    with site.app.state.ctx.analytics() as con:
        row = con.execute(
            "SELECT record_id FROM std.person WHERE source = 'dukcapil' "
            "ORDER BY record_id LIMIT 1 OFFSET ?",
            [offset],
        ).fetchone()
    return str(row[0])


def proposal(site: Any, *, draft: bool = False, attachment: bool = False) -> int:
    """A fresh proposal on a Disdukcapil record: from the dinkes user, or a system draft."""
    record = dukcapil_record(site, next(_counter) % 500)
    stored = None
    if attachment:
        stored = attachments.save(site.ws.data_dir, io.BytesIO(b"%PDF-1.4 bukti"), "surat.pdf")
    with site.app.state.ctx.state.session() as session:
        return propose(
            session,
            None if draft else principal(site, "dinkes"),
            source="dukcapil",
            owner="Disdukcapil",
            record_id=record,
            changes={"person.alive": "false"},
            evidence="Laporan kader posyandu",
            submit_now=not draft,
            proposer_agency="Dinas Kesehatan",
            attachment=stored,
        ).id


def idea(site: Any, author: str, to: str) -> int:
    with site.app.state.ctx.state.session() as session:
        return create_idea(
            session,
            principal(site, author),
            to_agency=to,
            title="Format tanggal lahir",
            body="Pakai format TTTT-BB-HH di semua kolom tanggal.",
        ).id


CASES = [
    Case(
        "GET",
        "/usulan/baru",
        ALL,
        url=lambda s: f"/usulan/baru?source=dukcapil&record={dukcapil_record(s, 700)}",
    ),
    Case(
        "POST",
        "/usulan/baru",
        ALL,
        data=lambda s: {
            "source": "dukcapil",
            "record": dukcapil_record(s, 701),
            "jenis": "kematian",
            "evidence": "Laporan kader posyandu",
        },
        mutates=True,
    ),
    Case("GET", "/usulan", ALL),
    Case("GET", "/usulan/{proposal_id}", PARTIES, url=lambda s: f"/usulan/{proposal(s)}"),
    Case(
        "POST",
        "/usulan/{proposal_id}/kirim",
        PARTIES,
        url=lambda s: f"/usulan/{proposal(s, draft=True)}/kirim",
    ),
    Case(
        "POST", "/usulan/{proposal_id}/tarik", PARTIES, url=lambda s: f"/usulan/{proposal(s)}/tarik"
    ),
    # dinkes may open it but not decide: the library answers 400 with its message, not 403
    Case(
        "POST",
        "/usulan/{proposal_id}/putuskan",
        PARTIES,
        url=lambda s: f"/usulan/{proposal(s)}/putuskan",
        data={"keputusan": "terima", "reason": "Sudah dicek ke akta"},
    ),
    Case(
        "GET",
        "/usulan/{proposal_id}/lampiran",
        PARTIES,
        url=lambda s: f"/usulan/{proposal(s, attachment=True)}/lampiran",
    ),
    Case("GET", "/usulan/perubahan.xlsx", PARTIES, url="/usulan/perubahan.xlsx?owner=Disdukcapil"),
    Case("GET", "/usulan/perubahan.csv", PARTIES, url="/usulan/perubahan.csv?owner=Disdukcapil"),
    Case("GET", "/notifikasi", ALL),
    Case("POST", "/notifikasi/baca", ALL, mutates=True),
    Case("GET", "/ide", ALL),
    Case(
        "POST",
        "/ide",
        ALL,
        data={
            "to_agency": "Dinas Sosial",
            "title": "Kolom desa",
            "body": "Pakai kode desa Kemendagri.",
        },
        mutates=True,
    ),
    Case(
        "GET", "/ide/{idea_id}", PARTIES, url=lambda s: f"/ide/{idea(s, 'dinkes', 'Disdukcapil')}"
    ),
    Case(
        "POST",
        "/ide/{idea_id}/tanggapi",
        PARTIES,
        url=lambda s: f"/ide/{idea(s, 'capil', 'Dinas Kesehatan')}/tanggapi",
        data={"response": "Terima kasih, kami terapkan."},
    ),
]
