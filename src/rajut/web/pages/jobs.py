"""Background job status (progress bars poll here).

``GET /tugas/{id}`` is the whole page; htmx asks the same URL every second (``HX-Request``
header) and gets only the progress fragment, until the job is done or failed and the
fragment stops asking. A user sees only their own jobs; the walidata sees all.
"""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request, Response

from rajut.appstate.models import Job
from rajut.governance.roles import Perm
from rajut.governance.users import Principal
from rajut.web.context import WebContext, ctx_of
from rajut.web.policy import allow
from rajut.web.render import page
from rajut.web.source_access import require_job_owner

router = APIRouter()


def job_of(ctx: WebContext, who: Principal, job_id: int) -> Job:
    """The job ``job_id`` if ``who`` may see it (404 unknown, 403 someone else's)."""
    with ctx.state.session() as session:
        job = session.get(Job, job_id)
    if job is None:
        raise HTTPException(404, "Tugas tidak ditemukan.")
    require_job_owner(who, job)
    return job


@router.get("/tugas/{job_id}")
def job_status(request: Request, job_id: int, who: Principal = allow(Perm.SELF)) -> Response:
    job = job_of(ctx_of(request), who, job_id)
    fragment = request.headers.get("hx-request") == "true"
    return page(request, "job_progress.html" if fragment else "job.html", job=job)
