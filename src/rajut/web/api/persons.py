"""API: Person search and integrated profiles."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
