"""Quality report of a real ingest (registry + ingest engine + readers)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from rajut.quality import compute_quality
from rajut.quality.html import render_quality_html
from rajut.sources.ingest import ingest_file
from rajut.sources.registry import add_source
from rajut.workspace import Workspace

CONTRACT = """
name: biodata
owner: Disdukcapil
dataset:
  judul: Biodata Penduduk
  produsen_data: Disdukcapil
  frekuensi: bulanan
file:
  format: csv
  delimiter: ";"
record_id: ID
period:
  granularity: month
  from_filename: 'biodata_(\\d{4}-\\d{2})'
columns:
  NIK: person.nik
  NAMA: person.name
  JK:
    field: person.sex
    values: {LAKI-LAKI: L, PEREMPUAN: P}
  TGL_LAHIR:
    field: person.birth_date
    formats: ["%d-%m-%Y"]
  KODE_DESA: person.desa_code
"""

ROWS = [
    "ID;NIK;NAMA;JK;TGL_LAHIR;KODE_DESA",
    "B1;3310015505900001;SITI AMINAH;PEREMPUAN;15-05-1990;33.10.01.2001",  # file row 2
    "B2;3310011505900002;;LAKI-LAKI;15-05-1990;33.10.01.2001",  # row 3: no name
    "B2;3310011505900003;DUPLIKAT;LAKI-LAKI;15-05-1990;33.10.01.2001",  # row 4: dup id
    "B4;3310011505900004;<script>alert(1)</script>;LAKI-LAKI;15-05-1990;33.10.01.2001",
    "B5;3310011505900004;BUDI SANTOSO;LAKI-LAKI;15-05-1990;33.10.01.2001",  # dup NIK
]


@pytest.fixture
def ingested(workspace: Workspace, tmp_path: Path) -> tuple[Workspace, dict[str, object]]:
    contract = tmp_path / "biodata.yaml"
    contract.write_text(CONTRACT, encoding="utf-8")
    add_source(workspace, contract)
    data = tmp_path / "biodata_2026-01.csv"
    data.write_text("\n".join(ROWS) + "\n", encoding="utf-8")
    result = ingest_file(workspace, "biodata", data)
    return workspace, result.to_dict()


def test_report_matches_the_ingest(ingested: tuple[Workspace, dict[str, object]]) -> None:
    ws, result = ingested
    report = compute_quality(ws, "biodata", today=date(2026, 2, 10))
    rec = report.reconciliation
    assert (rec.input_rows, rec.accepted, rec.quarantined) == (5, 4, 1)
    assert (rec.input_rows, rec.accepted) == (result["input_rows"], result["accepted"])
    assert {r.code: r.count for r in rec.reasons} == {"record-id-duplicate": 1}
    name = next(f for f in report.fields if f.field == "person.name")
    assert name.completeness == pytest.approx(0.75)
    assert report.uniqueness.duplicate_niks == 1
    assert report.uniqueness.records_with_duplicate_nik == 2
    assert report.timeliness.status == "tepat waktu"
    problems = {p.code: p for p in report.problems}
    dup = problems["record-id-duplicate"].examples[0]
    assert (dup.row_number, dup.record_id, dup.quarantined) == (4, "B2", True)
    missing = problems["name-missing"].examples[0]
    assert (missing.row_number, missing.column) == (3, "NAMA")
    page = render_quality_html(report)
    assert "&lt;script&gt;" in page and "<script>" not in page
    assert "3310011505900004" not in page
