"""Dinas Kesehatan ``eppgbm_YYYYMM_YYYYMM.xlsx``: monthly posyandu measurements, 6 months."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from rajut.demo.config import GeneratorConfig
from rajut.demo.exports import growth
from rajut.demo.exports.common import BIT, Master, Part, corrupt, period_view
from rajut.demo.exports.fields import month_end, month_periods, nik_text, place_names
from rajut.demo.exports.writers import excel_serial, write_xlsx
from rajut.demo.gen import state as s
from rajut.demo.gen.dates import age_months, to_np
from rajut.demo.gen.state import Population

SOURCE = "eppgbm"
HEADER = (
    "ID_PENGUKURAN, NIK_ANAK, NAMA_ANAK, JK, TGL_LAHIR, BB_LAHIR, PB_LAHIR, NAMA_ORTU, NIK_ORTU, "
    "ALAMAT, RT, RW, DESA, KECAMATAN, PUSKESMAS, POSYANDU, TGL_UKUR, BERAT, TINGGI, CARA_UKUR, "
    "ZS_BBU, ZS_TBU, ZS_BBTB, STATUS_BBU, STATUS_TBU, STATUS_BBTB"
).split(", ")
WINDOW_MONTHS = 6


def _visits(
    pop: Population, cfg: GeneratorConfig, rng: np.random.Generator, months: list[tuple[int, int]]
) -> tuple[np.ndarray, np.ndarray]:
    """(person, measurement date) of every attended posyandu visit in ``months``."""
    p = pop.p
    first = to_np(month_end(*months[-1])) - np.timedelta64(31 + 60 * 31, "D")
    kids = np.flatnonzero(p["birth"] > first)
    pids, dates = [], []
    for year, month in months:
        day = rng.integers(1, 29, len(kids))
        date = np.datetime64(f"{year:04d}-{month:02d}-01") + (day - 1).astype("timedelta64[D]")
        age = age_months(p["birth"][kids], date)
        ok = (p["birth"][kids] <= date) & (age < 60) & pop.alive_at(kids, date)
        ok &= rng.random(len(kids)) < cfg.demography.eppgbm_attendance
        pids.append(kids[ok])
        dates.append(date[ok])
    return np.concatenate(pids), np.concatenate(dates)


def _master(
    pop: Population, cfg: GeneratorConfig, rng: np.random.Generator, months: list[tuple[int, int]]
) -> Master:
    pid, date = _visits(pop, cfg, rng, months)
    order = np.lexsort((date, pid))
    pid, date = pid[order], date[order]
    ym = date.astype("datetime64[M]").astype(np.int64)
    rid = np.array([f"{a + 1:08d}{b:04d}" for a, b in zip(pid, ym, strict=True)], dtype=object)
    last = np.r_[pid[1:] != pid[:-1], True]
    m = Master(pid, rid, date)
    m.cols["z_tbu"] = pop.p["z_tbu"][pid] + np.where(last, 0.0, rng.normal(0, 0.15, len(pid)))
    m.cols["z_bbu"] = 0.6 * m.cols["z_tbu"] + rng.normal(0, 0.8, len(pid))
    m = corrupt(pop, m, cfg.rates(SOURCE), rng, xlsx=True, newborn_rules=True)
    m.cols["keep_dead"][:] = True
    dup = m.cols["is_dup"]
    m.rid[dup] = np.array([f"9{i:011d}" for i in range(int(dup.sum()))], dtype=object)
    return m


def _measures(pop: Population, m: Master, rows: np.ndarray) -> list[tuple[str, object]]:
    pid, date = m.pid[rows], m.ref[rows]
    female = pop.p["female"][pid]
    age = np.maximum((date - pop.p["birth"][pid]).astype(np.int64) / 30.4375, 0)
    z_t, z_b = m.cols["z_tbu"][rows], m.cols["z_bbu"][rows]
    z_bt = np.round((z_b - 0.5 * z_t) / 0.87, 2)
    return [
        ("date", excel_serial(date)),
        ("num", np.round(growth.weight(age, female, z_b), 1)),
        ("num", np.round(growth.height(age, female, z_t), 1)),
        ("text", np.where(age < 24, "Terlentang", "Berdiri")),
        ("num", np.round(z_b, 2)),
        ("num", np.round(z_t, 2)),
        ("num", z_bt),
        ("text", growth.status_bbu(z_b)),
        ("text", growth.status_tbu(z_t)),
        ("text", growth.status_bbtb(z_bt)),
    ]


def _columns(
    pop: Population,
    m: Master,
    rows: np.ndarray,
    view: dict[str, np.ndarray],
    rng: np.random.Generator,
) -> list[tuple[str, object]]:
    p, r = pop.p, pop.regions
    pid = m.pid[rows]
    mother = p["mother"][pid]
    nik = m.cols["nik"][rows]
    nik_cell = np.where(m.cols["nik_float"][rows], nik.astype(np.float64), nik_text(nik))
    pv = m.cols["place_variant"][rows]
    kec = r.desa_kec[view["desa"]]
    bb = np.round(3.1 + 0.45 * np.sin(pid * 1.7), 2)
    pb = np.round(49.0 + 2.0 * np.cos(pid * 0.9), 1)
    return [
        ("text", m.rid[rows]),
        ("mixed", nik_cell),
        ("text", m.cols["name"][rows]),
        ("text", np.where(p["female"][pid], "P", "L")),
        ("date", excel_serial(m.cols["birth"][rows])),
        ("num", bb),
        ("num", pb),
        ("text", m.cols["mother_name"][rows]),
        ("text", np.where(mother >= 0, nik_text(p["nik"][np.maximum(mother, 0)]), "")),
        ("text", np.array([f"DK. {s.STREETS[v]}" for v in view["street"]], dtype=object)),
        ("text", np.array([f"{v:03d}" for v in view["rt"]], dtype=object)),
        ("text", np.array([f"{v:03d}" for v in view["rw"]], dtype=object)),
        ("text", place_names(r.desa_name[view["desa"]], pv)),
        ("text", place_names(r.kec_name[kec], pv)),
        ("text", np.array([f"Puskesmas {x}" for x in r.kec_name], dtype=object)[kec]),
        ("text", np.array([f"Posyandu {s.STREETS[v]}" for v in view["street"]], dtype=object)),
        *_measures(pop, m, rows),
    ]


def export(
    pop: Population, cfg: GeneratorConfig, out: Path, rng: np.random.Generator
) -> list[Part]:
    count = cfg.period_count(SOURCE)
    months = month_periods(cfg.as_of, WINDOW_MONTHS + count - 1)[::-1]
    m = _master(pop, cfg, rng, months)
    ym = m.ref.astype("datetime64[M]")
    parts = []
    for k in range(count):
        window = months[len(months) - k - WINDOW_MONTHS : len(months) - k]
        lo = np.datetime64(f"{window[0][0]:04d}-{window[0][1]:02d}", "M")
        hi = np.datetime64(f"{window[-1][0]:04d}-{window[-1][1]:02d}", "M")
        rows = np.flatnonzero((ym >= lo) & (ym <= hi))
        rows = rows[np.lexsort((m.ref[rows], m.pid[rows]))]
        view = period_view(pop, m, rows, m.ref[rows])
        view["kinds"] |= np.where(m.cols["place_variant"][rows], BIT["place_name_variant"], 0)
        view["elig"] |= BIT["place_name_variant"]
        label = f"{lo.astype(object):%Y%m}_{hi.astype(object):%Y%m}"
        rel = f"dinkes/eppgbm_{label}.xlsx"
        write_xlsx(out / rel, "Data Pengukuran", HEADER, _columns(pop, m, rows, view, rng))
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
            )
        )
    return parts
