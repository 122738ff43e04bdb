"""Events in the two-year window: deaths, household moves, marriages, births and twins."""

from __future__ import annotations

import numpy as np

from rajut.demo.config import Demography
from rajut.demo.gen import state as s
from rajut.demo.gen.dates import NAT, age_years
from rajut.demo.gen.state import Arrays, Population


def _window_dates(rng: np.random.Generator, pop: Population, n: int) -> np.ndarray:
    days = int((pop.as_of - pop.window_start).astype(np.int64))
    return pop.window_start + rng.integers(1, days + 1, n).astype("timedelta64[D]")


def append_persons(pop: Population, new: Arrays) -> np.ndarray:
    """Append persons (missing columns get neutral values); returns their indices."""
    start = pop.n_persons
    n = len(new["female"])
    for key, col in pop.p.items():
        add = new.get(key)
        if add is None:
            fill = NAT if col.dtype.kind == "M" else (-1 if col.dtype.kind == "i" else 0)
            add = np.full(n, fill, dtype=col.dtype)
        pop.p[key] = np.concatenate([col, np.asarray(add, dtype=col.dtype)])
    return np.arange(start, start + n)


def deaths(rng: np.random.Generator, pop: Population, demo: Demography) -> None:
    """Gompertz mortality; a share of deaths is never reported to Dukcapil."""
    age = age_years(pop.p["birth"], pop.window_start).clip(0)
    years = (pop.as_of - pop.window_start).astype(np.int64) / 365.25
    hazard = 0.0003 * np.exp(0.085 * (age - 20))
    dies = rng.random(len(age)) < 1 - np.exp(-hazard * years)
    pop.p["death"] = np.where(dies, _window_dates(rng, pop, len(age)), NAT)
    pop.p["death_reported"] = dies & (rng.random(len(age)) >= demo.death_unreported_share)


def moves(
    rng: np.random.Generator, pop: Population, demo: Demography, weights: np.ndarray, n_streets: int
) -> None:
    """Whole households move to another desa of the kabupaten (new address, new KK later)."""
    h = pop.h
    n = pop.n_households
    movers = rng.random(n) < demo.household_move_share
    new_desa = rng.choice(len(weights), size=n, p=weights)
    new_desa = np.where(new_desa == h["desa0"], (new_desa + 1) % len(weights), new_desa)
    h["move_date"] = np.where(movers, _window_dates(rng, pop, n), NAT)
    h["desa1"] = np.where(movers, new_desa, h["desa0"])
    h["rt1"] = np.where(movers, rng.integers(1, 13, n), h["rt0"])
    h["rw1"] = np.where(movers, rng.integers(1, 7, n), h["rw0"])
    h["street1"] = np.where(movers, rng.integers(0, n_streets, n), h["street0"])


def marriages(rng: np.random.Generator, pop: Population, demo: Demography, n_streets: int) -> None:
    """Unmarried adult children marry; each couple founds a new KK in the husband's desa."""
    p, h = pop.p, pop.h
    age = age_years(p["birth"], pop.window_start)
    ok = (p["shdk0"] == s.CHILD) & (p["marital0"] == s.SINGLE) & (age >= 21) & (age <= 35)
    ok &= np.isnat(p["death"]) & np.isnat(h["move_date"][p["hh0"]])
    men = rng.permutation(np.flatnonzero(ok & ~p["female"]))
    women = rng.permutation(np.flatnonzero(ok & p["female"]))
    n_pairs = int(min(len(men), len(women)) * demo.marriage_share)
    men, women = men[:n_pairs], women[:n_pairs]
    distinct = p["hh0"][men] != p["hh0"][women]
    men, women = men[distinct], women[distinct]
    n_new = len(men)
    new_hh = np.arange(pop.n_households, pop.n_households + n_new)
    date = _window_dates(rng, pop, n_new)
    parent = p["hh0"][men]
    desa = h["desa1"][parent]
    add = {
        "desa0": desa,
        "desa1": desa,
        "rt0": rng.integers(1, 13, n_new),
        "rw0": rng.integers(1, 7, n_new),
        "street0": rng.integers(0, n_streets, n_new),
        "move_date": np.full(n_new, NAT),
        "created": date,
        "parent": parent,
        "kind": np.zeros(n_new, dtype=np.int64),
        "eth": h["eth"][parent],
        "in_migrant": np.zeros(n_new, dtype=bool),
        "retired_prefix": np.zeros(n_new, dtype=bool),
    }
    add["rt1"], add["rw1"], add["street1"] = add["rt0"], add["rw0"], add["street0"]
    for key, col in h.items():
        h[key] = np.concatenate([col, np.asarray(add[key], dtype=col.dtype)])
    for who, role in ((men, s.HEAD), (women, s.WIFE)):
        p["hh1"][who] = new_hh
        p["hh_change"][who] = date
        p["shdk1"][who] = role
        p["marital1"][who] = s.MARRIED
    p["spouse"][men], p["spouse"][women] = women, men


def births(rng: np.random.Generator, pop: Population, demo: Demography) -> None:
    """Married women 18–44 give birth; babies join the mother's KK (twins sometimes)."""
    p = pop.p
    age = age_years(p["birth"], pop.window_start)
    ok = p["female"] & (p["marital0"] == s.MARRIED) & (age >= 18) & (age <= 44)
    ok &= np.isnat(p["death"]) & np.isnat(p["hh_change"])
    years = (pop.as_of - pop.window_start).astype(np.int64) / 365.25
    expected = demo.birth_rate_per_year * years * pop.n_persons
    prob = min(1.0, expected / max(1, ok.sum()))
    mothers = np.flatnonzero(ok & (rng.random(len(ok)) < prob))
    twins = rng.random(len(mothers)) < demo.twin_share
    mothers = np.concatenate([mothers, mothers[twins]])
    date = _window_dates(rng, pop, len(mothers) - int(twins.sum()))
    date = np.concatenate([date, date[twins]])
    role = np.where(np.isin(p["shdk0"][mothers], [s.HEAD, s.WIFE]), s.CHILD, s.GRANDCHILD)
    n = len(mothers)
    new = {
        "female": rng.random(n) < 0.49,
        "birth": date,
        "hh0": p["hh0"][mothers],
        "hh1": p["hh0"][mothers],
        "hh_change": np.full(n, NAT),
        "shdk0": role,
        "shdk1": role,
        "marital0": np.zeros(n),
        "marital1": np.zeros(n),
        "mother": mothers,
        "father": p["spouse"][mothers],
        "spouse": np.full(n, -1),
        "death": np.full(n, NAT),
    }
    idx = append_persons(pop, new)
    first = idx[: n - int(twins.sum())]
    p["twin_of"][idx[n - int(twins.sum()) :]] = first[twins]


def existing_twins(rng: np.random.Generator, pop: Population, demo: Demography) -> None:
    """Some children already living at the window start have a twin sibling."""
    p = pop.p
    age = age_years(p["birth"], pop.window_start)
    kids = np.flatnonzero(
        np.isin(p["shdk0"], [s.CHILD, s.GRANDCHILD])
        & (age < 18)
        & (p["twin_of"] < 0)
        & (p["birth"] < pop.window_start)
    )
    pick = kids[rng.random(len(kids)) < demo.twin_share / 2]
    new = {k: v[pick] for k, v in p.items()}
    new["female"] = rng.random(len(pick)) < 0.5
    new["twin_of"] = pick
    new["death"] = np.full(len(pick), NAT)
    new["death_reported"] = np.zeros(len(pick), dtype=bool)
    append_persons(pop, new)
