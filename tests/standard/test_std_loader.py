"""Loading a standard from YAML: broken definitions are reported, not ignored."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from rajut.standard import StandardError, load_standard_from
from rajut.standard.loader import DEFINITION_DIR


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    target = tmp_path / "std"
    shutil.copytree(DEFINITION_DIR, target, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return target


def _edit(path: Path, change: dict[str, object], *, field: str | None = None) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    target = data["fields"][field] if field else data
    target.update(change)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def test_copy_loads(copy: Path) -> None:
    std = load_standard_from(copy)
    assert list(std.tables) == ["person", "household", "welfare", "program", "growth", "enrollment"]


def test_unknown_klasifikasi_is_rejected(copy: Path) -> None:
    _edit(copy / "tables" / "person.yaml", {"klasifikasi": "jenis_kelamin"}, field="sex")
    with pytest.raises(StandardError) as exc:
        load_standard_from(copy)
    assert exc.value.code == "standard-inconsistent"
    assert "person.sex" in exc.value.message and "jenis_kelamin" in exc.value.message


def test_missing_konsep_is_rejected(copy: Path) -> None:
    path = copy / "tables" / "growth.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    del data["fields"]["weight_kg"]["konsep"]
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(StandardError) as exc:
        load_standard_from(copy)
    assert exc.value.code == "standard-invalid"
    assert "growth.yaml" in exc.value.message and "konsep" in exc.value.message


def test_rule_type_mismatch_is_rejected(copy: Path) -> None:
    _edit(copy / "tables" / "welfare.yaml", {"type": "string"}, field="desil")
    with pytest.raises(StandardError, match="welfare.desil"):
        load_standard_from(copy)


def test_unknown_rule_name_is_rejected(copy: Path) -> None:
    _edit(copy / "tables" / "person.yaml", {"rule": "nama"}, field="name")
    with pytest.raises(StandardError) as exc:
        load_standard_from(copy)
    assert exc.value.code == "standard-invalid"


def test_ambiguous_alias_is_rejected(copy: Path) -> None:
    path = copy / "codelists" / "sex.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["codes"]["P"]["aliases"].append("Laki-Laki")
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(StandardError, match="Laki-Laki"):
        load_standard_from(copy)


def test_boolean_field_needs_true_false_code_list(copy: Path) -> None:
    _edit(copy / "tables" / "program.yaml", {"klasifikasi": "sex"}, field="pkh")
    with pytest.raises(StandardError, match="program.pkh"):
        load_standard_from(copy)


def test_broken_yaml_names_the_file(copy: Path) -> None:
    (copy / "codelists" / "religion.yaml").write_text("codes: [unclosed", encoding="utf-8")
    with pytest.raises(StandardError) as exc:
        load_standard_from(copy)
    assert exc.value.code == "standard-unreadable"
    assert "religion.yaml" in exc.value.message
    assert exc.value.hint


def test_missing_table_file(copy: Path) -> None:
    (copy / "tables" / "growth.yaml").unlink()
    with pytest.raises(StandardError, match="growth"):
        load_standard_from(copy)


def test_record_fields_cannot_be_redeclared(copy: Path) -> None:
    path = copy / "tables" / "household.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["fields"]["source"] = dict(data["fields"]["household_ref"])
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(StandardError, match="source"):
        load_standard_from(copy)
