"""Kartu kinerja: the page, its workbook and the API (everyone with the catalog, no auditor)."""

from __future__ import annotations

from tests.web.authz import Case

SCORECARD = frozenset({"walidata", "produsen", "analis", "pimpinan"})

CASES = [
    Case("GET", "/kinerja", SCORECARD),
    Case("GET", "/kinerja.xlsx", SCORECARD, url="/kinerja.xlsx?period=2026-Q2"),
    Case("GET", "/api/v1/scorecard", SCORECARD),
]
