"""BPJS Kesehatan ``pbi_jk_YYYYMM.csv`` (comma, UTF-8 with BOM, dates dd/mm/yyyy)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from rajut.demo.config import GeneratorConfig
from rajut.demo.exports.common import (
    BIT,
    Master,
    Part,
    alive_or_kept,
    corrupt,
    dropped_dead,
    period_view,
)
from rajut.demo.exports.fields import month_end, month_periods, nik_text
from rajut.demo.exports.writers import write_csv
from rajut.demo.gen import state as s
from rajut.demo.gen.dates import fmt, to_np
from rajut.demo.gen.state import Population

SOURCE = "pbi_jk"
HUB = np.array(
    ["FAMILI LAIN", "PESERTA", "SUAMI", "ISTRI", "ANAK"] + ["FAMILI LAIN"] * 6, dtype=object
)


def _master(pop: Population, cfg: GeneratorConfig, rng: np.random.Generator) -> Master:
    p = pop.p
    cand = np.flatnonzero(p["pbi"])
    cards = 1_000_000_000 + rng.choice(9 * 10**8, size=len(cand), replace=False)
    m = Master(
        cand, np.array([f"000{v:010d}" for v in cards], dtype=object), np.full(len(cand), pop.as_of)
    )
    start = np.maximum(p["birth"][cand] + np.timedelta64(30, "D"), np.datetime64("2014-01-01"))
    span = (pop.as_of - start).astype(np.int64).clip(1)
    m.cols["tmt"] = start + (rng.random(len(cand)) * span * 0.9).astype("timedelta64[D]")
    m.cols["apbd"] = rng.random(len(cand)) < 0.15
    m.cols["inactive"] = rng.random(len(cand)) < 0.02
    m.cols["dead_inactive"] = rng.random(len(cand)) < 0.2
    m = corrupt(pop, m, cfg.rates(SOURCE), rng)
    dup = m.cols["is_dup"]
    m.rid[dup] = np.array([f"000{9 * 10**9 + i:010d}" for i in range(int(dup.sum()))], dtype=object)
    return m


def export(
    pop: Population, cfg: GeneratorConfig, out: Path, rng: np.random.Generator
) -> list[Part]:
    m = _master(pop, cfg, rng)
    r = pop.regions
    parts = []
    for year, month in month_periods(cfg.as_of, cfg.period_count(SOURCE)):
        day = min(month_end(year, month), cfg.as_of)
        date = to_np(day)
        base = m.cols["tmt"] <= date
        ok = base & alive_or_kept(pop, m, date)
        rows = np.flatnonzero(ok)
        view = period_view(pop, m, rows, date)
        pid = m.pid[rows]
        kec = r.desa_kec[view["desa"]]
        inactive = m.cols["inactive"][rows] | (view["dead"] & m.cols["dead_inactive"][rows])
        view["kinds"] |= np.where(inactive, BIT["listed_inactive"], 0)
        cols = {
            "NO_KARTU": m.rid[rows],
            "NIK": nik_text(m.cols["nik"][rows]),
            "NO_KK": nik_text(view["kk"]),
            "NAMA_PESERTA": m.cols["name"][rows],
            "TGL_LAHIR": fmt(m.cols["birth"][rows], "dmy/"),
            "JNS_KELAMIN": np.where(pop.p["female"][pid], "2", "1"),
            "HUB_KELUARGA": HUB[pop.shdk_at(pid, date)],
            "ALAMAT": np.array(
                [
                    f"DK. {s.STREETS[v]} RT {a:03d} RW {b:03d}"
                    for v, a, b in zip(view["street"], view["rt"], view["rw"], strict=True)
                ],
                dtype=object,
            ),
            "KD_DESA": np.array([c.replace(".", "") for c in r.desa_code])[view["desa"]],
            "KD_FASKES": np.array([f"{c.replace('.', '')[2:]}01" for c in r.kec_code])[kec],
            "NM_FASKES": np.array([f"PUSKESMAS {x.upper()}" for x in r.kec_name])[kec],
            "SEGMEN": np.where(m.cols["apbd"][rows], "PBI APBD", "PBI APBN"),
            "STATUS": np.where(inactive, "NONAKTIF", "AKTIF"),
            "TMT": fmt(m.cols["tmt"][rows], "dmy/"),
        }
        rel = f"bpjs/pbi_jk_{year:04d}{month:02d}.csv"
        write_csv(out / rel, cols, delimiter=",", bom=True)
        parts.append(
            Part(
                SOURCE,
                rel,
                f"{year:04d}-{month:02d}",
                "csv",
                m.rid[rows],
                pid,
                view["hh"],
                view["kinds"],
                view["elig"],
                dropped_dead(pop, m, base, date),
            )
        )
    return parts
