"""Upload → mapping wizard → ingest job with progress → quality report, through HTTP."""

from __future__ import annotations

import re
from pathlib import Path

from rajut.appstate.models import AuditEntry, Upload
from rajut.sources.registry import get_contract, run_history
from tests.web.conftest import Site
from tests.web.messy_files import make_messy_eppgbm

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _upload(site: Site, user: str, path: Path, source: str) -> int:
    client = site.client(user)
    with path.open("rb") as fh:
        response = client.post(
            "/unggah",
            data={"sumber": source, "csrf_token": site.csrf(user)},
            files={"berkas": (path.name, fh, XLSX)},
        )
    assert response.status_code == 303, response.text
    match = re.fullmatch(r"/unggah/(\d+)/peta", response.headers["location"])
    assert match
    return int(match.group(1))


def _select_index(html: str, column: str) -> str:
    match = re.search(r'<label for="kolom-(\d+)">' + re.escape(column) + "</label>", html)
    assert match, column
    return match.group(1)


def _actions(site: Site) -> list[str]:
    with site.app.state.ctx.state.session() as session:
        return [e.action for e in session.query(AuditEntry).order_by(AuditEntry.seq)]


def test_messy_eppgbm_upload_is_mapped_ingested_and_reported(site: Site, tmp_path: Path) -> None:
    messy = make_messy_eppgbm(tmp_path / "eppgbm_juli.xlsx", site.ws)
    upload_id = _upload(site, "dinkes", messy, "eppgbm")
    client = site.client("dinkes")

    wizard = client.get(f"/unggah/{upload_id}/peta")
    assert wizard.status_code == 200
    html = wizard.text
    assert 'data-status="perlu-peta"' in html  # headers differ from the contract
    assert "TGL_UKUR" in html and 'id="kolom-hilang"' in html  # missing columns in plain words
    assert "9105********0001" in html and "9105102810230001" not in html  # examples, NIK masked
    # confirm the assistant's suggestion, fixing what it was unsure of
    form = {"csrf_token": site.csrf("dinkes"), "judul": "Pengukuran Balita e-PPGBM"}
    measured = _select_index(html, "Tanggal Ukur")
    form[f"kolom_{measured}"] = "growth.measured_on"
    form[f"kolom_{_select_index(html, 'Berat (kg)')}"] = "growth.weight_kg"
    form[f"kolom_{_select_index(html, 'Tinggi (cm)')}"] = "growth.height_cm"
    form["periode_kolom"] = measured
    form["id_baris"] = _select_index(html, "ID Pengukuran")
    form["frekuensi"] = "bulanan"
    form["granularitas"] = "month"
    saved = client.post(f"/unggah/{upload_id}/peta", data=form)
    assert saved.status_code == 303, saved.text
    contract = get_contract(site.ws, "eppgbm")
    assert contract.record_id == "ID Pengukuran" and contract.period.column == "Tanggal Ukur"
    assert contract.owner == "Dinas Kesehatan"
    assert any((site.ws.data_dir / "contract_history").glob("eppgbm-*.yaml"))  # old version kept

    ready = client.get(saved.headers["location"])
    assert 'data-status="cocok"' in ready.text and 'id="tombol-muat"' in ready.text
    runs_before = len(run_history(site.ws, "eppgbm"))
    started = client.post(f"/unggah/{upload_id}/muat", data={"csrf_token": site.csrf("dinkes")})
    assert started.status_code == 303
    job_url = started.headers["location"]
    job_id = int(job_url.rsplit("/", 1)[1])
    site.app.state.ctx.jobs.wait(job_id, timeout=120)

    fragment = client.get(job_url, headers={"HX-Request": "true"})
    assert fragment.status_code == 200 and "<html" not in fragment.text
    assert 'data-status="done"' in fragment.text and "hx-trigger" not in fragment.text
    page = client.get(job_url)
    assert 'id="tombol-mutu"' in page.text
    runs = run_history(site.ws, "eppgbm")
    assert len(runs) == runs_before + 1
    run = runs[0]
    assert run["file_name"] == "eppgbm_juli.xlsx"
    assert run["input_rows"] == run["accepted"] + run["quarantined"]
    assert run["accepted"] > 0.9 * run["input_rows"]  # mixed date layouts were understood

    quality_url = re.search(
        r'id="tombol-mutu"[^>]*href="([^"]+)"|href="([^"]+)"[^>]*id="tombol-mutu"', page.text
    )
    assert quality_url
    report = client.get((quality_url.group(1) or quality_url.group(2)).replace("&amp;", "&"))
    assert report.status_code == 200
    assert "Laporan mutu data" in report.text and run["run_id"] in report.text
    assert "<svg" in report.text
    xlsx = client.get(f"/sumber/eppgbm/mutu.xlsx?run={run['run_id']}")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    # the uploaded copy is gone once the raw archive holds the file
    with site.app.state.ctx.state.session() as session:
        row = session.get(Upload, upload_id)
        assert row is not None and row.source == "eppgbm"
        assert not Path(row.stored_path).exists()
    actions = _actions(site)
    for action in ("upload", "contract_save", "ingest", "quality_view", "export"):
        assert action in actions


def test_new_source_gets_a_contract_from_the_wizard(site: Site, tmp_path: Path) -> None:
    path = tmp_path / "posyandu_2026Q2.csv"
    path.write_text(
        "ID;NIK;NAMA;TGL_LAHIR\n"
        + "".join(
            f"P{i:03d};33101028102300{i:02d};ANAK KE {i};2023-10-{i % 28 + 1:02d}\n"
            for i in range(40)
        ),
        encoding="utf-8",
    )
    client = site.client("dinkes")
    with path.open("rb") as fh:
        response = client.post(
            "/unggah",
            data={"sumber": "__baru__", "csrf_token": site.csrf("dinkes")},
            files={"berkas": (path.name, fh, "text/csv")},
        )
    assert response.status_code == 303
    upload_id = int(response.headers["location"].split("/")[2])
    html = client.get(f"/unggah/{upload_id}/peta").text
    assert 'id="nama"' in html and 'id="pemilik"' not in html  # produsen: owner is their Dinas
    form = {
        "csrf_token": site.csrf("dinkes"),
        "nama": "posyandu",
        "judul": "Daftar Balita Posyandu",
        "frekuensi": "triwulanan",
        "granularitas": "quarter",
        "id_baris": _select_index(html, "ID"),
        "periode_tetap": "2026Q2",
    }
    saved = client.post(f"/unggah/{upload_id}/peta", data=form)
    assert saved.status_code == 303, saved.text
    contract = get_contract(site.ws, "posyandu")
    assert (
        contract.owner == "Dinas Kesehatan" and contract.dataset.judul == "Daftar Balita Posyandu"
    )
    assert contract.period.value == "2026Q2"
    job = client.post(f"/unggah/{upload_id}/muat", data={"csrf_token": site.csrf("dinkes")})
    job_id = int(job.headers["location"].rsplit("/", 1)[1])
    site.app.state.ctx.jobs.wait(job_id, timeout=60)
    status = client.get(f"/api/v1/jobs/{job_id}").json()
    assert status["status"] == "done" and status["result"]["input_rows"] == 40
    # another user may not see this job; the walidata may
    assert site.client("capil").get(f"/tugas/{job_id}").status_code == 403
    assert site.client("wali").get(f"/tugas/{job_id}").status_code == 200


def test_ingest_failure_shows_message_and_hint(site: Site, tmp_path: Path) -> None:
    path = tmp_path / "eppgbm_salah.csv"
    path.write_text("A;B\n1;2\n", encoding="utf-8")
    client = site.client("dinkes")
    with path.open("rb") as fh:
        response = client.post(
            "/unggah",
            data={"sumber": "eppgbm", "csrf_token": site.csrf("dinkes")},
            files={"berkas": (path.name, fh, "text/csv")},
        )
    upload_id = int(response.headers["location"].split("/")[2])
    job = client.post(f"/unggah/{upload_id}/muat", data={"csrf_token": site.csrf("dinkes")})
    job_id = int(job.headers["location"].rsplit("/", 1)[1])
    site.app.state.ctx.jobs.wait(job_id, timeout=60)
    page = client.get(f"/tugas/{job_id}").text
    assert 'id="tugas-galat"' in page and "Saran:" in page and "Traceback" not in page


def test_api_upload_ingest_and_poll(site: Site, tmp_path: Path) -> None:
    messy = make_messy_eppgbm(tmp_path / "eppgbm_api.xlsx", site.ws, rows=30)
    client = site.client("dinkes")
    headers = {"X-CSRF-Token": site.csrf("dinkes")}
    with messy.open("rb") as fh:
        up = client.post(
            "/api/v1/sources/eppgbm/uploads",
            files={"file": (messy.name, fh, XLSX)},
            headers=headers,
        )
    assert up.status_code == 200, up.text
    upload_id = up.json()["upload_id"]
    started = client.post(
        "/api/v1/sources/eppgbm/ingest", json={"upload_id": upload_id}, headers=headers
    )
    assert started.status_code == 200
    job_id = started.json()["job_id"]
    site.app.state.ctx.jobs.wait(job_id, timeout=60)
    job = client.get(f"/api/v1/jobs/{job_id}").json()
    # the current contract does not read the messy headers: a clear failure, not a crash
    assert job["status"] == "failed"
    assert job["error"]["code"] in {"sheet-not-found", "column-missing"}
    assert job["error"]["hint"]
    quality = client.get("/api/v1/sources/eppgbm/quality").json()
    assert quality["ok"] and quality["source"] == "eppgbm"
    sources = client.get("/api/v1/sources").json()
    assert {s["name"] for s in sources} >= {"dukcapil", "eppgbm", "dtks"}
    spec = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/sources/{name}/uploads" in spec["paths"]
