"""Sign-in, home, account, health, API basics."""

from __future__ import annotations

from tests.web.authz import ALL, Case

CASES = [
    Case("GET", "/masuk", ALL, public=True),
    Case("POST", "/masuk", ALL, public=True, data={"username": "x", "password": "y"}),
    Case("POST", "/keluar", ALL, public=True, mutates=True),
    Case("GET", "/siapkan", ALL, public=True),
    Case("POST", "/siapkan", ALL, public=True, data={"username": "x"}),
    Case("POST", "/bahasa", ALL, public=True, data={"lang": "id"}),
    Case("GET", "/sehat", ALL, public=True),
    Case("GET", "/", ALL),
    Case("GET", "/akun", ALL),
    Case("POST", "/akun/sandi", ALL, data={"current": "salah", "password": "", "password2": ""}),
    Case("POST", "/akun/token", ALL, data={"name": "uji"}),
    Case("POST", "/akun/token/{token_id}/cabut", ALL, url="/akun/token/999999/cabut"),
    Case("GET", "/api/v1/openapi.json", ALL, public=True),
    Case("GET", "/api/v1/me", ALL),
]
