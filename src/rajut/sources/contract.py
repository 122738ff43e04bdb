"""The source contract: how one agency dataset maps onto the data standard.

A contract is YAML, validated by pydantic and documented in ``docs/source-contract.md``.
It names the owner agency, SDI dataset metadata, hints for reading the file, the
record-id column, the period, and for each column the standard field it feeds, with
value maps and date formats. Problems are collected and reported together, in Bahasa
Indonesia, naming the contract file and the key.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from rajut.errors import RajutError
from rajut.sources.period import Granularity, parse_period
from rajut.sources.readers import FileHints

_NAME_RE = re.compile(r"^[a-z][a-z0-9_]{1,40}$")

Frequency = Literal[
    "harian", "mingguan", "bulanan", "triwulanan", "semesteran", "tahunan", "tidak tentu"
]
Accessibility = Literal["terbuka", "terbatas", "tertutup"]


class ContractError(RajutError):
    code = "contract-invalid"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class DatasetMetadata(_Model):
    """SDI dataset metadata (Perpres 39/2019; Peraturan BPS 5/2020)."""

    judul: str = Field(description="Judul dataset.")
    produsen_data: str = Field(description="Perangkat daerah yang menghasilkan data.")
    frekuensi: Frequency = Field(description="Frekuensi pemutakhiran.")
    kontak: str = Field("", description="Kontak penanggung jawab di produsen data.")
    deskripsi: str = Field("", description="Uraian singkat isi dan cakupan data.")
    konsep: str = Field("", description="Konsep statistik yang diukur.")
    level_wilayah: str = Field("desa", description="Tingkat wilayah terkecil dalam data.")
    aksesibilitas: Accessibility = Field("tertutup", description="Tingkat akses data.")
    dasar_hukum: str = Field("", description="Dasar hukum pengumpulan data.")


class PeriodSpec(_Model):
    """Where a row's reporting period comes from: a fixed label, the file name, or a column."""

    granularity: Granularity = Field(description="day, month, quarter, semester, year.")
    value: str | None = Field(None, description="Periode tetap, mis. 2026Q2.")
    from_filename: str | None = Field(
        None, description="Pola regex; grup pertama pada nama berkas adalah label periode."
    )
    column: str | None = Field(None, description="Kolom tanggal per baris (mis. TGL_UKUR).")

    @model_validator(mode="after")
    def _one_source(self) -> PeriodSpec:
        given = [x for x in (self.value, self.from_filename, self.column) if x]
        if len(given) > 1:
            raise ValueError("isi salah satu saja: value, from_filename, atau column")
        if self.value:
            parse_period(self.value, self.granularity)
        if self.from_filename:
            try:
                pattern = re.compile(self.from_filename)
            except re.error as exc:
                raise ValueError(f"from_filename bukan regex yang sah: {exc}") from exc
            if pattern.groups < 1:
                raise ValueError("from_filename harus punya satu grup (...) berisi periode")
        return self


class ColumnMapping(_Model):
    """One source column feeding one standard field."""

    field: str = Field(description="Medan standar tujuan, mis. person.nik.")
    values: dict[str, str] = Field(
        default_factory=dict, description="Peta nilai sumber → kode standar."
    )
    formats: list[str] = Field(
        default_factory=list, description="Format tanggal strptime, dicoba lebih dulu."
    )

    @field_validator("values", mode="before")
    @classmethod
    def _codes_as_text(cls, value: object) -> object:
        if isinstance(value, dict):
            return {_as_code(k): _as_code(v) for k, v in value.items()}
        return value

    place_field: str | None = Field(
        None, description="Untuk kolom TTL 'KLATEN, 12-05-1980': medan tempat lahir."
    )
    required: bool = Field(False, description="Baris tanpa nilai sah dikarantina.")
    confirm: bool = Field(
        False, description="Ditandai asisten: pengguna perlu memeriksa pemetaan ini."
    )


def _as_code(value: object) -> str:
    """YAML scalars as code text: ``true`` → ``"true"``, ``1`` → ``"1"``."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


class SourceContract(_Model):
    """A declarative contract for one agency dataset."""

    name: str = Field(description="Nama sumber: huruf kecil, angka, garis bawah.")
    owner: str = Field(description="Dinas pemilik data, mis. Disdukcapil.")
    dataset: DatasetMetadata
    file: FileHints = Field(default_factory=FileHints)
    record_id: str = Field(description="Kolom ID baris yang stabil antarperiode.")
    household_id: str | None = Field(
        None, description="Kolom ID keluarga/rumah tangga milik sumber (mis. ID_DTKS)."
    )
    period: PeriodSpec
    columns: dict[str, str | ColumnMapping | list[str | ColumnMapping]] = Field(
        description=(
            "Kolom sumber → medan standar: teks singkat, objek lengkap, atau daftar "
            "bila satu kolom mengisi beberapa medan."
        )
    )
    constants: dict[str, str | int | bool] = Field(
        default_factory=dict, description="Nilai tetap untuk medan standar, mis. program.pbi_jk."
    )
    warnings_as_errors: list[str] = Field(
        default_factory=list, description="Kode masalah yang dinaikkan menjadi galat."
    )

    @field_validator("name")
    @classmethod
    def _check_name(cls, value: str) -> str:
        if not _NAME_RE.match(value):
            raise ValueError("nama sumber: huruf kecil/angka/garis bawah, 2–41 karakter")
        return value

    @property
    def mappings(self) -> list[tuple[str, ColumnMapping]]:
        """Every (column, mapping) pair in its full form, in contract order."""
        pairs: list[tuple[str, ColumnMapping]] = []
        for col, spec in self.columns.items():
            for item in spec if isinstance(spec, list) else [spec]:
                pairs.append(
                    (col, item if isinstance(item, ColumnMapping) else ColumnMapping(field=item))
                )
        return pairs

    def source_columns(self) -> list[str]:
        """All columns the contract reads (record id, household id, period, mapped)."""
        cols = [self.record_id]
        if self.household_id:
            cols.append(self.household_id)
        if self.period.column:
            cols.append(self.period.column)
        cols.extend(self.columns)
        return list(dict.fromkeys(cols))

    def fingerprint(self) -> str:
        return hashlib.sha256(self.model_dump_json(exclude_none=True).encode("utf-8")).hexdigest()[
            :16
        ]


def parse_contract(data: Any, *, origin: str) -> SourceContract:
    """Validate contract data, collecting every problem into one :class:`ContractError`."""
    from rajut.sources.contract_checks import check_against_standard

    if not isinstance(data, dict):
        raise ContractError(
            f"Kontrak {origin} harus berupa peta YAML (kunci: nilai).",
            "Lihat contoh di docs/source-contract.md.",
        )
    try:
        contract = SourceContract.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors()
        )
        raise ContractError(
            f"Kontrak {origin} tidak sah: {problems}.",
            "Perbaiki kunci yang disebut; contoh lengkap ada di docs/source-contract.md.",
        ) from exc
    problems_std = check_against_standard(contract)
    if problems_std:
        raise ContractError(
            f"Kontrak {origin} tidak cocok dengan standar data: {'; '.join(problems_std)}.",
            "Gunakan nama medan dari `rajut standard show` dan kode dari daftar kodenya.",
        )
    return contract


def load_contract(path: Path) -> SourceContract:
    """Read and validate a contract YAML file."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise ContractError(
            f"Berkas kontrak {path} tidak ditemukan.", "Periksa nama dan letak berkas."
        ) from exc
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ContractError(
            f"Berkas kontrak {path} bukan YAML yang sah: {exc}.",
            "Periksa indentasi dan tanda titik dua; contoh ada di docs/source-contract.md.",
        ) from exc
    return parse_contract(data, origin=str(path))


def dump_contract(contract: SourceContract) -> str:
    """YAML text of a contract, in the key order people read it."""
    data = contract.model_dump(mode="json", exclude_none=True, exclude_defaults=False)
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
