"""Households (KK) and their members at the start of the window, fully vectorised."""

from __future__ import annotations

import numpy as np

from rajut.demo.gen import state as s

Block = dict[str, np.ndarray]
SLOT_HEAD, SLOT_SPOUSE, SLOT_MCHILD, SLOT_INLAW = range(4)
COUPLE, SINGLE_MOTHER, ALONE, SINGLE_FATHER = range(4)


def _block(
    hh: np.ndarray,
    shdk: int | np.ndarray,
    female: np.ndarray,
    age: np.ndarray,
    slot: int = -1,
    mother_slot: np.ndarray | int = -1,
    father_slot: np.ndarray | int = -1,
    marital: np.ndarray | int = s.SINGLE,
) -> Block:
    n = len(hh)

    def full(v: np.ndarray | int) -> np.ndarray:
        return np.broadcast_to(np.asarray(v), (n,)).astype(np.int64)

    return {
        "hh": hh,
        "shdk": full(shdk),
        "female": female.astype(bool),
        "age": age,
        "slot": full(slot),
        "mslot": full(mother_slot),
        "fslot": full(father_slot),
        "marital": full(marital),
    }


def _fold(x: np.ndarray, lo: float, hi: float) -> np.ndarray:
    """Keep ``x`` in [lo, hi] by reflecting at the bounds.

    ``np.clip`` would pile every out-of-range draw onto the bound itself: thousands of
    people born on one exact day, which no register has (real spikes are the default
    dates 01-01/01-07/31-12, planted separately as weak dates).
    """
    x = np.where(x < lo, 2 * lo - x, x)
    x = np.where(x > hi, 2 * hi - x, x)
    folded: np.ndarray = np.clip(x, lo, hi)  # only a draw a whole range's width out lands here
    return folded


def _heads(rng: np.random.Generator, kind: np.ndarray) -> tuple[Block, Block, np.ndarray]:
    n = len(kind)
    hh = np.arange(n)
    mean = np.array([46.0, 48.0, 58.0, 50.0])[kind]
    age = _fold(rng.normal(mean, 13.0), 21, 92)
    female = np.where(kind == COUPLE, rng.random(n) < 0.02, kind == SINGLE_MOTHER)
    female = np.where(kind == ALONE, rng.random(n) < 0.55, female)
    lone = np.where(age > 60, s.WIDOWED, np.where(rng.random(n) < 0.5, s.SINGLE, s.DIVORCED))
    marital = np.where(kind == COUPLE, s.MARRIED, lone)
    marital = np.where(
        (kind == SINGLE_MOTHER) | (kind == SINGLE_FATHER),
        np.where(rng.random(n) < 0.6, s.WIDOWED, s.DIVORCED),
        marital,
    )
    heads = _block(hh, s.HEAD, female, age, SLOT_HEAD, marital=marital)
    c = kind == COUPLE
    gap = rng.normal(3.5, 3.0, c.sum())
    sp_female = ~female[c]
    sp_age = _fold(np.where(sp_female, age[c] - gap, age[c] + gap), 18, 95)
    spouses = _block(
        hh[c],
        np.where(sp_female, s.WIFE, s.HUSBAND),
        sp_female,
        sp_age,
        SLOT_SPOUSE,
        marital=s.MARRIED,
    )
    mother_age = np.where(female, age, age - 3.0)
    mother_age[c] = np.where(sp_female, sp_age, age[c])
    return heads, spouses, mother_age


def _children(
    rng: np.random.Generator, kind: np.ndarray, mother_age: np.ndarray, head_female: np.ndarray
) -> Block:
    count = np.where(kind == ALONE, 0, np.minimum(rng.poisson(2.3, len(kind)), 6))
    hh = np.repeat(np.arange(len(kind)), count)
    age = mother_age[hh] - rng.uniform(19, 40, len(hh))
    keep = (age >= 0) & ((age <= 22) | ((age <= 35) & (rng.random(len(hh)) < 0.35)))
    hh, age = hh[keep], age[keep]
    k = kind[hh]
    mslot = np.where(k == SINGLE_FATHER, -1, np.where(head_female[hh], SLOT_HEAD, SLOT_SPOUSE))
    fslot = np.where(k == COUPLE, np.where(head_female[hh], SLOT_SPOUSE, SLOT_HEAD), -1)
    fslot = np.where(k == SINGLE_FATHER, SLOT_HEAD, fslot)
    return _block(hh, s.CHILD, rng.random(len(hh)) < 0.49, age, -1, mslot, fslot)


def _extended(rng: np.random.Generator, kind: np.ndarray, head_age: np.ndarray) -> list[Block]:
    n = len(kind)
    blocks: list[Block] = []
    elder = np.flatnonzero((kind == COUPLE) & (rng.random(n) < 0.10))
    role = np.where(rng.random(len(elder)) < 0.5, s.PARENT, s.PARENT_IN_LAW)
    e_age = _fold(head_age[elder] + rng.uniform(22, 35, len(elder)), 60, 99)
    blocks.append(_block(elder, role, rng.random(len(elder)) < 0.75, e_age, marital=s.WIDOWED))
    mc = np.flatnonzero((kind == COUPLE) & (head_age >= 48) & (rng.random(n) < 0.08))
    mc_female = rng.random(len(mc)) < 0.5
    mc_age = np.minimum(rng.uniform(22, 34, len(mc)), head_age[mc] - 19)
    il_age = _fold(mc_age + rng.normal(0, 2.5, len(mc)), 19, 60)
    blocks.append(_block(mc, s.CHILD, mc_female, mc_age, SLOT_MCHILD, marital=s.MARRIED))
    blocks.append(_block(mc, s.IN_LAW, ~mc_female, il_age, SLOT_INLAW, marital=s.MARRIED))
    n_gc = rng.integers(0, 3, len(mc))
    gc_hh = np.repeat(mc, n_gc)
    mother_age = np.repeat(np.where(mc_female, mc_age, il_age), n_gc)
    gc_age = mother_age - rng.uniform(19, 30, len(gc_hh))
    ok = gc_age >= 0
    f_mother = np.repeat(mc_female, n_gc)[ok]
    blocks.append(
        _block(
            gc_hh[ok],
            s.GRANDCHILD,
            rng.random(ok.sum()) < 0.49,
            gc_age[ok],
            -1,
            np.where(f_mother, SLOT_MCHILD, SLOT_INLAW),
            np.where(f_mother, SLOT_INLAW, SLOT_MCHILD),
        )
    )
    for extra, share, lo, hi in ((s.RELATIVE, 0.03, 5, 70), (s.OTHER, 0.01, 15, 60)):
        idx = np.flatnonzero(rng.random(n) < share)
        blocks.append(_block(idx, extra, rng.random(len(idx)) < 0.5, rng.uniform(lo, hi, len(idx))))
    return blocks


def _concat(blocks: list[Block]) -> Block:
    return {k: np.concatenate([b[k] for b in blocks]) for k in blocks[0]}


def build_members(rng: np.random.Generator, n_people: int) -> tuple[Block, np.ndarray]:
    """Persons (sorted by household, role, age) and household kinds, about ``n_people`` persons.

    Returns the person block (``hh``, ``shdk``, ``female``, ``age`` in years, ``slot``,
    ``mslot``, ``fslot``, ``marital``) and the kind of each household.
    """
    n_hh = int(n_people / 3.0) + 20
    kind = rng.choice(4, size=n_hh, p=[0.76, 0.08, 0.12, 0.04])
    heads, spouses, mother_age = _heads(rng, kind)
    kids = _children(rng, kind, mother_age, heads["female"])
    members = _concat([heads, spouses, kids, *_extended(rng, kind, heads["age"])])
    sizes = np.bincount(members["hh"], minlength=n_hh)
    n_keep = int(np.searchsorted(np.cumsum(sizes), n_people) + 1)
    keep = members["hh"] < n_keep
    members = {k: v[keep] for k, v in members.items()}
    order = np.lexsort((-members["age"], members["shdk"], members["hh"]))
    return {k: v[order] for k, v in members.items()}, kind[:n_keep]


def link_slots(members: Block, n_hh: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Mother, father and spouse person index (or -1) from the household slots."""
    slot_map = np.full((4, n_hh), -1, dtype=np.int64)
    has = members["slot"] >= 0
    slot_map[members["slot"][has], members["hh"][has]] = np.flatnonzero(has)

    def lookup(slots: np.ndarray) -> np.ndarray:
        return np.where(slots >= 0, slot_map[np.maximum(slots, 0), members["hh"]], -1)

    partner = np.array([SLOT_SPOUSE, SLOT_HEAD, SLOT_INLAW, SLOT_MCHILD])
    spouse = np.where(has, lookup(np.where(has, partner[np.maximum(members["slot"], 0)], -1)), -1)
    return lookup(members["mslot"]), lookup(members["fslot"]), spouse
