"""The audit-log viewer and chain verification (auditor only)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
