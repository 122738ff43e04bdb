"""Files the assistant has not seen before: unknown headers, odd dates, title rows."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer
import yaml
from typer.testing import CliRunner

from rajut.cli.suggest_cmd import register
from rajut.errors import RajutError
from rajut.sources.assistant import suggest_contract

ROWS = [
    ("K-001", "3310124508900001", "SITI AMINAH", "P", "12/05/1980", "33.10.12.2001"),
    ("K-002", "3310121203850003", "BUDI SANTOSO", "L", "03/12/1985", "33.10.12.2001"),
    ("K-003", "3310125508900002", "ANI LESTARI", "P", "15/08/1990", "33.10.12.2002"),
]


def write_csv(path: Path, header: list[str], rows: list[tuple[str, ...]]) -> Path:
    lines = [";".join(header)] + [";".join(r) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_value_only_guesses_are_uncertain(tmp_path: Path) -> None:
    header = ["KODE_REKAM", "NOMOR_IDENTITAS", "NAMA", "KLM", "TGL", "WIL"]
    path = write_csv(tmp_path / "rekap_bansos_202606.csv", header, ROWS)
    draft = suggest_contract(path, "rekap", owner="Dinas Sosial")
    fields = {c: m.field for c, m in draft.contract.mappings}
    assert fields["NOMOR_IDENTITAS"] == "person.nik"
    assert fields["KLM"] == "person.sex"
    assert fields["TGL"] == "person.birth_date"
    assert fields["WIL"] == "person.desa_code"
    assert fields["NAMA"] == "person.name"
    confirm = {c for c, m in draft.contract.mappings if m.confirm}
    assert confirm == {"NOMOR_IDENTITAS", "KLM", "TGL", "WIL"}
    assert "NAMA" not in {u.column for u in draft.uncertain}
    assert draft.contract.record_id == "KODE_REKAM"
    assert draft.contract.owner == "Dinas Sosial"
    assert draft.contract.dataset.frekuensi == "bulanan"
    assert yaml.safe_load(draft.yaml)["columns"]["TGL"]["formats"] == ["%d/%m/%Y"]


def test_header_contradicted_by_values_is_uncertain(tmp_path: Path) -> None:
    rows = [(r[0], "BELUM ADA", *r[2:]) for r in ROWS]
    header = ["ID_REKAM", "NIK", "NAMA", "JK", "TGL_LAHIR", "KODE_DESA"]
    draft = suggest_contract(write_csv(tmp_path / "x_20260630.csv", header, rows), "xx")
    nik = [u for u in draft.uncertain if u.column == "NIK"]
    assert nik and "16 digit" in nik[0].reason
    assert dict(draft.contract.mappings)["NIK"].confirm


def test_bad_source_name_is_a_user_error(tmp_path: Path) -> None:
    header = ["ID_REKAM", "NIK", "NAMA", "JK", "TGL_LAHIR", "KODE_DESA"]
    path = write_csv(tmp_path / "x_20260630.csv", header, ROWS)
    with pytest.raises(RajutError) as caught:
        suggest_contract(path, "Data Dinsos")
    assert "Nama sumber" in caught.value.message and caught.value.hint


def test_title_rows_above_header_in_xlsx(tmp_path: Path) -> None:
    import xlsxwriter

    path = tmp_path / "dtks_2026Q1.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("DATA")
    sheet.write_row(0, 0, ["DATA TERPADU KESEJAHTERAAN SOSIAL"])
    sheet.write_row(1, 0, ["KABUPATEN KLATEN"])
    sheet.write_row(3, 0, ["ID_ART", "NIK", "NAMA", "JK", "TGL_LAHIR", "KODE_DESA"])
    for i, row in enumerate(ROWS):
        sheet.write_row(4 + i, 0, list(row))
    book.close()
    draft = suggest_contract(path, "dtks_uji")
    assert draft.contract.record_id == "ID_ART"
    assert draft.contract.file.sheet == "DATA"
    assert draft.contract.period.granularity == "quarter"
    mapped = {c for c, _ in draft.contract.mappings}
    assert mapped == {"NIK", "NAMA", "JK", "TGL_LAHIR", "KODE_DESA"}


def test_cli_suggest_writes_yaml_and_json(tmp_path: Path) -> None:
    header = ["ID_REKAM", "NIK", "NAMA", "JK", "TGL_LAHIR", "KODE_DESA"]
    data = write_csv(tmp_path / "uji_20260630.csv", header, ROWS)
    app = typer.Typer()
    sources = typer.Typer()
    register(sources)
    app.add_typer(sources, name="sources")
    out = tmp_path / "uji.yaml"
    args = ["sources", "suggest", str(data), "--name", "uji", "--out", str(out)]
    result = CliRunner().invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    import json

    summary = json.loads(result.stdout)
    assert summary["record_id"] == "ID_REKAM"
    assert {m["column"] for m in summary["mappings"]} == set(header[1:])
    assert yaml.safe_load(out.read_text())["name"] == "uji"
    human = CliRunner().invoke(app, args)
    assert human.exit_code == 0, human.output
    assert "Pemetaan kolom uji" in human.stdout and "person.nik" in human.stdout
