"""Targeting dashboards per kecamatan/desa, charts and Excel downloads."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
