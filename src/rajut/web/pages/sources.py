"""Source catalog: SDI metadata, periods and run history per source."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
