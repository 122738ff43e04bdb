"""API: Targeting lists and dashboard figures."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
