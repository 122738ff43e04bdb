"""Frictionless Table Schema and Data Package descriptors of the standard.

Specs: https://specs.frictionlessdata.io/table-schema/ and /data-package/. SDI metadata
(konsep, satuan, ...) travels in custom keys prefixed ``rajut:``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rajut.standard.models import StandardField, Table

if TYPE_CHECKING:
    from rajut.standard.standard import Standard

PREFIX = "rajut:"
MISSING_VALUES = [""]


def _constraints(std: Standard, fld: StandardField) -> dict[str, Any]:
    limits = fld.constraints
    result: dict[str, Any] = {}
    if fld.required:
        result["required"] = True
    if limits.unique:
        result["unique"] = True
    pattern = limits.pattern or std.meta.rules[fld.rule].pattern
    if pattern and fld.type == "string":
        result["pattern"] = pattern
    if limits.min_length is not None:
        result["minLength"] = limits.min_length
    if limits.max_length is not None:
        result["maxLength"] = limits.max_length
    if limits.minimum is not None:
        result["minimum"] = _number(fld, limits.minimum)
    if limits.maximum is not None:
        result["maximum"] = _number(fld, limits.maximum)
    codelist = std.codelists.get(fld.klasifikasi or "")
    if codelist is not None and fld.type == "string":
        result["enum"] = list(codelist.codes)
    return result


def _number(fld: StandardField, value: float) -> int | float:
    return int(value) if fld.type == "integer" else value


def _sdi_keys(std: Standard, fld: StandardField) -> dict[str, Any]:
    keys: dict[str, Any] = {
        "konsep": fld.konsep,
        "definisi": fld.definisi,
        "klasifikasi": fld.klasifikasi,
        "satuan": fld.satuan,
        "referensi_waktu": fld.referensi_waktu,
        "kode_sdsn": fld.kode_sdsn,
        "pii": fld.pii,
        "rule": fld.rule,
        "title_en": fld.title_en,
        "source_columns": fld.source_columns or None,
    }
    if fld.klasifikasi in std.meta.external_codelists:
        keys["referensi"] = std.meta.external_codelists[fld.klasifikasi].reference
    return {PREFIX + k: v for k, v in keys.items() if v is not None}


def field_descriptor(std: Standard, fld: StandardField) -> dict[str, Any]:
    """One Table Schema field descriptor."""
    descriptor: dict[str, Any] = {
        "name": fld.name,
        "type": fld.type,
        "format": "default",
        "title": fld.title,
        "description": fld.definisi,
    }
    constraints = _constraints(std, fld)
    if constraints:
        descriptor["constraints"] = constraints
    descriptor.update(_sdi_keys(std, fld))
    return descriptor


def table_schema(std: Standard, table: Table) -> dict[str, Any]:
    """The Frictionless Table Schema of ``table``."""
    return {
        "$schema": "https://specs.frictionlessdata.io/schemas/table-schema.json",
        "title": table.judul,
        "description": table.deskripsi,
        "fields": [field_descriptor(std, f) for f in table.fields.values()],
        "primaryKey": list(table.primary_key),
        "missingValues": list(MISSING_VALUES),
        PREFIX + "table": table.name,
        PREFIX + "standard_version": std.version,
    }


def resource_descriptor(std: Standard, table: Table) -> dict[str, Any]:
    """Data Package resource for ``table`` with SDI dataset metadata."""
    return {
        "name": table.name,
        "path": f"data/{table.name}.csv",
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "title": table.judul,
        "description": table.deskripsi,
        "schema": f"{table.name}.schema.json",
        PREFIX + "produsen": table.produsen,
        PREFIX + "walidata": table.walidata,
        PREFIX + "pembina_data": table.pembina_data,
        PREFIX + "frekuensi": table.frekuensi,
        PREFIX + "level_wilayah": table.level_wilayah,
        PREFIX + "aksesibilitas": table.aksesibilitas,
        PREFIX + "kategori_data_pribadi": table.kategori_data_pribadi,
        PREFIX + "dasar_hukum": table.dasar_hukum,
        PREFIX + "judul_en": table.judul_en,
    }


def package_descriptor(std: Standard) -> dict[str, Any]:
    """Data Package descriptor listing every table schema and the code lists."""
    meta = std.meta
    codelists = {
        "name": "codelists",
        "path": "codelists.json",
        "format": "json",
        "mediatype": "application/json",
        "title": "Daftar kode (klasifikasi) standar data",
    }
    return {
        "name": meta.name,
        "title": meta.title,
        "description": meta.description,
        "version": meta.version,
        "profile": "data-package",
        "licenses": [{"name": "Apache-2.0", "title": meta.license}],
        "resources": [resource_descriptor(std, t) for t in std.tables.values()] + [codelists],
        PREFIX + "pembina_data": meta.pembina_data,
        PREFIX + "walidata": meta.walidata,
        PREFIX + "title_en": meta.title_en,
    }


def codelists_document(std: Standard) -> dict[str, Any]:
    """All code lists (internal with codes, external with their reference) as JSON."""
    internal = {
        name: codelist.model_dump(exclude={"name"}) | {"codes": list(codelist.codes.values())}
        for name, codelist in std.codelists.items()
    }
    for entry in internal.values():
        entry["codes"] = [code.model_dump() for code in entry["codes"]]
    external = {
        name: ext.model_dump(exclude={"name"}) | {"external": True}
        for name, ext in std.meta.external_codelists.items()
    }
    return {"standard_version": std.version, "codelists": internal | external}
