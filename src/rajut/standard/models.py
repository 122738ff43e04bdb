"""Pydantic models of the data standard: code lists, fields, tables, rules.

The standard itself is data (YAML files under ``tables/`` and ``codelists/``); these
models only check its shape. Cross-file checks (a field's ``klasifikasi`` names an
existing code list, ...) live in :mod:`rajut.standard.checks`.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator, model_validator

from rajut.standard.normalize import normalize_alias

FieldType = Literal["string", "integer", "number", "boolean", "date", "datetime"]
RuleName = Literal[
    "nik",
    "kk",
    "name",
    "date",
    "sex",
    "code",
    "boolean",
    "integer",
    "decimal",
    "desa",
    "rt_rw",
    "phone",
    "text",
]
Aksesibilitas = Literal["terbuka", "terbatas", "tertutup"]
AttributeValue = str | int | float | bool


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _inject_names(data: Any, key: str) -> Any:
    """YAML writes ``{name: {...}}`` mappings; copy each key into its item's ``name``."""
    if isinstance(data, dict) and isinstance(data.get(key), dict):
        items = {}
        for name, item in data[key].items():
            body = dict(item or {})
            body.setdefault("name", str(name))
            items[str(name)] = body
        data = {**data, key: items}
    return data


class Code(_Model):
    """One code of a code list, with the spellings agencies use for it."""

    code: str
    label: str = Field(description="Label Bahasa Indonesia.")
    label_en: str = Field(description="Label bahasa Inggris.")
    aliases: list[str] = Field(default_factory=list, description="Ejaan di sumber.")
    description: str | None = None
    attributes: dict[str, AttributeValue] = Field(default_factory=dict)

    def spellings(self) -> list[str]:
        """The code, both labels and every alias (not normalised)."""
        return [self.code, self.label, self.label_en, *self.aliases]


class CodeList(_Model):
    """A classification (klasifikasi isian) with its codes and source-specific numbers.

    Examples:
        >>> sex = load_standard().codelists["sex"]  # doctest: +SKIP
        >>> sex.alias_map()["LAKI LAKI"]  # doctest: +SKIP
        'L'
    """

    name: str
    title: str
    title_en: str
    description: str
    source: str = Field(description="Rujukan: peraturan, kuesioner atau sistem asal.")
    verified: bool = Field(True, description="False bila kode berasal dari ingatan, belum dicek.")
    codes: dict[str, Code]
    source_codes: dict[str, dict[str, str]] = Field(
        default_factory=dict,
        description="Kode angka per sistem sumber (mis. siak, dtks_hub_krt) → kode standar.",
    )
    catatan: str | None = None
    _alias_cache: dict[str | None, dict[str, str]] = PrivateAttr(default_factory=dict)

    @model_validator(mode="before")
    @classmethod
    def _names(cls, data: Any) -> Any:
        if isinstance(data, dict) and isinstance(data.get("codes"), dict):
            codes = {}
            for code, item in data["codes"].items():
                body = dict(item or {})
                body.setdefault("code", str(code))
                codes[str(code)] = body
            data = {**data, "codes": codes}
        return data

    @field_validator("source_codes", mode="before")
    @classmethod
    def _stringify(cls, value: Any) -> Any:
        if isinstance(value, dict):
            return {
                str(src): {str(k): str(v) for k, v in (mapping or {}).items()}
                for src, mapping in value.items()
            }
        return value

    def alias_map(self, source: str | None = None) -> dict[str, str]:
        """Normalised spelling → code (codes, labels, aliases; plus ``source``'s numbers).

        Args:
            source: a key of :attr:`source_codes` (e.g. ``"dtks_hub_krt"``) whose numeric
                codes are added; they override generic aliases for that source.

        Raises:
            KeyError: ``source`` is not a key of :attr:`source_codes`.
        """
        return dict(self._cached_map(source))

    def _cached_map(self, source: str | None) -> dict[str, str]:
        cached = self._alias_cache.get(source)
        if cached is None:
            cached = {}
            for code in self.codes.values():
                for spelling in code.spellings():
                    cached[normalize_alias(spelling)] = code.code
            if source is not None:
                for raw, code_name in self.source_codes[source].items():
                    cached[normalize_alias(raw)] = code_name
            self._alias_cache[source] = cached
        return cached

    def lookup(self, value: str, source: str | None = None) -> str | None:
        """The code for a raw value as written in a source, or ``None``.

        Examples:
            >>> load_standard().codelists["sex"].lookup("laki-laki")  # doctest: +SKIP
            'L'
        """
        return self._cached_map(source).get(normalize_alias(value))


class Constraints(_Model):
    """Hard validity limits of a field (Frictionless ``constraints``)."""

    minimum: float | None = None
    maximum: float | None = None
    pattern: str | None = None
    min_length: int | None = None
    max_length: int | None = None
    unique: bool = False


class StandardField(_Model):
    """One variable of a table with its MS-Var metadata (konsep, definisi, ...)."""

    name: str
    type: FieldType
    title: str
    title_en: str
    konsep: str
    definisi: str
    klasifikasi: str | None = None
    satuan: str | None = None
    referensi_waktu: str
    pii: bool
    required: bool = False
    rule: RuleName
    constraints: Constraints = Field(default_factory=Constraints)
    kode_sdsn: str | None = None
    source_columns: list[str] = Field(
        default_factory=list, description="Nama kolom yang lazim di berkas dinas."
    )
    catatan: str | None = None


class Table(_Model):
    """A canonical table with its SDI dataset metadata (judul, produsen, walidata, ...)."""

    name: str
    judul: str
    judul_en: str
    deskripsi: str
    produsen: list[str]
    walidata: str
    pembina_data: str
    frekuensi: str
    level_wilayah: str
    aksesibilitas: Aksesibilitas
    kategori_data_pribadi: Literal["umum", "spesifik"]
    dasar_hukum: list[str]
    primary_key: list[str] = Field(default_factory=lambda: ["source", "record_id"])
    fields: dict[str, StandardField]
    catatan: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _names(cls, data: Any) -> Any:
        return _inject_names(data, "fields")

    @model_validator(mode="after")
    def _check_key(self) -> Table:
        missing = [k for k in self.primary_key if k not in self.fields]
        if missing:
            raise ValueError(f"primary_key menyebut kolom yang tidak ada: {missing}")
        return self


class Rule(_Model):
    """A standardisation rule: how raw values become the canonical form."""

    name: RuleName
    type: FieldType
    pattern: str | None = None
    description: str
    contoh_mentah: list[str] = Field(default_factory=list)
    contoh_baku: str | None = None


class ExternalCodeList(_Model):
    """A code list kept outside the standard (e.g. Kemendagri region codes)."""

    name: str
    title: str
    title_en: str
    description: str
    source: str
    reference: str = Field(
        description="Modul Python yang memuat kode, mis. rajut.reference.wilayah."
    )
    level: str | None = None


class StandardMeta(_Model):
    """Package-level metadata (``standard.yaml``)."""

    name: str
    version: str
    title: str
    title_en: str
    description: str
    pembina_data: str
    walidata: str
    license: str
    tables: list[str]
    record_fields: dict[str, StandardField]
    rules: dict[str, Rule]
    external_codelists: dict[str, ExternalCodeList]

    @model_validator(mode="before")
    @classmethod
    def _names(cls, data: Any) -> Any:
        for key in ("record_fields", "rules", "external_codelists"):
            data = _inject_names(data, key)
        return data
