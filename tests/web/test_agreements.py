"""Data-sharing agreements through HTTP: record, consent by the owner only, revoke, audit."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from rajut.appstate.models import Agreement, AuditEntry
from rajut.governance.agreements import create_agreement, status, visible_fields
from rajut.governance.users import Principal
from tests.web.conftest import Site

DINSOS = Principal(id=0, username="x", role="produsen", agency="Dinas Sosial")
PURPOSE = "verifikasi sasaran stunting"


def _actions(site: Site, action: str) -> list[AuditEntry]:
    with site.app.state.ctx.state.session() as session:
        return list(
            session.scalars(
                select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.seq)
            )
        )


def _record(site: Site, **fields: object) -> tuple[int, str]:
    data: dict[str, object] = {
        "source": "eppgbm",
        "grantee": "Dinas Sosial",
        "fields": ["person.name", "growth.status_tbu"],
        "purpose": PURPOSE,
        "valid_from": "",
        "valid_until": "",
        "csrf_token": site.csrf("wali"),
        **fields,
    }
    response = site.client("wali").post("/admin/perjanjian", data=data)
    return response.status_code, response.text


def _visible(site: Site) -> set[str]:
    with site.app.state.ctx.state.session() as session:
        return visible_fields(session, DINSOS, "eppgbm", "Dinas Kesehatan")


def _only_agreement(site: Site) -> Agreement:
    with site.app.state.ctx.state.session() as session:
        [agreement] = session.scalars(select(Agreement)).all()
        return agreement


def test_form_offers_the_contracts_mapped_fields_and_other_agencies(site: Site) -> None:
    page = site.client("wali").get("/admin/perjanjian?sumber=eppgbm")
    assert page.status_code == 200
    assert 'value="growth.z_tbu"' in page.text and 'value="person.nik"' in page.text
    assert 'value="person.kk_number"' not in page.text  # eppgbm does not map it
    assert '<option value="Dinas Sosial"' in page.text and 'value="role:analis"' in page.text
    assert '<option value="Dinas Kesehatan"' not in page.text  # the owner is not a grantee


def test_agreement_takes_effect_only_after_the_owner_consents(site: Site) -> None:
    status_code, text = _record(site)
    assert status_code == 200 and "Perjanjian dicatat" in text
    agreement = _only_agreement(site)
    assert (agreement.owner, agreement.grantee, agreement.created_by) == (
        "Dinas Kesehatan",
        "Dinas Sosial",
        "wali",
    )
    assert agreement.fields == ["growth.status_tbu", "person.name"]
    assert _visible(site) == set()  # recorded, not yet consented
    [created] = _actions(site, "agreement_create")
    assert created.purpose == PURPOSE and created.details["source"] == "eppgbm"

    url = f"/perjanjian/{agreement.id}/setujui"
    # another agency's produsen neither sees it nor may consent to it
    assert f"perjanjian-{agreement.id}" not in site.client("capil").get("/perjanjian").text
    other = site.client("capil").post(url, data={"csrf_token": site.csrf("capil")})
    assert other.status_code == 403
    assert "Hanya staf Dinas Kesehatan yang bisa menyetujui" in other.text
    # nor may the walidata: consent is the owner's
    assert site.client("wali").post(url, data={"csrf_token": site.csrf("wali")}).status_code == 403
    denied = _actions(site, "access_denied")
    assert [e.actor for e in denied] == ["capil", "wali"] and denied[0].target == f"POST {url}"
    assert _visible(site) == set()

    assert 'href="/perjanjian"' in site.client("dinkes").get("/").text  # the owner finds it
    owner_page = site.client("dinkes").get("/perjanjian")
    assert f"perjanjian-{agreement.id}" in owner_page.text and url in owner_page.text
    assert "Menunggu persetujuan pemilik" in owner_page.text
    done = site.client("dinkes").post(url, data={"csrf_token": site.csrf("dinkes")})
    assert done.status_code == 303 and done.headers["location"] == "/perjanjian"
    assert _visible(site) == {"person.name", "growth.status_tbu"}
    assert status(_only_agreement(site)) == "berlaku"
    [consent] = _actions(site, "agreement_consent")
    assert (consent.actor, consent.target) == ("dinkes", f"perjanjian {agreement.id}")
    again = site.client("dinkes").post(url, data={"csrf_token": site.csrf("dinkes")})
    assert again.status_code == 400 and "sudah disetujui oleh dinkes" in again.text


def test_owner_or_walidata_revokes_and_the_fields_close_again(site: Site) -> None:
    ctx = site.app.state.ctx
    with ctx.state.session() as session:
        ids = [
            create_agreement(
                session,
                source="eppgbm",
                owner="Dinas Kesehatan",
                grantee="Dinas Sosial",
                fields=["person.name"],
                purpose=PURPOSE,
                created_by="wali",
            ).id
            for _ in range(2)
        ]
    site.client("dinkes").post(
        f"/perjanjian/{ids[0]}/setujui", data={"csrf_token": site.csrf("dinkes")}
    )
    assert _visible(site) == {"person.name"}

    other = site.client("capil").post(
        f"/perjanjian/{ids[0]}/cabut", data={"csrf_token": site.csrf("capil")}
    )
    assert other.status_code == 403 and _visible(site) == {"person.name"}
    revoked = site.client("dinkes").post(
        f"/perjanjian/{ids[0]}/cabut", data={"csrf_token": site.csrf("dinkes")}
    )
    assert revoked.status_code == 303 and _visible(site) == set()
    listed = site.client("dinkes").get("/perjanjian").text
    assert f"perjanjian-{ids[0]}" not in listed and f"perjanjian-{ids[1]}" in listed

    by_walidata = site.client("wali").post(
        f"/perjanjian/{ids[1]}/cabut",
        data={"csrf_token": site.csrf("wali"), "lanjut": "/admin/perjanjian"},
    )
    assert by_walidata.status_code == 303 and by_walidata.headers["location"] == "/admin/perjanjian"
    admin_page = site.client("wali").get("/admin/perjanjian").text
    assert admin_page.count("Dicabut") >= 2
    twice = site.client("wali").post(
        f"/perjanjian/{ids[1]}/cabut", data={"csrf_token": site.csrf("wali")}
    )
    assert twice.status_code == 400 and "sudah dicabut" in twice.text
    late = site.client("dinkes").post(
        f"/perjanjian/{ids[1]}/setujui", data={"csrf_token": site.csrf("dinkes")}
    )
    assert late.status_code == 400 and "sudah dicabut" in late.text
    assert [e.actor for e in _actions(site, "agreement_revoke")] == ["dinkes", "wali"]
    missing = site.client("wali").post(
        "/perjanjian/999999/cabut", data={"csrf_token": site.csrf("wali")}
    )
    assert missing.status_code == 404


def test_bad_agreements_are_refused_with_a_hint(site: Site) -> None:
    cases = [
        ({"fields": ["person.name", "person.kk_number"]}, "person.kk_number"),
        ({"fields": []}, "minimal satu medan"),
        ({"grantee": "Dinas Kesehatan"}, "lain dari pemilik data"),
        ({"grantee": "Dinas Rahasia"}, "Penerima perjanjian tidak dikenal"),
        ({"purpose": "cek"}, "pembatasan tujuan"),
        ({"source": "tidak_ada"}, "belum terdaftar"),
        ({"valid_from": "2026-07-01", "valid_until": "2026-06-30"}, "lebih awal"),
        ({"valid_until": "31/12/2026"}, "TTTT-BB-HH"),
    ]
    for fields, expected in cases:
        status_code, text = _record(site, **fields)
        assert status_code == 400 and expected in text, fields
    assert _actions(site, "agreement_create") == []
    with site.app.state.ctx.state.session() as session:
        assert session.scalars(select(Agreement)).all() == []


def test_status_follows_consent_dates_and_revocation(site: Site) -> None:
    today = date(2026, 6, 30)
    with site.app.state.ctx.state.session() as session:
        agreement = create_agreement(
            session,
            source="dtks",
            owner="Dinas Sosial",
            grantee="role:analis",
            fields=["household.desil"],
            purpose=PURPOSE,
            created_by="wali",
            valid_from=today + timedelta(days=1),
            valid_until=today + timedelta(days=30),
        )
        assert status(agreement, today) == "menunggu"
        agreement.consent_at = agreement.created_at
        assert status(agreement, today) == "belum-mulai"
        assert status(agreement, today + timedelta(days=1)) == "berlaku"
        assert status(agreement, today + timedelta(days=31)) == "kedaluwarsa"
        agreement.revoked_at = agreement.created_at
        assert status(agreement, today + timedelta(days=1)) == "dicabut"
