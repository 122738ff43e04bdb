"""``/api/v1``: JSON for other systems; every endpoint declares its policy like the pages."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from rajut.governance.roles import Perm
from rajut.governance.users import Principal
from rajut.web.api import persons, reports, scorecard, sources, targets
from rajut.web.policy import allow, public

router = APIRouter(prefix="/api/v1", tags=["api"])


@router.get("/openapi.json", include_in_schema=False)
def openapi(request: Request, _who: Principal | None = public()) -> dict[str, Any]:
    """The OpenAPI description of ``/api/v1`` (pages are left out)."""
    full: dict[str, Any] = request.app.openapi()
    paths = {k: v for k, v in full.get("paths", {}).items() if k.startswith("/api/v1/")}
    return {**full, "paths": paths}


@router.get("/me")
def me(who: Principal = allow(Perm.SELF)) -> dict[str, Any]:
    """Who the token belongs to: user name, role and agency."""
    return {"username": who.username, "role": who.role, "agency": who.agency}


for _area in (sources, persons, targets, reports, scorecard):
    router.include_router(_area.router)
