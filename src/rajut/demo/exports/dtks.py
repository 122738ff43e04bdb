"""Dinas Sosial ``dtks_YYYYQn.xlsx`` (sheet ``DTKS``, three title rows, header on row 4)."""

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
from rajut.demo.exports.fields import ROMAN, nik_text, place_names, quarter_periods
from rajut.demo.exports.writers import excel_serial, write_xlsx
from rajut.demo.gen import state as s
from rajut.demo.gen.dates import fmt, to_np
from rajut.demo.gen.state import Population

SOURCE = "dtks"
HEADER = (
    "NO, ID_DTKS, ID_ART, NO_KK, NIK, NAMA, JK, TGL_LAHIR, HUB_KRT, NAMA_IBU_KANDUNG, ALAMAT, "
    "DESA, KECAMATAN, DESIL, PKH, BPNT, PBI, STATUS_BANGUNAN, LUAS_LANTAI, JENIS_LANTAI, "
    "JENIS_DINDING, SUMBER_AIR_MINUM"
).split(", ")
#: SHDK code → HUB_KRT code (1 kepala … 8 lainnya).
HUB_KRT = np.array([8, 1, 2, 2, 3, 4, 5, 6, 6, 7, 8])
BANGUNAN = ("MILIK SENDIRI", "KONTRAK/SEWA", "BEBAS SEWA", "DINAS", "LAINNYA")
LANTAI = ("MARMER/GRANIT/KERAMIK", "UBIN/TEGEL/TERASO", "SEMEN/BATA MERAH", "KAYU/PAPAN", "TANAH")
DINDING = ("TEMBOK", "PLESTERAN ANYAMAN BAMBU", "KAYU/PAPAN", "ANYAMAN BAMBU", "LAINNYA")
AIR = (
    "AIR KEMASAN BERMERK",
    "AIR ISI ULANG",
    "LEDING",
    "SUMUR BOR/POMPA",
    "SUMUR TERLINDUNG",
    "SUMUR TAK TERLINDUNG",
    "MATA AIR TERLINDUNG",
    "MATA AIR TAK TERLINDUNG",
)


def _housing(pop: Population, rng: np.random.Generator) -> dict[str, np.ndarray]:
    d = pop.h["desil"]
    n = len(d)

    def pick(options: tuple[str, ...], poor_shift: np.ndarray) -> np.ndarray:
        idx = np.clip(np.round(rng.normal(poor_shift, 1.0, n)), 0, len(options) - 1)
        return np.asarray(options, dtype=object)[idx.astype(np.int64)]

    worse = (10 - d) / 9.0
    return {
        "bangunan": np.asarray(BANGUNAN, dtype=object)[
            rng.choice(5, n, p=[0.82, 0.08, 0.07, 0.01, 0.02])
        ],
        "luas": np.clip(np.round(rng.normal(30 + 8 * d, 12, n)), 12, 300),
        "lantai": pick(LANTAI, worse * 3.5),
        "dinding": pick(DINDING, worse * 3),
        "air": pick(AIR, worse * 5.5),
    }


def _master(pop: Population, cfg: GeneratorConfig, rng: np.random.Generator) -> Master:
    n = pop.n_persons
    ids = 10**12 + rng.permutation(n)
    m = Master(np.arange(n), np.array([str(v) for v in ids], dtype=object), np.full(n, pop.as_of))
    m = corrupt(pop, m, cfg.rates(SOURCE), rng, xlsx=True)
    dup = m.cols["is_dup"]
    m.rid[dup] = np.array([str(9 * 10**12 + i) for i in range(int(dup.sum()))], dtype=object)
    return m


def _columns(
    pop: Population,
    m: Master,
    rows: np.ndarray,
    date: np.datetime64,
    view: dict[str, np.ndarray],
    house: dict[str, np.ndarray],
    rng: np.random.Generator,
) -> list[tuple[str, object]]:
    p, h, r = pop.p, pop.h, pop.regions
    pid, hh = m.pid[rows], view["hh"]
    nik = m.cols["nik"][rows]
    nik_cell = np.where(m.cols["nik_float"][rows], nik.astype(np.float64), nik_text(nik))
    born = m.cols["birth"][rows]
    as_text = rng.random(len(rows)) < 0.05
    born_cell = np.where(as_text, fmt(born, "dmy/"), excel_serial(born))
    pv = m.cols["place_variant"][rows]
    yn = np.array(["TIDAK", "YA"], dtype=object)
    return [
        ("num", np.arange(1, len(rows) + 1)),
        ("text", np.array([f"{3300000000 + v:010d}" for v in hh], dtype=object)),
        ("text", m.rid[rows]),
        ("text", nik_text(view["kk"])),
        ("mixed", nik_cell),
        ("text", m.cols["name"][rows]),
        ("text", np.where(p["female"][pid], "P", "L")),
        ("date_or_text", born_cell),
        ("num", HUB_KRT[pop.shdk_at(pid, date)]),
        ("text", m.cols["mother_name"][rows]),
        (
            "text",
            np.array(
                [
                    f"DK. {s.STREETS[v]} RT {a:03d}/RW {b:03d}"
                    for v, a, b in zip(view["street"], view["rt"], view["rw"], strict=True)
                ],
                dtype=object,
            ),
        ),
        ("text", place_names(r.desa_name[view["desa"]], pv)),
        ("text", place_names(r.kec_name[r.desa_kec[view["desa"]]], pv)),
        ("num", h["desil"][hh]),
        ("text", yn[h["pkh"][hh].astype(int)]),
        ("text", yn[h["bpnt"][hh].astype(int)]),
        ("text", yn[p["pbi"][pid].astype(int)]),
        ("text", house["bangunan"][hh]),
        ("num", house["luas"][hh]),
        ("text", house["lantai"][hh]),
        ("text", house["dinding"][hh]),
        ("text", house["air"][hh]),
    ]


def export(
    pop: Population, cfg: GeneratorConfig, out: Path, rng: np.random.Generator
) -> list[Part]:
    m = _master(pop, cfg, rng)
    house = _housing(pop, rng)
    covered = (pop.h["desil"] <= 5) | (
        rng.random(pop.n_households) < cfg.demography.dtks_other_desil_share
    )
    parts = []
    for label, day in quarter_periods(cfg.as_of, cfg.period_count(SOURCE)):
        date = to_np(day)
        hh = pop.hh_at(m.pid, date)
        base = covered[hh] & (pop.p["birth"][m.pid] <= date)
        ok = base & alive_or_kept(pop, m, date)
        rows = np.flatnonzero(ok)
        rows = rows[np.lexsort((pop.shdk_at(m.pid[rows], date), hh[rows]))]
        view = period_view(pop, m, rows, date)
        view["kinds"] |= np.where(m.cols["place_variant"][rows], BIT["place_name_variant"], 0)
        view["elig"] |= BIT["place_name_variant"]
        rel = f"dinsos/dtks_{label}.xlsx"
        q = int(label[-1])
        titles = [
            "DATA TERPADU KESEJAHTERAAN SOSIAL",
            f"{pop.regions.kabupaten_name.upper()} - TRIWULAN {ROMAN[q]} {label[:4]}",
            "",
        ]
        write_xlsx(
            out / rel, "DTKS", HEADER, _columns(pop, m, rows, date, view, house, rng), titles
        )
        parts.append(
            Part(
                SOURCE,
                rel,
                label,
                "xlsx",
                m.rid[rows],
                m.pid[rows],
                view["hh"],
                view["kinds"],
                view["elig"],
                dropped_dead(pop, m, base, date),
            )
        )
    return parts
