"""``/api/v1/targets`` and ``/api/v1/reports``: token auth, the dashboard's permissions."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlalchemy import select

from rajut.appstate.models import AuditEntry, User
from rajut.governance.users import issue_token
from rajut.integrate import latest_build_id
from tests.web.conftest import Site


def _api(site: Site, username: str) -> TestClient:
    with site.app.state.ctx.state.session() as session:
        user = session.scalar(select(User).where(User.username == username))
        assert user is not None
        token = issue_token(session, user, "uji")
    return TestClient(site.app, headers={"Authorization": f"Bearer {token}"})


def test_targets_aggregates_match_the_build_and_desa_level(site: Site) -> None:
    api = _api(site, "pimpinan")
    body = api.get("/api/v1/targets").json()
    with site.app.state.ctx.analytics() as con:
        build = latest_build_id(con)
        rows = con.execute(
            "SELECT rule_id, kecamatan_code, count(*) FROM integ.target_results "
            "WHERE build_id = ? GROUP BY ALL",
            [build],
        ).fetchall()
    assert body["build_id"] == build and body["as_of"] == "2026-06-30"
    assert body["level"] == "kecamatan" and body["small_cell"] == 5
    rules = [r["id"] for r in body["rules"]]
    areas = {a["code"]: a for a in body["areas"]}
    for rule, kecamatan, n in rows:
        cell = areas[kecamatan]["cells"][rules.index(rule)]
        assert cell["count"] == (n if n >= 5 else None)
        assert cell["shown"] == (str(n) if n >= 5 else "<5")
    kecamatan = rows[0][1]
    desa = api.get(f"/api/v1/targets?kecamatan={kecamatan}").json()
    assert desa["level"] == "desa" and desa["parent_code"] == kecamatan
    assert all(a["code"].startswith(kecamatan + ".") for a in desa["areas"])


def test_candidates_need_lists_export_and_are_masked_and_audited(site: Site) -> None:
    with site.app.state.ctx.analytics() as con:
        rule, desa, n = con.execute(
            "SELECT rule_id, desa_code, count(*) FROM integ.target_results "
            "WHERE build_id = ? GROUP BY ALL ORDER BY 3 DESC, 1, 2 LIMIT 1",
            [latest_build_id(con)],
        ).fetchone()
    url = f"/api/v1/targets/{rule}/candidates?desa={desa}"
    refused = _api(site, "pimpinan").get(url)
    assert refused.status_code == 403 and refused.json()["ok"] is False
    assert _api(site, "dinkes").get("/api/v1/targets").status_code == 403
    response = _api(site, "analis").get(url)
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == n == len(body["rows"]) and body["nik_masked"] is True
    assert all(r["desa_code"] == desa and r["rule_id"] == rule for r in body["rows"])
    niks = [r["nik"] for r in body["rows"] if r["nik"]]
    assert niks and all(re.fullmatch(r"\d{4}\*{8}\d{4}", nik) for nik in niks)
    assert not re.search(r"(?<!\d)\d{16}(?!\d)", response.text)
    with site.app.state.ctx.state.session() as session:
        [entry] = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "export", AuditEntry.actor == "analis")
        )
    assert rule in entry.target and entry.details["rows"] == n
    unknown = _api(site, "analis").get("/api/v1/targets/tidak-ada/candidates")
    assert unknown.status_code == 400 and unknown.json()["error"]["hint"]


def test_reports_catalog_and_recap(site: Site) -> None:
    api = _api(site, "pimpinan")
    catalog = api.get("/api/v1/reports").json()
    ids = [r["id"] for r in catalog["recaps"]]
    assert "cakupan-program" in ids
    recap = api.get("/api/v1/reports/cakupan-program").json()
    assert recap["recap"] == "cakupan-program" and recap["as_of"] == "2026-06-30"
    assert recap["tables"] and all(t["rows"] == len(t["records"]) for t in recap["tables"])
    assert "tanggal acuan 2026-06-30" in recap["source_note"]
    dated = api.get("/api/v1/reports/cakupan-program?as_of=2026-06-30").json()
    assert dated["tables"] == recap["tables"]
    missing = api.get("/api/v1/reports/cakupan-program?as_of=1999-01-01")
    assert missing.status_code == 400 and "build" in missing.json()["error"]["hint"]
    unknown = api.get("/api/v1/reports/tidak-ada")
    assert unknown.status_code == 400 and "cakupan-program" in unknown.json()["error"]["hint"]
    assert _api(site, "auditor").get("/api/v1/reports").status_code == 403
    # the OpenAPI document describes the new endpoints with their models
    spec = site.anonymous().get("/api/v1/openapi.json").json()
    assert {"/api/v1/targets", "/api/v1/reports/{recap}"} <= set(spec["paths"])
    assert "TargetsOut" in spec["components"]["schemas"]
