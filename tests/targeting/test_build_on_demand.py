"""``rajut targets`` makes the build for an as-of date when none exists (real builder)."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from rajut.targeting import export_targets, run_targets_for_benchmark
from rajut.workspace import open_workspace
from tests.targeting.conftest import AS_OF


def test_missing_build_is_made_once(demo_source: Path, tmp_path: Path) -> None:
    truth_links = pytest.importorskip("rajut.integrate.truth_links")
    root = tmp_path / "ws"
    shutil.copytree(demo_source, root)
    ws = open_workspace(root)
    with duckdb.connect(str(ws.analytics_db)) as con:
        truth_links.link_from_truth(con, root / "incoming" / "truth")
        con.execute("DROP SCHEMA IF EXISTS integ CASCADE")  # `rajut demo` already built one
    first = export_targets(ws, AS_OF, tmp_path / "a.parquet")
    assert first.built and first.result.total > 0
    second = export_targets(ws, AS_OF, tmp_path / "b.parquet")
    assert not second.built and second.result.build_id == first.result.build_id
    bench = run_targets_for_benchmark(ws, AS_OF)
    assert bench.build_id == first.result.build_id and bench.total == first.result.total
