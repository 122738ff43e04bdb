"""Ground truth files (``truth/records.csv``, ``persons.csv``, ``households.csv``) and counts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from rajut.demo.config import GeneratorConfig
from rajut.demo.exports.common import BIT, KINDS, Part, kinds_text
from rajut.demo.exports.writers import write_csv
from rajut.demo.gen.dates import fmt
from rajut.demo.gen.nik import to_text
from rajut.demo.gen.state import Population


def person_ids(pid: np.ndarray) -> np.ndarray:
    return np.array([f"P{v + 1:07d}" for v in pid.tolist()], dtype=object)


def household_ids(hh: np.ndarray) -> np.ndarray:
    return np.array([f"H{v + 1:07d}" for v in hh.tolist()], dtype=object)


def write_records(out: Path, parts: list[Part]) -> int:
    cols = {
        "source": np.concatenate([np.full(len(x.rid), x.source, dtype=object) for x in parts]),
        "source_record_id": np.concatenate([x.rid for x in parts]),
        "period": np.concatenate([np.full(len(x.rid), x.period, dtype=object) for x in parts]),
        "person_id": person_ids(np.concatenate([x.pid for x in parts])),
        "household_id": household_ids(np.concatenate([x.hh for x in parts])),
        "corruptions": kinds_text(np.concatenate([x.kinds for x in parts])),
    }
    return write_csv(out / "truth" / "records.csv", cols, delimiter=",")


def _flag(values: np.ndarray) -> np.ndarray:
    return np.where(values, "1", "0")


def write_persons(out: Path, pop: Population) -> int:
    p, h, r = pop.p, pop.h, pop.regions
    n = pop.n_persons
    hh = p["hh1"]
    desa_now = pop.address_at(hh, pop.as_of)["desa"]
    desa_then = pop.origin_address(np.arange(n))["desa"]
    opt = np.vectorize(lambda v: "" if v < 0 else f"P{v + 1:07d}", otypes=[object])
    cols = {
        "person_id": person_ids(np.arange(n)),
        "nik": to_text(p["nik"]),
        "kk_number": to_text(pop.address_at(hh, pop.as_of)["kk"]),
        "household_id": household_ids(hh),
        "name": p["name"],
        "sex": np.where(p["female"], "P", "L"),
        "birth_date": fmt(p["birth"], "iso"),
        "birth_date_is_default": _flag(p["birth_default"]),
        "death_date": fmt(p["death"], "iso"),
        "death_reported": np.where(np.isnat(p["death"]), "", _flag(p["death_reported"])),
        "desa_code": r.desa_code[desa_now],
        "moved": _flag(desa_now != desa_then),
        "in_migrant": _flag(p["in_migrant"]),
        "twin_of": opt(p["twin_of"]),
        "mother_person_id": opt(p["mother"]),
        "desil": h["desil"][hh].astype(str),
        "pkh": _flag(h["pkh"][hh]),
        "bpnt": _flag(h["bpnt"][hh]),
        "pbi_jk": _flag(p["pbi"]),
        "pip": _flag(p["pip"]),
        "stunted": np.where(p["stunted"] < 0, "", p["stunted"].astype(str)),
        "school_age": _flag(p["school_age"]),
        "enrolled": _flag(p["enrolled"]),
    }
    return write_csv(out / "truth" / "persons.csv", cols, delimiter=",")


def write_households(out: Path, pop: Population) -> int:
    h, r = pop.h, pop.regions
    n = pop.n_households
    desa = pop.address_at(np.arange(n), pop.as_of)
    cols = {
        "household_id": household_ids(np.arange(n)),
        "kk_number": to_text(desa["kk"]),
        "desa_code": r.desa_code[desa["desa"]],
        "desil": h["desil"].astype(str),
        "created_date": fmt(h["created"], "iso"),
        "parent_household_id": np.where(h["parent"] >= 0, household_ids(h["parent"]), ""),
    }
    return write_csv(out / "truth" / "households.csv", cols, delimiter=",")


def corruption_summary(cfg: GeneratorConfig, parts: list[Part]) -> dict[str, Any]:
    """Per source and kind: configured rate, rows where applied, rows where applicable.

    Duplicate rows are counted only under ``duplicate`` (their other kinds are copies).
    """
    out: dict[str, Any] = {}
    for source in dict.fromkeys(x.source for x in parts):
        kinds = np.concatenate([x.kinds for x in parts if x.source == source])
        elig = np.concatenate([x.elig for x in parts if x.source == source])
        original = (kinds & BIT["duplicate"]) == 0
        rates = cfg.rates(source).model_dump()
        summary = {}
        for kind in KINDS:
            base = original if kind != "duplicate" else np.ones(len(kinds), dtype=bool)
            applied = int((((kinds & BIT[kind]) != 0) & base).sum())
            eligible = int((((elig & BIT[kind]) != 0) & original).sum())
            if kind == "deceased_listed":
                eligible += sum(x.dropped_dead for x in parts if x.source == source)
            if applied or rates.get(kind):
                summary[kind] = {"rate": rates.get(kind), "applied": applied, "eligible": eligible}
        out[source] = summary
    return out
