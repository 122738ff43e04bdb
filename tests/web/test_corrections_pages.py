"""Correction proposals through the web app: propose from a profile, inbox, decide, overlay,
change list, attachments, notifications, drafts, and who may open what."""

from __future__ import annotations

import io
import re
import time

import openpyxl
from sqlalchemy import select

from rajut.appstate.models import Proposal, ProposalEvent, User
from rajut.governance.corrections import propose
from rajut.governance.corrections.drafts import person_plans
from rajut.governance.corrections.service import contracts_by_name
from rajut.governance.users import create_user
from tests.governance.test_notify_smtp import Inbox, smtp  # noqa: F401 — fixture
from tests.web.conftest import PASSWORD, Site

EVIDENCE = "Laporan kader posyandu: meninggal 10-07-2026"


def _alive_dukcapil(site: Site, offset: int = 0) -> tuple[str, str]:
    """(person id, Dukcapil record id) of a person the register still lists as alive."""
    with site.app.state.ctx.analytics() as con:
        row = con.execute(
            "SELECT r.person_id, s.record_id FROM std.person s "
            "JOIN link.record_person r ON r.source = s.source AND r.record_id = s.record_id "
            "WHERE s.source = 'dukcapil' AND s.alive ORDER BY s.record_id LIMIT 1 OFFSET ?",
            [offset],
        ).fetchone()
    assert row is not None
    return str(row[0]), str(row[1])


def _report_death(site: Site, person: str, record: str, user: str = "dinkes", **extra: object):  # type: ignore[no-untyped-def]
    data = {
        "csrf_token": site.csrf(user),
        "source": "dukcapil",
        "record": record,
        "person": person,
        "jenis": "kematian",
        "death_date": "2026-07-10",
        "evidence": EVIDENCE,
    }
    files = extra.pop("files", None)
    data.update(extra)  # type: ignore[arg-type]
    return site.client(user).post("/usulan/baru", data=data, files=files)  # type: ignore[arg-type]


def _proposal_id(response) -> int:  # type: ignore[no-untyped-def]
    assert response.status_code == 303, response.text
    match = re.match(r"/usulan/(\d+)", response.headers["location"])
    assert match
    return int(match.group(1))


def _decide(site: Site, user: str, pid: int, verdict: str = "terima"):  # type: ignore[no-untyped-def]
    return site.client(user).post(
        f"/usulan/{pid}/putuskan",
        data={
            "csrf_token": site.csrf(user),
            "keputusan": verdict,
            "reason": "Sudah dicek ke akta kematian desa",
        },
    )


def _status(site: Site, pid: int) -> str:
    with site.app.state.ctx.state.session() as session:
        proposal = session.get(Proposal, pid)
        assert proposal is not None
        return proposal.status


def _audited(site: Site, action: str) -> int:
    return site.app.state.ctx.audit.query(action=action)[1]


def test_death_reported_from_a_profile_is_accepted_shown_and_listed(site: Site) -> None:
    person, record = _alive_dukcapil(site)
    profile = site.client("dinkes").get(f"/orang/{person}").text
    assert f"source=dukcapil&amp;record={record}" in profile
    assert "Usulkan koreksi" in profile

    form = site.client("dinkes").get(
        f"/usulan/baru?source=dukcapil&record={record}&person={person}"
    )
    assert form.status_code == 200 and "Laporkan kematian" in form.text
    pid = _proposal_id(_report_death(site, person, record))

    capil = site.client("capil")
    assert "Kotak masuk (1)" in capil.get("/usulan").text
    inbox = capil.get("/usulan?tab=masuk").text
    assert f'href="/usulan/{pid}"' in inbox and "Menunggu jawaban" in inbox
    assert "Kotak masuk (0)" in site.client("wali").get("/usulan").text

    assert _decide(site, "capil", pid).status_code == 303
    assert _status(site, pid) == "accepted"

    shown = site.client("dinkes").get(f"/orang/{person}").text
    assert "Koreksi diterima:" in shown
    assert f"koreksi #{pid}: diusulkan Dinas Kesehatan, diterima Disdukcapil" in shown

    download = capil.get("/usulan/perubahan.xlsx")
    assert download.status_code == 200
    assert "perubahan-disdukcapil.xlsx" in download.headers["content-disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(download.content)).active
    cells = [str(c) for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
    assert "STATUS_HIDUP" in cells and "MATI" in cells and record in cells
    csv_text = capil.get("/usulan/perubahan.csv").content.decode("utf-8-sig")
    assert "STATUS_HIDUP" in csv_text and "MATI" in csv_text

    for action in ("proposal_create", "proposal_accept", "export", "view_person"):
        assert _audited(site, action) >= 1, action


def test_only_the_owner_agency_decides(site: Site) -> None:
    person, record = _alive_dukcapil(site)
    pid = _proposal_id(_report_death(site, person, record))
    for user in ("dinkes", "wali"):
        refused = _decide(site, user, pid)
        assert refused.status_code == 400
        assert "Hanya Disdukcapil sebagai pemilik data" in refused.text
        assert _status(site, pid) == "submitted"
    assert 'value="terima"' not in site.client("dinkes").get(f"/usulan/{pid}").text
    assert 'value="terima"' in site.client("capil").get(f"/usulan/{pid}").text
    assert _audited(site, "proposal_accept") == 0


def test_proposer_withdraws_before_the_answer_then_the_owner_cannot_decide(site: Site) -> None:
    person, record = _alive_dukcapil(site)
    pid = _proposal_id(_report_death(site, person, record))
    done = site.client("dinkes").post(
        f"/usulan/{pid}/tarik", data={"csrf_token": site.csrf("dinkes")}
    )
    assert done.status_code == 303 and _status(site, pid) == "withdrawn"
    late = _decide(site, "capil", pid)
    assert late.status_code == 409 and "sudah ditarik" in late.text
    assert _audited(site, "proposal_withdraw") == 1


def test_a_double_accept_gives_one_decision_and_a_friendly_message(site: Site) -> None:
    person, record = _alive_dukcapil(site)
    pid = _proposal_id(_report_death(site, person, record))
    assert _decide(site, "capil", pid).status_code == 303
    again = _decide(site, "capil", pid)
    assert again.status_code == 409
    assert f"Usulan #{pid} sudah diterima oleh capil" in again.text
    assert "Traceback" not in again.text
    with site.app.state.ctx.state.session() as session:
        events = session.scalars(
            select(ProposalEvent).where(
                ProposalEvent.proposal_id == pid, ProposalEvent.to_status == "accepted"
            )
        ).all()
    assert len(events) == 1
    assert _audited(site, "proposal_accept") == 1


def test_same_death_twice_and_own_agency_data_get_the_library_message(site: Site) -> None:
    person, record = _alive_dukcapil(site)
    _proposal_id(_report_death(site, person, record))
    twice = _report_death(site, person, record)
    assert twice.status_code == 400 and "sudah diusulkan" in twice.text
    own = _report_death(site, person, record, user="capil")
    assert own.status_code == 400 and "milik dinas Anda sendiri" in own.text


def test_attachments_are_checked_stored_and_downloads_audited(site: Site) -> None:
    person, record = _alive_dukcapil(site)
    folder = site.ws.data_dir / "attachments"
    exe = _report_death(
        site,
        person,
        record,
        files={"lampiran": ("surat.pdf", b"MZ\x90\x00program", "application/pdf")},
    )
    assert exe.status_code == 400 and "tidak sesuai dengan jenisnya" in exe.text
    assert not folder.exists() or list(folder.iterdir()) == []
    with site.app.state.ctx.state.session() as session:
        assert session.scalars(select(Proposal)).first() is None

    big = _report_death(
        site,
        person,
        record,
        files={"lampiran": ("foto.jpg", b"\xff\xd8\xff" + b"0" * (5 * 1024 * 1024), "image/jpeg")},
    )
    assert big.status_code == 400 and "lebih dari 5 MB" in big.text

    pdf = b"%PDF-1.4 surat keterangan kematian"
    pid = _proposal_id(
        _report_death(
            site,
            person,
            record,
            files={"lampiran": ("../../surat kematian.pdf", pdf, "application/pdf")},
        )
    )
    stored = list(folder.iterdir())
    assert len(stored) == 1 and stored[0].name != "surat kematian.pdf"
    detail = site.client("capil").get(f"/usulan/{pid}").text
    assert "surat kematian.pdf" in detail
    got = site.client("capil").get(f"/usulan/{pid}/lampiran")
    assert got.status_code == 200 and got.content == pdf
    assert got.headers["content-type"] == "application/pdf"
    assert _audited(site, "export") == 1 and _audited(site, "upload") == 1


def test_unrelated_staff_cannot_open_a_proposal(site: Site) -> None:
    with site.app.state.ctx.state.session() as session:
        create_user(session, "dinsos", PASSWORD, "produsen", agency="Dinas Sosial")
    person, record = _alive_dukcapil(site)
    pid = _proposal_id(_report_death(site, person, record))
    for user in ("dinsos", "analis"):
        client = site.client(user)
        assert client.get(f"/usulan/{pid}").status_code == 403
        assert client.get(f"/usulan/{pid}/lampiran").status_code == 403
        assert f'href="/usulan/{pid}"' not in client.get("/usulan").text
    assert site.client("wali").get(f"/usulan/{pid}").status_code == 200
    assert _audited(site, "access_denied") >= 4


def test_notifications_are_listed_and_marked_read(site: Site) -> None:
    person, record = _alive_dukcapil(site)
    pid = _proposal_id(_report_death(site, person, record))
    capil = site.client("capil")
    page = capil.get("/notifikasi").text
    assert f"Usulan koreksi #{pid} dari Dinas Kesehatan" in page and "baru" in page
    assert (
        capil.post("/notifikasi/baca", data={"csrf_token": site.csrf("capil")}).status_code == 303
    )
    assert "Kotak masuk (0)" in capil.get("/notifikasi").text
    assert _decide(site, "capil", pid).status_code == 303
    assert "Kotak masuk (1)" in site.client("dinkes").get("/notifikasi").text
    assert "diterima oleh Disdukcapil" in site.client("dinkes").get("/notifikasi").text


def test_system_drafts_wait_for_the_agency_that_sends_them(site: Site) -> None:
    _person, record = _alive_dukcapil(site, 3)
    with site.app.state.ctx.state.session() as session:
        pid = propose(
            session,
            None,
            source="dukcapil",
            owner="Disdukcapil",
            record_id=record,
            changes={"person.alive": "false"},
            evidence="Temuan integrasi: e-PPGBM mencatat meninggal.",
            submit_now=False,
            origin="discrepancy",
            proposer_agency="Dinas Kesehatan",
        ).id
    drafts = site.client("dinkes").get("/usulan?tab=draf").text
    assert f'href="/usulan/{pid}"' in drafts
    assert f'href="/usulan/{pid}"' not in site.client("capil").get("/usulan?tab=masuk").text
    sent = site.client("dinkes").post(
        f"/usulan/{pid}/kirim", data={"csrf_token": site.csrf("dinkes"), "evidence": ""}
    )
    assert sent.status_code == 303 and _status(site, pid) == "submitted"
    assert f'href="/usulan/{pid}"' in site.client("capil").get("/usulan?tab=masuk").text
    assert _audited(site, "proposal_submit") == 1


def test_a_discrepancy_line_becomes_a_prefilled_proposal(site: Site) -> None:
    contracts = contracts_by_name(site.ws)
    with site.app.state.ctx.analytics() as con:
        people = [
            r[0]
            for r in con.execute(
                "SELECT DISTINCT entity_id FROM integ.discrepancies "
                "WHERE entity = 'person' ORDER BY entity_id"
            ).fetchall()
        ]
        found = None
        for person in people:
            # a fix the Dinas Kesehatan user proposes to another agency that owns the record
            plans = [
                p for p in person_plans(con, contracts, person) if p.owner != "Dinas Kesehatan"
            ]
            if plans:
                found = (person, plans[0])
                break
    assert found is not None, "demo has no discrepancy for another agency to fix"
    person, plan = found
    field, value = next(iter(plan.changes.items()))
    profile = site.client("dinkes").get(f"/orang/{person}").text
    assert "Jadikan usulan" in profile
    link = re.search(r'href="(/usulan/baru\?source=' + plan.source + r'[^"]*)"', profile)
    assert link and f"record={plan.record_id}" in link.group(1)
    form = site.client("dinkes").get(link.group(1).replace("&amp;", "&"))
    assert form.status_code == 200 and f"Usulkan koreksi ke {plan.owner}" in form.text
    assert f'<option value="{field}" selected>' in form.text and f'value="{value}"' in form.text


def test_walidata_sees_all_and_picks_the_owner_of_a_change_list(site: Site) -> None:
    person, record = _alive_dukcapil(site)
    pid = _proposal_id(_report_death(site, person, record))
    wali = site.client("wali")
    assert f'href="/usulan/{pid}"' in wali.get("/usulan?tab=semua&status=submitted").text
    assert f'href="/usulan/{pid}"' not in wali.get("/usulan?tab=semua&status=accepted").text
    no_owner = wali.get("/usulan/perubahan.xlsx")
    assert no_owner.status_code == 400 and "Pilih dinas pemilik data" in no_owner.text
    assert wali.get("/usulan/perubahan.csv?owner=disdukcapil").status_code == 200
    assert site.client("analis").get("/usulan/perubahan.csv").status_code == 403


def test_sending_a_proposal_e_mails_the_owner_in_the_background(
    site: Site,
    smtp: tuple[Inbox, int],  # noqa: F811 — the fixture
) -> None:
    inbox, port = smtp
    site.ws.settings.notify.smtp_host = "127.0.0.1"
    site.ws.settings.notify.smtp_port = port
    with site.app.state.ctx.state.session() as session:
        capil = session.scalar(select(User).where(User.username == "capil"))
        assert capil is not None
        capil.email = "capil@kab.example"
    person, record = _alive_dukcapil(site)
    pid = _proposal_id(_report_death(site, person, record))
    for _ in range(100):
        if inbox.messages:
            break
        time.sleep(0.05)
    assert [to for to, _msg in inbox.messages] == [["capil@kab.example"]]
    assert f"Usulan koreksi #{pid}" in str(inbox.messages[0][1]["Subject"])


def test_overdue_proposals_come_first_with_a_badge(site: Site) -> None:
    from datetime import timedelta

    from rajut.appstate.models import utcnow

    first, record_a = _alive_dukcapil(site, 0)
    second, record_b = _alive_dukcapil(site, 1)
    fresh = _proposal_id(_report_death(site, first, record_a))
    late = _proposal_id(_report_death(site, second, record_b))
    with site.app.state.ctx.state.session() as session:
        proposal = session.get(Proposal, late)
        assert proposal is not None
        proposal.due_at = utcnow() - timedelta(days=2)
    inbox = site.client("capil").get("/usulan?tab=masuk").text
    assert inbox.index(f'href="/usulan/{late}"') < inbox.index(f'href="/usulan/{fresh}"')
    assert inbox.count("lewat batas") == 1
    assert "lewat batas" in site.client("capil").get(f"/usulan/{late}").text
