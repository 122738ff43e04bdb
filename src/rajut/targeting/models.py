"""Targeting rules (validated YAML) and the result of a run."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

Jenis = Literal["eksklusi", "inklusi"]
Unit = Literal["person", "household"]

#: ``{nama_kolom}`` placeholders in an ``alasan`` template.
PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
#: Columns every rule's SELECT must return.
REQUIRED_COLUMNS = ("entity_id", "desa_code", "kecamatan_code")

JENIS_LABELS: dict[str, str] = {
    "eksklusi": "Galat eksklusi (layak dibantu, belum menerima)",
    "inklusi": "Galat inklusi (menerima, seharusnya tidak)",
}
UNIT_LABELS: dict[str, str] = {"person": "orang", "household": "keluarga"}


class TargetRule(BaseModel):
    """One targeting rule: a SELECT over the integrated model and how to explain each row.

    The SQL may use ``{build}`` (the build id as a quoted literal) and ``{as_of}`` (the
    reference date as a ``DATE`` literal). It must return ``entity_id``, ``desa_code`` and
    ``kecamatan_code``; every other column is kept as a fact of the row.

    Examples:
        >>> r = TargetRule(id="x1", judul="Xxx", jenis="inklusi", unit="person",
        ...     deskripsi="ddd", sql="SELECT 1 AS desil", alasan="Desil {desil}")
        >>> r.placeholders()
        ['desil']
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]{1,63}$")
    judul: str = Field(min_length=3)
    jenis: Jenis
    unit: Unit
    deskripsi: str = Field(min_length=3)
    sumber: list[str] = Field(default_factory=list)
    sql: str = Field(min_length=8)
    alasan: str = Field(min_length=3)

    @field_validator("sql")
    @classmethod
    def _select_only(cls, value: str) -> str:
        head = value.lstrip().split(None, 1)[0].upper() if value.strip() else ""
        if head not in ("SELECT", "WITH"):
            raise ValueError("sql harus diawali SELECT atau WITH")
        return value.strip().rstrip(";")

    def placeholders(self) -> list[str]:
        """Column names used by :attr:`alasan`, in order of first use."""
        return list(dict.fromkeys(PLACEHOLDER.findall(self.alasan)))


class RuleFile(BaseModel):
    """A rules YAML file: ``aturan: [...]``."""

    model_config = ConfigDict(extra="forbid")

    aturan: list[TargetRule]


@dataclass(frozen=True)
class RuleCount:
    """How many rows one rule found."""

    rule_id: str
    judul: str
    jenis: str
    unit: str
    rows: int


@dataclass
class TargetsResult:
    """Summary of :func:`rajut.targeting.run_targets`.

    ``by_desa``/``by_kecamatan`` map ``(rule_id, code)`` to a row count.
    """

    build_id: str
    as_of: str
    rules: list[RuleCount]
    by_desa: dict[tuple[str, str], int] = field(default_factory=dict)
    by_kecamatan: dict[tuple[str, str], int] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def total(self) -> int:
        return sum(r.rows for r in self.rules)

    def to_dict(self) -> dict[str, object]:
        return {
            "build_id": self.build_id,
            "as_of": self.as_of,
            "total": self.total,
            "rules": [r.__dict__ for r in self.rules],
            "seconds": round(self.seconds, 3),
        }
