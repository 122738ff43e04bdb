"""Beranda: what this user can do, as large tiles."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from rajut.governance.roles import Perm
from rajut.governance.users import Principal
from rajut.web.policy import allow
from rajut.web.render import page

router = APIRouter()


@router.get("/")
def home(request: Request, who: Principal = allow(Perm.SELF)) -> Response:
    return page(request, "home.html")
