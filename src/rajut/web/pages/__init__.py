"""HTML pages, one module per area. Each module exposes ``router``; add new ones to ROUTERS."""

from __future__ import annotations

from fastapi import APIRouter

from rajut.web.pages import (
    account,
    admin,
    admin_runs,
    agreements,
    audit_log,
    auth,
    corrections,
    dashboard,
    home,
    ideas,
    jobs,
    persons,
    review,
    scorecard,
    settings,
    sources,
    upload,
)

ROUTERS: list[APIRouter] = [
    auth.router,
    home.router,
    account.router,
    sources.router,
    upload.router,
    jobs.router,
    persons.router,
    review.router,
    dashboard.router,
    audit_log.router,
    admin.router,
    admin_runs.router,
    agreements.router,
    corrections.router,
    ideas.router,
    scorecard.router,
    settings.router,
]
