"""Outputs: Excel per desa, Parquet, data package, HTML; masking and the access log."""

from __future__ import annotations

import json
import re
import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pyarrow.parquet as pq
import pytest
from frictionless import validate

from rajut.targeting import export_targets
from rajut.targeting.errors import TargetingError
from rajut.workspace import Workspace
from tests.targeting.conftest import Demo
from tests.targeting.tiny_integ import FORMULA, NIK1

AS_OF = date(2026, 6, 30)
MASKED1 = "3310********0001"


def _cells(path: Path) -> dict[str, list[list[object]]]:
    book = openpyxl.load_workbook(path)
    return {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in book}


def test_excel_has_summary_and_one_sheet_per_desa(tiny: tuple[Workspace, str]) -> None:
    ws, _ = tiny
    out = ws.root / "hasil" / "sasaran.xlsx"
    export_targets(ws, AS_OF, out)
    sheets = _cells(out)
    assert list(sheets) == ["Ringkasan", "Sengon 2001", "Gentan 2001"]
    with zipfile.ZipFile(out) as zf:
        assert any(n.startswith("xl/charts/chart") for n in zf.namelist())
    summary = sheets["Ringkasan"]
    counts = {row[1]: row[4] for row in summary[6:13]}
    assert counts["desil14-tanpa-pbi-jk"] == 3 and counts["penerima-ganda"] == 0
    header = sheets["Sengon 2001"][3]
    for label in ("Nama", "NIK", "Alamat", "RT", "RW", "Alasan", "Umur data (hari)"):
        assert label in header
    sengon = sheets["Sengon 2001"][4:]
    assert len(sengon) == 1 + 1 + 1 + 3  # H1, P5 stunting, P2 school, three without PBI
    flat = [c for row in sheets["Sengon 2001"] for c in row if isinstance(c, str)]
    assert NIK1 not in " ".join(flat) and MASKED1 in flat
    assert "'" + FORMULA in flat and FORMULA not in flat  # formula neutralised
    assert not any(c.startswith("=") for c in flat)


def test_unmask_needs_a_purpose_and_is_logged(tiny: tuple[Workspace, str]) -> None:
    ws, _ = tiny
    out = ws.root / "sasaran.parquet"
    with pytest.raises(TargetingError) as info:
        export_targets(ws, AS_OF, out, unmask=True, purpose="cek")
    assert info.value.code == "targeting-unmask-purpose"
    assert not out.exists() and not (ws.data_dir / "access_log.jsonl").exists()
    purpose = "Verifikasi lapangan PKH Desa Sengon oleh TKSK"
    export_targets(ws, AS_OF, out, unmask=True, purpose=purpose, rule_ids=["desil14-tanpa-pbi-jk"])
    table = pq.read_table(out).to_pylist()
    assert NIK1 in {r["nik"] for r in table}
    log = [json.loads(line) for line in (ws.data_dir / "access_log.jsonl").read_text().splitlines()]
    assert len(log) == 1
    entry = log[0]
    assert entry["purpose"] == purpose and entry["who"] and entry["when"]
    assert entry["what"]["rules"] == ["desil14-tanpa-pbi-jk"] and entry["what"]["rows"] == 3


def test_parquet_is_masked_by_default(tiny: tuple[Workspace, str]) -> None:
    ws, _ = tiny
    out = ws.root / "sasaran.parquet"
    export_targets(ws, AS_OF, out)
    table = pq.read_table(out)
    assert table.schema.metadata[b"rajut.nik_masked"] == b"true"
    rows = table.to_pylist()
    assert len(rows) == 9
    assert all(r["nik"] is None or "********" in r["nik"] for r in rows)
    assert not (ws.data_dir / "access_log.jsonl").exists()


@pytest.mark.parametrize("name", ["paket", "paket.zip"])
def test_data_package_is_valid_with_sdi_metadata(tiny: tuple[Workspace, str], name: str) -> None:
    ws, _ = tiny
    out = ws.root / name
    export_targets(ws, AS_OF, out)
    folder = out
    if name.endswith(".zip"):
        folder = ws.root / "unzipped"
        with zipfile.ZipFile(out) as zf:
            zf.extractall(folder)
    report = validate(str(folder / "datapackage.json"))
    assert report.valid, report.flatten(["type", "note"])
    desc = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    sdi = desc["sdi"]
    for key in (
        "judul",
        "produsen",
        "walidata",
        "konsep",
        "definisi",
        "periode",
        "aksesibilitas",
        "kode_wilayah",
    ):
        assert sdi[key] not in (None, "", []), key
    assert sdi["kode_wilayah"] == "33.10" and sdi["periode"] == "2026-06-30"
    assert sdi["aksesibilitas"] == "terbatas" and sdi["nik_disamarkan"] is True
    rows = (folder / "calon_sasaran.csv").read_text(encoding="utf-8")
    assert NIK1 not in rows and MASKED1 in rows
    recap = (folder / "rekap_kecamatan.csv").read_text(encoding="utf-8").splitlines()
    assert "33.10.02,Gentan" not in recap[1]  # kecamatan names, not desa names
    assert any(line.startswith("33.10.02,") and line.endswith(",2") for line in recap)


def test_html_is_offline_and_escapes_names(tiny: tuple[Workspace, str]) -> None:
    ws, _ = tiny
    out = ws.root / "laporan.html"
    export_targets(ws, AS_OF, out)
    text = out.read_text(encoding="utf-8")
    assert "<script" not in text.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert not re.search(r"(src|href)\s*=\s*[\"']?(https?:)?//", text, re.IGNORECASE)
    assert "@import" not in text and "url(" not in text
    assert text.count("<svg") >= 4  # per rule, per kecamatan, one per kecamatan of desa
    assert NIK1 not in text and MASKED1 in text
    assert "Sengon" in text and "Gentan" in text


def test_excel_on_synthetic_kabupaten_one_sheet_per_desa(demo: Demo, tmp_path: Path) -> None:
    out = tmp_path / "demo.xlsx"
    export_targets(demo.ws, AS_OF, out)
    book = openpyxl.load_workbook(out, read_only=True)
    desa_with_rows = {code for (_, code) in demo.result.by_desa}
    assert len(book.sheetnames) == 1 + len(desa_with_rows)
    total = sum(max(0, (ws.max_row or 0) - 4) for ws in book.worksheets[1:])
    assert total == demo.result.total
