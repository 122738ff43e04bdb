"""True welfare (desil), social programmes, stunting and school enrolment."""

from __future__ import annotations

from statistics import NormalDist

import numpy as np

from rajut.demo.config import Demography
from rajut.demo.gen.dates import age_months, age_years
from rajut.demo.gen.names import ETH_CHINESE
from rajut.demo.gen.population import ALONE, SINGLE_MOTHER
from rajut.demo.gen.state import Population


def _by_desil(desil: np.ndarray, table: list[float]) -> np.ndarray:
    return np.asarray(np.asarray(table)[desil - 1])


def assign_welfare(rng: np.random.Generator, pop: Population, demo: Demography) -> None:
    """Household desil from a latent score, then PKH/BPNT (household) and PBI/PIP (person)."""
    h, p = pop.h, pop.p
    n_desa = len(pop.regions.desa_code)
    desa_effect = rng.normal(0, 0.35, n_desa)
    score = rng.normal(0, 1, pop.n_households) + desa_effect[h["desa1"]]
    score += 0.6 * (h["eth"] == ETH_CHINESE) - 0.3 * np.isin(h["kind"], [SINGLE_MOTHER, ALONE])
    rank = np.argsort(np.argsort(score, kind="stable"), kind="stable")
    h["desil"] = 1 + rank * 10 // pop.n_households
    d = h["desil"]
    u = rng.random((2, pop.n_households))
    h["pkh"] = u[0] < _by_desil(d, [0.65, 0.6, 0.5, 0.15, 0.05, 0.02, 0.01, 0.01, 0.005, 0.005])
    h["bpnt"] = u[1] < _by_desil(d, [0.75, 0.7, 0.6, 0.4, 0.08, 0.04, 0.02, 0.01, 0.01, 0.005])
    pd = d[p["hh1"]]
    p["pbi"] = rng.random(len(pd)) < _by_desil(
        pd, [0.9, 0.88, 0.85, 0.8, 0.7] + [0.06] * 2 + [0.02] * 3
    )
    _children(rng, pop, demo, pd)


def _children(
    rng: np.random.Generator, pop: Population, demo: Demography, desil: np.ndarray
) -> None:
    p = pop.p
    n = pop.n_persons
    base = -2.0 - NormalDist().inv_cdf(demo.stunting_share)
    p["z_tbu"] = rng.normal(base - 0.09 * (desil - 5.5), 1.0, n)
    alive = pop.alive_at(np.arange(n), pop.as_of)
    months = age_months(p["birth"], np.full(n, pop.as_of))
    under5 = alive & (months >= 0) & (months < 60)
    p["stunted"] = np.where(under5, np.where(p["z_tbu"] < -2, 1, 0), -1)
    age = age_years(p["birth"], pop.as_of)
    p["school_age"] = (age >= 7) & (age <= 18)
    prob = 0.98 - 0.03 * (10 - desil) - 0.15 * (age >= 16)
    p["enrolled"] = p["school_age"] & (rng.random(n) < prob)
    layak = (desil <= 4) | pop.h["pkh"][p["hh1"]]
    p["layak_pip"] = p["enrolled"] & layak
    p["pip"] = p["layak_pip"] & (rng.random(n) < np.where(desil <= 4, 0.7, 0.2))
