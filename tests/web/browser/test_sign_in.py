"""A person signs in with the keyboard and mouse, and sees only what their role allows."""

from __future__ import annotations

from tests.web.browser.conftest import Shots, sign_in


def test_pimpinan_signs_in_and_sees_only_the_dashboard_tiles(new_page, shots: Shots) -> None:  # type: ignore[no-untyped-def]
    page = new_page
    page.goto("/")
    assert "/masuk" in page.url
    shots.take(page, "masuk")
    sign_in(page, "pimpinan")
    tiles = page.locator(".tile strong").all_inner_texts()
    assert "Dasbor sasaran" in tiles
    assert "Cari warga" not in tiles and "Unggah berkas" not in tiles
    shots.take(page, "beranda-pimpinan")


def test_wrong_password_explains_what_to_do(new_page, shots: Shots) -> None:  # type: ignore[no-untyped-def]
    page = new_page
    page.goto("/masuk")
    page.fill("#username", "analis")
    page.fill("#password", "Salah-Sandi-123")
    page.click("button[type=submit].primary")
    alert = page.locator("[role=alert]")
    assert "kata sandi salah" in alert.inner_text()
    shots.take(page, "salah-sandi")
