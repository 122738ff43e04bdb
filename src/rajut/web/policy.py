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
from fastapi.routing import APIRoute, iter_route_contexts
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


@dataclass(frozen=True)
class RouteInfo:
    """One served route: its full path (router prefixes included), methods and policy."""

    path: str
    methods: frozenset[str]
    route: APIRoute
    policy: Policy | None


def served_routes(routes: list[BaseRoute]) -> Iterator[RouteInfo]:
    """Every API route as served, through FastAPI's (lazily) included routers."""
    for context in iter_route_contexts(routes):
        original = context.original_route
        if isinstance(original, APIRoute):
            yield RouteInfo(
                path=context.path or original.path,
                methods=frozenset(context.methods or original.methods or ()),
                route=original,
                policy=route_policy(original),
            )


def assert_every_route_has_policy(routes: list[BaseRoute]) -> None:
    """Raise when a route declares no policy, or more than one; or a mount bypasses them."""
    missing = [f"{sorted(r.methods)} {r.path}" for r in served_routes(routes) if r.policy is None]
    if missing:
        raise RuntimeError("routes without exactly one declared policy: " + ", ".join(missing))
    for context in iter_route_contexts(routes):
        if isinstance(context.original_route, Mount) and context.path not in {"/static"}:
            raise RuntimeError(f"mounted app {context.path} bypasses route policies")


PolicyCheck = Callable[[Request], Principal | None]
