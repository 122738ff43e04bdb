from __future__ import annotations

import pytest

from rajut.sources.assistant.headers import SYNONYMS, header_candidates, normalize_header
from rajut.standard import load_standard


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("TGL_LAHIR", "TGLLAHIR"),
        (" Tgl. Lahir ", "TGLLAHIR"),
        ("tgl lahir", "TGLLAHIR"),
        ("L/P", "LP"),
        ("nama_ibu_kandung", "NAMAIBUKANDUNG"),
        ("NO. KK", "NOKK"),
    ],
)
def test_normalize_header(header: str, expected: str) -> None:
    assert normalize_header(header) == expected


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("NAMA", "person.name"),
        ("Nama Lengkap", "person.name"),
        ("NAMA_ART", "person.name"),
        ("NM_ANAK", "person.name"),
        ("NAMA_PESERTA", "person.name"),
        ("TGL LAHIR", "person.birth_date"),
        ("TANGGAL_LAHIR", "person.birth_date"),
        ("TTL", "person.birth_date"),
        ("JK", "person.sex"),
        ("L/P", "person.sex"),
        ("JENIS KELAMIN", "person.sex"),
        ("JNS_KELAMIN", "person.sex"),
        ("NIK_IBU", "person.mother_nik"),
        ("NIK_ORTU", "person.mother_nik"),
        ("NAMA_IBU_KANDUNG", "person.mother_name"),
        ("KD_DESA", "person.desa_code"),
        ("KODE_DESA", "person.desa_code"),
        ("KODE_WILAYAH", "person.desa_code"),
        ("DESA", "person.desa_name"),
        ("KELURAHAN", "person.desa_name"),
        ("KECAMATAN", "person.kecamatan_name"),
        ("NO_KK", "person.kk_number"),
        ("NOMOR KK", "person.kk_number"),
        ("HUB_KRT", "person.shdk"),
        ("SHDK", "person.shdk"),
        ("DESIL", "welfare.desil"),
        ("PKH", "program.pkh"),
        ("BPNT", "program.bpnt"),
        ("PBI", "program.pbi_jk"),
    ],
)
def test_header_synonyms(header: str, field: str) -> None:
    assert field in [m.field for m in header_candidates(header)]


def test_unknown_header_has_no_candidate() -> None:
    assert header_candidates("KD_FASKES") == ()


def test_synonym_fields_exist_in_standard() -> None:
    std = load_standard()
    for qualified in SYNONYMS:
        table, _, name = qualified.partition(".")
        if name in ("desa_name", "kecamatan_name"):
            continue
        assert name in std.tables[table].fields, qualified
