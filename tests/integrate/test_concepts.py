"""Concept catalog: loading, overrides, and evaluation on a tiny hand-made integ fixture."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pytest

from rajut.integrate.concepts import count_concepts, evaluate_concept, load_concepts
from rajut.integrate.errors import IntegrateConfigError
from rajut.integrate.schema import ensure_schema

B = "b-test"
# person_id, age_years, alive, household_id
PERSONS = [
    ("A6", 6, True, "H1"),
    ("A7", 7, True, "H1"),
    ("A18", 18, True, "H2"),
    ("A19", 19, True, "H2"),
    ("D10", 10, False, "H2"),
    ("K2", 2, True, "H3"),
    ("K4", 4, True, "H3"),
    ("K5", 5, True, "H3"),
]
HOUSEHOLDS = [("H1", 1), ("H2", 4), ("H3", 5), ("H4", None)]
GROWTH = [("K2", -2.3), ("K4", -1.9), ("K5", -3.0)]
PROGRAMS = [
    ("A7", "pkh", True),
    ("A18", "pkh", False),
    ("A19", "bpnt", True),
    ("K2", "pbi_jk", True),
    ("K4", "pip", True),
]


@pytest.fixture
def con() -> duckdb.DuckDBPyConnection:
    c = duckdb.connect()
    ensure_schema(c)
    c.execute("INSERT INTO integ.builds VALUES (?, DATE '2026-06-30', now(), '{}')", [B])
    for pid, age, alive, hh in PERSONS:
        c.execute(
            "INSERT INTO integ.person (build_id, person_id, age_years, alive, household_id, "
            "desa_code, kecamatan_code) VALUES (?, ?, ?, ?, ?, '33.10.01.2001', '33.10.01')",
            [B, pid, age, alive, hh],
        )
    for hh, desil in HOUSEHOLDS:
        c.execute(
            "INSERT INTO integ.household (build_id, household_id, desil) VALUES (?, ?, ?)",
            [B, hh, desil],
        )
    for pid, z in GROWTH:
        c.execute(
            "INSERT INTO integ.child_growth (build_id, person_id, z_tbu) VALUES (?, ?, ?)",
            [B, pid, z],
        )
    for pid, program, receives in PROGRAMS:
        c.execute(
            "INSERT INTO integ.person_program (build_id, person_id, program, receives) "
            "VALUES (?, ?, ?, ?)",
            [B, pid, program, receives],
        )
    # another build must never leak into this one
    c.execute(
        "INSERT INTO integ.household (build_id, household_id, desil) VALUES ('other', 'HX', 1)"
    )
    return c


EXPECTED = {
    "rumah_tangga_miskin_rentan": ["H1", "H2"],
    "miskin_ekstrem": ["H1"],
    "anak_usia_sekolah": ["A18", "A7"],
    "balita_stunting": ["K2"],
    "penerima_pkh": ["A7"],
    "penerima_bpnt": ["A19"],
    "penerima_pbi_jk": ["K2"],
    "penerima_pip": ["K4"],
}


def test_each_default_concept_selects_exactly_its_members(con: duckdb.DuckDBPyConnection) -> None:
    catalog = load_concepts(None)
    assert {c.id for c in catalog.concepts} == set(EXPECTED)
    for concept_id, members in EXPECTED.items():
        found = [row[0] for row in evaluate_concept(con, catalog.get(concept_id), B)]
        assert found == sorted(members), concept_id
    assert count_concepts(con, catalog, B)["anak_usia_sekolah"] == 2


def test_every_concept_has_sdi_metadata() -> None:
    for concept in load_concepts(None).concepts:
        meta = concept.metadata
        assert meta.konsep and meta.definisi and meta.ukuran and meta.satuan
        assert meta.referensi_waktu and meta.produsen
        assert concept.sumber


def test_walidata_can_add_and_replace_concepts(
    con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    (tmp_path / "integrate").mkdir()
    (tmp_path / "integrate" / "concepts.yaml").write_text(
        """
concepts:
  - id: miskin_ekstrem
    judul: Miskin ekstrem (desil 1-2)
    unit: household
    definisi: Versi daerah.
    predikat: h.desil <= 2
    sumber: [welfare.desil]
    metadata: {konsep: K, definisi: D, ukuran: U, satuan: keluarga, referensi_waktu: R,
               produsen: Dinas Sosial}
  - id: lansia
    judul: Penduduk lanjut usia
    unit: person
    definisi: Umur 60 tahun ke atas.
    predikat: p.alive AND p.age_years >= 60 AND {as_of} > DATE '2000-01-01'
    sumber: [person.birth_date]
    metadata: {konsep: K, definisi: D, ukuran: U, satuan: jiwa, referensi_waktu: R,
               produsen: Disdukcapil}
""",
        encoding="utf-8",
    )
    catalog = load_concepts(tmp_path)
    assert len(catalog.concepts) == len(EXPECTED) + 1
    assert [r[0] for r in evaluate_concept(con, catalog.get("miskin_ekstrem"), B)] == ["H1"]
    assert evaluate_concept(con, catalog.get("lansia"), B) == []


def test_broken_predicate_and_unknown_concept_are_bahasa_errors(
    con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    (tmp_path / "integrate").mkdir()
    (tmp_path / "integrate" / "concepts.yaml").write_text(
        "concepts:\n  - id: rusak\n    judul: Rusak\n    unit: person\n    definisi: x y z\n"
        "    predikat: p.kolom_tidak_ada > 1\n    sumber: [x]\n"
        "    metadata: {konsep: K, definisi: D, ukuran: U, satuan: jiwa, "
        "referensi_waktu: R, produsen: P}\n",
        encoding="utf-8",
    )
    catalog = load_concepts(tmp_path)
    with pytest.raises(IntegrateConfigError) as err:
        evaluate_concept(con, catalog.get("rusak"), B)
    assert "rusak" in err.value.message
    with pytest.raises(IntegrateConfigError):
        catalog.get("tidak_ada")
    (tmp_path / "integrate" / "concepts.yaml").write_text(
        "concepts:\n  - id: x1\n    unit: orang\n", encoding="utf-8"
    )
    with pytest.raises(IntegrateConfigError) as bad:
        load_concepts(tmp_path)
    assert "concepts.yaml" in bad.value.message


def test_as_of_literal_is_substituted(con: duckdb.DuckDBPyConnection) -> None:
    from rajut.integrate.concepts import members_sql

    concept = load_concepts(None).get("anak_usia_sekolah")
    sql = members_sql(
        concept.model_copy(update={"predikat": "p.age_years < 99 AND {as_of} IS NOT NULL"}),
        B,
        date(2026, 6, 30),
    )
    assert "DATE '2026-06-30'" in sql
    assert len(con.execute(sql).fetchall()) == len(PERSONS)
