"""Persons area through HTTP: search, profiles with provenance, masking, unmasking, audit."""

from __future__ import annotations

import re

from sqlalchemy import select

from rajut.appstate.models import AuditEntry
from rajut.governance.agreements import create_agreement, record_consent
from rajut.governance.users import Principal
from tests.web.conftest import Site

NIK16 = re.compile(r"(?<![0-9])[0-9]{16}(?![0-9])")


def _one(site: Site, sql: str, params: list[object] | None = None) -> tuple[object, ...]:
    with site.app.state.ctx.analytics() as con:
        row = con.execute(sql, params or []).fetchall()[0]
    return tuple(row)


def _audit(site: Site, action: str) -> list[AuditEntry]:
    with site.app.state.ctx.state.session() as session:
        return list(session.scalars(select(AuditEntry).where(AuditEntry.action == action)))


def _dukcapil_person(site: Site) -> tuple[str, str, str, str]:
    """A living person whose name comes from Disdukcapil: (id, name, nik, desa_code)."""
    row = _one(
        site,
        "SELECT p.person_id, p.name, p.nik, p.desa_code FROM integ.person p "
        "JOIN integ.provenance v ON v.build_id = p.build_id AND v.entity = 'person' "
        "AND v.entity_id = p.person_id AND v.attribute = 'name' AND v.source = 'dukcapil' "
        "WHERE length(p.name) > 8 AND p.name NOT LIKE '%.%' "
        "AND regexp_full_match(p.nik, '[0-9]{16}') "
        "ORDER BY p.person_id LIMIT 1",
    )
    return str(row[0]), str(row[1]), str(row[2]), str(row[3])


def test_search_finds_exact_typo_old_spelling_nik_and_desa(site: Site) -> None:
    pid, name, nik, desa = _dukcapil_person(site)
    client = site.client("wali")
    exact = client.get("/cari", params={"q": name.lower()})
    assert exact.status_code == 200 and f"/orang/{pid}" in exact.text
    # exact match ranks first among the results
    first = re.search(r'href="/orang/([^"]+)"', exact.text)
    assert first is not None
    first_name = _one(site, "SELECT name FROM integ.person WHERE person_id = ?", [first.group(1)])
    assert first_name[0] == name
    word = max(name.split(), key=len)
    typo = name.replace(word, word[:2] + word[3:], 1)  # one letter dropped
    assert f"/orang/{pid}" in client.get("/cari", params={"q": typo}).text or _same_name_hits(
        client, typo, name
    )
    by_nik = client.get("/cari", params={"q": nik})
    assert f"/orang/{pid}" in by_nik.text and nik not in by_nik.text
    in_desa = client.get("/cari", params={"q": name, "desa": desa})
    assert f"/orang/{pid}" in in_desa.text
    elsewhere = _one(
        site, "SELECT desa_code FROM integ.person WHERE desa_code <> ? LIMIT 1", [desa]
    )[0]
    assert (
        f"/orang/{pid}" not in client.get("/cari", params={"q": name, "desa": str(elsewhere)}).text
    )


def _same_name_hits(client, typo: str, name: str) -> bool:  # type: ignore[no-untyped-def]
    """With many namesakes the person may be past the first page: the namesakes must show."""
    return name in client.get("/cari", params={"q": typo}).text


def test_old_spelling_and_token_order(site: Site) -> None:
    row = _one(
        site,
        "SELECT person_id, name FROM integ.person WHERE name LIKE '%U%' "
        "AND name NOT LIKE '%.%' AND name NOT LIKE '%OE%' AND length(name) - "
        "length(replace(name, ' ', '')) = 1 ORDER BY person_id LIMIT 1",
    )
    name = str(row[1])
    old = name.replace("U", "OE")
    a, b = name.split()
    client = site.client("analis")
    for query in (old, f"{b} {a}", f"{a}{b}"):
        found = client.get("/cari", params={"q": query})
        assert found.status_code == 200
        assert name in found.text, query


def test_sql_looking_text_is_just_text(site: Site) -> None:
    client = site.client("wali")
    for query in ("' OR 1=1 --", '"; DROP TABLE integ.person; --', "%' UNION SELECT nik --"):
        response = client.get("/cari", params={"q": query})
        assert response.status_code == 200
        assert "RJ0" not in response.text
    assert _one(site, "SELECT count(*) FROM integ.person")[0] > 0


def test_script_in_a_name_is_escaped(site: Site) -> None:
    pid, _name, _nik, _desa = _dukcapil_person(site)
    with site.app.state.ctx.analytics() as con:
        con.execute(
            "INSERT INTO integ.person SELECT build_id, 'RJ999999999', NULL, NULL, "
            "'<script>alert(1)</script>', sex, birth_date, age_years, desa_code, kecamatan_code, "
            "alive, death_date, NULL, NULL, 1, ['dukcapil'] FROM integ.person WHERE person_id = ?",
            [pid],
        )
    client = site.client("wali")
    results = client.get("/cari", params={"q": "script alert"})
    assert "RJ999999999" in results.text
    assert "<script>alert(1)</script>" not in results.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in results.text
    profile = client.get("/orang/RJ999999999")
    assert profile.status_code == 200
    assert "<script>alert" not in profile.text and "&lt;script&gt;" in profile.text


def test_nik_is_masked_everywhere_and_search_audit_masks_it(site: Site) -> None:
    pid, name, nik, _desa = _dukcapil_person(site)
    household = _one(site, "SELECT household_id FROM integ.person WHERE person_id = ?", [pid])[0]
    client = site.client("wali")
    for url in (f"/cari?q={nik}", f"/cari?q={name}", f"/orang/{pid}", f"/keluarga/{household}"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert NIK16.search(response.text) is None, url
    api = client.get(f"/api/v1/persons/{pid}")
    assert api.status_code == 200 and NIK16.search(api.text) is None
    assert NIK16.search(client.get(f"/api/v1/persons?q={nik}").text) is None
    searches = _audit(site, "search")
    assert searches and all(NIK16.search(e.target or "") is None for e in searches)
    assert any(e.target == nik[:4] + "********" + nik[-4:] for e in searches)
    assert {e.target for e in _audit(site, "view_person")} == {pid}
    assert _audit(site, "view_household")


def test_unmask_needs_permission_and_purpose_and_is_audited(site: Site) -> None:
    pid, _name, nik, _desa = _dukcapil_person(site)
    analis = site.client("analis")
    page = analis.get(f"/orang/{pid}")
    assert "Tampilkan NIK" in page.text and nik not in page.text
    short = analis.post(
        f"/orang/{pid}/buka", data={"purpose": "cek", "csrf_token": site.csrf("analis")}
    )
    assert short.status_code == 400 and nik not in short.text and "minimal 10" in short.text
    assert _audit(site, "unmask") == []
    purpose = "verifikasi penerima PKH desa"
    opened = analis.post(
        f"/orang/{pid}/buka", data={"purpose": purpose, "csrf_token": site.csrf("analis")}
    )
    assert opened.status_code == 200 and nik in opened.text
    entries = _audit(site, "unmask")
    assert len(entries) == 1 and entries[0].purpose == purpose and entries[0].target == pid
    # the next view is masked again
    assert nik not in analis.get(f"/orang/{pid}").text
    # produsen lacks nik.unmask: no form, and the POST is refused
    dinkes = site.client("dinkes")
    assert "Tampilkan NIK" not in dinkes.get(f"/orang/{pid}").text
    refused = dinkes.post(
        f"/orang/{pid}/buka", data={"purpose": purpose, "csrf_token": site.csrf("dinkes")}
    )
    assert refused.status_code == 403 and nik not in refused.text
    # API: purpose unmasks for analis (audited); produsen with purpose gets 403
    api = analis.get(f"/api/v1/persons/{pid}", params={"purpose": purpose})
    assert api.status_code == 200 and api.json()["unmasked"] and nik in api.text
    assert len(_audit(site, "unmask")) == 2
    assert dinkes.get(f"/api/v1/persons/{pid}", params={"purpose": purpose}).status_code == 403
    assert analis.get(f"/api/v1/persons/{pid}", params={"purpose": "x"}).status_code == 400


def test_produsen_sees_own_and_granted_fields_only(site: Site) -> None:
    pid, name, _nik, _desa = _dukcapil_person(site)
    dinkes = site.client("dinkes")
    before = dinkes.get(f"/orang/{pid}")
    assert before.status_code == 200
    assert "tidak dibagikan — ajukan perjanjian berbagi data ke walidata" in before.text
    assert name not in before.text
    api_before = dinkes.get(f"/api/v1/persons/{pid}").json()["profile"]["values"]["name"]
    assert api_before["hidden"] is True and api_before["value"] is None
    with site.app.state.ctx.state.session() as session:
        agreement = create_agreement(
            session,
            source="dukcapil",
            owner="Disdukcapil",
            grantee="Dinas Kesehatan",
            fields=["person.name"],
            purpose="verifikasi sasaran stunting",
            created_by="wali",
        )
        record_consent(session, agreement, Principal(0, "capil", "produsen", "Disdukcapil"))
        session.commit()
    after = dinkes.get(f"/orang/{pid}")
    assert name in after.text
    # fields the agreement does not grant stay hidden (birth date from Disdukcapil)
    assert "tidak dibagikan" in after.text
    # the walidata and analis see integrated values
    assert name in site.client("analis").get(f"/orang/{pid}").text


def test_pimpinan_and_auditor_may_not_open_persons(site: Site) -> None:
    pid, *_ = _dukcapil_person(site)
    for user in ("pimpinan", "auditor"):
        client = site.client(user)
        assert client.get(f"/orang/{pid}").status_code == 403
        assert client.get("/cari?q=siti").status_code == 403
        assert client.get(f"/api/v1/persons/{pid}").status_code == 403


def test_profile_shows_provenance_records_and_discrepancies(site: Site) -> None:
    row = _one(
        site,
        "SELECT entity_id FROM integ.discrepancies WHERE kind = 'alive_vs_deceased' "
        "ORDER BY entity_id LIMIT 1",
    )
    pid = str(row[0])
    page = site.client("wali").get(f"/orang/{pid}")
    assert page.status_code == 200
    assert "dari Disdukcapil" in page.text and "aturan:" in page.text
    assert "Rekaman sumber yang tertaut" in page.text
    assert "Status hidup berbeda" in page.text and "meninggal" in page.text
    assert "masih menerima" in page.text
    assert site.client("wali").get("/orang/TIDAKADA").status_code == 404


def test_api_search_and_household(site: Site) -> None:
    pid, name, _nik, _desa = _dukcapil_person(site)
    client = site.client("analis")
    found = client.get("/api/v1/persons", params={"q": name, "limit": 5})
    assert found.status_code == 200
    body = found.json()
    assert body["ok"] and body["hits"][0]["name"] == name and body["mode"] == "nama"
    household = _one(site, "SELECT household_id FROM integ.person WHERE person_id = ?", [pid])[0]
    hh = client.get(f"/api/v1/households/{household}")
    assert hh.status_code == 200 and pid in hh.text and NIK16.search(hh.text) is None
    assert client.get("/api/v1/households/TIDAKADA").status_code == 404
