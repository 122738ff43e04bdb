"""Names, default birth dates, NIK, No. KK and SIAK attributes (agama, pendidikan, …)."""

from __future__ import annotations

import numpy as np

from rajut.demo.config import Demography
from rajut.demo.gen import nik as nikmod
from rajut.demo.gen.dates import age_years, from_ymd, ymd
from rajut.demo.gen.names import (
    ETH_BALINESE,
    ETH_CHINESE,
    ETH_CHRISTIAN,
    FEMALE_ELDER,
    MALE_ELDER,
    make_names,
    twin_name,
    zipf_choice,
)
from rajut.demo.gen.state import Population

RELIGION = ("ISLAM", "KRISTEN", "KATHOLIK", "HINDU", "BUDHA", "KONGHUCU")
EDUCATION = (
    "TIDAK/BELUM SEKOLAH",
    "BELUM TAMAT SD/SEDERAJAT",
    "TAMAT SD/SEDERAJAT",
    "SLTP/SEDERAJAT",
    "SLTA/SEDERAJAT",
    "DIPLOMA I/II",
    "AKADEMI/DIPLOMA III/S. MUDA",
    "DIPLOMA IV/STRATA I",
    "STRATA II",
    "STRATA III",
)
OCCUPATION = (
    "BELUM/TIDAK BEKERJA",
    "PELAJAR/MAHASISWA",
    "MENGURUS RUMAH TANGGA",
    "PETANI/PEKEBUN",
    "BURUH HARIAN LEPAS",
    "KARYAWAN SWASTA",
    "WIRASWASTA",
    "PEDAGANG",
    "PEGAWAI NEGERI SIPIL",
    "GURU",
    "PENSIUNAN",
)


def default_birth_dates(rng: np.random.Generator, pop: Population, demo: Demography) -> None:
    """Elders (and a few whole families) registered with 01-07 or 31-12 as birth date."""
    p = pop.p
    year, _, _ = ymd(p["birth"])
    elder = age_years(p["birth"], pop.window_start) >= 50
    family = (rng.random(pop.n_households) < demo.default_birth_date_family_share)[p["hh0"]]
    family &= p["birth"] < pop.window_start
    hit = (elder & (rng.random(len(year)) < demo.default_birth_date_share)) | family
    dec31 = rng.random(len(year)) < 0.3
    fake = np.where(dec31 & ~family, from_ymd(year, 12, 31), from_ymd(year, 7, 1))
    p["birth"] = np.where(hit, fake, p["birth"])
    p["birth_default"] = hit
    twin = p["twin_of"] >= 0
    p["birth"][twin] = p["birth"][p["twin_of"][twin]]
    p["birth_default"][twin] = p["birth_default"][p["twin_of"][twin]]


def assign_names(rng: np.random.Generator, pop: Population) -> None:
    """Canonical names; twins get similar names; parents' names for those without links."""
    p = pop.p
    year, _, _ = ymd(p["birth"])
    eth = pop.h["eth"][p["hh0"]]
    p["name"] = make_names(rng, p["female"], year, eth)
    for i in np.flatnonzero(p["twin_of"] >= 0):
        p["name"][i] = twin_name(rng, str(p["name"][p["twin_of"][i]]), bool(p["female"][i]))
    n = pop.n_persons
    old_f = zipf_choice(rng, list(FEMALE_ELDER), n)
    old_m = zipf_choice(rng, list(MALE_ELDER), n)
    p["mother_name"] = np.where(p["mother"] >= 0, p["name"][np.maximum(p["mother"], 0)], old_f)
    p["father_name"] = np.where(p["father"] >= 0, p["name"][np.maximum(p["father"], 0)], old_m)
    rel = np.zeros(n, dtype=np.int64)
    u = rng.random(n)
    rel = np.where(eth == ETH_CHRISTIAN, np.where(u < 0.6, 1, 2), rel)
    rel = np.where(eth == ETH_CHINESE, np.where(u < 0.5, 4, np.where(u < 0.8, 1, 5)), rel)
    p["religion"] = np.where(eth == ETH_BALINESE, 3, rel)


def assign_numbers(
    rng: np.random.Generator, pop: Population, foreign: np.ndarray, retired: np.ndarray
) -> None:
    """NIK per person (prefix = kecamatan of first issue) and No. KK per household state."""
    p, h = pop.p, pop.h
    first = np.maximum(p["birth"], pop.window_start)
    desa = pop.address_at(pop.hh_at(np.arange(pop.n_persons), first), first)["desa"]
    prefix = pop.regions.desa_prefix(desa)
    hh_in = h["in_migrant"][p["hh0"]] & (p["birth"] < pop.window_start)
    hh_ret = h["retired_prefix"][p["hh0"]]
    pick_f = foreign[rng.integers(0, len(foreign), pop.n_households)][p["hh0"]]
    pick_r = retired[rng.integers(0, len(retired), pop.n_households)][p["hh0"]]
    prefix = np.where(hh_in, np.where(hh_ret, pick_r, pick_f), prefix)
    p["in_migrant"] = hh_in
    p["nik"] = nikmod.assign_serials(nikmod.nik_base(prefix, p["birth"], p["female"]), rng)
    kec = pop.regions.desa_prefix
    moved = ~np.isnat(h["move_date"])
    base0 = nikmod.nik_base(kec(h["desa0"]), h["created"])
    base1 = nikmod.nik_base(kec(h["desa1"][moved]), h["move_date"][moved])
    kk = nikmod.assign_serials(np.concatenate([base0, base1]), rng)
    h["kk0"] = kk[: len(base0)]
    h["kk1"] = h["kk0"].copy()
    h["kk1"][moved] = kk[len(base0) :]


def assign_attributes(rng: np.random.Generator, pop: Population) -> None:
    """Pendidikan and pekerjaan (as of the reference date) from age, sex and desil."""
    p = pop.p
    n = pop.n_persons
    age = age_years(p["birth"], pop.as_of)
    desil = pop.h["desil"][p["hh1"]]
    level = np.clip(
        np.round(rng.normal(2.5 + 0.25 * desil - 0.02 * np.maximum(age - 40, 0), 1.0)), 2, 9
    ).astype(np.int64)
    school = np.clip((age - 6) // 3 + 1, 0, 4)
    edu = np.where(age < 7, 0, np.where(age < 19, np.minimum(school, 4), level))
    p["education"] = np.where((age >= 19) & (edu >= 8) & (rng.random(n) < 0.8), 7, edu)
    work = rng.choice([3, 4, 5, 6, 7, 8, 9], size=n, p=[0.25, 0.25, 0.2, 0.15, 0.1, 0.03, 0.02])
    work = np.where(p["female"] & (rng.random(n) < 0.45), 2, work)
    work = np.where(age >= 60, np.where(rng.random(n) < 0.2, 10, 3), work)
    p["occupation"] = np.where(age < 5, 0, np.where(age < 19, 1, work))
