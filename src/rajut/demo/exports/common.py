"""Shared machinery of every agency export: master records, corruption, period rows, truth."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from rajut.demo.config import NIK_KINDS, Rates
from rajut.demo.gen import nik as nikmod
from rajut.demo.gen.dates import swap_day_month
from rajut.demo.gen.state import Arrays, Population
from rajut.demo.gen.variants import variants

KINDS = (
    *NIK_KINDS,
    "newborn_without_nik",
    "name_variant",
    "newborn_placeholder_name",
    "birth_date_swap",
    "stale_address",
    "duplicate",
    "deceased_listed",
    "death_unreported",
    "mother_name_missing",
    "mother_name_variant",
    "place_name_variant",
    # not a corruption: the row lists the person with an inactive status (BPJS NONAKTIF), so
    # the truth can tell a listed non-recipient from a recipient
    "listed_inactive",
)
BIT = {k: np.int64(1 << i) for i, k in enumerate(KINDS)}
NEWBORN_DAYS = 90


@dataclass
class Master:
    """Every record a source may ever export (all periods), with its stable record id."""

    pid: np.ndarray
    rid: np.ndarray
    ref: np.ndarray
    cols: Arrays = field(default_factory=dict)
    kinds: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    elig: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))

    def take(self, idx: np.ndarray) -> Master:
        return Master(
            self.pid[idx],
            self.rid[idx],
            self.ref[idx],
            {k: v[idx] for k, v in self.cols.items()},
            self.kinds[idx],
            self.elig[idx],
        )


@dataclass
class Part:
    """One exported file: where it went and the truth of each of its rows."""

    source: str
    path: str
    period: str
    fmt: str
    rid: np.ndarray
    pid: np.ndarray
    hh: np.ndarray
    kinds: np.ndarray
    elig: np.ndarray
    dropped_dead: int = 0


def _mark(m: Master, kind: str, applied: np.ndarray, eligible: np.ndarray | bool = True) -> None:
    m.kinds |= np.where(applied, BIT[kind], 0)
    m.elig |= np.where(eligible, BIT[kind], 0)


def _corrupt_nik(
    pop: Population,
    m: Master,
    rates: Rates,
    rng: np.random.Generator,
    xlsx: bool,
    newborn: np.ndarray,
) -> None:
    p = pop.p
    nik = p["nik"][m.pid].copy()
    n = len(nik)
    no_nik = newborn & (rng.random(n) < rates.newborn_without_nik)
    _mark(m, "newborn_without_nik", no_nik, newborn)
    u = rng.random(n)
    lo = 0.0
    mother = p["mother"][m.pid]
    kk = pop.address_at(pop.hh_at(m.pid, m.ref), m.ref)["kk"]
    m.cols["nik_float"] = np.zeros(n, dtype=bool)
    for kind in NIK_KINDS:
        rate = getattr(rates, kind)
        eligible = ~no_nik
        if kind == "nik_excel_float":
            eligible = eligible & xlsx
        if kind == "mother_nik_in_child":
            eligible = eligible & (mother >= 0)
        hit = eligible & (u >= lo) & (u < lo + rate)
        lo += rate
        _mark(m, kind, hit, eligible)
        if kind == "nik_typo":
            nik[hit] = nikmod.typo(nik[hit], rng)
        elif kind == "nik_transposed":
            nik[hit] = nikmod.transpose(nik[hit], rng)
        elif kind == "nik_excel_float":
            nik[hit] = nikmod.excel_float(nik[hit])
            m.cols["nik_float"] |= hit
        elif kind == "kk_in_nik":
            nik[hit] = kk[hit]
        elif kind == "mother_nik_in_child":
            nik[hit] = p["nik"][mother[hit]]
        else:
            nik[hit] = -1
    nik[no_nik] = -1
    m.cols["nik"] = nik


def _corrupt_names(
    pop: Population, m: Master, rates: Rates, rng: np.random.Generator, newborn: np.ndarray
) -> None:
    p = pop.p
    n = len(m.pid)
    name = p["name"][m.pid].copy()
    female = p["female"][m.pid]
    mother_name = p["mother_name"][m.pid].copy()
    placeholder = newborn & (rng.random(n) < rates.newborn_placeholder_name)
    _mark(m, "newborn_placeholder_name", placeholder, newborn)
    var = ~placeholder & (rng.random(n) < rates.name_variant)
    _mark(m, "name_variant", var, ~placeholder)
    name[var] = variants(rng, name[var], female[var])
    name[placeholder] = np.array([f"BY NY {x}" for x in mother_name[placeholder]], dtype=object)
    u = rng.random(n)
    missing = u < rates.mother_name_missing
    mvar = ~missing & (u < rates.mother_name_missing + rates.mother_name_variant)
    _mark(m, "mother_name_missing", missing)
    _mark(m, "mother_name_variant", mvar)
    mother_name[mvar] = variants(rng, mother_name[mvar], np.ones(int(mvar.sum()), dtype=bool))
    mother_name[missing] = ""
    m.cols["name"], m.cols["mother_name"] = name, mother_name


def corrupt(
    pop: Population,
    m: Master,
    rates: Rates,
    rng: np.random.Generator,
    *,
    xlsx: bool = False,
    newborn_rules: bool = False,
) -> Master:
    """Apply every corruption kind of ``rates`` to ``m`` (and append duplicates)."""
    n = len(m.pid)
    m.kinds = np.zeros(n, dtype=np.int64)
    m.elig = np.zeros(n, dtype=np.int64)
    ref = np.where(np.isnat(m.ref), pop.as_of, m.ref)
    m.ref = ref
    newborn = np.zeros(n, dtype=bool)
    if newborn_rules:
        newborn = (ref - pop.p["birth"][m.pid]).astype(np.int64) < NEWBORN_DAYS
    _corrupt_nik(pop, m, rates, rng, xlsx, newborn)
    _corrupt_names(pop, m, rates, rng, newborn)
    swapped, ok = swap_day_month(pop.p["birth"][m.pid])
    hit = ok & (rng.random(n) < rates.birth_date_swap)
    _mark(m, "birth_date_swap", hit, ok)
    m.cols["birth"] = np.where(hit, swapped, pop.p["birth"][m.pid])
    m.cols["stale"] = rng.random(n) < rates.stale_address
    m.cols["keep_dead"] = rng.random(n) < rates.deceased_listed
    m.cols["place_variant"] = rng.random(n) < rates.place_name_variant
    return _duplicates(pop, m, rates, rng)


def _duplicates(pop: Population, m: Master, rates: Rates, rng: np.random.Generator) -> Master:
    n = len(m.pid)
    m.elig |= BIT["duplicate"]
    dup = np.flatnonzero(rng.random(n) < rates.duplicate)
    copy = m.take(dup)
    copy.kinds = copy.kinds | BIT["duplicate"]
    vary = rng.random(len(dup)) < 0.5
    female = pop.p["female"][copy.pid]
    copy.cols["name"] = copy.cols["name"].copy()
    copy.cols["name"][vary] = variants(rng, copy.cols["name"][vary], female[vary])
    copy.kinds |= np.where(vary, BIT["name_variant"], 0)
    copy.rid = np.array([f"DUP{i}" for i in range(len(dup))], dtype=object)
    both = m.take(np.arange(n))
    for attr in ("pid", "rid", "ref", "kinds", "elig"):
        setattr(both, attr, np.concatenate([getattr(m, attr), getattr(copy, attr)]))
    both.cols = {k: np.concatenate([v, copy.cols[k]]) for k, v in m.cols.items()}
    both.cols["is_dup"] = np.r_[np.zeros(n, dtype=bool), np.ones(len(dup), dtype=bool)]
    return both


def period_view(
    pop: Population, m: Master, rows: np.ndarray, date: np.datetime64 | np.ndarray
) -> Arrays:
    """Address, household and period-dependent kinds of the master rows ``rows`` on ``date``.

    ``rows`` must already exclude dead persons not kept (see :func:`alive_or_kept`).
    """
    pid = m.pid[rows]
    hh = pop.hh_at(pid, date)
    now = pop.address_at(hh, date)
    origin = pop.origin_address(pid)
    moved = (now["desa"] != origin["desa"]) | (now["street"] != origin["street"])
    moved |= (now["rt"] != origin["rt"]) | (now["rw"] != origin["rw"])
    stale = moved & m.cols["stale"][rows]
    addr = {k: np.where(stale, origin[k], now[k]) for k in ("desa", "rt", "rw", "street")}
    kinds = m.kinds[rows] | np.where(stale, BIT["stale_address"], 0)
    elig = m.elig[rows] | np.where(moved, BIT["stale_address"], 0)
    dead = ~pop.alive_at(pid, date)
    kinds |= np.where(dead, BIT["deceased_listed"], 0)
    elig |= np.where(dead, BIT["deceased_listed"], 0)
    return {"hh": hh, "kk": now["kk"], **addr, "kinds": kinds, "elig": elig, "dead": dead}


def alive_or_kept(pop: Population, m: Master, date: np.datetime64) -> np.ndarray:
    """Rows whose person is alive on ``date``, or dead but still listed (``deceased_listed``)."""
    return pop.alive_at(m.pid, date) | m.cols["keep_dead"]


def dropped_dead(pop: Population, m: Master, base: np.ndarray, date: np.datetime64) -> int:
    """Original rows of ``base`` left out because the person died (not ``deceased_listed``)."""
    gone = base & ~pop.alive_at(m.pid, date) & ~m.cols["keep_dead"] & ~m.cols["is_dup"]
    return int(gone.sum())


def kinds_text(bits: np.ndarray) -> np.ndarray:
    """Bitmask → ``kind1|kind2`` strings."""
    values, inverse = np.unique(bits, return_inverse=True)
    names = ["|".join(k for k in KINDS if int(v) & int(BIT[k])) for v in values]
    return np.asarray(names, dtype=object)[inverse]


def dead_eligible_all(m: Master) -> None:
    """For sources whose dead are always dropped (no ``deceased_listed``)."""
    m.cols["keep_dead"] = np.zeros(len(m.pid), dtype=bool)
