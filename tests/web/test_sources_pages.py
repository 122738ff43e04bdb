"""Catalog, source detail, quality report and ownership (another Dinas's source is 403)."""

from __future__ import annotations

import re

from rajut.appstate.models import AuditEntry
from rajut.sources.registry import run_history
from tests.web.conftest import Site

CSV = b"A;B\n1;2\n"


def test_catalog_lists_every_source_with_metadata_and_badges(site: Site) -> None:
    page = site.client("pimpinan").get("/sumber")
    assert page.status_code == 200
    for name in ("dukcapil", "dtks", "eppgbm", "pbi_jk", "dapodik"):
        assert f'id="sumber-{name}"' in page.text
    assert "Pengukuran Balita e-PPGBM" in page.text and "Dinas Kesehatan" in page.text
    assert "badge-waktu" in page.text and "badge-mutu" in page.text
    assert not re.search(r"\b\d{16}\b", page.text)  # metadata only: no NIK anywhere
    assert "/sumber/eppgbm/mutu" not in page.text  # pimpinan cannot open quality reports


def test_detail_shows_sdi_metadata_and_every_run(site: Site) -> None:
    page = site.client("dinkes").get("/sumber/eppgbm")
    assert page.status_code == 200
    assert "Permenkes 2/2020" in page.text  # dasar hukum
    for run in run_history(site.ws, "eppgbm"):
        assert f'id="run-{run["run_id"]}"' in page.text
        assert f"/sumber/eppgbm/mutu?run={run['run_id']}" in page.text
    assert site.client("analis").get("/sumber/eppgbm").status_code == 200
    assert "link-mutu" not in site.client("analis").get("/sumber/eppgbm").text
    assert site.client("dinkes").get("/sumber/tidak_ada").status_code == 404


def test_quality_report_for_owner_and_walidata(site: Site) -> None:
    run = run_history(site.ws, "eppgbm")[0]
    page = site.client("dinkes").get(f"/sumber/eppgbm/mutu?run={run['run_id']}")
    assert page.status_code == 200
    assert 'id="mutu"' in page.text and "Laporan mutu data" in page.text and "<svg" in page.text
    assert "Kelengkapan" in page.text
    assert site.client("wali").get("/sumber/dukcapil/mutu").status_code == 200
    api = site.client("wali").get("/api/v1/sources/dukcapil/quality").json()
    assert api["ok"] and api["reconciliation"]["balanced"]
    with site.app.state.ctx.state.session() as session:
        actions = [e.action for e in session.query(AuditEntry)]
    assert actions.count("quality_view") >= 3


def test_produsen_cannot_touch_another_dinas_source(site: Site) -> None:
    client = site.client("dinkes")
    csrf = site.csrf("dinkes")
    upload = client.post(
        "/unggah",
        data={"sumber": "dukcapil", "csrf_token": csrf},
        files={"berkas": ("biodata_penduduk_20260731.csv", CSV, "text/csv")},
    )
    assert upload.status_code == 403 and "Sumber ini milik Disdukcapil" in upload.text
    quality = client.get("/sumber/dukcapil/mutu")
    assert quality.status_code == 403 and "Sumber ini milik Disdukcapil" in quality.text
    assert client.get("/sumber/dukcapil/mutu.xlsx").status_code == 403
    headers = {"X-CSRF-Token": csrf}
    api_upload = client.post(
        "/api/v1/sources/dukcapil/uploads",
        files={"file": ("b.csv", CSV, "text/csv")},
        headers=headers,
    )
    assert api_upload.status_code == 403
    assert "milik Disdukcapil" in api_upload.json()["error"]["message"]
    api_quality = client.get("/api/v1/sources/dukcapil/quality")
    assert api_quality.status_code == 403

    # capil's own upload: dinkes may neither map nor ingest it, by URL or API
    capil = site.client("capil")
    mine = capil.post(
        "/unggah",
        data={"sumber": "dukcapil", "csrf_token": site.csrf("capil")},
        files={"berkas": ("biodata_penduduk_20260731.csv", CSV, "text/csv")},
    )
    assert mine.status_code == 303
    upload_id = int(mine.headers["location"].split("/")[2])
    assert client.get(f"/unggah/{upload_id}/peta").status_code == 403
    assert client.post(f"/unggah/{upload_id}/peta", data={"csrf_token": csrf}).status_code == 403
    assert client.post(f"/unggah/{upload_id}/muat", data={"csrf_token": csrf}).status_code == 403
    api_ingest = client.post(
        "/api/v1/sources/dukcapil/ingest", json={"upload_id": upload_id}, headers=headers
    )
    assert api_ingest.status_code == 403
    # ingesting capil's upload as dinkes's own source is refused too
    api_other = client.post(
        "/api/v1/sources/eppgbm/ingest", json={"upload_id": upload_id}, headers=headers
    )
    assert api_other.status_code == 403
    with site.app.state.ctx.state.session() as session:
        denied = [e for e in session.query(AuditEntry) if e.action == "access_denied"]
    assert len(denied) >= 8


def test_api_catalog_matches_the_page(site: Site) -> None:
    client = site.client("analis")
    sources = {s["name"]: s for s in client.get("/api/v1/sources").json()}
    eppgbm = sources["eppgbm"]
    assert eppgbm["owner"] == "Dinas Kesehatan" and eppgbm["metadata"]["frekuensi"] == "bulanan"
    latest = run_history(site.ws, "eppgbm")[0]
    assert eppgbm["accepted"] == latest["accepted"]
    detail = client.get("/api/v1/sources/eppgbm").json()
    assert [r["run_id"] for r in detail["history"]] == [
        r["run_id"] for r in run_history(site.ws, "eppgbm")
    ]
    assert client.get("/api/v1/sources/tidak_ada").status_code == 404
