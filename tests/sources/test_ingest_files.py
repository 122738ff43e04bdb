"""``ingest_files``: several files in order, the next one read while the current one is written."""

from __future__ import annotations

from pathlib import Path

import pytest

from rajut.errors import RajutError
from rajut.sources.ingest import ingest_file, ingest_files
from rajut.store import open_store
from rajut.workspace import Workspace
from tests.sources.conftest import write_csv

JUNE = ["A1;3310125508900001;SITI AMINAH;PR;15-08-1990;33.10.12.2001"]
JULY = [
    "A1;3310125508900001;SITI AMINAH;PR;15-08-1990;33.10.12.2001",
    "A2;3310121505850003;BUDI SANTOSO;LK;15-05-1985;33.10.12.2001",
]


def _runs(ws: Workspace) -> list[tuple[str, int]]:
    with open_store(ws.analytics_db) as store:
        rows = store.con.execute(
            "SELECT period_label, input_rows FROM meta.ingest_runs ORDER BY period_label"
        ).fetchall()
    return [(str(label), int(n)) for label, n in rows]


def test_a_batch_ingests_each_file_as_its_own_run(mini_source: Workspace, tmp_path: Path) -> None:
    june = write_csv(tmp_path / "mini_202606.csv", JUNE)
    july = write_csv(tmp_path / "mini_202607.csv", JULY)
    results = ingest_files(mini_source, [("mini", june), ("mini", july)])
    assert [(r.period, r.input_rows, r.accepted) for r in results] == [
        ("2026-06", 1, 1),
        ("2026-07", 2, 2),
    ]
    assert all(not r.already_ingested and r.raw_sha256 for r in results)
    assert _runs(mini_source) == [("2026-06", 1), ("2026-07", 2)]


def test_files_of_a_batch_count_as_ingested_for_single_ingests(
    mini_source: Workspace, tmp_path: Path
) -> None:
    june = write_csv(tmp_path / "mini_202606.csv", JUNE)
    july = write_csv(tmp_path / "mini_202607.csv", JULY)
    batch = ingest_files(mini_source, [("mini", june), ("mini", july)])
    again = [ingest_file(mini_source, "mini", p) for p in (june, july)]
    assert all(r.already_ingested for r in again)
    assert [r.run_id for r in again] == [r.run_id for r in batch]


def test_a_failure_keeps_the_earlier_files_and_writes_nothing_of_its_own(
    mini_source: Workspace, tmp_path: Path
) -> None:
    june = write_csv(tmp_path / "mini_202606.csv", JUNE)
    empty = tmp_path / "mini_202607.csv"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(RajutError, match="mini_202607.csv"):
        ingest_files(mini_source, [("mini", june), ("mini", empty)])
    assert _runs(mini_source) == [("2026-06", 1)]


def test_a_missing_file_is_named_before_anything_is_written(
    mini_source: Workspace, tmp_path: Path
) -> None:
    june = write_csv(tmp_path / "mini_202606.csv", JUNE)
    with pytest.raises(RajutError, match="tidak ditemukan"):
        ingest_files(mini_source, [("mini", june), ("mini", tmp_path / "hilang.csv")])
    with open_store(mini_source.analytics_db) as store:
        assert not store.table_exists("meta", "ingest_runs") or _runs(mini_source) == []
