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
