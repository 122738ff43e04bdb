"""The clerical review queue: pairs with their match weights, one-click sama/beda."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
