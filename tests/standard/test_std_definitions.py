"""The shipped standard: completeness of metadata, code lists and lookups."""

from __future__ import annotations

import pytest

from rajut.standard import CodeList, StandardError, load_standard, normalize_alias
from rajut.standard.checks import alias_conflicts, standard_problems

STD = load_standard()

EXPECTED_FIELDS = {
    "person": {
        "nik",
        "kk_number",
        "name",
        "sex",
        "birth_date",
        "birth_place",
        "mother_name",
        "mother_nik",
        "father_name",
        "address",
        "rt",
        "rw",
        "desa_code",
        "religion",
        "education",
        "occupation",
        "marital_status",
        "shdk",
        "alive",
        "death_date",
        "phone",
        "nisn",
        "bpjs_card_number",
    },
    "household": {"household_ref", "kk_number", "relationship", "is_head"},
    "welfare": {
        "desil",
        "status_bangunan",
        "luas_lantai_m2",
        "jenis_lantai",
        "jenis_dinding",
        "sumber_air_minum",
    },
    "program": {
        "pkh",
        "bpnt",
        "pbi_jk",
        "pip",
        "kip",
        "pbi_segment",
        "membership_status",
        "tmt",
    },
    "growth": {
        "measured_on",
        "weight_kg",
        "height_cm",
        "measure_method",
        "birth_weight_kg",
        "birth_length_cm",
        "z_bbu",
        "z_tbu",
        "z_bbtb",
        "status_bbu",
        "status_tbu",
        "status_bbtb",
        "posyandu",
        "puskesmas",
    },
    "enrollment": {"npsn", "school_name", "grade", "semester", "kip_recipient", "pip_eligible"},
}

ALL_FIELDS = [(t.name, f) for t in STD.tables.values() for f in t.fields.values()]


def test_tables_and_fields_match_the_brief() -> None:
    assert list(STD.tables) == list(EXPECTED_FIELDS)
    for name, expected in EXPECTED_FIELDS.items():
        fields = set(STD.tables[name].fields)
        assert expected <= fields, f"{name} kurang {expected - fields}"
        assert list(STD.tables[name].fields)[:2] == ["source", "record_id"]


@pytest.mark.parametrize(("table", "fld"), ALL_FIELDS, ids=lambda x: getattr(x, "name", x))
def test_every_field_has_metadata(table: str, fld: object) -> None:
    from rajut.standard import Field

    assert isinstance(fld, Field)
    for text in (fld.title, fld.title_en, fld.konsep, fld.definisi, fld.referensi_waktu):
        assert text.strip(), f"{table}.{fld.name}"
    assert fld.rule in STD.meta.rules
    assert STD.meta.rules[fld.rule].type == fld.type


def test_every_klasifikasi_names_an_existing_code_list() -> None:
    known = set(STD.codelists) | set(STD.meta.external_codelists)
    used = {f.klasifikasi for _, f in ALL_FIELDS if f.klasifikasi}
    assert used <= known
    assert STD.field("person.desa_code").klasifikasi == "wilayah_kemendagri"
    assert standard_problems(STD) == []


def test_numbers_and_units_carry_a_satuan() -> None:
    for table, fld in ALL_FIELDS:
        if fld.type == "number":
            assert fld.satuan, f"{table}.{fld.name} tanpa satuan"


@pytest.mark.parametrize("name", sorted(STD.codelists))
def test_aliases_are_unambiguous(name: str) -> None:
    codelist = STD.codelists[name]
    assert alias_conflicts(codelist) == []
    mapping = codelist.alias_map()
    for code in codelist.codes.values():
        for spelling in code.spellings():
            assert codelist.lookup(spelling) == code.code
            assert mapping[normalize_alias(spelling)] == code.code


def test_conflicting_alias_is_detected() -> None:
    broken = CodeList.model_validate(
        {
            "name": "uji",
            "title": "Uji",
            "title_en": "Test",
            "description": "d",
            "source": "s",
            "codes": {
                "a": {"label": "A", "label_en": "A", "aliases": ["SAMA"]},
                "b": {"label": "B", "label_en": "B", "aliases": ["sama"]},
            },
            "source_codes": {"x": {"1": "c"}},
        }
    )
    problems = alias_conflicts(broken)
    assert any("'sama'" in p for p in problems)
    assert any("x:1" in p for p in problems)


@pytest.mark.parametrize(
    ("codelist", "raw", "expected"),
    [
        ("sex", "laki-laki", "L"),
        ("sex", "LAKI LAKI", "L"),
        ("sex", "Pria", "L"),
        ("sex", "2", "P"),
        ("sex", "W", "P"),
        ("sex", "perempuan", "P"),
        ("marital_status", "KAWIN TERCATAT", "kawin"),
        ("marital_status", "Kawin Belum Tercatat", "kawin"),
        ("religion", "KATHOLIK", "katolik"),
        ("religion", "Budha", "buddha"),
        ("education", "SLTA/SEDERAJAT", "slta"),
        ("education", "Tamat SD / Sederajat", "tamat_sd"),
        ("education", "DIPLOMA IV/STRATA I", "diploma_4_s1"),
        ("occupation", "BELUM/TIDAK BEKERJA", "belum_tidak_bekerja"),
        ("occupation", "buruh harian lepas", "buruh_harian_lepas"),
        ("shdk", "FAMILI LAIN", "famili_lain"),
        ("ya_tidak", "T", "false"),
        ("ya_tidak", "Ya", "true"),
        ("status_hidup", "MENINGGAL", "false"),
        ("pbi_segment", "PBPU PEMDA", "pbi_apbd"),
        ("measure_method", "telentang", "terlentang"),
        ("status_tbu", "Sangat Pendek", "sangat_pendek"),
    ],
)
def test_agency_spellings_map_to_codes(codelist: str, raw: str, expected: str) -> None:
    assert STD.codelists[codelist].lookup(raw) == expected


def test_unknown_spelling_is_not_guessed() -> None:
    assert STD.codelists["sex"].lookup("X") is None
    assert STD.codelists["shdk"].lookup("2") is None  # numbers need a source


def test_source_codes_are_per_source() -> None:
    shdk = STD.codelists["shdk"]
    assert shdk.lookup("02", source="siak") == "suami"
    assert shdk.lookup("3", source="siak") == "istri"
    assert shdk.lookup("3", source="dtks_hub_krt") == "anak"
    # HUB_KRT 2 (istri/suami) and 6 (orang tua/mertua) span two SIAK codes each: they map
    # to the generic codes, never to one SIAK code, and the catatan says why.
    assert shdk.lookup("2", source="dtks_hub_krt") == "pasangan"
    assert shdk.lookup("6", source="dtks_hub_krt") == "orang_tua_mertua"
    assert shdk.catatan and "HUB_KRT 2" in shdk.catatan
    with pytest.raises(KeyError):
        shdk.alias_map(source="tidak_ada")


def test_code_list_sizes() -> None:
    # SIAK's 11 SHDK codes plus the generic pasangan / orang_tua_mertua
    assert len(STD.codelists["shdk"].codes) == 13
    assert len(STD.codelists["education"].codes) == 10
    assert len(STD.codelists["occupation"].codes) >= 25
    assert set(STD.codelists["sex"].codes) == {"L", "P"}
    assert set(STD.codelists["marital_status"].codes) == {
        "belum_kawin",
        "kawin",
        "cerai_hidup",
        "cerai_mati",
    }
    assert len(STD.codelists["religion"].codes) == 7


def test_growth_status_bounds_cover_the_z_axis() -> None:
    for name in ("status_tbu", "status_bbu", "status_bbtb"):
        codes = list(STD.codelists[name].codes.values())
        lows = [c.attributes["z_bawah"] for c in codes]
        highs = [c.attributes["z_atas"] for c in codes]
        assert lows[0] == -99 and highs[-1] == 99
        assert lows[1:] == highs[:-1], name  # contiguous, no gaps or overlaps


def test_field_lookup_and_errors() -> None:
    assert STD.field("person.nik") is STD.tables["person"].fields["nik"]
    assert STD.field("person.nik").pii is True
    with pytest.raises(StandardError) as exc:
        STD.field("person.tidak_ada")
    assert exc.value.code == "unknown-field"
    with pytest.raises(StandardError) as exc:
        STD.field("orang.nik")
    assert exc.value.code == "unknown-table"
    assert "person" in exc.value.hint


def test_load_standard_is_cached() -> None:
    assert load_standard() is STD


def test_klasifikasi_resolves_internal_and_external() -> None:
    sex = STD.klasifikasi("person.sex")
    assert isinstance(sex, CodeList) and sex.name == "sex"
    assert STD.klasifikasi("person.nik") is None
    desa = STD.klasifikasi("person.desa_code")
    assert desa is not None and not isinstance(desa, CodeList)
    assert "33.10.12.2001" in desa
    assert desa.label("33.10.12.2001") == "Temuwangi"
    assert "33.10.12" not in desa  # a kecamatan is not a desa code
    assert "11.01.15.2007" in desa and desa.is_retired("11.01.15.2007")
    assert "99.99.99.9999" not in desa
