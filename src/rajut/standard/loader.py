"""Read the YAML files of the standard and build a checked :class:`Standard`."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from rajut.standard.checks import check_standard
from rajut.standard.errors import StandardError
from rajut.standard.models import CodeList, StandardMeta, Table
from rajut.standard.standard import Standard

DEFINITION_DIR = Path(__file__).resolve().parent


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise StandardError(
            f"Berkas standar {path} tidak bisa dibaca: {exc}.",
            "Perbaiki sintaks YAML berkas itu (indentasi, tanda kutip).",
            code="standard-unreadable",
        ) from exc
    if not isinstance(data, dict):
        raise StandardError(
            f"Berkas standar {path} harus berisi pemetaan YAML (kunci: nilai).",
            "Lihat berkas lain di folder yang sama sebagai contoh.",
            code="standard-invalid",
        )
    return data


def _invalid(path: Path, exc: ValidationError) -> StandardError:
    problems = "; ".join(
        f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors()[:5]
    )
    return StandardError(
        f"Berkas standar {path} tidak sah: {problems}.",
        "Lengkapi atau perbaiki kunci yang disebut; lihat docs/standard.md.",
        code="standard-invalid",
    )


def _load_codelists(directory: Path) -> dict[str, CodeList]:
    result: dict[str, CodeList] = {}
    for path in sorted((directory / "codelists").glob("*.yaml")):
        data = {"name": path.stem, **_read_yaml(path)}
        try:
            result[path.stem] = CodeList.model_validate(data)
        except ValidationError as exc:
            raise _invalid(path, exc) from exc
    return result


def _load_table(path: Path, meta: StandardMeta) -> Table:
    data = _read_yaml(path)
    own = data.get("fields") or {}
    record = {name: f.model_dump() for name, f in meta.record_fields.items()}
    clash = sorted(set(own) & set(record))
    if clash:
        raise StandardError(
            f"Berkas standar {path} mendeklarasikan ulang kolom asal rekaman {clash}.",
            "Hapus kolom itu; source dan record_id ditambahkan otomatis dari standard.yaml.",
            code="standard-invalid",
        )
    data = {"name": path.stem, **data, "fields": {**record, **own}}
    try:
        return Table.model_validate(data)
    except ValidationError as exc:
        raise _invalid(path, exc) from exc


def load_standard_from(directory: Path) -> Standard:
    """Load and check a standard from ``directory`` (``standard.yaml``, ``tables/``, ...)."""
    meta_path = directory / "standard.yaml"
    try:
        meta = StandardMeta.model_validate({**_read_yaml(meta_path)})
    except ValidationError as exc:
        raise _invalid(meta_path, exc) from exc
    tables: dict[str, Table] = {}
    for name in meta.tables:
        path = directory / "tables" / f"{name}.yaml"
        if not path.is_file():
            raise StandardError(
                f"Tabel {name!r} disebut di {meta_path} tetapi {path} tidak ada.",
                "Tambahkan berkas tabel itu atau hapus namanya dari daftar tables.",
                code="standard-invalid",
            )
        tables[name] = _load_table(path, meta)
    standard = Standard(meta=meta, tables=tables, codelists=_load_codelists(directory))
    check_standard(standard)
    return standard


@lru_cache(maxsize=1)
def load_standard() -> Standard:
    """The standard shipped with rajut (loaded once, then cached).

    Examples:
        >>> std = load_standard()
        >>> std.field("person.nik").rule
        'nik'
    """
    return load_standard_from(DEFINITION_DIR)
