"""A small synthetic kabupaten, ingested end to end once per session."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from rajut.linkage.probabilistic import LinkageModel, train_model


@pytest.fixture(scope="session")
def kabupaten_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("kab")
    ws = root / "ws"
    subprocess.run(
        [sys.executable, "-m", "rajut", "demo", "--people", "1500", "--seed", "7",
         "--workspace", str(ws), "--json"],
        check=True, capture_output=True,
    )  # fmt: skip
    from rajut.linkage.records import build_link_records
    from rajut.store import open_store

    db = root / "base.duckdb"
    shutil.copy(ws / "data" / "rajut.duckdb", db)
    store = open_store(db)
    build_link_records(store.con)
    truth = ws / "incoming" / "truth" / "records.csv"
    store.con.execute(
        "CREATE TABLE link.truth AS SELECT source || ':' || source_record_id AS uid,"
        f" person_id FROM read_csv('{truth}', all_varchar = true)"
    )
    store.con.close()
    return db


@pytest.fixture
def con(kabupaten_db: Path, tmp_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    db = tmp_path / "k.duckdb"
    shutil.copy(kabupaten_db, db)
    connection = duckdb.connect(str(db))
    yield connection
    connection.close()


@pytest.fixture(scope="session")
def model(kabupaten_db: Path) -> LinkageModel:
    connection = duckdb.connect(str(kabupaten_db), read_only=True)
    try:
        return train_model(connection)
    finally:
        connection.close()
