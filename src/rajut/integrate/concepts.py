"""The concept catalog: shared definitions as SQL predicates over one build's integ tables.

Shipped in ``concepts.yaml``; the walidata may add or replace concepts (same ``id``) in
``<workspace>/integrate/concepts.yaml``. A ``person`` concept's predicate sees ``p`` (a row
of ``integ.person``), a ``household`` concept's sees ``h`` (``integ.household``); both may
use ``{as_of}`` (the build's reference date as a DATE literal).

Examples:
    >>> catalog = load_concepts(None)
    >>> catalog.get("miskin_ekstrem").predikat
    'h.desil = 1'
    >>> "p.build_id = 'b1'" in members_sql(catalog.get("anak_usia_sekolah"), "b1", None)
    True
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any, Literal

import duckdb
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from rajut.integrate.choose import lit
from rajut.integrate.errors import IntegrateConfigError

SHIPPED = Path(__file__).with_name("concepts.yaml")
WORKSPACE_FILE = Path("integrate") / "concepts.yaml"

Unit = Literal["person", "household"]
_TABLE = {
    "person": ("integ.person", "p", "person_id"),
    "household": ("integ.household", "h", "household_id"),
}


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SdiMetadata(_Model):
    """Standar Data SDI fields of a concept."""

    konsep: str = Field(min_length=1)
    definisi: str = Field(min_length=1)
    klasifikasi: str = ""
    ukuran: str = Field(min_length=1)
    satuan: str = Field(min_length=1)
    referensi_waktu: str = Field(min_length=1)
    produsen: str = Field(min_length=1)


class Concept(_Model):
    """One shared concept."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_]{1,63}$")
    judul: str = Field(min_length=3)
    unit: Unit
    definisi: str = Field(min_length=3)
    predikat: str = Field(min_length=3)
    sumber: list[str] = Field(min_length=1, description="Kolom standar yang dipakai.")
    metadata: SdiMetadata

    @field_validator("predikat")
    @classmethod
    def _no_statement_end(cls, value: str) -> str:
        if ";" in value:
            raise ValueError("predikat tidak boleh memuat titik koma")
        return value.strip()


class ConceptCatalog(_Model):
    version: int = 1
    concepts: list[Concept]

    @field_validator("concepts")
    @classmethod
    def _unique(cls, value: list[Concept]) -> list[Concept]:
        ids = [c.id for c in value]
        doubles = sorted({i for i in ids if ids.count(i) > 1})
        if doubles:
            raise ValueError(f"id konsep berulang: {', '.join(doubles)}")
        return value

    def get(self, concept_id: str) -> Concept:
        for concept in self.concepts:
            if concept.id == concept_id:
                return concept
        known = ", ".join(c.id for c in self.concepts)
        raise IntegrateConfigError(
            f"Konsep {concept_id!r} tidak ada di katalog.",
            f"Pilih salah satu: {known}.",
            code="concept-unknown",
        )


def _read(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise IntegrateConfigError(
            f"Katalog konsep {path} tidak bisa dibaca: {exc}.",
            "Periksa penulisan YAML (indentasi, titik dua) lalu ulangi.",
        ) from exc
    if not isinstance(data, dict) or not isinstance(data.get("concepts", []), list):
        raise IntegrateConfigError(
            f"Katalog konsep {path} harus berisi kunci 'concepts' berupa daftar.",
            "Lihat contoh di docs/integration.md.",
        )
    return data


def load_concepts(workspace_root: Path | None) -> ConceptCatalog:
    """Shipped catalog plus the workspace's additions/replacements (same id replaces)."""
    data = _read(SHIPPED)
    path = SHIPPED
    merged: dict[str, Any] = {str(c.get("id")): c for c in data["concepts"]}
    if workspace_root is not None and (workspace_root / WORKSPACE_FILE).is_file():
        path = workspace_root / WORKSPACE_FILE
        for item in _read(path).get("concepts", []):
            merged[str(item.get("id") if isinstance(item, dict) else item)] = item
    try:
        return ConceptCatalog.model_validate({"version": 1, "concepts": list(merged.values())})
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors()
        )
        raise IntegrateConfigError(
            f"Katalog konsep di {path} tidak sah: {problems}.",
            "Perbaiki kunci yang disebut; contoh ada di docs/integration.md.",
        ) from exc


def members_sql(concept: Concept, build_id: str, as_of: date | None) -> str:
    """SELECT entity_id, desa_code, kecamatan_code of the concept's members in a build."""
    table, alias, key = _TABLE[concept.unit]
    as_of_sql = f"DATE '{as_of.isoformat()}'" if as_of else "NULL::DATE"
    predicate = concept.predikat.replace("{as_of}", as_of_sql)
    return (
        f"SELECT {alias}.{key} AS entity_id, {alias}.desa_code, {alias}.kecamatan_code "
        f"FROM {table} {alias} WHERE {alias}.build_id = {lit(build_id)} AND ({predicate})"
    )


def _build_as_of(con: duckdb.DuckDBPyConnection, build_id: str) -> date | None:
    row = con.execute("SELECT as_of FROM integ.builds WHERE build_id = ?", [build_id]).fetchone()
    return row[0] if row else None


def evaluate_concept(
    con: duckdb.DuckDBPyConnection, concept: Concept, build_id: str
) -> list[tuple[str, str | None, str | None]]:
    """Members (entity_id, desa_code, kecamatan_code) of ``concept`` in build ``build_id``."""
    sql = members_sql(concept, build_id, _build_as_of(con, build_id)) + " ORDER BY 1"
    try:
        rows = con.execute(sql).fetchall()
    except duckdb.Error as exc:
        raise IntegrateConfigError(
            f"Predikat konsep {concept.id!r} tidak bisa dijalankan: {exc}.",
            "Perbaiki 'predikat' di integrate/concepts.yaml (alias p untuk orang, h untuk "
            "keluarga; saring subkueri dengan build_id).",
            code="concept-invalid",
        ) from exc
    return [(str(r[0]), r[1], r[2]) for r in rows]


def count_concepts(
    con: duckdb.DuckDBPyConnection, catalog: ConceptCatalog, build_id: str
) -> dict[str, int]:
    """Number of members of every concept in build ``build_id``."""
    return {c.id: len(evaluate_concept(con, c, build_id)) for c in catalog.concepts}
