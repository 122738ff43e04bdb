"""HTML pages, one module per area. Each module exposes ``router``; add new ones to ROUTERS."""

from __future__ import annotations

from fastapi import APIRouter

from rajut.web.pages import account, auth, home

ROUTERS: list[APIRouter] = [auth.router, home.router, account.router]
