"""The audit log: read, verify and export by the auditor only (not even the walidata)."""

from __future__ import annotations

from tests.web.authz import Case

AUDITOR = frozenset({"auditor"})

CASES = [
    Case("GET", "/audit", AUDITOR),
    Case("POST", "/audit/periksa", AUDITOR),
    Case("GET", "/audit/ekspor.csv", AUDITOR),
]
