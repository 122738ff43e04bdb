"""Metrics on the scripted store (see conftest for the known answers)."""

from __future__ import annotations

import json
from datetime import date

import pytest

from rajut.quality import QualityError, QualityReport, compute_quality
from rajut.workspace import Workspace
from tests.quality.conftest import NIKS, OLD_RUN_ID, RUN_ID, XSS

TODAY = date(2026, 3, 10)


@pytest.fixture
def report(store_ws: Workspace) -> QualityReport:
    return compute_quality(store_ws, "uji", today=TODAY)


def test_latest_run_is_the_default(report: QualityReport, store_ws: Workspace) -> None:
    assert report.run_id == RUN_ID
    assert compute_quality(store_ws, "uji", OLD_RUN_ID).run_id == OLD_RUN_ID


def test_completeness_and_validity(report: QualityReport) -> None:
    by = {f.field: f for f in report.fields}
    assert list(by) == [
        "person.nik",
        "person.kk_number",
        "person.name",
        "person.sex",
        "person.birth_date",
        "person.desa_code",
    ]
    assert by["person.name"].filled == 8
    assert by["person.name"].completeness == pytest.approx(0.8)
    assert by["person.name"].validity == pytest.approx(0.6)
    assert by["person.name"].rows_with_issue == 4
    assert {i.code: i.count for i in by["person.name"].issues} == {
        "name-missing": 2,
        "name-invalid": 2,
    }
    assert by["person.name"].issues[0].title in {"Nama kosong", "Nama tidak wajar"}
    assert by["person.nik"].completeness == 1.0
    assert by["person.nik"].validity == pytest.approx(0.9)
    assert by["person.sex"].validity == 1.0
    assert by["person.nik"].column == "NIK"


def test_uniqueness(report: QualityReport) -> None:
    u = report.uniqueness
    assert u.nik_mapped
    assert (u.duplicate_niks, u.records_with_duplicate_nik) == (1, 2)
    assert (u.duplicate_record_ids, u.quarantined_duplicate_rows) == (1, 1)


def test_consistency_groups(report: QualityReport) -> None:
    groups = {g.key: g for g in report.consistency}
    assert groups["nik_biodata"].rows == 1
    assert [i.code for i in groups["nik_biodata"].issues] == ["nik-sex-mismatch"]
    assert groups["wilayah"].share == pytest.approx(0.1)
    assert groups["tanggal"].issues[0].code == "date-default"


def test_reconciliation(report: QualityReport) -> None:
    rec = report.reconciliation
    assert (rec.input_rows, rec.accepted, rec.quarantined, rec.balanced) == (12, 10, 2, True)
    # nik-length on a quarantined row is a warning, not a quarantine reason
    assert {r.code: r.count for r in rec.reasons} == {
        "identity-missing": 1,
        "record-id-duplicate": 1,
    }


def test_timeliness(report: QualityReport) -> None:
    t = report.timeliness
    assert (t.frequency, t.period_end, t.days_late) == ("bulanan", date(2026, 1, 31), 10)
    assert t.status == "terlambat 10 hari"


def test_profiles_mask_or_hide_personal_data(report: QualityReport) -> None:
    prof = {p.field: p for p in report.profiles}
    nik = prof["person.nik"]
    assert nik.masked and nik.distinct == 9
    assert nik.top_values[0].value == "3310********0008" and nik.top_values[0].count == 2
    assert all(v.value is None for v in prof["person.name"].top_values)
    assert [(v.value, v.count) for v in prof["person.sex"].top_values] == [("L", 5), ("P", 5)]
    birth = prof["person.birth_date"]
    assert (birth.minimum, birth.maximum) == ("1990-01-01", "1990-01-10")
    assert prof["person.name"].filled_share == pytest.approx(0.8)


def test_top_problems_with_masked_examples(report: QualityReport) -> None:
    problems = {p.code: p for p in report.problems}
    assert report.problems[0].count == 2
    assert len(report.problems) <= 10
    missing = problems["name-missing"]
    assert [(e.row_number, e.record_id, e.column) for e in missing.examples] == [
        (3, "R03", "NAMA"),
        (7, "R07", "NAMA"),
    ]
    assert missing.hint and missing.severity == "warning"
    assert problems["nik-sex-mismatch"].examples[0].value == "3310********0005"
    quarantined = problems["record-id-duplicate"]
    assert quarantined.severity == "error"
    assert quarantined.examples[0].quarantined and quarantined.examples[0].value == "R02"
    assert problems["name-invalid"].examples[1].value == XSS


def test_no_full_nik_anywhere_in_the_json(report: QualityReport) -> None:
    text = json.dumps(report.to_dict(include_rows=True), ensure_ascii=False)
    for nik in [*NIKS, "3310010101900001", "3310010101900002"]:
        assert nik not in text
    assert "3310********0002" in text  # quarantined raw NIK, masked


def test_to_dict_leaves_out_long_lists_by_default(report: QualityReport) -> None:
    data = report.to_dict()
    assert "quarantine_rows" not in data
    assert "affected" not in data["problems"][0]
    assert data["timeliness"]["period_end"] == "2026-01-31"
    json.dumps(data)


def test_unknown_run_and_source_without_runs(store_ws: Workspace) -> None:
    with pytest.raises(QualityError) as err:
        compute_quality(store_ws, "uji", "nope")
    assert err.value.code == "quality-run-unknown"
    assert RUN_ID in err.value.hint
    contract = (store_ws.sources_dir / "uji.yaml").read_text().replace("name: uji", "name: kosong")
    (store_ws.sources_dir / "kosong.yaml").write_text(contract)
    with pytest.raises(QualityError) as err2:
        compute_quality(store_ws, "kosong")
    assert err2.value.code == "quality-no-run"
