"""Recap definitions: the YAML catalog of standard recaps, validated with pydantic.

The shipped catalog is ``recaps.yaml`` next to this module. A workspace may add recaps or
replace shipped ones (same ``id``) in ``<workspace>/reporting/recaps.yaml``; its ``konsep``
and ``potongan`` entries override the shipped ones by name.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from rajut.errors import RajutError

SHIPPED = Path(__file__).with_name("recaps.yaml")
WORKSPACE_FILE = Path("reporting") / "recaps.yaml"
_ID_RE = r"^[a-z][a-z0-9-]{0,60}$"

ColumnKind = Literal["teks", "bilangan", "desimal", "persen", "tanggal"]
PostProcess = Literal["mutu_sumber", "judul_masalah"]


class ReportError(RajutError):
    code = "report-error"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Column(_Model):
    """One output column: the SQL column name, its Bahasa header and how to show it."""

    nama: str
    judul: str
    jenis: ColumnKind = "teks"


class Series(_Model):
    kolom: str
    judul: str


class Chart(_Model):
    """A bar chart of one table: categories from ``kategori``, one bar series per ``nilai``."""

    judul: str
    kategori: list[str] = Field(min_length=1)
    nilai: list[Series] = Field(min_length=1, max_length=4)
    urut: str | None = None  # sort rows by this column before drawing
    menurun: bool = False  # sort descending
    batas: int | None = Field(default=None, ge=1)  # draw at most this many rows


class TableDef(_Model):
    """One table of a recap: a SQL query, its columns and its chart."""

    id: str = Field(pattern=_ID_RE)
    judul: str
    sql: str
    kolom: list[Column] = Field(min_length=1)
    grafik: Chart
    olah: PostProcess | None = None  # named post-processing step in Python

    @model_validator(mode="after")
    def _chart_columns_exist(self) -> TableDef:
        names = {c.nama for c in self.kolom}
        used = [*self.grafik.kategori, *(s.kolom for s in self.grafik.nilai)]
        if self.grafik.urut:
            used.append(self.grafik.urut)
        missing = [n for n in used if n not in names]
        if missing:
            raise ValueError(f"grafik memakai kolom yang tidak ada di `kolom`: {missing}")
        return self


class RecapDef(_Model):
    """One standard recap: id, judul, deskripsi and its tables."""

    id: str = Field(pattern=_ID_RE)
    judul: str
    deskripsi: str
    tabel: list[TableDef] = Field(min_length=1)


class Catalog(_Model):
    """The whole catalog: predicates (``konsep``), SQL snippets (``potongan``), recaps."""

    versi: int = 1
    konsep: dict[str, str] = Field(default_factory=dict)
    potongan: dict[str, str] = Field(default_factory=dict)
    rekap: list[RecapDef] = Field(default_factory=list)

    def get(self, recap_id: str) -> RecapDef:
        for recap in self.rekap:
            if recap.id == recap_id:
                return recap
        known = ", ".join(r.id for r in self.rekap)
        raise ReportError(
            f"Rekap {recap_id!r} tidak dikenal.",
            f"Pilih salah satu: {known}. Lihat daftarnya dengan `rajut report list`.",
            code="report-unknown",
        )


def _read(path: Path) -> Catalog:
    try:
        data: Any = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        return Catalog.model_validate(data)
    except yaml.YAMLError as exc:
        raise ReportError(
            f"Berkas rekap {path} bukan YAML yang sah: {exc}.",
            "Periksa indentasi dan tanda titik dua di berkas itu.",
            code="report-catalog-invalid",
        ) from exc
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()
        )
        raise ReportError(
            f"Berkas rekap {path} tidak sah: {problems}.",
            "Perbaiki kunci yang disebut; lihat docs/reporting.md untuk bentuk yang benar.",
            code="report-catalog-invalid",
        ) from exc


def merge(base: Catalog, extra: Catalog) -> Catalog:
    """``extra`` wins: its concepts, snippets and recaps replace those with the same name."""
    recaps = {r.id: r for r in base.rekap}
    recaps.update({r.id: r for r in extra.rekap})
    return Catalog(
        versi=max(base.versi, extra.versi),
        konsep={**base.konsep, **extra.konsep},
        potongan={**base.potongan, **extra.potongan},
        rekap=list(recaps.values()),
    )


def load_catalog(workspace_root: Path | None = None) -> Catalog:
    """The shipped catalog, merged with the workspace's ``reporting/recaps.yaml`` if any.

    Examples:
        >>> [r.id for r in load_catalog().rekap]
        ['cakupan-program', 'target-realisasi', 'mutu-data']
    """
    catalog = _read(SHIPPED)
    if workspace_root is not None and (workspace_root / WORKSPACE_FILE).is_file():
        catalog = merge(catalog, _read(workspace_root / WORKSPACE_FILE))
    return catalog


_PLACEHOLDER = re.compile(r"\{(potongan|konsep):([a-z0-9_]+)\}")


def expand_sql(sql: str, catalog: Catalog, concepts: dict[str, str], *, depth: int = 0) -> str:
    """Replace ``{potongan:X}`` and ``{konsep:X}`` placeholders (snippets may nest).

    ``concepts`` (from the concept catalog) wins over the recap catalog's own ``konsep``.

    Examples:
        >>> cat = Catalog(konsep={"miskin": "desil <= 4"}, potongan={"p": "WHERE {konsep:miskin}"})
        >>> expand_sql("SELECT 1 {potongan:p}", cat, {})
        'SELECT 1 WHERE (desil <= 4)'
    """
    if depth > 5:
        raise ReportError(
            "Potongan SQL rekap saling merujuk tanpa akhir.",
            "Periksa bagian `potongan` di berkas rekap.",
            code="report-sql-loop",
        )

    def replace(match: re.Match[str]) -> str:
        kind, name = match.group(1), match.group(2)
        if kind == "konsep":
            predicate = concepts.get(name) or catalog.konsep.get(name)
            if predicate is None:
                raise _missing("konsep", name)
            return f"({predicate})"
        if name not in catalog.potongan:
            raise _missing("potongan", name)
        return expand_sql(catalog.potongan[name], catalog, concepts, depth=depth + 1)

    return _PLACEHOLDER.sub(replace, sql)


def _missing(kind: str, name: str) -> ReportError:
    return ReportError(
        f"SQL rekap merujuk {kind} {name!r} yang tidak didefinisikan.",
        f"Tambahkan {name!r} ke bagian `{kind}` berkas rekap, atau perbaiki ejaannya.",
        code="report-sql-placeholder",
    )
