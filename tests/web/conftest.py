"""Web fixtures: a small synthetic kabupaten run through every stage, users of every role.

``demo_web`` is built once per test session (about 8 s); each test gets a private copy
(``web_ws``) and a :class:`Site` to sign in as any role.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from rajut.appstate import open_app_state
from rajut.workspace import Workspace, open_workspace

PASSWORD = "Padi-Sawah-Klaten-27"

#: one user per role (and a second agency for ownership tests): username → (role, agency)
USERS: dict[str, tuple[str, str | None]] = {
    "wali": ("walidata", None),
    "dinkes": ("produsen", "Dinas Kesehatan"),
    "capil": ("produsen", "Disdukcapil"),
    "analis": ("analis", None),
    "pimpinan": ("pimpinan", None),
    "auditor": ("auditor", None),
}
ROLE_USER = {
    "walidata": "wali",
    "produsen": "dinkes",
    "analis": "analis",
    "pimpinan": "pimpinan",
    "auditor": "auditor",
}


@pytest.fixture(scope="session")
def demo_web(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 1,000-person kabupaten after generate → ingest → link → build → targets, with users."""
    from rajut.demo.pipeline import run_demo
    from rajut.governance.users import create_user

    root = tmp_path_factory.mktemp("web") / "ws"
    run_demo(root, people=1000, seed=11)
    ws = open_workspace(root)
    state = open_app_state(ws.settings.storage.app_state_url, ws.root)
    with state.session() as session:
        for username, (role, agency) in USERS.items():
            create_user(
                session, username, PASSWORD, role, agency=agency, full_name=username.title()
            )
    state.dispose()
    return root


@dataclass
class Site:
    """The app of one workspace copy, and signed-in clients per user."""

    ws: Workspace
    app: FastAPI
    clients: dict[str, TestClient] = field(default_factory=dict)
    csrf_cache: dict[int, str] = field(default_factory=dict)

    def anonymous(self) -> TestClient:
        return TestClient(self.app, follow_redirects=False)

    def client(self, username: str) -> TestClient:
        """A client signed in as ``username`` (one of :data:`USERS`)."""
        if username not in self.clients:
            client = TestClient(self.app, follow_redirects=False)
            csrf = csrf_of(client.get("/masuk").text)
            response = client.post(
                "/masuk",
                data={"username": username, "password": PASSWORD, "csrf_token": csrf},
            )
            assert response.status_code == 303, response.text
            self.clients[username] = client
        return self.clients[username]

    def as_role(self, role: str) -> TestClient:
        return self.client(ROLE_USER[role])

    def csrf(self, username: str) -> str:
        """The CSRF token of ``username``'s session (for form posts)."""
        return csrf_of(self.client(username).get("/akun").text)


def csrf_of(html: str) -> str:
    match = re.search(r'name="csrf-token" content="([^"]+)"', html)
    assert match, "page has no CSRF token"
    return match.group(1)


@pytest.fixture
def web_ws(demo_web: Path, tmp_path: Path) -> Workspace:
    target = tmp_path / "ws"
    shutil.copytree(demo_web, target)
    return open_workspace(target)


@pytest.fixture
def site(web_ws: Workspace) -> Iterator[Site]:
    from rajut.web.app import create_app

    app = create_app(web_ws)
    result = Site(ws=web_ws, app=app)
    with TestClient(app):  # runs the lifespan (closes stores at the end)
        yield result
    for client in result.clients.values():
        client.close()
