"""The file hash runs beside the read only when no earlier run could be the same file."""

from __future__ import annotations

from pathlib import Path

import pytest

from rajut.sources import ingest as ingest_module
from rajut.sources.ingest import ingest_file
from rajut.workspace import Workspace
from tests.sources.conftest import write_csv

ROW = "A1;3310125508900001;SITI AMINAH;PR;15-08-1990;33.10.12.2001"
SAME_SIZE = "A2;3310125508900001;SITI AMINAH;PR;15-08-1990;33.10.12.2001"


@pytest.fixture(autouse=True)
def _folders(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()


def test_same_size_other_content_is_ingested(mini_source: Workspace, tmp_path: Path) -> None:
    first = ingest_file(mini_source, "mini", write_csv(tmp_path / "a" / "mini_202606.csv", [ROW]))
    other = write_csv(tmp_path / "b" / "mini_202606.csv", [SAME_SIZE])
    assert other.stat().st_size == Path(first.file).stat().st_size
    second = ingest_file(mini_source, "mini", other)
    assert not second.already_ingested and second.accepted == 1
    assert second.raw_sha256 != first.raw_sha256


def test_re_ingest_does_not_read_the_file(
    mini_source: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_csv(tmp_path / "a" / "mini_202606.csv", [ROW])
    ingest_file(mini_source, "mini", path)

    def no_read(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("berkas yang sama tidak perlu dibaca ulang")

    monkeypatch.setattr(ingest_module, "read_table", no_read)
    assert ingest_file(mini_source, "mini", path).already_ingested


def test_read_error_of_a_new_file_is_raised(mini_source: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "mini_202606.csv"
    path.write_text("", encoding="utf-8")
    with pytest.raises(Exception, match="mini_202606.csv"):
        ingest_file(mini_source, "mini", path)
