"""What every request handler reaches through ``request.app.state.ctx``."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import duckdb
from fastapi import Request

from rajut.appstate.db import AppState
from rajut.governance.audit import AuditLog
from rajut.governance.users import Principal
from rajut.workspace import Workspace

if TYPE_CHECKING:
    from rajut.web.jobs import JobRunner


@dataclass
class WebContext:
    """The workspace, app state, audit log and the shared analytics connection of one app."""

    ws: Workspace
    state: AppState
    audit: AuditLog
    jobs: JobRunner
    max_upload_bytes: int
    secure_cookies: bool
    _duck: duckdb.DuckDBPyConnection | None = None
    _duck_lock: threading.Lock = field(default_factory=threading.Lock)

    def duck(self) -> duckdb.DuckDBPyConnection:
        """The process-wide DuckDB connection to the analytics store (opened on first use).

        Library calls in this process that open the same file share its database instance,
        so background jobs and page reads work side by side.
        """
        with self._duck_lock:
            if self._duck is None:
                from rajut.store.analytics import open_store

                self._duck = open_store(self.ws.analytics_db).con
            return self._duck

    @contextmanager
    def analytics(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor of its own for one request (DuckDB connections are not thread-safe)."""
        cursor = self.duck().cursor()
        try:
            yield cursor
        finally:
            cursor.close()

    def record(
        self,
        request: Request | None,
        who: Principal | None,
        action: str,
        *,
        target: str = "",
        purpose: str = "",
        details: dict[str, object] | None = None,
    ) -> None:
        """Append to the audit log on behalf of ``who`` (or an anonymous caller)."""
        client = request.client.host if request is not None and request.client else ""
        self.audit.append(
            who.username if who else "-",
            action,
            role=who.role if who else "",
            target=target,
            purpose=purpose,
            details=dict(details or {}),
            client=client,
        )

    def close(self) -> None:
        self.jobs.shutdown()
        with self._duck_lock:
            if self._duck is not None:
                self._duck.close()
                self._duck = None
        self.state.dispose()


def ctx_of(request: Request) -> WebContext:
    ctx: WebContext = request.app.state.ctx
    return ctx
