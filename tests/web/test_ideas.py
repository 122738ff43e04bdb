"""Ideas across silos through the web app: send, see, answer; who may open what."""

from __future__ import annotations

import re

from rajut.appstate.models import Idea
from tests.web.conftest import Site


def _send(site: Site, user: str, to: str, title: str = "Format tanggal lahir"):  # type: ignore[no-untyped-def]
    return site.client(user).post(
        "/ide",
        data={
            "csrf_token": site.csrf(user),
            "to_agency": to,
            "title": title,
            "body": "Kolom tanggal lahir di e-PPGBM memakai format TTTT-BB-HH.",
        },
    )


def test_idea_is_sent_received_answered_and_audited(site: Site) -> None:
    form = site.client("capil").get("/ide").text
    options = re.findall(r'<option value="([^"]+)"', form)
    assert "Dinas Kesehatan" in options and "Disdukcapil" not in options

    sent = _send(site, "capil", "Dinas Kesehatan")
    assert sent.status_code == 303
    idea_id = int(sent.headers["location"].rsplit("/", 1)[1])

    dinkes = site.client("dinkes")
    assert "Kotak masuk (1)" in dinkes.get("/ide").text
    listing = dinkes.get("/ide").text
    assert "Format tanggal lahir" in listing and "perlu ditanggapi" in listing
    assert "Kirim tanggapan" in dinkes.get(f"/ide/{idea_id}").text
    assert "Kirim tanggapan" not in site.client("capil").get(f"/ide/{idea_id}").text

    answered = dinkes.post(
        f"/ide/{idea_id}/tanggapi",
        data={"csrf_token": site.csrf("dinkes"), "response": "Setuju, mulai bulan depan."},
    )
    assert answered.status_code == 303
    assert "Setuju, mulai bulan depan." in site.client("capil").get(f"/ide/{idea_id}").text
    assert "ditanggapi" in site.client("capil").get("/notifikasi").text
    assert "Format tanggal lahir" in site.client("wali").get("/ide").text

    audit = site.app.state.ctx.audit
    assert audit.query(action="idea_create")[1] == 1
    assert audit.query(action="idea_respond")[1] == 1


def test_ideas_stay_between_their_agencies(site: Site) -> None:
    idea_id = int(_send(site, "capil", "Dinas Kesehatan").headers["location"].rsplit("/", 1)[1])
    analis = site.client("analis")
    assert analis.get(f"/ide/{idea_id}").status_code == 403
    assert "Format tanggal lahir" not in analis.get("/ide").text
    refused = analis.post(
        f"/ide/{idea_id}/tanggapi",
        data={"csrf_token": site.csrf("analis"), "response": "Bukan urusan saya."},
    )
    assert refused.status_code == 403
    with site.app.state.ctx.state.session() as session:
        idea = session.get(Idea, idea_id)
        assert idea is not None and idea.response == ""


def test_an_idea_needs_another_agency_and_some_words(site: Site) -> None:
    own = _send(site, "capil", "Disdukcapil")
    assert own.status_code == 400 and "Pilih dinas tujuan dari daftar" in own.text
    short = site.client("capil").post(
        "/ide",
        data={
            "csrf_token": site.csrf("capil"),
            "to_agency": "Dinas Sosial",
            "title": "x",
            "body": "y",
        },
    )
    assert short.status_code == 400 and "Judul dan isi ide perlu diisi" in short.text
    assert site.app.state.ctx.audit.query(action="idea_create")[1] == 0
