"""Assemble the whole synthetic kabupaten (:class:`Population`) from a config."""

from __future__ import annotations

import numpy as np

from rajut.demo.config import GeneratorConfig
from rajut.demo.gen import events, identity, population, welfare
from rajut.demo.gen.dates import NAT, to_np
from rajut.demo.gen.regions import foreign_prefixes, kabupaten_regions
from rajut.demo.gen.state import STREETS, Population
from rajut.reference.wilayah import load_wilayah


def _rng(seed: int, step: int) -> np.random.Generator:
    return np.random.default_rng([seed, step])


def _households(
    pop: Population, kind: np.ndarray, weights: np.ndarray, cfg: GeneratorConfig
) -> None:
    rng = _rng(cfg.seed, 2)
    n = len(kind)
    demo = cfg.demography
    years_back = rng.uniform(0.3, 20, n) * 365.25
    in_mig = rng.random(n) < demo.in_migrant_share
    pop.h = {
        "desa0": np.sort(rng.choice(len(weights), size=n, p=weights)),
        "rt0": rng.integers(1, 13, n),
        "rw0": rng.integers(1, 7, n),
        "street0": rng.integers(0, len(STREETS), n),
        "move_date": np.full(n, NAT),
        "created": pop.window_start - years_back.astype("timedelta64[D]"),
        "parent": np.full(n, -1, dtype=np.int64),
        "kind": kind,
        "eth": rng.choice(4, size=n, p=[0.93, 0.02, 0.01, 0.04]),
        "in_migrant": in_mig,
        "retired_prefix": in_mig & (rng.random(n) < demo.retired_prefix_share),
    }


def _persons(pop: Population, members: population.Block, n_hh: int) -> None:
    mother, father, spouse = population.link_slots(members, n_hh)
    n = len(members["hh"])
    days = (members["age"] * 365.25).astype(np.int64).astype("timedelta64[D]")
    pop.p = {
        "female": members["female"],
        "birth": pop.window_start - days - np.timedelta64(1, "D"),
        "hh0": members["hh"],
        "hh1": members["hh"].copy(),
        "hh_change": np.full(n, NAT),
        "shdk0": members["shdk"],
        "shdk1": members["shdk"].copy(),
        "marital0": members["marital"],
        "marital1": members["marital"].copy(),
        "mother": mother,
        "father": father,
        "spouse": spouse,
        "death": np.full(n, NAT),
        "death_reported": np.zeros(n, dtype=bool),
        "twin_of": np.full(n, -1, dtype=np.int64),
    }


def build_population(cfg: GeneratorConfig) -> Population:
    """Deterministic (by ``cfg.seed``) households, persons, events and welfare."""
    w = load_wilayah()
    regions = kabupaten_regions(w, cfg.kabupaten_code)
    as_of = to_np(cfg.as_of)
    start = as_of - np.timedelta64(round(365.25 * cfg.window_years), "D")
    pop = Population(regions=regions, window_start=start, as_of=as_of)
    weights = _rng(cfg.seed, 0).lognormal(0, 0.5, len(regions.desa_code))
    weights /= weights.sum()
    members, kind = population.build_members(_rng(cfg.seed, 1), cfg.people)
    _households(pop, kind, weights, cfg)
    _persons(pop, members, len(kind))
    demo = cfg.demography
    events.deaths(_rng(cfg.seed, 3), pop, demo)
    events.moves(_rng(cfg.seed, 4), pop, demo, weights, len(STREETS))
    events.marriages(_rng(cfg.seed, 5), pop, demo, len(STREETS))
    events.existing_twins(_rng(cfg.seed, 6), pop, demo)
    events.births(_rng(cfg.seed, 7), pop, demo)
    identity.default_birth_dates(_rng(cfg.seed, 8), pop, demo)
    welfare.assign_welfare(_rng(cfg.seed, 9), pop, demo)
    identity.assign_names(_rng(cfg.seed, 10), pop)
    foreign = foreign_prefixes(w, cfg.kabupaten_code, retired=False)
    retired = foreign_prefixes(w, cfg.kabupaten_code, retired=True)
    identity.assign_numbers(_rng(cfg.seed, 11), pop, foreign, retired)
    identity.assign_attributes(_rng(cfg.seed, 12), pop)
    return pop
