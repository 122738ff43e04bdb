"""The three journeys issue 6 asks a browser to prove, as people would do them.

1. A Dinas Kesehatan user signs in, uploads a messy e-PPGBM workbook, confirms the mapping,
   waits for the ingest and sees the quality report.
2. An analis searches a person, sees a masked NIK and where each value came from.
3. A pimpinan sees the desa dashboard but cannot open a person.

Screenshots of each step: test-artifacts/screenshots/<test>/.
"""

from __future__ import annotations

import re
from pathlib import Path

from rajut.store import open_store
from tests.web.browser.conftest import LiveServer, Shots, sign_in
from tests.web.messy_files import make_messy_eppgbm

MASKED_NIK = re.compile(r"\b\d{4}\*{8}\d{4}\b")
FULL_NIK = re.compile(r"\b\d{16}\b")


def _select_for(page, header: str, value: str) -> None:  # type: ignore[no-untyped-def]
    """In the mapping table, choose ``value`` for the file column labelled ``header``."""
    select_id = page.locator("#peta-kolom label", has_text=header).first.get_attribute("for")
    page.select_option(f"#{select_id}", value)


def test_dinkes_uploads_a_messy_eppgbm_and_sees_its_quality(  # type: ignore[no-untyped-def]
    new_page, live_server: LiveServer, shots: Shots, tmp_path: Path
) -> None:
    page = new_page
    messy = make_messy_eppgbm(tmp_path / "eppgbm_juli.xlsx", live_server.ws)
    sign_in(page, "dinkes")
    page.click("text=Unggah berkas >> nth=0")
    page.set_input_files("#berkas", str(messy))
    page.select_option("#sumber", "eppgbm")
    shots.take(page, "pilih-berkas")
    page.click("#tombol-unggah")
    page.wait_for_selector("#peta-status")
    assert page.get_attribute("#peta-status", "data-status") == "perlu-peta"
    assert "TGL_UKUR" in page.inner_text("#kolom-hilang")
    assert not FULL_NIK.search(page.inner_text("#peta-kolom"))  # examples are masked
    shots.take(page, "periksa-kolom")
    _select_for(page, "Tanggal Ukur", "growth.measured_on")
    _select_for(page, "Berat (kg)", "growth.weight_kg")
    _select_for(page, "Tinggi (cm)", "growth.height_cm")
    page.select_option("#periode-kolom", label="Tanggal Ukur")
    page.select_option("#id-baris", label="ID Pengukuran")
    page.select_option("#granularitas", "month")
    shots.take(page, "pemetaan-dikoreksi")
    page.click("#tombol-simpan")
    page.wait_for_selector('#peta-status[data-status="cocok"]')
    shots.take(page, "siap-dimuat")
    page.click("#tombol-muat")
    page.wait_for_selector('#tugas[data-status="done"]', timeout=120_000)
    assert "diterima" in page.inner_text("#tugas-hasil").lower()
    shots.take(page, "selesai-dimuat")
    page.click("#tombol-mutu")
    page.wait_for_selector("#mutu svg")
    assert "Laporan mutu" in page.inner_text("#mutu")
    assert not FULL_NIK.search(page.inner_text("#mutu"))
    shots.take(page, "laporan-mutu")


def test_analis_finds_a_person_with_masked_nik_and_provenance(  # type: ignore[no-untyped-def]
    new_page, live_server: LiveServer, shots: Shots
) -> None:
    with open_store(live_server.ws.analytics_db) as store:
        name, person_id = store.con.execute(
            "SELECT name, person_id FROM integ.person WHERE nik IS NOT NULL AND 'dukcapil' IN "
            "sources AND len(sources) > 1 ORDER BY person_id LIMIT 1"
        ).fetchone()
    page = new_page
    sign_in(page, "analis")
    page.click("text=Cari warga >> nth=0")
    page.fill("#q", name.lower())
    page.keyboard.press("Enter")
    page.wait_for_selector(f'a[href="/orang/{person_id}"]')
    results = page.inner_text("#hasil")
    assert MASKED_NIK.search(results) and not FULL_NIK.search(results)
    shots.take(page, "hasil-cari")
    page.click(f'a[href="/orang/{person_id}"]')
    page.wait_for_url(f"**/orang/{person_id}")
    profile = page.inner_text("main")
    assert MASKED_NIK.search(profile) and not FULL_NIK.search(profile)
    assert "dari Disdukcapil" in profile and "aturan:" in profile
    shots.take(page, "profil")


def test_pimpinan_sees_the_desa_dashboard_but_cannot_open_a_person(  # type: ignore[no-untyped-def]
    new_page, live_server: LiveServer, shots: Shots
) -> None:
    with open_store(live_server.ws.analytics_db) as store:
        person_id = store.con.execute("SELECT min(person_id) FROM integ.person").fetchone()[0]
    page = new_page
    sign_in(page, "pimpinan")
    page.click("text=Dasbor sasaran >> nth=0")
    page.wait_for_selector("svg")
    assert "Data per tanggal" in page.inner_text("main")
    shots.take(page, "dasbor-kabupaten")
    page.locator('a[href^="/dasbor?kecamatan="]').first.click()
    page.wait_for_url("**/dasbor?kecamatan=*")
    body = page.inner_text("main")
    assert "Kecamatan" in body and "desa" in body.lower()
    assert not FULL_NIK.search(body) and not MASKED_NIK.search(body)  # aggregates only
    shots.take(page, "dasbor-desa")
    response = page.goto(f"/orang/{person_id}")
    assert response is not None and response.status == 403
    assert "tidak berwenang" in page.inner_text("main")
    shots.take(page, "orang-ditolak")
