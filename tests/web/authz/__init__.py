"""Expected access per route and role, one module per area of the web app.

Each module defines ``CASES``: a list of :class:`Case`. ``tests/web/test_authorization.py``
collects them all, fails when a served route has no case (so a new route must say who may
call it), and walks every case as every role.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

ROLES = ("walidata", "produsen", "analis", "pimpinan", "auditor")
ALL = frozenset(ROLES)
NONE: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Case:
    """``method path`` (as declared, with ``{params}``) and the roles that may call it.

    ``url`` fills the path parameters from the demo workspace (``site`` → URL); ``data``
    is the form or JSON body for POST. ``public`` routes answer anyone, signed in or not.
    Allowed means: not 401/403 and no redirect to sign-in. Denied means 403.
    """

    method: str
    path: str
    allowed: frozenset[str]
    url: str | Callable[[Any], str] | None = None
    data: dict[str, Any] | Callable[[Any], dict[str, Any]] | None = None
    json: bool = False
    public: bool = False
    #: run after every read-only case (it changes state)
    mutates: bool = False
    files: dict[str, Any] | None = field(default=None, compare=False)

    def resolve_url(self, site: Any) -> str:
        if self.url is None:
            return self.path
        return self.url if isinstance(self.url, str) else self.url(site)

    def resolve_data(self, site: Any) -> dict[str, Any] | None:
        if self.data is None or isinstance(self.data, dict):
            return self.data
        return self.data(site)
