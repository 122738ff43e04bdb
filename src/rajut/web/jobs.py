"""Background jobs (ingest, linkage, build) with progress kept in the app state.

One worker thread per app: jobs that write the analytics store run one after another, as
DuckDB allows one writer. A page polls ``/tugas/{id}`` (htmx) for the progress bar.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from rajut.appstate.db import AppState
from rajut.appstate.models import Job, utcnow
from rajut.errors import RajutError

#: a job body: gets a progress callback (step text, percent) and returns its JSON result
JobBody = Callable[[Callable[[str, int], None]], dict[str, Any]]


class JobRunner:
    def __init__(self, state: AppState) -> None:
        self.state = state
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="rajut-job")
        self.futures: dict[int, Future[None]] = {}

    def submit(
        self,
        kind: str,
        body: JobBody,
        *,
        params: dict[str, Any] | None = None,
        user_id: int | None = None,
        agency: str | None = None,
        on_done: Callable[[Job], None] | None = None,
    ) -> int:
        with self.state.session() as session:
            job = Job(kind=kind, params=params or {}, user_id=user_id, agency=agency)
            session.add(job)
            session.flush()
            job_id = job.id
        self.futures[job_id] = self._pool.submit(self._run, job_id, body, on_done)
        return job_id

    def _update(self, job_id: int, **values: Any) -> Job | None:
        with self.state.session() as session:
            job = session.get(Job, job_id)
            if job is not None:
                for key, value in values.items():
                    setattr(job, key, value)
            return job

    def _run(self, job_id: int, body: JobBody, on_done: Callable[[Job], None] | None) -> None:
        self._update(job_id, status="running", step="Mulai", progress=1)

        def progress(step: str, percent: int) -> None:
            self._update(job_id, step=step[:200], progress=max(1, min(99, percent)))

        try:
            result = body(progress)
            job = self._update(
                job_id,
                status="done",
                step="Selesai",
                progress=100,
                result=result,
                finished_at=utcnow(),
            )
        except RajutError as exc:
            job = self._update(job_id, status="failed", error=exc.to_dict(), finished_at=utcnow())
        except Exception as exc:  # a bug: keep the job answerable, never a silent hang
            job = self._update(
                job_id,
                status="failed",
                error={
                    "code": "internal-error",
                    "message": f"Terjadi kesalahan tak terduga: {type(exc).__name__}.",
                    "hint": "Coba lagi; bila berulang, laporkan ke walidata dengan nomor tugas "
                    f"{job_id}.",
                },
                finished_at=utcnow(),
            )
        if on_done is not None and job is not None:
            on_done(job)

    def wait(self, job_id: int, timeout: float | None = None) -> None:
        future = self.futures.get(job_id)
        if future is not None:
            future.result(timeout=timeout)

    def shutdown(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
