"""Exported files: layouts, ground-truth coverage, corruption rates, determinism, CLI."""

from __future__ import annotations

import csv
import hashlib
import json
import math
from pathlib import Path
from typing import Any

from python_calamine import CalamineWorkbook
from typer.testing import CliRunner

from rajut.demo.generator import generate_kabupaten, load_generator_config

HEADER_ROW = {"dtks": 3, "eppgbm": 0}
ID_COLUMN = {
    "dukcapil": "ID_BIODATA",
    "dtks": "ID_ART",
    "eppgbm": "ID_PENGUKURAN",
    "pbi_jk": "NO_KARTU",
    "dapodik": "peserta_didik_id",
}


def read_rows(out: Path, entry: dict[str, Any]) -> list[dict[str, Any]]:
    path = out / entry["path"]
    if entry["format"] == "json":
        data = json.loads(path.read_text(encoding="utf-8"))
        assert data["jumlah"] == len(data["peserta_didik"])
        return list(data["peserta_didik"])
    if entry["format"] == "xlsx":
        sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
        head = HEADER_ROW[entry["source"]]
        return [dict(zip(sheet[head], r, strict=True)) for r in sheet[head + 1 :]]
    raw = path.read_bytes()
    bom = raw.startswith(b"\xef\xbb\xbf")
    assert bom == (entry["source"] == "pbi_jk")
    text = raw.decode("utf-8-sig")
    delimiter = ";" if entry["source"] == "dukcapil" else ","
    return list(csv.DictReader(text.splitlines(), delimiter=delimiter))


def truth_records(out: Path) -> list[dict[str, str]]:
    with (out / "truth" / "records.csv").open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_truth_covers_every_record_once(small: tuple[Path, dict[str, Any]]) -> None:
    out, manifest = small
    exported = []
    for entry in manifest["files"]:
        rows = read_rows(out, entry)
        assert len(rows) == entry["rows"]
        exported += [
            (entry["source"], entry["period"], str(r[ID_COLUMN[entry["source"]]])) for r in rows
        ]
    truth = [(r["source"], r["period"], r["source_record_id"]) for r in truth_records(out)]
    assert len(set(truth)) == len(truth)
    assert sorted(exported) == sorted(truth)
    sources = {e["source"] for e in manifest["files"]}
    assert sources == set(ID_COLUMN)
    assert len([e for e in manifest["files"] if e["source"] == "dukcapil"]) == 2


def test_record_ids_stable_across_periods(small: tuple[Path, dict[str, Any]]) -> None:
    out, _ = small
    by_period: dict[str, dict[str, str]] = {}
    for r in truth_records(out):
        if r["source"] == "pbi_jk":
            by_period.setdefault(r["period"], {})[r["source_record_id"]] = r["person_id"]
    a, b = by_period.values()
    shared = set(a) & set(b)
    assert len(shared) > 0.9 * min(len(a), len(b))
    assert all(a[k] == b[k] for k in shared)


def test_layouts(small: tuple[Path, dict[str, Any]]) -> None:
    out, manifest = small
    files = {
        e["source"]: e
        for e in manifest["files"]
        if e["period"] in ("2026-06-30", "2026Q2", "202601_202606", "20252", "2026-06")
    }
    duk = read_rows(out, files["dukcapil"])
    assert list(duk[0])[:4] == ["ID_BIODATA", "NIK", "NO_KK", "NAMA_LENGKAP"]
    assert {r["JENIS_KELAMIN"] for r in duk} == {"LAKI-LAKI", "PEREMPUAN"}
    assert all(len(r["RT"]) == 3 and r["KODE_DESA"].startswith("33.10.") for r in duk)
    assert {r["STATUS_HIDUP"] for r in duk} <= {"HIDUP", "MATI"}
    sheet = CalamineWorkbook.from_path(str(out / files["dtks"]["path"]))
    assert sheet.sheet_names == ["DTKS"]
    rows = sheet.get_sheet_by_index(0).to_python()
    assert rows[0][0] == "DATA TERPADU KESEJAHTERAAN SOSIAL"
    assert rows[1][0] == "KABUPATEN KLATEN - TRIWULAN II 2026"
    pbi = read_rows(out, files["pbi_jk"])
    assert all(len(r["NO_KARTU"]) == 13 and len(r["KD_DESA"]) == 10 for r in pbi)
    dapo = read_rows(out, files["dapodik"])
    assert all(len(p["kode_wilayah"]) == 10 and 1 <= p["tingkat_pendidikan"] <= 12 for p in dapo)
    epp = read_rows(out, files["eppgbm"])
    assert {r["STATUS_TBU"] for r in epp} <= {"Sangat Pendek", "Pendek", "Normal", "Tinggi"}


def within(applied: int, eligible: int, rate: float) -> bool:
    sd = math.sqrt(max(eligible * rate * (1 - rate), 1.0))
    return abs(applied - eligible * rate) <= 4 * sd + 1


def test_applied_rates_match_config(noisy: tuple[Path, dict[str, Any]]) -> None:
    out, manifest = noisy
    from tests.demo.conftest import HIGH_RATES

    for source, rates in HIGH_RATES.items():
        summary = manifest["corruption"][source]
        for kind, rate in rates.items():
            got = summary[kind]
            assert got["rate"] == rate
            assert got["eligible"] > 300, (source, kind)
            assert within(got["applied"], got["eligible"], rate), (source, kind, got)
    records = truth_records(out)
    typo = sum(
        "nik_typo" in r["corruptions"].split("|") and "duplicate" not in r["corruptions"]
        for r in records
        if r["source"] == "pbi_jk"
    )
    assert typo == manifest["corruption"]["pbi_jk"]["nik_typo"]["applied"]


def test_corruptions_really_in_files(noisy: tuple[Path, dict[str, Any]]) -> None:
    out, manifest = noisy
    with (out / "truth" / "persons.csv").open(encoding="utf-8") as fh:
        true_nik = {r["person_id"]: r["nik"] for r in csv.DictReader(fh)}
    truth = {(r["source"], r["source_record_id"]): r for r in truth_records(out)}
    entry = next(e for e in manifest["files"] if e["source"] == "pbi_jk")
    nik_kinds = {"nik_missing", "nik_typo", "nik_transposed", "kk_in_nik"}
    for row in read_rows(out, entry):
        t = truth[("pbi_jk", row["NO_KARTU"])]
        kinds = set(t["corruptions"].split("|"))
        same = row["NIK"] == true_nik[t["person_id"]]
        assert same == (not kinds & nik_kinds), (row["NIK"], kinds)
    dtks = next(e for e in manifest["files"] if e["source"] == "dtks")
    floats = [r for r in read_rows(out, dtks) if isinstance(r["NIK"], float)]
    assert floats and all(int(r["NIK"]) % 10 == 0 for r in floats)


def digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_same_seed_same_bytes(tmp_path: Path) -> None:
    cfg = load_generator_config(None, people=1000, seed=11)
    generate_kabupaten(cfg, tmp_path / "a")
    generate_kabupaten(cfg, tmp_path / "b")
    a, b = digest(tmp_path / "a"), digest(tmp_path / "b")
    assert len(a) == 9 and a == b
    other = load_generator_config(None, people=1000, seed=12)
    generate_kabupaten(other, tmp_path / "c")
    c = digest(tmp_path / "c")
    assert all(a[k] != c[k] for k in a if k != "manifest.json")


def test_cli_generate_json(tmp_path: Path) -> None:
    from rajut.cli.app import app

    result = CliRunner().invoke(
        app,
        ["demo", "generate", "--people", "1000", "--seed", "1", "--out", str(tmp_path), "--json"],
    )
    assert result.exit_code == 0, result.output
    manifest = json.loads(result.stdout)
    assert manifest["people"] == 1000 and manifest["kabupaten_code"] == "33.10"
    assert (tmp_path / "manifest.json").is_file()


def test_invalid_config_is_user_error(tmp_path: Path) -> None:
    import pytest

    from rajut.errors import ConfigError

    bad = tmp_path / "bad.yaml"
    bad.write_text("corruption:\n  dtks:\n    nik_typo: 2\n", encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_generator_config(bad)
    assert "nik_typo" in info.value.message


def test_xlsx_dates_are_date_cells(small: tuple[Path, dict[str, Any]]) -> None:
    import datetime as dt

    out, manifest = small
    entry = next(e for e in manifest["files"] if e["source"] == "eppgbm")
    rows = read_rows(out, entry)
    assert all(isinstance(r["TGL_UKUR"], dt.date) for r in rows)
    assert all(dt.date(2026, 1, 1) <= r["TGL_UKUR"] <= dt.date(2026, 6, 30) for r in rows)
    dtks = read_rows(out, next(e for e in manifest["files"] if e["source"] == "dtks"))
    as_date = sum(isinstance(r["TGL_LAHIR"], dt.date) for r in dtks)
    assert 0.85 * len(dtks) < as_date < len(dtks)
