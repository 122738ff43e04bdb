"""API: Upload, ingest and status of sources."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
