"""Person and household search, integrated profiles with provenance, unmasking."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
