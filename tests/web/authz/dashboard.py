"""Targeting dashboards, their downloads, and the targets/reports API."""

from __future__ import annotations

from tests.web.authz import Case

DASHBOARD = frozenset({"walidata", "analis", "pimpinan"})
LISTS = frozenset({"walidata", "analis"})

CASES = [
    Case("GET", "/dasbor", DASHBOARD),
    Case("GET", "/dasbor/rekap.xlsx", DASHBOARD),
    Case("GET", "/dasbor/daftar.xlsx", LISTS, url="/dasbor/daftar.xlsx?rule=penerima-ganda"),
    Case("GET", "/api/v1/targets", DASHBOARD),
    Case(
        "GET",
        "/api/v1/targets/{rule}/candidates",
        LISTS,
        url="/api/v1/targets/penerima-ganda/candidates",
    ),
    Case("GET", "/api/v1/reports", DASHBOARD),
    Case("GET", "/api/v1/reports/{recap}", DASHBOARD, url="/api/v1/reports/cakupan-program"),
]
