"""Realistic spelling variants of Indonesian names (for corrupting agency records)."""

from __future__ import annotations

import numpy as np

MUHAMMAD_FORMS = ("M.", "MOCH.", "MOHAMMAD", "MUHAMAD", "MOH.", "MUH.", "MOCHAMAD")
TITLES_PREFIX = ("H.", "HJ.", "DRS.")
TITLES_SUFFIX = ("S.PD.", "S.E.", "A.MD.", "S.KEP.")
OLD_SPELLING = (("U", "OE"), ("J", "DJ"), ("C", "TJ"))
NICKNAMES = {"MUHAMMAD": "MAMAT", "SITI": "SITI", "AHMAD": "AMAT", "AGUS": "AGUS"}


def _typo(rng: np.random.Generator, name: str) -> str:
    letters = [i for i, ch in enumerate(name) if ch.isalpha()]
    if len(letters) < 3:
        return name + "H"
    i = letters[int(rng.integers(1, len(letters)))]
    kind = int(rng.integers(3))
    if kind == 0:
        return name[:i] + name[i + 1 :]
    if kind == 1:
        return name[:i] + name[i] + name[i:]
    repl = "AIUEO"[int(rng.integers(5))] if name[i] in "AIUEO" else "HKNRS"[int(rng.integers(5))]
    return name[:i] + (repl if repl != name[i] else "Y") + name[i + 1 :]


def _candidates(name: str, female: bool) -> list[str]:
    words = name.split()
    out: list[str] = []
    if words[0] == "MUHAMMAD":
        out += [" ".join([form, *words[1:]]) for form in MUHAMMAD_FORMS]
    if len(words) >= 2:
        out.append(f"{words[0][0]}. {' '.join(words[1:])}")
        out.append(" ".join(words[:-1]) + f" {words[-1][0]}")
    title = "HJ." if female else "H."
    out.append(f"{title} {name}")
    out.append(f"{name}, {TITLES_SUFFIX[len(name) % len(TITLES_SUFFIX)]}")
    for new, old in OLD_SPELLING:
        if new in name:
            out.append(name.replace(new, old, 1))
    if words[0] in NICKNAMES and len(words) >= 2:
        out.append(f"{NICKNAMES[words[0]]} {words[-1]}")
    return [c for c in out if c != name]


def name_variant(rng: np.random.Generator, name: str, female: bool) -> str:
    """One variant of ``name``: Muhammad form, title, old spelling, abbreviation or typo.

    Examples:
        >>> import numpy as np
        >>> name_variant(np.random.default_rng(1), "SITI AMINAH", True) != "SITI AMINAH"
        True
    """
    cands = _candidates(name, female)
    if not cands or rng.random() < 0.3:
        out = _typo(rng, name)
        return out if out != name else name + "H"
    return cands[int(rng.integers(len(cands)))]


def variants(rng: np.random.Generator, names: np.ndarray, female: np.ndarray) -> np.ndarray:
    """Vector form of :func:`name_variant` (Python loop over the selected subset only)."""
    return np.array(
        [name_variant(rng, str(n), bool(f)) for n, f in zip(names, female, strict=True)],
        dtype=object,
    )
