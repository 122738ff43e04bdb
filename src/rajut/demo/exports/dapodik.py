"""Dinas Pendidikan ``dapodik_YYYYS.json`` (peserta didik of one semester)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from rajut.demo.config import GeneratorConfig
from rajut.demo.exports.common import (
    Master,
    Part,
    alive_or_kept,
    corrupt,
    dropped_dead,
    period_view,
)
from rajut.demo.exports.fields import nik_text, semester_periods
from rajut.demo.exports.writers import write_json
from rajut.demo.gen import state as s
from rajut.demo.gen.dates import age_years, fmt, to_np
from rajut.demo.gen.state import Population

SOURCE = "dapodik"
LEVELS = ((1, 6, "SD NEGERI", 3), (7, 9, "SMP NEGERI", 2), (10, 12, "SMA NEGERI", 1))


def _uuid(rng: np.random.Generator, n: int) -> np.ndarray:
    raw = rng.integers(0, 2**63, size=(n, 2), dtype=np.int64)
    out = []
    for a, b in raw.tolist():
        h = f"{a:016x}{b:016x}"
        out.append(f"{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:32]}")
    return np.array(out, dtype=object)


def _schools(pop: Population) -> tuple[np.ndarray, np.ndarray]:
    """NPSN and name per (kecamatan, level band, school number)."""
    n_kec = len(pop.regions.kec_code)
    npsn = np.zeros((n_kec, 3, 3), dtype=np.int64)
    names = np.empty((n_kec, 3, 3), dtype=object)
    for k in range(n_kec):
        for b, (_, _, kind, count) in enumerate(LEVELS):
            for j in range(3):
                npsn[k, b, j] = 20300000 + k * 100 + b * 10 + j % count
                names[k, b, j] = f"{kind} {j % count + 1} {pop.regions.kec_name[k].upper()}"
    return npsn, names


def _master(pop: Population, cfg: GeneratorConfig, rng: np.random.Generator) -> Master:
    p = pop.p
    cand = np.flatnonzero(p["enrolled"])
    m = Master(cand, _uuid(rng, len(cand)), np.full(len(cand), pop.as_of))
    m.cols["nisn"] = rng.choice(9 * 10**8, size=len(cand), replace=False) + 10**8
    m.cols["held_back"] = rng.random(len(cand)) < 0.08
    m.cols["school"] = rng.integers(0, 3, len(cand))
    m = corrupt(pop, m, cfg.rates(SOURCE), rng)
    dup = m.cols["is_dup"]
    m.rid[dup] = _uuid(rng, int(dup.sum()))
    return m


def _pupils(
    pop: Population,
    m: Master,
    rows: np.ndarray,
    date: np.datetime64,
    view: dict[str, np.ndarray],
    schools: tuple[np.ndarray, np.ndarray],
    rng: np.random.Generator,
) -> list[dict[str, Any]]:
    p, r = pop.p, pop.regions
    pid = m.pid[rows]
    grade = np.clip(age_years(p["birth"][pid], date) - 6 - m.cols["held_back"][rows], 1, 12)
    band = np.searchsorted([6, 9], grade, side="left")
    kec = r.desa_kec[view["desa"]]
    npsn, names = (
        schools[0][kec, band, m.cols["school"][rows]],
        schools[1][kec, band, m.cols["school"][rows]],
    )
    no_nisn = (grade == 1) & (rng.random(len(rows)) < 0.3)
    mother = p["mother"][pid]
    cols = {
        "peserta_didik_id": m.rid[rows],
        "nisn": np.where(no_nisn, "", np.array([f"{v:010d}" for v in m.cols["nisn"][rows]])),
        "nik": nik_text(m.cols["nik"][rows]),
        "nama": m.cols["name"][rows],
        "jenis_kelamin": np.where(p["female"][pid], "P", "L"),
        "tempat_lahir": m.cols["birthplace"][rows],
        "tanggal_lahir": fmt(m.cols["birth"][rows], "iso"),
        "nama_ibu_kandung": m.cols["mother_name"][rows],
        "nik_ibu": np.where(mother >= 0, nik_text(p["nik"][np.maximum(mother, 0)]), ""),
        "nama_ayah": p["father_name"][pid],
        "alamat_jalan": np.array([f"DK. {s.STREETS[v]}" for v in view["street"]], dtype=object),
        "rt": view["rt"].astype(str),
        "rw": view["rw"].astype(str),
        "kode_wilayah": np.array([c.replace(".", "") for c in r.desa_code])[view["desa"]],
        "desa_kelurahan": r.desa_name[view["desa"]],
        "npsn": npsn.astype(str),
        "nama_sekolah": names,
        "tingkat_pendidikan": grade,
        "penerima_kip": p["pip"][pid],
        "layak_pip": p["layak_pip"][pid],
    }
    lists = {k: np.asarray(v).tolist() for k, v in cols.items()}
    return [dict(zip(lists, vals, strict=True)) for vals in zip(*lists.values(), strict=True)]


def export(
    pop: Population,
    cfg: GeneratorConfig,
    out: Path,
    rng: np.random.Generator,
    birthplace: np.ndarray,
) -> list[Part]:
    m = _master(pop, cfg, rng)
    m.cols["birthplace"] = birthplace[m.pid]
    schools = _schools(pop)
    parts = []
    for label, day in semester_periods(cfg.as_of, cfg.period_count(SOURCE)):
        date = to_np(day)
        age = age_years(pop.p["birth"][m.pid], date)
        base = (age >= 7) & (age <= 18)
        ok = base & alive_or_kept(pop, m, date)
        rows = np.flatnonzero(ok)
        view = period_view(pop, m, rows, date)
        pupils = _pupils(pop, m, rows, date, view, schools, rng)
        rel = f"disdik/dapodik_{label}.json"
        write_json(
            out / rel,
            {
                "semester_id": label,
                "tanggal_tarik": day.isoformat(),
                "jumlah": len(pupils),
                "peserta_didik": pupils,
            },
        )
        parts.append(
            Part(
                SOURCE,
                rel,
                label,
                "json",
                m.rid[rows],
                m.pid[rows],
                view["hh"],
                view["kinds"],
                view["elig"],
                dropped_dead(pop, m, base, date),
            )
        )
    return parts
