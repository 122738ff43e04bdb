"""Exported Table Schemas and Data Package follow the Frictionless specs (structure)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from rajut.standard import load_standard

STD = load_standard()
TYPES = {
    "string",
    "number",
    "integer",
    "boolean",
    "object",
    "array",
    "date",
    "time",
    "datetime",
    "year",
    "yearmonth",
    "duration",
    "geopoint",
    "geojson",
    "any",
}
CONSTRAINTS = {
    "required",
    "unique",
    "minLength",
    "maxLength",
    "minimum",
    "maximum",
    "pattern",
    "enum",
}
NAME_RE = re.compile(r"^[-a-z0-9._/]+$")


def assert_table_schema(schema: dict[str, Any]) -> None:
    """Structural check against the Table Schema spec (required keys and value shapes)."""
    assert isinstance(schema["fields"], list) and schema["fields"]
    names = [f["name"] for f in schema["fields"]]
    assert len(names) == len(set(names))
    for fld in schema["fields"]:
        assert isinstance(fld["name"], str) and fld["name"]
        assert fld["type"] in TYPES
        assert set(fld.get("constraints", {})) <= CONSTRAINTS
        for key in fld:
            assert key in {"name", "type", "format", "title", "description", "constraints"} or (
                key.startswith("rajut:")
            )
        for pattern in [fld.get("constraints", {}).get("pattern")]:
            if pattern:
                re.compile(pattern)
    assert set(schema["primaryKey"]) <= set(names)
    assert all(isinstance(v, str) for v in schema["missingValues"])


@pytest.mark.parametrize("table", list(STD.tables))
def test_table_schema_structure(table: str) -> None:
    schema = STD.table_schema(table)
    assert_table_schema(schema)
    assert schema["primaryKey"] == ["source", "record_id"]
    for fld in schema["fields"]:
        meta = STD.field(f"{table}.{fld['name']}")
        assert fld["rajut:konsep"] == meta.konsep
        assert fld["description"] == meta.definisi
        assert fld["rajut:rule"] == meta.rule
        assert fld["rajut:pii"] == meta.pii


def test_enum_pattern_and_reference() -> None:
    fields = {f["name"]: f for f in STD.table_schema("person")["fields"]}
    assert fields["sex"]["constraints"]["enum"] == ["L", "P"]
    assert fields["religion"]["constraints"]["enum"] == list(STD.codelists["religion"].codes)
    assert fields["nik"]["constraints"]["pattern"] == "^[0-9]{16}$"
    assert fields["nisn"]["constraints"]["pattern"] == "^[0-9]{10}$"
    desa = fields["desa_code"]
    assert "enum" not in desa["constraints"]
    assert desa["rajut:klasifikasi"] == "wilayah_kemendagri"
    assert desa["rajut:referensi"] == "rajut.reference.wilayah"
    assert "enum" not in fields["alive"].get("constraints", {})
    welfare = {f["name"]: f for f in STD.table_schema("welfare")["fields"]}
    assert welfare["desil"]["constraints"] == {"minimum": 1, "maximum": 10}
    assert welfare["luas_lantai_m2"]["rajut:satuan"] == "m²"


def test_export_writes_all_files(tmp_path: Path) -> None:
    out = tmp_path / "baru" / "standar"
    paths = STD.export(out)
    names = [p.name for p in paths]
    assert names == [f"{t}.schema.json" for t in STD.tables] + [
        "codelists.json",
        "datapackage.json",
    ]
    package = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    assert NAME_RE.match(package["name"])
    resources = package["resources"]
    assert [r["name"] for r in resources] == [*STD.tables, "codelists"]
    for res in resources:
        assert NAME_RE.match(res["name"]) and ("path" in res or "data" in res)
        if "schema" in res:
            schema = json.loads((out / res["schema"]).read_text(encoding="utf-8"))
            assert_table_schema(schema)
            assert res["rajut:walidata"] and res["rajut:frekuensi"] and res["rajut:produsen"]
    codelists = json.loads((out / "codelists.json").read_text(encoding="utf-8"))["codelists"]
    assert set(codelists) == set(STD.codelists) | {"wilayah_kemendagri"}
    sex_codes = {c["code"]: c for c in codelists["sex"]["codes"]}
    assert "PRIA" in sex_codes["L"]["aliases"]
    assert codelists["wilayah_kemendagri"]["external"] is True


def test_export_to_unwritable_target_is_a_user_error(tmp_path: Path) -> None:
    from rajut.errors import RajutError

    blocker = tmp_path / "berkas"
    blocker.write_text("bukan folder", encoding="utf-8")
    with pytest.raises(RajutError) as exc:
        STD.export(blocker)
    assert exc.value.code == "standard-export-failed"
    assert str(blocker) in exc.value.message
