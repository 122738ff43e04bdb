"""Fixtures: a tiny hand-made build, and the synthetic kabupaten with a truth-linked build."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb
import pytest

from rajut.demo.pipeline import run_demo
from rajut.store import open_store
from rajut.targeting import run_targets
from rajut.targeting.models import TargetsResult
from rajut.workspace import Workspace, open_workspace
from tests.targeting.tiny_integ import build_tiny
from tests.targeting.truth_expect import Truth
from tests.targeting.truth_integ import build_truth_integ

AS_OF = date(2026, 6, 30)


@pytest.fixture
def tiny(workspace: Workspace) -> tuple[Workspace, str]:
    """A workspace whose store holds the tiny build ``b-uji``."""
    open_store(workspace.analytics_db).close()
    return workspace, build_tiny(workspace.analytics_db)


@dataclass
class Demo:
    ws: Workspace
    build_id: str
    truth: Truth
    result: TargetsResult


@pytest.fixture(scope="session")
def demo_source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """3,000 synthetic people (seed 5), generated and ingested (not linked)."""
    root = tmp_path_factory.mktemp("demo") / "ws"
    run_demo(root, people=3000, seed=5)
    return root


@pytest.fixture(scope="session")
def demo(demo_source: Path, tmp_path_factory: pytest.TempPathFactory) -> Demo:
    """The demo, truth-linked and integrated by the test stand-in, then targeted."""
    root = tmp_path_factory.mktemp("demo_truth") / "ws"
    shutil.copytree(demo_source, root)
    ws = open_workspace(root)
    truth_dir = root / "incoming" / "truth"
    build_id = build_truth_integ(ws.analytics_db, truth_dir, AS_OF)
    result = run_targets(ws, build_id)
    return Demo(ws, build_id, Truth.load(truth_dir, AS_OF), result)


@pytest.fixture(scope="session")
def demo_integrated(demo_source: Path, tmp_path_factory: pytest.TempPathFactory) -> Demo:
    """The demo, truth-linked and built by ``rajut.integrate.build_integrated``, targeted."""
    integrate = pytest.importorskip("rajut.integrate")
    truth_links = pytest.importorskip("rajut.integrate.truth_links")
    root = tmp_path_factory.mktemp("demo_integ") / "ws"
    shutil.copytree(demo_source, root)
    ws = open_workspace(root)
    truth_dir = root / "incoming" / "truth"
    with duckdb.connect(str(ws.analytics_db)) as con:
        truth_links.link_from_truth(con, truth_dir)
    build_id = str(integrate.build_integrated(ws, AS_OF).build_id)
    result = run_targets(ws, build_id)
    return Demo(ws, build_id, Truth.load(truth_dir, AS_OF), result)
