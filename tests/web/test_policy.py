"""Deny by default: a route without a declared policy keeps the app from starting."""

from __future__ import annotations

import pytest
from fastapi import APIRouter

from rajut.web.policy import assert_every_route_has_policy


def test_route_without_policy_is_refused() -> None:
    router = APIRouter()

    @router.get("/bocor")
    def leak() -> dict[str, str]:
        return {"nik": "3310..."}

    with pytest.raises(RuntimeError, match="/bocor"):
        assert_every_route_has_policy(router.routes)


def test_every_route_of_the_app_has_a_policy(site) -> None:  # type: ignore[no-untyped-def]
    assert_every_route_has_policy(site.app.router.routes)
