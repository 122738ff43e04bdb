"""A Dinas Kesehatan officer reports a death to Disdukcapil from a profile; Disdukcapil accepts
it from its inbox and downloads the change list with the correction in its own columns."""

from __future__ import annotations

import duckdb
import openpyxl

from tests.web.browser.conftest import LiveServer, Shots, sign_in


def _alive_person(live_server: LiveServer) -> tuple[str, str]:
    """(person id, Dukcapil record) of someone the register lists as alive (read-only peek)."""
    con = duckdb.connect(str(live_server.ws.analytics_db), read_only=True)
    try:
        row = con.execute(
            "SELECT r.person_id, s.record_id FROM std.person s "
            "JOIN link.record_person r ON r.source = s.source AND r.record_id = s.record_id "
            "WHERE s.source = 'dukcapil' AND s.alive ORDER BY s.record_id LIMIT 1"
        ).fetchone()
    finally:
        con.close()
    assert row is not None
    return str(row[0]), str(row[1])


def test_death_reported_by_dinkes_is_accepted_by_disdukcapil(  # type: ignore[no-untyped-def]
    new_page, live_server: LiveServer, shots: Shots, tmp_path
) -> None:
    person, record = _alive_person(live_server)
    page = new_page
    sign_in(page, "dinkes")
    page.goto(f"/orang/{person}")
    shots.take(page, "profil")
    page.locator(f"a.button[href*='record={record}']", has_text="Usulkan koreksi").click()
    page.wait_for_url("**/usulan/baru?**")
    page.fill("#death_date", "2026-07-10")
    page.fill("#mati-evidence", "Laporan kader posyandu: meninggal 10-07-2026")
    shots.take(page, "formulir-kematian")
    page.locator("#form-kematian button[type=submit]").click()
    page.wait_for_url("**/usulan/*?baru=1")
    assert "Usulan terkirim ke dinas pemilik data." in page.locator("[role=status]").inner_text()
    assert "Menunggu jawaban" in page.locator("#status").inner_text()
    shots.take(page, "usulan-terkirim")
    page.locator("header button", has_text="Keluar").click()
    page.wait_for_url("**/masuk**")

    sign_in(page, "capil")
    assert "Kotak masuk (1)" in page.locator("#kotak-masuk").inner_text()
    page.click("#kotak-masuk")
    shots.take(page, "kotak-masuk")
    page.click("text=Buka usulan koreksi")
    page.locator("td a", has_text="#").first.click()
    page.fill("#reason", "Sudah dicek ke akta kematian desa")
    shots.take(page, "jawab-usulan")
    page.locator("button[value=terima]").click()
    page.wait_for_url("**/usulan/*?selesai=terima")
    assert "Diterima" in page.locator("#status").inner_text()
    shots.take(page, "diterima")

    page.goto("/usulan")
    with page.expect_download() as info:
        page.click("#unduh-perubahan")
    download = info.value
    target = tmp_path / download.suggested_filename
    download.save_as(str(target))
    assert target.name == "perubahan-disdukcapil.xlsx"
    sheet = openpyxl.load_workbook(target).active
    cells = [str(c) for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
    assert "STATUS_HIDUP" in cells and "MATI" in cells and record in cells
    shots.take(page, "daftar-perubahan")

    page.goto(f"/orang/{person}")
    assert "Koreksi diterima:" in page.locator(".overlay").first.inner_text()
    shots.take(page, "profil-dengan-koreksi")
