"""API: Standard recaps (reports)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
