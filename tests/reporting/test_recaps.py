"""Recap numbers on the hand-made integrated model (answers worked out in conftest.py)."""

from __future__ import annotations

from datetime import date

import pytest

from rajut.reporting import ReportError, compute_recap
from rajut.workspace import Workspace

from .conftest import AS_OF

# program: (sasaran, penerima, penerima dalam sasaran)
COVERAGE = {
    "PKH": (3, 3, 2),  # households H1 H2 H4 eligible; H1 H3 H4 receive
    "BPNT": (3, 2, 1),  # H2 H5 receive
    "PBI-JK": (5, 5, 2),  # P1 P2 P3 P4 P7 eligible (P6 deceased); P1 P2 P5 P6 P10 receive
    "PIP": (3, 1, 1),  # school age in desil 1–4: P2 P4 P7; P2 receives, P7 row is false
    "KIP": (3, 0, 0),
}


def test_coverage_per_program(integ_ws: Workspace) -> None:
    result = compute_recap(integ_ws, "cakupan-program", AS_OF)
    assert result.build_id == "b1"
    rows = {r["program"]: r for r in result.table("per-program").records()}
    assert list(rows) == list(COVERAGE)
    for program, (eligible, recipients, hits) in COVERAGE.items():
        row = rows[program]
        assert (row["sasaran"], row["penerima"], row["penerima_sasaran"]) == (
            eligible,
            recipients,
            hits,
        ), program
        assert row["cakupan"] == pytest.approx(hits / eligible)


def test_coverage_per_kecamatan_and_desa(integ_ws: Workspace) -> None:
    result = compute_recap(integ_ws, "cakupan-program", AS_OF)
    kec = {(r["kecamatan"], r["program"]): r for r in result.table("per-kecamatan").records()}
    assert kec[("Prambanan", "PKH")]["sasaran"] == 2
    assert kec[("Prambanan", "PKH")]["cakupan"] == pytest.approx(0.5)
    assert kec[("Gantiwarno", "PKH")]["cakupan"] == pytest.approx(1.0)
    assert kec[("Prambanan", "PBI-JK")]["penerima"] == 4  # P10 has no household, desa D2
    desa = {(r["desa"], r["program"]): r for r in result.table("per-desa").records()}
    cucukan = desa[("Cucukan", "PKH")]  # only H3 (desil 5) lives there and receives PKH
    assert (cucukan["sasaran"], cucukan["penerima"], cucukan["cakupan"]) == (0, 1, None)
    assert desa[("Sengon", "PBI-JK")]["sasaran"] == 4
    assert ("Cucukan", "BPNT") not in desa


def test_target_vs_realisation(integ_ws: Workspace) -> None:
    result = compute_recap(integ_ws, "target-realisasi", AS_OF)
    rows = {r["program"]: r for r in result.table("per-program").records()}
    for program, (eligible, recipients, _) in COVERAGE.items():
        row = rows[program]
        assert row["target"] == eligible
        assert row["realisasi"] == recipients
        assert row["selisih"] == eligible - recipients
        assert row["capaian"] == pytest.approx(recipients / eligible)
    kec = {(r["kecamatan"], r["program"]): r for r in result.table("per-kecamatan").records()}
    assert kec[("Prambanan", "KIP")]["selisih"] == 2
    chart = result.table("per-kecamatan").chart_rows()
    assert chart[0][0] == "Prambanan · KIP"  # largest gap first
    assert chart[0][1] == [2.0, 0.0]


def test_other_build_is_not_mixed_in(integ_ws: Workspace) -> None:
    early = compute_recap(integ_ws, "cakupan-program", date(2026, 3, 31))
    assert early.build_id == "b0"
    rows = {r["program"]: r for r in early.table("per-program").records()}
    assert rows["PKH"]["penerima"] == 1
    explicit = compute_recap(integ_ws, "cakupan-program", AS_OF, build_id="b0")
    assert explicit.table("per-program").records()[0]["penerima"] == 1


def test_data_quality_per_source(integ_ws: Workspace) -> None:
    result = compute_recap(integ_ws, "mutu-data", AS_OF)
    (row,) = result.table("per-sumber").records()
    assert row["sumber"] == "uji"
    assert row["pemilik"] == "Disdukcapil"
    assert row["periode"] == "2026-02"  # the 2026-09 run lies after the reference date
    assert (row["baris"], row["diterima"], row["dikarantina"], row["peringatan"]) == (6, 4, 2, 3)
    assert row["porsi_diterima"] == pytest.approx(4 / 6)
    assert row["kelengkapan"] == pytest.approx(5.5 / 6)  # name filled in 2 of 4 rows
    assert row["ketepatan_waktu"].startswith("terlambat")
    issues = result.table("peringatan").records()
    assert [(r["kode"], r["kejadian"]) for r in issues] == [
        ("name-missing", 2),
        ("date-default", 1),
    ]
    assert issues[0]["masalah"] != "name-missing"  # a Bahasa title, not the code
    assert "uji periode 2026-02" in result.source_note


def test_early_as_of_uses_earlier_run(integ_ws: Workspace) -> None:
    result = compute_recap(integ_ws, "mutu-data", date(2026, 1, 31))
    (row,) = result.table("per-sumber").records()
    assert (row["periode"], row["baris"]) == ("2026-01", 5)


def test_unknown_recap_and_missing_build(integ_ws: Workspace) -> None:
    with pytest.raises(ReportError) as unknown:
        compute_recap(integ_ws, "tidak-ada", AS_OF)
    assert unknown.value.code == "report-unknown"
    with pytest.raises(ReportError) as missing:
        compute_recap(integ_ws, "cakupan-program", AS_OF, build_id="zzz")
    assert missing.value.code == "report-build-unknown"


def test_no_data_yet(workspace: Workspace) -> None:
    with pytest.raises(ReportError) as exc:
        compute_recap(workspace, "cakupan-program", AS_OF)
    assert exc.value.code == "report-no-data"


CONCEPT_OVERRIDE = """
version: 1
concepts:
  - id: rumah_tangga_miskin_rentan
    judul: Rumah tangga miskin (versi uji)
    unit: household
    definisi: Keluarga desil 1 sampai 2.
    predikat: h.desil BETWEEN 1 AND 2
    sumber: [welfare.desil]
    metadata:
      konsep: Kesejahteraan keluarga
      definisi: Keluarga desil 1–2.
      ukuran: Jumlah keluarga
      satuan: keluarga
      referensi_waktu: Tanggal acuan
      produsen: Dinas Sosial
"""


def test_targets_follow_the_concept_catalog(integ_ws: Workspace) -> None:
    folder = integ_ws.root / "integrate"
    folder.mkdir()
    (folder / "concepts.yaml").write_text(CONCEPT_OVERRIDE, encoding="utf-8")
    result = compute_recap(integ_ws, "target-realisasi", AS_OF)
    rows = {r["program"]: r for r in result.table("per-program").records()}
    assert rows["PKH"]["target"] == 2  # H1 (desil 1) and H4 (desil 2); H2 (desil 3) drops out
    assert rows["PBI-JK"]["target"] == 3  # P1 P2 (H1) and P7 (H4)


def test_area_tables_add_up_to_the_kabupaten(integ_ws: Workspace) -> None:
    result = compute_recap(integ_ws, "cakupan-program", AS_OF)
    totals = {r["program"]: r for r in result.table("per-program").records()}
    for table_id in ("per-kecamatan", "per-desa"):
        for key in ("sasaran", "penerima", "penerima_sasaran"):
            sums: dict[str, int] = {}
            for r in result.table(table_id).records():
                sums[r["program"]] = sums.get(r["program"], 0) + r[key]
            assert all(sums.get(p, 0) == totals[p][key] for p in totals), (table_id, key)
