"""NIK and No. KK numbers as int64 (16 digits), built and corrupted with numpy.

NIK = 6-digit kecamatan code of first issue + DDMMYY (DD+40 for women) + 4-digit serial.
No. KK = 6-digit kecamatan code + DDMMYY of issue + 4-digit serial.
"""

from __future__ import annotations

import numpy as np

from rajut.demo.gen.dates import ymd


def nik_base(prefix6: np.ndarray, date: np.ndarray, female: np.ndarray | None = None) -> np.ndarray:
    """The first 12 digits (times 10⁴) of a NIK/KK: prefix + DDMMYY, serial still zero.

    Args:
        prefix6: int64 kecamatan codes without dots (``331012``).
        date: ``datetime64[D]`` birth (NIK) or issue (KK) dates.
        female: for NIKs, adds 40 to the day of women.

    Examples:
        >>> import numpy as np
        >>> d = np.array(["1980-05-12"], dtype="datetime64[D]")
        >>> int(nik_base(np.array([331012]), d, np.array([True]))[0])
        3310125205800000
    """
    year, month, day = ymd(date)
    if female is not None:
        day = day + 40 * female.astype(np.int64)
    ddmmyy = day * 10_000 + month * 100 + year % 100
    return np.asarray(prefix6.astype(np.int64) * 10**10 + ddmmyy * 10**4)


def assign_serials(base: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Add serials 0001, 0002, … per equal ``base`` (random order) so numbers are unique."""
    n = len(base)
    order = np.lexsort((rng.random(n), base))
    sorted_base = base[order]
    starts = np.r_[True, sorted_base[1:] != sorted_base[:-1]]
    group_start = np.maximum.accumulate(np.where(starts, np.arange(n), 0))
    rank = np.arange(n) - group_start + 1
    if n and rank.max() > 9999:
        raise ValueError("lebih dari 9999 nomor untuk satu kecamatan dan tanggal")
    serial = np.empty(n, dtype=np.int64)
    serial[order] = rank
    return base + serial


def to_text(numbers: np.ndarray) -> np.ndarray:
    """16-digit strings (object array); negative values (no number) become ``""``."""
    return np.array([f"{v:016d}" if v >= 0 else "" for v in numbers.tolist()], dtype=object)


def _digits(numbers: np.ndarray) -> np.ndarray:
    powers = 10 ** np.arange(15, -1, -1, dtype=np.int64)
    return (numbers[:, None] // powers) % 10


def _from_digits(digits: np.ndarray) -> np.ndarray:
    powers = 10 ** np.arange(15, -1, -1, dtype=np.int64)
    return np.asarray((digits * powers).sum(axis=1))


def typo(numbers: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Change one digit (positions 7–16, after the region code) to a different digit."""
    digits = _digits(numbers)
    rows = np.arange(len(numbers))
    pos = rng.integers(6, 16, size=len(numbers))
    shift = rng.integers(1, 10, size=len(numbers))
    digits[rows, pos] = (digits[rows, pos] + shift) % 10
    return _from_digits(digits)


def transpose(numbers: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Swap two adjacent, different digits (numbers with no such pair are left unchanged)."""
    digits = _digits(numbers)
    differs = digits[:, :-1] != digits[:, 1:]
    noise = rng.random(differs.shape) * differs
    pos = noise.argmax(axis=1)
    ok = differs[np.arange(len(numbers)), pos]
    rows = np.arange(len(numbers))[ok]
    p = pos[ok]
    a = digits[rows, p].copy()
    digits[rows, p] = digits[rows, p + 1]
    digits[rows, p + 1] = a
    return _from_digits(digits)


def excel_float(numbers: np.ndarray) -> np.ndarray:
    """What Excel keeps of a 16-digit number typed into a cell: 15 digits, last one zero."""
    return (numbers // 10) * 10
