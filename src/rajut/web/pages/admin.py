"""Walidata administration: users, data-sharing agreements, linkage and build runs."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
