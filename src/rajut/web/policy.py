"""Route policies: every route declares which permission it needs, or that it is public.

``who: Principal = allow(Perm.PERSONS_VIEW)`` both authenticates the caller and checks the
permission; ``public()`` marks a route anyone may call (sign-in page, static files).
:func:`assert_every_route_has_policy` runs when the app is created, so a route added
without a declared policy stops the server from starting (deny by default).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from fastapi import Depends, Request
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from starlette.routing import BaseRoute, Mount

from rajut.governance.roles import Perm, has_permission
from rajut.governance.users import Principal
from rajut.web.auth_state import NotAuthenticated, NotAuthorized, resolve_principal


@dataclass(frozen=True)
class Policy:
    perms: tuple[Perm, ...]
    public: bool = False

    def describe(self) -> str:
        return "publik" if self.public else " | ".join(p.value for p in self.perms)


def allow(*perms: Perm) -> Any:
    """Dependency: the signed-in :class:`Principal` holding any of ``perms`` (else 401/403)."""
    if not perms:
        raise ValueError("allow() needs at least one permission; use public() for open routes")

    def checker(request: Request) -> Principal:
        who = resolve_principal(request)
        if who is None:
            raise NotAuthenticated()
        if not any(has_permission(who.role, p) for p in perms):
            raise NotAuthorized(who, perms)
        return who

    checker.rajut_policy = Policy(perms=tuple(perms))  # type: ignore[attr-defined]
    return Depends(checker)


def public() -> Any:
    """Dependency: anyone may call the route; yields the principal when signed in."""

    def checker(request: Request) -> Principal | None:
        return resolve_principal(request)

    checker.rajut_policy = Policy(perms=(), public=True)  # type: ignore[attr-defined]
    return Depends(checker)


def _policies(dependant: Dependant) -> Iterator[Policy]:
    policy = getattr(dependant.call, "rajut_policy", None)
    if isinstance(policy, Policy):
        yield policy
    for sub in dependant.dependencies:
        yield from _policies(sub)


def route_policy(route: APIRoute) -> Policy | None:
    found = list(_policies(route.dependant))
    return found[0] if len(found) == 1 else None


def api_routes(routes: list[BaseRoute]) -> Iterator[APIRoute]:
    for route in routes:
        if isinstance(route, APIRoute):
            yield route


def assert_every_route_has_policy(routes: list[BaseRoute]) -> None:
    """Raise when a route declares no policy, or more than one."""
    missing = [
        f"{sorted(r.methods or ())} {r.path}" for r in api_routes(routes) if route_policy(r) is None
    ]
    if missing:
        raise RuntimeError("routes without exactly one declared policy: " + ", ".join(missing))
    for route in routes:
        if isinstance(route, Mount) and route.path not in {"/static"}:
            raise RuntimeError(f"mounted app {route.path} bypasses route policies")


PolicyCheck = Callable[[Request], Principal | None]
