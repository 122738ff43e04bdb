"""CSRF protection for cookie sessions: a random token per session, sent back with each form.

Forms carry it as a hidden ``csrf_token`` field, htmx sends it as the ``X-CSRF-Token``
header (set once in the layout). Requests authenticated by an API bearer token carry no
cookie and need no token. A missing or wrong token is refused with 403 and a message.
"""

from __future__ import annotations

import hmac
import secrets

from fastapi import Request

from rajut.web.auth_state import bearer_token

SESSION_KEY = "csrf"
FIELD = "csrf_token"
HEADER = "x-csrf-token"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


class CsrfFailed(Exception):
    """The request changes state but carries no valid CSRF token."""


def csrf_token(request: Request) -> str:
    token = request.session.get(SESSION_KEY)
    if not isinstance(token, str):
        token = secrets.token_urlsafe(32)
        request.session[SESSION_KEY] = token
    return token


async def csrf_protect(request: Request) -> None:
    """App-wide dependency: check the token on every unsafe cookie-authenticated request."""
    if request.method in SAFE_METHODS or bearer_token(request) is not None:
        return
    expected = request.session.get(SESSION_KEY)
    sent = request.headers.get(HEADER)
    if not sent:
        content_type = request.headers.get("content-type", "")
        if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
            form = await request.form()
            value = form.get(FIELD)
            sent = value if isinstance(value, str) else None
    if not isinstance(expected, str) or not sent or not hmac.compare_digest(expected, sent):
        raise CsrfFailed()
