"""Sign-in, first-run setup, sessions, CSRF, open redirects and throttling, through HTTP."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from rajut.governance.users import MAX_FAILURES
from rajut.web.app import create_app
from rajut.workspace import init_workspace
from tests.web.conftest import PASSWORD, Site, csrf_of


def _fresh_app(tmp_path: Path) -> TestClient:
    ws = init_workspace(tmp_path / "ws")
    return TestClient(create_app(ws), follow_redirects=False)


def test_first_run_forces_a_strong_walidata_password(tmp_path: Path) -> None:
    client = _fresh_app(tmp_path)
    assert client.get("/").headers["location"].startswith("/masuk")
    assert client.get("/masuk").headers["location"] == "/siapkan"
    csrf = csrf_of(client.get("/siapkan").text)
    weak = client.post(
        "/siapkan",
        data={
            "username": "wali",
            "password": "rahasia123",
            "password2": "rahasia123",
            "csrf_token": csrf,
        },
    )
    assert weak.status_code == 400 and "minimal 12 karakter" in weak.text
    ok = client.post(
        "/siapkan",
        data={"username": "wali", "password": PASSWORD, "password2": PASSWORD, "csrf_token": csrf},
    )
    assert ok.status_code == 303
    home = client.get("/")
    assert home.status_code == 200 and "Administrasi" in home.text
    # setup cannot be repeated once a user exists
    other = TestClient(client.app, follow_redirects=False)
    again = other.post(
        "/siapkan",
        data={
            "username": "x2",
            "password": PASSWORD,
            "password2": PASSWORD,
            "csrf_token": csrf_of(other.get("/masuk").text),
        },
    )
    assert again.headers["location"] == "/masuk"


def test_pages_need_sign_in_and_api_answers_401(site: Site) -> None:
    anon = site.anonymous()
    response = anon.get("/akun")
    assert response.status_code == 303
    assert response.headers["location"] == "/masuk?lanjut=/akun"
    api = anon.get("/api/v1/me")
    assert api.status_code == 401 and api.json()["error"]["hint"]


def test_forged_csrf_is_refused(site: Site) -> None:
    client = site.client("wali")
    response = client.post("/akun/token", data={"name": "x", "csrf_token": "palsu"})
    assert response.status_code == 403
    assert "Muat ulang halaman" in response.text
    missing = client.post("/akun/token", data={"name": "x"})
    assert missing.status_code == 403
    ok = client.post("/akun/token", data={"name": "x", "csrf_token": site.csrf("wali")})
    assert ok.status_code == 200


def test_login_refuses_open_redirects(site: Site) -> None:
    client = site.anonymous()
    csrf = csrf_of(client.get("/masuk").text)
    for target in ("https://jahat.example/", "//jahat.example/x", "javascript:alert(1)"):
        response = client.post(
            "/masuk",
            data={"username": "analis", "password": PASSWORD, "lanjut": target, "csrf_token": csrf},
        )
        assert response.headers["location"] == "/"


def test_throttled_after_failures_and_audited(site: Site) -> None:
    client = site.anonymous()
    csrf = csrf_of(client.get("/masuk").text)
    for _ in range(MAX_FAILURES):
        bad = client.post(
            "/masuk", data={"username": "analis", "password": "Salah-Sandi-9", "csrf_token": csrf}
        )
        assert bad.status_code == 401
    locked = client.post(
        "/masuk", data={"username": "analis", "password": PASSWORD, "csrf_token": csrf}
    )
    assert locked.status_code == 429 and "Tunggu 15 menit" in locked.text
    entries, total = site.app.state.ctx.audit.query(action="login_failed")
    assert total == MAX_FAILURES + 1 and entries[0].actor == "analis"


def test_disabled_user_loses_the_session_at_once(site: Site) -> None:
    from rajut.governance.users import disable_user

    client = site.client("analis")
    assert client.get("/akun").status_code == 200
    with site.app.state.ctx.state.session() as session:
        disable_user(session, "analis")
    assert client.get("/akun").status_code == 303


def test_password_change_ends_other_sessions(site: Site) -> None:
    first = site.client("analis")
    second = TestClient(site.app, follow_redirects=False)
    csrf = csrf_of(second.get("/masuk").text)
    second.post("/masuk", data={"username": "analis", "password": PASSWORD, "csrf_token": csrf})
    assert second.get("/akun").status_code == 200
    new = "Jagung-Kedelai-Boyolali-31"
    changed = first.post(
        "/akun/sandi",
        data={
            "current": PASSWORD,
            "password": new,
            "password2": new,
            "csrf_token": site.csrf("analis"),
        },
    )
    assert changed.status_code == 200 and "sudah diganti" in changed.text
    assert first.get("/akun").status_code == 200
    assert second.get("/akun").status_code == 303


def test_logout_is_audited(site: Site) -> None:
    client = site.client("pimpinan")
    client.post("/keluar", data={"csrf_token": site.csrf("pimpinan")})
    assert client.get("/akun").status_code == 303
    _, total = site.app.state.ctx.audit.query(actor="pimpinan", action="logout")
    assert total == 1


def test_session_cookie_is_httponly_and_samesite(site: Site) -> None:
    client = site.anonymous()
    response = client.get("/masuk")
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie
    assert "default-src 'self'" in response.headers["content-security-policy"]


def test_api_token_works_without_csrf_and_respects_revocation(site: Site) -> None:
    client = site.client("analis")
    page = client.post("/akun/token", data={"name": "sistem", "csrf_token": site.csrf("analis")})
    token = page.text.split("<code>")[1].split("</code>")[0]
    api = site.anonymous()
    me = api.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert me.json() == {"username": "analis", "role": "analis", "agency": None}
    token_id = page.text.split("/akun/token/")[1].split("/cabut")[0]
    client.post(f"/akun/token/{token_id}/cabut", data={"csrf_token": site.csrf("analis")})
    assert api.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).status_code == 401


@pytest.mark.parametrize("lang,text", [("en", "Sign in"), ("id", "Masuk ke rajut")])
def test_language_switch(site: Site, lang: str, text: str) -> None:
    client = site.anonymous()
    csrf = csrf_of(client.get("/masuk").text)
    client.post("/bahasa", data={"lang": lang, "lanjut": "/masuk", "csrf_token": csrf})
    assert text in client.get("/masuk").text
