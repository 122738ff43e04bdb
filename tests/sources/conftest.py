"""Fixtures for ingest tests: a small Dukcapil-style contract and CSV built in code."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from rajut.sources.registry import add_source
from rajut.workspace import Workspace

HEADER = "ID;NIK;NAMA;JK;TGL_LAHIR;KODE_DESA"


def mini_contract(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "name": "mini",
        "owner": "Disdukcapil",
        "dataset": {"judul": "Uji", "produsen_data": "Disdukcapil", "frekuensi": "bulanan"},
        "file": {"format": "csv", "delimiter": ";"},
        "record_id": "ID",
        "period": {"granularity": "month", "from_filename": r"mini_(\d{6})"},
        "columns": {
            "NIK": "person.nik",
            "NAMA": "person.name",
            "JK": {"field": "person.sex", "values": {"LK": "L", "PR": "P"}},
            "TGL_LAHIR": {"field": "person.birth_date", "formats": ["%d-%m-%Y"]},
            "KODE_DESA": "person.desa_code",
        },
    }
    data.update(overrides)
    return data


@pytest.fixture
def mini_source(workspace: Workspace, tmp_path: Path) -> Workspace:
    path = tmp_path / "mini.yaml"
    path.write_text(yaml.safe_dump(mini_contract()), encoding="utf-8")
    add_source(workspace, path)
    return workspace


def write_csv(path: Path, rows: list[str], header: str = HEADER) -> Path:
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path
