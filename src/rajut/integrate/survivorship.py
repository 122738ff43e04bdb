"""Survivorship rules: which source's value wins for each attribute (validated YAML).

The shipped rules live in ``survivorship.yaml`` next to this module; a workspace may
override attributes with ``<workspace>/integrate/survivorship.yaml`` (each attribute key
given there replaces the shipped one; ``tie_breakers`` and ``completeness_fields`` replace
the shipped lists when given).

Authority entries name either a source (contract name, e.g. ``dukcapil``) or an owner
agency (the contract's ``owner``, e.g. ``Disdukcapil``); :func:`resolve_authority` turns
them into an ordered list of source names present in the workspace.

Examples:
    >>> rules = load_survivorship(None)
    >>> rules.attributes["nik"].authority
    ['Disdukcapil']
    >>> resolve_authority(["Disdukcapil"], {"dukcapil": "Disdukcapil", "dtks": "Dinas Sosial"})
    ['dukcapil']
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from rajut.integrate.errors import IntegrateConfigError

SHIPPED = Path(__file__).with_name("survivorship.yaml")
WORKSPACE_FILE = Path("integrate") / "survivorship.yaml"

TieBreaker = Literal["recency", "completeness"]

#: Attributes the build chooses with these rules.
PERSON_ATTRIBUTES = (
    "nik",
    "kk_number",
    "name",
    "sex",
    "birth_date",
    "desa_code",
    "alive",
    "shdk",
    "household_id",
    "mother_person_id",
)
HOUSEHOLD_ATTRIBUTES = ("desil",)
FACT_DOMAINS = ("growth", "schooling")
KNOWN_ATTRIBUTES = PERSON_ATTRIBUTES + HOUSEHOLD_ATTRIBUTES + FACT_DOMAINS
COMPLETENESS_FIELDS = ("nik", "kk_number", "name", "sex", "birth_date", "desa_code", "rt", "rw")


_DEFAULT_TB: tuple[TieBreaker, ...] = ("recency", "completeness")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class AttributeRule(_Model):
    """How one attribute is chosen."""

    description: str = Field("", description="Penjelasan singkat untuk walidata.")
    authority: list[str] = Field(
        min_length=1, description="Sumber atau dinas pemilik, urut dari yang paling berwenang."
    )
    tie_breakers: list[TieBreaker] | None = Field(
        None, description="Pemecah seri khusus atribut ini (bawaan: tie_breakers umum)."
    )


class SurvivorshipRules(_Model):
    """The whole rule set (``survivorship.yaml``)."""

    version: int = 1
    tie_breakers: list[TieBreaker] = Field(default_factory=lambda: list(_DEFAULT_TB))
    completeness_fields: list[str] = Field(default_factory=lambda: list(COMPLETENESS_FIELDS[:6]))
    attributes: dict[str, AttributeRule]

    @field_validator("tie_breakers")
    @classmethod
    def _unique_tb(cls, value: list[TieBreaker]) -> list[TieBreaker]:
        if len(set(value)) != len(value):
            raise ValueError("tie_breakers tidak boleh berulang")
        return value

    @field_validator("completeness_fields")
    @classmethod
    def _known_fields(cls, value: list[str]) -> list[str]:
        unknown = sorted(set(value) - set(COMPLETENESS_FIELDS))
        if unknown:
            raise ValueError(
                f"kolom kelengkapan tidak dikenal: {', '.join(unknown)} "
                f"(pilihan: {', '.join(COMPLETENESS_FIELDS)})"
            )
        return value

    @field_validator("attributes")
    @classmethod
    def _known_attributes(cls, value: dict[str, AttributeRule]) -> dict[str, AttributeRule]:
        unknown = sorted(set(value) - set(KNOWN_ATTRIBUTES))
        if unknown:
            raise ValueError(
                f"atribut tidak dikenal: {', '.join(unknown)} "
                f"(pilihan: {', '.join(KNOWN_ATTRIBUTES)})"
            )
        missing = sorted(set(KNOWN_ATTRIBUTES) - set(value))
        if missing:
            raise ValueError(f"atribut belum diatur: {', '.join(missing)}")
        return value

    def tie_breakers_for(self, attribute: str) -> list[TieBreaker]:
        """The tie-breakers of ``attribute`` (its own, else the general ones)."""
        own = self.attributes[attribute].tie_breakers
        return list(own) if own is not None else list(self.tie_breakers)

    def fingerprint(self) -> str:
        """SHA-256 of the canonical JSON form: recorded in each build's inputs."""
        text = json.dumps(self.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise IntegrateConfigError(
            f"Berkas aturan survivorship {path} tidak bisa dibaca: {exc}.",
            "Periksa penulisan YAML (indentasi, titik dua) lalu ulangi.",
        ) from exc
    if not isinstance(data, dict):
        raise IntegrateConfigError(
            f"Berkas aturan survivorship {path} harus berisi pemetaan YAML (kunci: nilai).",
            "Lihat contoh di docs/integration.md.",
        )
    return data


def _merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in override.items():
        if key == "attributes" and isinstance(value, dict):
            merged["attributes"] = {**base.get("attributes", {}), **value}
        else:
            merged[key] = value
    return merged


def load_survivorship(workspace_root: Path | None) -> SurvivorshipRules:
    """Shipped rules, overridden by ``<workspace_root>/integrate/survivorship.yaml`` if any."""
    data = _read_yaml(SHIPPED)
    path = SHIPPED
    if workspace_root is not None and (workspace_root / WORKSPACE_FILE).is_file():
        path = workspace_root / WORKSPACE_FILE
        data = _merge(data, _read_yaml(path))
    try:
        return SurvivorshipRules.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors()
        )
        raise IntegrateConfigError(
            f"Aturan survivorship di {path} tidak sah: {problems}.",
            "Perbaiki kunci yang disebut; contoh lengkap ada di docs/integration.md.",
        ) from exc


def resolve_authority(entries: list[str], owners: dict[str, str]) -> list[str]:
    """Ordered source names for authority ``entries`` (source names or owner agencies).

    Args:
        entries: the rule's ``authority`` list.
        owners: source name → owner agency for every source known to the workspace.
    """
    ranked: list[str] = []
    for entry in entries:
        wanted = entry.strip().casefold()
        for source in sorted(owners):
            hit = source.casefold() == wanted or owners[source].strip().casefold() == wanted
            if hit and source not in ranked:
                ranked.append(source)
    return ranked
