"""Validation with the frictionless library itself (installed in .venv for tests only)."""

from __future__ import annotations

from pathlib import Path

import pytest

from rajut.standard import load_standard

STD = load_standard()

frictionless = pytest.importorskip("frictionless")


@pytest.mark.parametrize("table", list(STD.tables))
def test_frictionless_accepts_schema(table: str) -> None:
    report = frictionless.Schema.validate_descriptor(STD.table_schema(table))
    assert report.valid, [e.message for e in report.errors]


def test_frictionless_rejects_a_broken_schema() -> None:
    schema = STD.table_schema("person")
    schema["fields"][2]["type"] = "teks"
    assert not frictionless.Schema.validate_descriptor(schema).valid


def test_frictionless_accepts_package(tmp_path: Path) -> None:
    STD.export(tmp_path)
    report = frictionless.Package.validate_descriptor(str(tmp_path / "datapackage.json"))
    assert report.valid, [e.message for e in report.errors]


def test_schema_validates_canonical_data(tmp_path: Path) -> None:
    names = list(STD.tables["person"].fields)
    good = {
        "source": "siak",
        "record_id": "1",
        "nik": "3310124508900001",
        "name": "SITI AMINAH",
        "sex": "P",
        "birth_date": "1990-08-05",
        "desa_code": "33.10.12.2001",
        "religion": "islam",
        "alive": "true",
        "rt": "003",
    }
    bad = {
        "source": "siak",
        "record_id": "2",
        "nik": "33101245089",
        "name": "BUDI",
        "sex": "X",
        "birth_date": "1990-13-01",
        "desa_code": "3310122001",
        "religion": "muslim",
        "alive": "mungkin",
        "rt": "3",
    }
    lines = [",".join(names)] + [",".join(row.get(n, "") for n in names) for row in (good, bad)]
    path = tmp_path / "person.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    schema = frictionless.Schema.from_descriptor(STD.table_schema("person"))
    report = frictionless.validate(
        frictionless.Resource(path=path.name, basepath=str(tmp_path), schema=schema)
    )
    errors = report.flatten(["rowNumber", "fieldName", "type"])
    assert {row for row, _, _ in errors} == {3}, errors
    bad_fields = {name for _, name, _ in errors}
    assert bad_fields == {"nik", "sex", "birth_date", "desa_code", "religion", "alive", "rt"}
