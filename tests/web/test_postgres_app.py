"""The web app with its state in a real PostgreSQL server (multi-user deployment).

The same app, pointed at ``postgresql+psycopg://`` through ``storage.app_state_url``:
first-run setup, sign-in throttling, API tokens, a background ingest job and the audit
chain all live in PostgreSQL.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import select

from rajut.appstate import AuditEntry, Job, User
from rajut.governance.audit import verify
from rajut.web.app import create_app
from rajut.workspace import open_workspace
from tests.web.conftest import PASSWORD, csrf_of


def _point_at(root: Path, url: str) -> None:
    settings = root / "rajut.toml"
    text = settings.read_text(encoding="utf-8")
    text = text.replace('app_state_url = "sqlite:///data/app.sqlite"', f'app_state_url = "{url}"')
    settings.write_text(text, encoding="utf-8")


def test_web_app_runs_on_postgresql(demo_web: Path, tmp_path: Path, pg_url: str) -> None:
    root = tmp_path / "ws"
    shutil.copytree(demo_web, root)
    (root / "data" / "app.sqlite").unlink()
    _point_at(root, pg_url)
    ws = open_workspace(root)
    assert ws.settings.storage.app_state_url.startswith("postgresql+psycopg://")
    app = create_app(ws)
    ctx = app.state.ctx
    assert ctx.state.backend == "postgresql"
    with TestClient(app, follow_redirects=False) as client:
        # first run on an empty PostgreSQL: the walidata account is created here
        csrf = csrf_of(client.get("/siapkan").text)
        made = client.post(
            "/siapkan",
            data={
                "username": "wali",
                "password": PASSWORD,
                "password2": PASSWORD,
                "csrf_token": csrf,
            },
        )
        assert made.status_code == 303
        token_page = client.post("/akun/token", data={"name": "sistem", "csrf_token": csrf})
        token = token_page.text.split("<code>")[1].split("</code>")[0]
        api = TestClient(app)
        headers = {"Authorization": f"Bearer {token}"}
        assert api.get("/api/v1/me", headers=headers).json()["role"] == "walidata"
        sources = api.get("/api/v1/sources", headers=headers).json()
        assert len(sources["sources"] if isinstance(sources, dict) else sources) == 5
        # a background ingest job: its progress rows live in PostgreSQL
        demo_file = next((root / "incoming" / "dinsos").glob("*"))
        with demo_file.open("rb") as fh:
            up = api.post(
                "/api/v1/sources/dtks/uploads",
                headers=headers,
                files={"file": (demo_file.name, fh)},
            )
        assert up.status_code in (200, 201), up.text
        job = api.post(
            "/api/v1/sources/dtks/ingest",
            headers=headers,
            json={"upload_id": up.json()["upload_id"]},
        )
        assert job.status_code in (200, 201, 202), job.text
        job_id = job.json()["job_id"]
        ctx.jobs.wait(job_id, timeout=120)
        status = api.get(f"/api/v1/jobs/{job_id}", headers=headers).json()
        assert status["status"] == "done", status
    with ctx.state.session() as session:
        assert session.scalar(select(User.username)) == "wali"
        assert session.get(Job, job_id) is not None
        actions = set(session.scalars(select(AuditEntry.action)))
    assert {"setup", "token_create", "upload", "ingest"} <= actions
    assert verify(ctx.state, root / "data" / "audit-anchor.json").ok
