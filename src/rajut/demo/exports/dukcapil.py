"""Disdukcapil ``biodata_penduduk_YYYYMMDD.csv`` (``;``-separated, UPPER CASE)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from rajut.demo.config import GeneratorConfig
from rajut.demo.exports.common import BIT, Master, Part, corrupt, period_view
from rajut.demo.exports.fields import dukcapil_periods, nik_text
from rajut.demo.gen import state as s
from rajut.demo.gen.dates import fmt, to_np
from rajut.demo.gen.identity import EDUCATION, OCCUPATION, RELIGION
from rajut.demo.gen.state import Population

SOURCE = "dukcapil"
HEADER = (
    "ID_BIODATA;NIK;NO_KK;NAMA_LENGKAP;JENIS_KELAMIN;TEMPAT_LAHIR;TANGGAL_LAHIR;AGAMA;"
    "PENDIDIKAN;PEKERJAAN;STATUS_PERKAWINAN;SHDK;NAMA_AYAH;NAMA_IBU;ALAMAT;RT;RW;KODE_DESA;"
    "NAMA_DESA;NAMA_KECAMATAN;STATUS_HIDUP;TANGGAL_MENINGGAL"
).split(";")


def _master(pop: Population, cfg: GeneratorConfig, rng: np.random.Generator) -> Master:
    n = pop.n_persons
    pid = np.arange(n)
    ids = 100_000_000_000 + rng.permutation(n)
    m = Master(pid, np.array([str(v) for v in ids], dtype=object), np.full(n, pop.as_of))
    m = corrupt(pop, m, cfg.rates(SOURCE), rng)
    dup = m.cols["is_dup"]
    m.rid[dup] = np.array([str(900_000_000_000 + i) for i in range(int(dup.sum()))], dtype=object)
    m.cols["keep_dead"][:] = True
    return m


def _columns(
    pop: Population,
    m: Master,
    rows: np.ndarray,
    date: np.datetime64,
    view: dict[str, np.ndarray],
    birthplace: np.ndarray,
) -> dict[str, np.ndarray]:
    p, r = pop.p, pop.regions
    pid = m.pid[rows]
    dead_known = view["dead"] & p["death_reported"][pid]
    changed = date >= p["hh_change"][pid]
    marital = np.where(changed, p["marital1"][pid], p["marital0"][pid])
    streets = np.array([f"DK. {x}" for x in s.STREETS], dtype=object)
    return {
        "ID_BIODATA": m.rid[rows],
        "NIK": nik_text(m.cols["nik"][rows]),
        "NO_KK": nik_text(view["kk"]),
        "NAMA_LENGKAP": m.cols["name"][rows],
        "JENIS_KELAMIN": np.where(p["female"][pid], "PEREMPUAN", "LAKI-LAKI"),
        "TEMPAT_LAHIR": birthplace[pid],
        "TANGGAL_LAHIR": fmt(m.cols["birth"][rows], "dmy-"),
        "AGAMA": np.asarray(RELIGION, dtype=object)[p["religion"][pid]],
        "PENDIDIKAN": np.asarray(EDUCATION, dtype=object)[p["education"][pid]],
        "PEKERJAAN": np.asarray(OCCUPATION, dtype=object)[p["occupation"][pid]],
        "STATUS_PERKAWINAN": np.asarray(s.MARITAL, dtype=object)[marital],
        "SHDK": np.asarray(s.SHDK, dtype=object)[pop.shdk_at(pid, date)],
        "NAMA_AYAH": p["father_name"][pid],
        "NAMA_IBU": m.cols["mother_name"][rows],
        "ALAMAT": streets[view["street"]],
        "RT": np.array([f"{v:03d}" for v in view["rt"]], dtype=object),
        "RW": np.array([f"{v:03d}" for v in view["rw"]], dtype=object),
        "KODE_DESA": r.desa_code[view["desa"]],
        "NAMA_DESA": np.array([x.upper() for x in r.desa_name], dtype=object)[view["desa"]],
        "NAMA_KECAMATAN": np.array([x.upper() for x in r.kec_name], dtype=object)[
            r.desa_kec[view["desa"]]
        ],
        "STATUS_HIDUP": np.where(dead_known, "MATI", "HIDUP"),
        "TANGGAL_MENINGGAL": np.where(dead_known, fmt(p["death"][pid], "dmy-"), ""),
    }


def export(
    pop: Population,
    cfg: GeneratorConfig,
    out: Path,
    rng: np.random.Generator,
    birthplace: np.ndarray,
) -> list[Part]:
    """Write one file per period; return the truth of every row."""
    from rajut.demo.exports.writers import write_csv

    m = _master(pop, cfg, rng)
    parts = []
    for day in dukcapil_periods(cfg.as_of, cfg.period_count(SOURCE)):
        date = to_np(day)
        rows = np.flatnonzero(pop.p["birth"][m.pid] <= date)
        view = period_view(pop, m, rows, date)
        unreported = view["dead"] & ~pop.p["death_reported"][m.pid[rows]]
        view["kinds"] = (view["kinds"] & ~BIT["deceased_listed"]) | np.where(
            unreported, BIT["death_unreported"], 0
        )
        view["elig"] = (view["elig"] & ~BIT["deceased_listed"]) | np.where(
            view["dead"], BIT["death_unreported"], 0
        )
        rel = f"disdukcapil/biodata_penduduk_{day:%Y%m%d}.csv"
        cols = _columns(pop, m, rows, date, view, birthplace)
        write_csv(out / rel, cols, delimiter=";")
        parts.append(
            Part(
                SOURCE,
                rel,
                day.isoformat(),
                "csv",
                m.rid[rows],
                m.pid[rows],
                view["hh"],
                view["kinds"],
                view["elig"],
            )
        )
    return parts
