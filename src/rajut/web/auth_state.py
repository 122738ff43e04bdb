"""Who is calling: an API bearer token or the signed session cookie, checked every request."""

from __future__ import annotations

from collections.abc import Sequence

from fastapi import Request

from rajut.appstate.models import User
from rajut.governance.roles import Perm
from rajut.governance.users import Principal, user_for_token

SESSION_USER = "uid"
SESSION_VERSION = "sv"


class NotAuthenticated(Exception):
    """No valid session or token: pages redirect to sign-in, the API answers 401."""


class NotAuthorized(Exception):
    """Signed in, but the role lacks the permission (or the object belongs to another agency)."""

    def __init__(
        self, who: Principal, perms: Sequence[Perm] = (), message: str = "", hint: str = ""
    ) -> None:
        super().__init__(message or "tidak berwenang")
        self.who = who
        self.perms = tuple(perms)
        self.message = message
        self.hint = hint


def bearer_token(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    return None


def resolve_principal(request: Request) -> Principal | None:
    """The caller, cached on the request; ``None`` when not signed in."""
    if hasattr(request.state, "principal"):
        cached: Principal | None = request.state.principal
        return cached
    from rajut.web.context import ctx_of

    ctx = ctx_of(request)
    principal: Principal | None = None
    token = bearer_token(request)
    with ctx.state.session() as session:
        if token is not None:
            user = user_for_token(session, token)
            principal = Principal.of(user) if user else None
            request.state.via_token = principal is not None
        else:
            uid = request.session.get(SESSION_USER)
            if isinstance(uid, int):
                found = session.get(User, uid)
                if (
                    found is not None
                    and found.active
                    and request.session.get(SESSION_VERSION) == found.session_version
                ):
                    principal = Principal.of(found)
                else:
                    request.session.clear()
    request.state.principal = principal
    return principal
