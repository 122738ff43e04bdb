from __future__ import annotations

import re

import pytest

from rajut.sources.assistant.identifiers import choose_household_id, choose_record_id
from rajut.sources.assistant.period import choose_period, filename_periods
from rajut.sources.assistant.profile import ColumnProfile
from rajut.sources.assistant.shapes import infer_kind
from rajut.sources.assistant.values import propose_values
from rajut.sources.period import parse_period
from rajut.standard import load_standard


def col(name: str, values: list[str], position: int = 1) -> ColumnProfile:
    return ColumnProfile(name, position, values, len(values), infer_kind(values))


NIKS = ["3310124508900001", "3310125508900002", "3310121203850003"]


def test_record_id_prefers_id_column_over_row_number_and_nik() -> None:
    cols = [col("NO", ["1", "2", "3"]), col("NIK", NIKS), col("ID_ART", ["A1", "A2", "A3"])]
    chosen = choose_record_id(cols)
    assert chosen.column == "ID_ART"
    assert chosen.reason is None


def test_record_id_skips_non_unique_household_id() -> None:
    cols = [col("ID_DTKS", ["D1", "D1", "D2"]), col("ID_ART", ["A1", "A2", "A3"])]
    assert choose_record_id(cols).column == "ID_ART"
    household = choose_household_id(cols, "ID_ART")
    assert household.column == "ID_DTKS"
    assert household.reason is None


def test_record_id_falls_back_to_nik_with_reason() -> None:
    cols = [col("NAMA", ["ANI", "BUDI", "CICI"]), col("NIK", NIKS)]
    chosen = choose_record_id(cols)
    assert chosen.column == "NIK"
    assert chosen.reason is not None


def test_record_id_not_chosen_from_gappy_column() -> None:
    cols = [col("ID_X", ["1", "2", "3"]), ColumnProfile("ID_Y", 2, ["a", "b"], 3, "text")]
    assert choose_record_id(cols).column == "ID_X"


def test_record_id_accepts_suffix_and_card_number() -> None:
    assert choose_record_id([col("peserta_didik_id", ["u1", "u2"])]).column == "peserta_didik_id"
    assert choose_record_id([col("NO_KARTU", ["0001", "0002"])]).column == "NO_KARTU"


def test_no_household_id_without_such_column() -> None:
    assert choose_household_id([col("ID_ART", ["A1", "A2"])], "ID_ART").column is None


@pytest.mark.parametrize(
    ("name", "granularity", "label", "next_file"),
    [
        ("biodata_penduduk_20260630.csv", "day", "20260630", "biodata_penduduk_20260731.csv"),
        ("dtks_2026Q2.xlsx", "quarter", "2026Q2", "dtks_2026Q3.xlsx"),
        ("pbi_jk_202606.csv", "month", "202606", "pbi_jk_202607.csv"),
        ("dapodik_20252.json", "semester", "20252", "dapodik_20261.json"),
        ("laporan-2026-06.csv", "month", "2026-06", "laporan-2026-07.csv"),
    ],
)
def test_period_from_filename(name: str, granularity: str, label: str, next_file: str) -> None:
    found = filename_periods(name)
    assert [(p.granularity, p.label) for p in found] == [(granularity, label)]
    choice = choose_period(name, None)
    assert choice.reason is None
    assert choice.spec.granularity == granularity
    pattern = choice.spec.from_filename or ""
    for file_name in (name, next_file):
        match = re.search(pattern, file_name)
        assert match is not None
        parse_period(match.group(1), choice.spec.granularity)


def test_period_range_in_name_uses_measurement_column() -> None:
    choice = choose_period("eppgbm_202601_202606.xlsx", "TGL_UKUR")
    assert choice.spec.column == "TGL_UKUR"
    assert choice.spec.from_filename is None


def test_period_unknown_is_uncertain() -> None:
    choice = choose_period("data_penerima.csv", None)
    assert choice.reason is not None
    assert choice.spec.from_filename is None and choice.spec.column is None


def test_invalid_dates_are_not_periods() -> None:
    assert filename_periods("kode_12345678.csv") == []
    assert filename_periods("rekap_202613.csv") == []


def test_values_numeric_sex_codes() -> None:
    sex = load_standard().field("person.sex")
    assert propose_values(sex, ["1", "2"], "JNSKELAMIN").values == {"1": "L", "2": "P"}
    assert propose_values(sex, ["L", "P"], "JK").values == {}


def test_values_status_hidup_map_is_complete() -> None:
    alive = load_standard().field("person.alive")
    proposal = propose_values(alive, ["HIDUP"], "STATUSHIDUP")
    assert proposal.values["HIDUP"] == "true"
    assert proposal.values["MATI"] == "false"  # not in the sample, still mapped


def test_values_dtks_hub_krt_uses_the_dtks_numbers() -> None:
    shdk = load_standard().field("person.shdk")
    proposal = propose_values(shdk, ["1", "2", "3", "6", "99"], "HUBKRT")
    assert proposal.source_codes is not None and proposal.source_codes.startswith("dtks")
    assert proposal.values["1"] == "kepala_keluarga"
    assert proposal.values["2"] == "pasangan"  # DTKS's istri/suami, not SIAK's 2 = suami
    assert proposal.values["6"] == "orang_tua_mertua"
    assert proposal.unmapped == ["99"]


def test_values_slash_spellings_are_mapped_explicitly() -> None:
    education = load_standard().field("person.education")
    proposal = propose_values(education, ["SLTP/SEDERAJAT"], "PENDIDIKAN")
    assert proposal.values == {"SLTP/SEDERAJAT": "sltp"}


def test_values_unknown_code_is_reported() -> None:
    religion = load_standard().field("person.religion")
    proposal = propose_values(religion, ["ISLAM", "JEDI"], "AGAMA")
    assert proposal.unmapped == ["JEDI"]
    assert proposal.mapped_share == 0.5
