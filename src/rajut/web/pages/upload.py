"""Upload a file, confirm its mapping (contract wizard), ingest it with progress, see quality."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
