"""Administration: overview, users, linkage/build runs, jobs (walidata only)."""

from __future__ import annotations

from typing import Any

from rajut.appstate.models import Job
from tests.web.authz import Case

WALIDATA = frozenset({"walidata"})


def _linkage_busy(site: Any) -> str:
    """A linkage job already 'running': the allowed call is refused (400) instead of starting
    a real linkage in the middle of the authorization walk."""
    with site.app.state.ctx.state.session() as session:
        session.add(Job(kind="linkage", status="running"))
    return "/admin/linkage"


CASES = [
    Case("GET", "/admin", WALIDATA),
    Case("GET", "/admin/pengguna", WALIDATA),
    # a weak password: refused with 400 after the permission check, nothing created
    Case(
        "POST",
        "/admin/pengguna",
        WALIDATA,
        data={"username": "baru.uji", "role": "analis", "password": "x", "password2": "x"},
    ),
    Case(
        "GET",
        "/admin/pengguna/{username}/nonaktifkan",
        WALIDATA,
        url="/admin/pengguna/pimpinan/nonaktifkan",
    ),
    Case(
        "POST",
        "/admin/pengguna/{username}/nonaktifkan",
        WALIDATA,
        url="/admin/pengguna/pimpinan/nonaktifkan",
        mutates=True,
    ),
    Case("POST", "/admin/linkage", WALIDATA, url=_linkage_busy),
    # an unreadable date: refused with 400 before a build starts
    Case("POST", "/admin/bangun", WALIDATA, data={"as_of": "kemarin"}),
    Case("GET", "/admin/tugas", WALIDATA),
]
