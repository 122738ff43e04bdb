"""Generator settings, validated by pydantic and overridable from YAML."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

SOURCES = ("dukcapil", "dtks", "eppgbm", "dapodik", "pbi_jk")

#: NIK-field corruptions are mutually exclusive per record (one draw decides).
NIK_KINDS = (
    "nik_missing",
    "nik_typo",
    "nik_transposed",
    "nik_excel_float",
    "kk_in_nik",
    "mother_nik_in_child",
)
MOTHER_NAME_KINDS = ("mother_name_missing", "mother_name_variant")


class Rates(BaseModel):
    """Corruption rates of one source, each a probability per eligible record."""

    model_config = ConfigDict(extra="forbid")

    nik_missing: float = Field(0.0, ge=0, le=1)
    nik_typo: float = Field(0.0, ge=0, le=1)
    nik_transposed: float = Field(0.0, ge=0, le=1)
    nik_excel_float: float = Field(0.0, ge=0, le=1)
    kk_in_nik: float = Field(0.0, ge=0, le=1)
    mother_nik_in_child: float = Field(0.0, ge=0, le=1)
    name_variant: float = Field(0.0, ge=0, le=1)
    newborn_placeholder_name: float = Field(0.0, ge=0, le=1)
    birth_date_swap: float = Field(0.0, ge=0, le=1)
    stale_address: float = Field(0.0, ge=0, le=1)
    duplicate: float = Field(0.0, ge=0, le=1)
    deceased_listed: float = Field(0.0, ge=0, le=1)
    mother_name_missing: float = Field(0.0, ge=0, le=1)
    mother_name_variant: float = Field(0.0, ge=0, le=1)
    newborn_without_nik: float = Field(0.0, ge=0, le=1)
    place_name_variant: float = Field(0.0, ge=0, le=1)

    @model_validator(mode="after")
    def _exclusive_sums(self) -> Rates:
        for group in (NIK_KINDS, MOTHER_NAME_KINDS):
            if sum(getattr(self, k) for k in group) > 1.0:
                raise ValueError(f"jumlah laju {', '.join(group)} melebihi 1")
        return self


DEFAULT_RATES: dict[str, dict[str, float]] = {
    "dukcapil": {
        "nik_typo": 0.001,
        "name_variant": 0.005,
        "birth_date_swap": 0.001,
        "duplicate": 0.001,
        "deceased_listed": 0.0,
    },
    "dtks": {
        "nik_missing": 0.01,
        "nik_typo": 0.01,
        "nik_transposed": 0.005,
        "nik_excel_float": 0.02,
        "kk_in_nik": 0.005,
        "name_variant": 0.05,
        "birth_date_swap": 0.01,
        "stale_address": 0.5,
        "duplicate": 0.01,
        "deceased_listed": 0.6,
        "mother_name_missing": 0.1,
        "mother_name_variant": 0.1,
        "place_name_variant": 0.03,
    },
    "eppgbm": {
        "newborn_without_nik": 0.6,
        "place_name_variant": 0.03,
        "nik_missing": 0.1,
        "nik_typo": 0.01,
        "nik_transposed": 0.005,
        "nik_excel_float": 0.02,
        "kk_in_nik": 0.01,
        "mother_nik_in_child": 0.03,
        "name_variant": 0.08,
        "newborn_placeholder_name": 0.5,
        "birth_date_swap": 0.01,
        "stale_address": 0.5,
        "duplicate": 0.01,
        "mother_name_missing": 0.05,
        "mother_name_variant": 0.15,
    },
    "dapodik": {
        "nik_missing": 0.02,
        "nik_typo": 0.01,
        "nik_transposed": 0.005,
        "kk_in_nik": 0.005,
        "mother_nik_in_child": 0.01,
        "name_variant": 0.04,
        "birth_date_swap": 0.01,
        "stale_address": 0.4,
        "duplicate": 0.005,
        "deceased_listed": 0.3,
        "mother_name_missing": 0.03,
        "mother_name_variant": 0.1,
    },
    "pbi_jk": {
        "nik_missing": 0.005,
        "nik_typo": 0.01,
        "nik_transposed": 0.005,
        "kk_in_nik": 0.005,
        "name_variant": 0.05,
        "birth_date_swap": 0.01,
        "stale_address": 0.5,
        "duplicate": 0.005,
        "deceased_listed": 0.7,
    },
}


class Demography(BaseModel):
    """Shares that shape the population and the two-year window of events."""

    model_config = ConfigDict(extra="forbid")

    in_migrant_share: float = Field(0.05, ge=0, le=0.5)
    retired_prefix_share: float = Field(0.1, ge=0, le=1)
    default_birth_date_share: float = Field(0.2, ge=0, le=1)
    default_birth_date_family_share: float = Field(0.01, ge=0, le=1)
    twin_share: float = Field(0.01, ge=0, le=0.2)
    birth_rate_per_year: float = Field(0.016, ge=0, le=0.1)
    death_unreported_share: float = Field(0.15, ge=0, le=1)
    household_move_share: float = Field(0.04, ge=0, le=0.5)
    marriage_share: float = Field(0.12, ge=0, le=1)
    stunting_share: float = Field(0.2, ge=0, le=0.9)
    eppgbm_attendance: float = Field(0.85, ge=0.1, le=1)
    dtks_other_desil_share: float = Field(0.1, ge=0, le=1)


class GeneratorConfig(BaseModel):
    """Everything :func:`rajut.demo.generator.generate_kabupaten` needs."""

    model_config = ConfigDict(extra="forbid")

    people: int = Field(10_000, ge=1_000, le=1_000_000)
    seed: int = 42
    kabupaten_code: str = "33.10"
    as_of: dt.date = dt.date(2026, 6, 30)
    window_years: int = Field(2, ge=1, le=5)
    periods: dict[str, int] = Field(default_factory=dict)
    demography: Demography = Field(default_factory=Demography)
    corruption: dict[str, Rates] = Field(default_factory=dict)
    # Writing the agency files in forked processes is only safe in a process that has not
    # started native threads yet (DuckDB, Arrow): the CLI asks for 2, libraries get 1.
    workers: int = Field(1, ge=1, le=8)

    @model_validator(mode="before")
    @classmethod
    def _merge_default_rates(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        given = data.get("corruption") or {}
        if not isinstance(given, dict):
            return data
        merged: dict[str, Any] = {}
        for source in SOURCES:
            override = given.get(source) or {}
            if isinstance(override, Rates):
                override = override.model_dump()
            merged[source] = {**DEFAULT_RATES[source], **override}
        unknown = set(given) - set(SOURCES)
        if unknown:
            raise ValueError(f"sumber tidak dikenal di 'corruption': {sorted(unknown)}")
        return {**data, "corruption": merged}

    @model_validator(mode="after")
    def _check_periods(self) -> GeneratorConfig:
        for source, count in self.periods.items():
            if source not in SOURCES:
                raise ValueError(f"sumber tidak dikenal di 'periods': {source}")
            if not 1 <= count <= 12:
                raise ValueError(f"periods.{source} harus 1–12")
        return self

    def period_count(self, source: str) -> int:
        return self.periods.get(source, 1)

    def rates(self, source: str) -> Rates:
        return self.corruption[source]
