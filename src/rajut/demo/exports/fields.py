"""Small field renderers and period calendars shared by the exports."""

from __future__ import annotations

import datetime as dt

import numpy as np

from rajut.demo.gen.nik import to_text


def nik_text(values: np.ndarray) -> np.ndarray:
    return to_text(values)


def place_variant(name: str) -> str:
    """A plausible misspelling of a desa/kecamatan name (``Karang Anyar`` → ``Karanganyar``)."""
    if " " in name:
        return name.replace(" ", "", 1)
    if "u" in name:
        return name.replace("u", "oe", 1)
    if "j" in name:
        return name.replace("j", "dj", 1)
    return name + name[-1]


def place_names(names: np.ndarray, variant: np.ndarray) -> np.ndarray:
    out = names.copy()
    out[variant] = np.array([place_variant(str(x)) for x in names[variant]], dtype=object)
    return out


def month_end(year: int, month: int) -> dt.date:
    nxt = dt.date(year + month // 12, month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def shift_month(year: int, month: int, back: int) -> tuple[int, int]:
    total = year * 12 + (month - 1) - back
    return total // 12, total % 12 + 1


def dukcapil_periods(as_of: dt.date, count: int) -> list[dt.date]:
    """``as_of``, then the last day of each earlier month."""
    out = [as_of]
    for k in range(1, count):
        y, m = shift_month(as_of.year, as_of.month, k)
        out.append(month_end(y, m))
    return out


def quarter_periods(as_of: dt.date, count: int) -> list[tuple[str, dt.date]]:
    """Last full quarters ending on or before ``as_of``: ``("2026Q2", 2026-06-30)``, …"""
    q = (as_of.month - 1) // 3 + 1
    y = as_of.year
    if month_end(y, q * 3) > as_of:
        y, q = (y, q - 1) if q > 1 else (y - 1, 4)
    out = []
    for _ in range(count):
        out.append((f"{y}Q{q}", month_end(y, q * 3)))
        y, q = (y, q - 1) if q > 1 else (y - 1, 4)
    return out


def month_periods(as_of: dt.date, count: int) -> list[tuple[int, int]]:
    return [shift_month(as_of.year, as_of.month, k) for k in range(count)]


def semester_periods(as_of: dt.date, count: int) -> list[tuple[str, dt.date]]:
    """Dapodik semesters: Jan–Jun of Y = ``(Y-1)2`` (genap), Jul–Dec of Y = ``Y1`` (ganjil)."""
    if as_of.month >= 7:
        year, sem = as_of.year, 1
    else:
        year, sem = as_of.year - 1, 2
    out = [(f"{year}{sem}", as_of)]
    for _ in range(1, count):
        year, sem = (year, 1) if sem == 2 else (year - 1, 2)
        end = dt.date(year + 1, 6, 30) if sem == 2 else dt.date(year, 12, 31)
        out.append((f"{year}{sem}", end))
    return out


ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
