"""Fixtures: a tiny hand-made store (exact cases) and a small synthetic kabupaten (truth)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from rajut.store import open_store
from tests.integrate.helpers import TinyStore


@pytest.fixture
def tiny(tmp_path: Path) -> Iterator[TinyStore]:
    store = TinyStore(tmp_path / "tiny.duckdb")
    yield store
    store.store.close()


@pytest.fixture(scope="session")
def demo_ws(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 1,000-person synthetic kabupaten, ingested, linked from the truth (no linkage run)."""
    from rajut.demo.generator import generate_kabupaten, load_generator_config
    from rajut.demo.pipeline import ingest_stage
    from rajut.integrate.truth_links import link_from_truth
    from rajut.workspace import init_workspace

    root = tmp_path_factory.mktemp("integ") / "ws"
    ws = init_workspace(root, name="Uji integrasi")
    config = load_generator_config(None, people=1000, seed=5, kabupaten_code="33.10")
    manifest = generate_kabupaten(config, root / "incoming")
    ingest_stage(ws, root / "incoming", manifest["files"])
    with open_store(ws.analytics_db) as store:
        link_from_truth(store.con, root / "incoming" / "truth")
    return root


@pytest.fixture
def demo_copy(demo_ws: Path, tmp_path: Path) -> Path:
    """A private copy of the demo workspace (for tests that write builds)."""
    target = tmp_path / "ws"
    shutil.copytree(demo_ws, target)
    return target
