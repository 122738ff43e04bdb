"""Background job status (progress bars poll here)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
