"""Walidata runs: linkage and the integrated build (+ targeting rules) as background jobs.

The job bodies call the same library functions as ``rajut link``, ``rajut build`` and
``rajut targets``; the job runner keeps their progress in the app state so the job page
can show it while the walidata keeps working.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from typing import Any

from fastapi import APIRouter, Form, Request, Response
from fastapi.responses import RedirectResponse
from sqlalchemy import select

from rajut.appstate.models import Job, User
from rajut.errors import RajutError
from rajut.governance.roles import Perm
from rajut.governance.users import Principal
from rajut.web.context import ctx_of
from rajut.web.i18n import N_
from rajut.web.jobs import JobBody
from rajut.web.policy import allow
from rajut.web.render import page
from rajut.workspace import Workspace

router = APIRouter()

Progress = Callable[[str, int], None]

#: the job kinds started here, with the label the jobs list shows
KINDS = {"linkage": N_("Linkage"), "build": N_("Bangun data terpadu"), "ingest": N_("Muat berkas")}


def _json_safe(value: dict[str, Any]) -> dict[str, Any]:
    """Job results are stored as JSON: dates and the like become text."""
    safe: dict[str, Any] = json.loads(json.dumps(value, default=str))
    return safe


def linkage_job(ws: Workspace) -> JobBody:
    """``rajut link``: NIK first, then the probabilistic model, then stable person ids."""

    def body(progress: Progress) -> dict[str, Any]:
        from rajut.linkage.run import run_linkage

        seen = 0

        def on_step(label: str) -> None:
            nonlocal seen
            seen += 1  # seven steps; the bar moves evenly, the text says which one
            progress(label, min(95, 5 + seen * 12))

        return _json_safe(run_linkage(ws, on_step=on_step))

    return body


def build_job(ws: Workspace, as_of: date) -> JobBody:
    """``rajut build --as-of`` followed by every targeting rule on the new build."""

    def body(progress: Progress) -> dict[str, Any]:
        from rajut.integrate import build_integrated
        from rajut.integrate.build import STEPS
        from rajut.targeting import run_targets

        keys = [key for key, _ in STEPS]
        labels = dict(STEPS)

        def on_step(key: str) -> None:
            progress(labels[key], 5 + keys.index(key) * 80 // len(keys))

        result = build_integrated(ws, as_of, on_step=on_step)
        progress("Menjalankan aturan sasaran", 90)
        targets = run_targets(ws, result.build_id)
        return _json_safe(
            {
                "build_id": result.build_id,
                "as_of": result.as_of,
                "counts": result.counts,
                "unlinked_records": result.unlinked_records,
                "targets": {rule.rule_id: rule.rows for rule in targets.rules},
            }
        )

    return body


def _refuse_when_busy(request: Request, kind: str) -> None:
    """One linkage or build at a time: a second one would only queue behind the first."""
    with ctx_of(request).state.session() as session:
        busy = session.scalar(
            select(Job.id).where(Job.kind == kind, Job.status.in_(("queued", "running")))
        )
    if busy is not None:
        raise RajutError(
            f"Tugas {KINDS[kind].lower()} nomor {busy} masih berjalan.",
            f"Tunggu sampai selesai; pantau di /tugas/{busy}.",
            code="job-busy",
        )


def _parse_as_of(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError as exc:
        raise RajutError(
            f"Tanggal acuan {text!r} tidak dikenali.",
            "Pilih tanggal pada isian, atau tulis TTTT-BB-HH, mis. 2026-06-30.",
            code="as-of-invalid",
        ) from exc


@router.post("/admin/linkage")
def start_linkage(request: Request, who: Principal = allow(Perm.ADMIN)) -> Response:
    ctx = ctx_of(request)
    _refuse_when_busy(request, "linkage")
    job_id = ctx.jobs.submit("linkage", linkage_job(ctx.ws), user_id=who.id)
    ctx.record(request, who, "linkage", target=f"tugas {job_id}", details={"job": job_id})
    return RedirectResponse(f"/admin/tugas?baru={job_id}", status_code=303)


@router.post("/admin/bangun")
def start_build(
    request: Request, as_of: str = Form(""), who: Principal = allow(Perm.ADMIN)
) -> Response:
    ctx = ctx_of(request)
    day = _parse_as_of(as_of)
    _refuse_when_busy(request, "build")
    job_id = ctx.jobs.submit(
        "build", build_job(ctx.ws, day), params={"as_of": day.isoformat()}, user_id=who.id
    )
    ctx.record(
        request,
        who,
        "build",
        target=f"tugas {job_id}",
        details={"job": job_id, "as_of": day.isoformat()},
    )
    return RedirectResponse(f"/admin/tugas?baru={job_id}", status_code=303)


@router.get("/admin/tugas")
def jobs(request: Request, baru: int = 0, who: Principal = allow(Perm.ADMIN)) -> Response:
    ctx = ctx_of(request)
    with ctx.state.session() as session:
        rows = session.execute(
            select(Job, User.username)
            .outerjoin(User, User.id == Job.user_id)
            .order_by(Job.id.desc())
            .limit(100)
        ).all()
        listed = [(job, username) for job, username in rows]
    return page(request, "admin_jobs.html", jobs=listed, new_job=baru, kinds=KINDS)
