"""App state: users, roles, sharing agreements, jobs, uploads and the audit log.

Kept in SQLAlchemy (SQLite in the workspace by default, PostgreSQL by URL) and migrated
with Alembic; the analytics data stays in DuckDB. :func:`open_app_state` is the one way
in: it migrates the database to the newest revision and returns a session factory.
"""

from rajut.appstate.db import AppState, AppStateError, open_app_state, resolve_url
from rajut.appstate.models import (
    Agreement,
    ApiToken,
    AppSetting,
    AuditEntry,
    Base,
    Idea,
    Job,
    LoginAttempt,
    Notification,
    Proposal,
    ProposalEvent,
    Upload,
    User,
)

__all__ = [
    "Agreement",
    "ApiToken",
    "AppSetting",
    "AppState",
    "AppStateError",
    "AuditEntry",
    "Base",
    "Idea",
    "Job",
    "LoginAttempt",
    "Notification",
    "Proposal",
    "ProposalEvent",
    "Upload",
    "User",
    "open_app_state",
    "resolve_url",
]
