"""Governance fixtures: app state on SQLite and PostgreSQL; the web suite's demo workspace."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from rajut.appstate import AppState, open_app_state
from tests.web.conftest import demo_web  # noqa: F401 — the 1,000-person demo (session fixture)


@pytest.fixture(params=["sqlite", "postgresql"])
def state(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[AppState]:
    url = "sqlite:///data/app.sqlite"
    if request.param == "postgresql":
        url = request.getfixturevalue("pg_url")
    st = open_app_state(url, tmp_path)
    yield st
    st.dispose()
