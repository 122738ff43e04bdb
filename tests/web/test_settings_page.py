"""The walidata changes workspace settings from the web: validated, saved, audited."""

from __future__ import annotations

from rajut.workspace import open_workspace
from tests.web.conftest import Site


def test_change_is_saved_to_the_file_and_audited(site: Site) -> None:
    client = site.client("wali")
    page = client.get("/admin/pengaturan")
    assert page.status_code == 200 and 'name="linkage.review_low"' in page.text
    saved = client.post(
        "/admin/pengaturan",
        data={"notify.due_days": "7", "linkage.review_low": "0.6", "csrf_token": site.csrf("wali")},
    )
    assert saved.status_code == 200 and "Pengaturan disimpan" in saved.text
    reopened = open_workspace(site.ws.root)
    assert reopened.settings.notify.due_days == 7
    assert reopened.settings.linkage.review_low == 0.6
    entries, total = site.app.state.ctx.audit.query(action="setting_change")
    assert total == 1
    assert entries[0].details["notify.due_days"] == {"lama": 14, "baru": 7}
    assert entries[0].actor == "wali"


def test_bad_value_saves_nothing_and_explains(site: Site) -> None:
    client = site.client("wali")
    before = (site.ws.root / "rajut.toml").read_text(encoding="utf-8")
    bad = client.post(
        "/admin/pengaturan",
        data={
            "notify.due_days": "dua minggu",
            "linkage.review_low": "0.95",
            "csrf_token": site.csrf("wali"),
        },
    )
    assert bad.status_code == 400 and "notify.due_days" in bad.text
    inverted = client.post(
        "/admin/pengaturan",
        data={
            "linkage.review_low": "0.95",
            "linkage.review_high": "0.9",
            "csrf_token": site.csrf("wali"),
        },
    )
    assert inverted.status_code == 400 and "pita ragu" in inverted.text
    assert (site.ws.root / "rajut.toml").read_text(encoding="utf-8") == before
    assert site.app.state.ctx.audit.query(action="setting_change")[1] == 0


def test_unchanged_form_records_nothing(site: Site) -> None:
    client = site.client("wali")
    same = client.post(
        "/admin/pengaturan", data={"notify.due_days": "14", "csrf_token": site.csrf("wali")}
    )
    assert "Tidak ada yang berubah" in same.text
    assert site.app.state.ctx.audit.query(action="setting_change")[1] == 0


def test_only_the_walidata_may_change_settings(site: Site) -> None:
    for user in ("analis", "dinkes", "pimpinan", "auditor"):
        response = site.client(user).post(
            "/admin/pengaturan", data={"notify.due_days": "1", "csrf_token": site.csrf(user)}
        )
        assert response.status_code == 403
    assert open_workspace(site.ws.root).settings.notify.due_days == 14
