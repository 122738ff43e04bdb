"""Workspace settings (walidata only)."""

from __future__ import annotations

from tests.web.authz import Case

CASES = [
    Case("GET", "/admin/pengaturan", frozenset({"walidata"})),
    Case("POST", "/admin/pengaturan", frozenset({"walidata"}), data={"notify.due_days": "14"}),
]
