"""Shared fixtures. Test data is built in code; nothing depends on a developer's machine."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from rajut.workspace import Workspace, init_workspace

# The CLI writes demo files in forked processes; a pytest worker already runs DuckDB and
# Arrow threads, and forking such a process can crash the child. Tests write sequentially.
os.environ["RAJUT_DEMO_WORKERS"] = "1"


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    """A fresh workspace for Kabupaten Klaten (33.10)."""
    return init_workspace(tmp_path / "ws", name="Uji", kabupaten_code="33.10")


@pytest.fixture(scope="session")
def pg_server() -> object:
    """A real PostgreSQL server for this test session (see tests/postgres.py)."""
    from tests.postgres import running_postgres, server_bin_dir

    if server_bin_dir() is None:
        pytest.fail(
            "PostgreSQL server not installed: run 'make test' (it installs the Debian "
            "package postgresql) or apt-get install postgresql."
        )
    with running_postgres() as url:
        yield url


@pytest.fixture
def pg_url(pg_server: str, request: pytest.FixtureRequest) -> str:
    """An empty database of its own on the session's PostgreSQL server."""
    import re

    from tests.postgres import fresh_database

    name = "t_" + re.sub(r"[^a-z0-9]+", "_", request.node.name.lower())[:50]
    return fresh_database(pg_server, name)
