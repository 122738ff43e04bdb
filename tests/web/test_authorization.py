"""Every route × every role: allowed or denied exactly as declared in tests/web/authz/.

Deny by default: a route that the app serves without a case here fails
``test_every_route_has_an_expectation``; a role that gets in where it should not (or is
kept out where it should get in) fails ``test_role_walks_every_route``.
"""

from __future__ import annotations

import importlib
import pkgutil

import pytest

import tests.web.authz as authz
from rajut.web.policy import served_routes
from tests.web.authz import ROLES, Case
from tests.web.conftest import ROLE_USER, Site


def all_cases() -> list[Case]:
    cases: list[Case] = []
    for module in pkgutil.iter_modules(authz.__path__):
        cases.extend(importlib.import_module(f"tests.web.authz.{module.name}").CASES)
    return cases


def test_every_route_has_an_expectation(site: Site) -> None:
    declared = {(c.method, c.path) for c in all_cases()}
    served = {
        (m, r.path) for r in served_routes(site.app.router.routes) for m in r.methods if m != "HEAD"
    }
    assert served - declared == set(), "routes without an authorization case"
    assert declared - served == set(), "cases for routes the app does not serve"


def _call(site: Site, client, case: Case):  # type: ignore[no-untyped-def]
    url = case.resolve_url(site)
    if case.method == "GET":
        return client.get(url)
    data = dict(case.resolve_data(site) or {})
    headers = {"X-CSRF-Token": site.csrf_cache.get(id(client), "")}
    if case.json:
        return client.request(case.method, url, json=data, headers=headers)
    return client.request(case.method, url, data=data, files=case.files, headers=headers)


def _signed_out(response) -> bool:  # type: ignore[no-untyped-def]
    return response.status_code == 401 or (
        response.status_code in (302, 303)
        and response.headers.get("location", "").startswith("/masuk")
    )


@pytest.mark.parametrize("role", ROLES)
def test_role_walks_every_route(site: Site, role: str) -> None:
    username = ROLE_USER[role]
    client = site.client(username)
    site.csrf_cache[id(client)] = site.csrf(username)
    # signing out (a public mutating case) goes last, so it cannot void the later cases
    cases = sorted(all_cases(), key=lambda c: (c.mutates, c.public, c.method != "GET", c.path))
    wrong: list[str] = []
    for case in cases:
        response = _call(site, client, case)
        if case.public:  # answers anyone; what it answers (a redirect, 401 on bad password) varies
            ok = response.status_code != 403
        elif role in case.allowed:
            ok = response.status_code != 403 and not _signed_out(response)
        else:
            ok = response.status_code == 403
        if not ok:
            expected = "allow" if case.public or role in case.allowed else "deny"
            wrong.append(
                f"{case.method} {case.path}: expected {expected}, got {response.status_code}"
            )
    assert wrong == []


def test_anonymous_is_sent_to_sign_in_everywhere_but_public_routes(site: Site) -> None:
    client = site.anonymous()
    site.csrf_cache[id(client)] = ""
    wrong = []
    for case in all_cases():
        if case.public:
            continue
        # no session: the CSRF check or the sign-in check refuses; never a 2xx
        response = _call(site, client, case)
        if not (_signed_out(response) or response.status_code == 403):
            wrong.append(f"{case.method} {case.path}: {response.status_code}")
    assert wrong == []
