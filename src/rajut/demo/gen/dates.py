"""Vectorised date helpers on ``datetime64[D]`` arrays."""

from __future__ import annotations

import datetime as dt

import numpy as np

NAT = np.datetime64("NaT", "D")


def ymd(dates: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Year, month and day as int64 arrays."""
    d = dates.astype("datetime64[D]")
    months = d.astype("datetime64[M]")
    year = months.astype("datetime64[Y]").astype(np.int64) + 1970
    month = months.astype(np.int64) % 12 + 1
    day = (d - months.astype("datetime64[D]")).astype(np.int64) + 1
    return year, month, day


def from_ymd(year: np.ndarray, month: np.ndarray | int, day: np.ndarray | int) -> np.ndarray:
    months = (np.asarray(year) - 1970) * 12 + np.asarray(month) - 1
    return np.asarray(
        months.astype("datetime64[M]").astype("datetime64[D]") + (np.asarray(day) - 1)
    )


def to_np(date: dt.date) -> np.datetime64:
    return np.datetime64(date.isoformat(), "D")


def fmt(dates: np.ndarray, pattern: str) -> np.ndarray:
    """Format dates: pattern ``dmy-`` → ``dd-mm-yyyy``, ``dmy/``, ``iso``; NaT → ``""``."""
    iso = np.datetime_as_string(dates.astype("datetime64[D]"), unit="D").tolist()
    if pattern == "iso":
        out = [s if s != "NaT" else "" for s in iso]
    else:
        sep = pattern[-1]
        out = [f"{s[8:10]}{sep}{s[5:7]}{sep}{s[0:4]}" if s != "NaT" else "" for s in iso]
    return np.array(out, dtype=object)


def age_years(birth: np.ndarray, on: np.datetime64) -> np.ndarray:
    """Completed years of age on ``on``."""
    by, bm, bd = ymd(birth)
    oy, om, od = ymd(np.array([on]))
    before = (bm > om[0]) | ((bm == om[0]) & (bd > od[0]))
    return np.asarray(oy[0] - by - before.astype(np.int64))


def age_months(birth: np.ndarray, on: np.ndarray) -> np.ndarray:
    """Completed months of age on ``on`` (element-wise)."""
    by, bm, bd = ymd(birth)
    oy, om, od = ymd(on)
    return np.asarray((oy - by) * 12 + (om - bm) - (od < bd).astype(np.int64))


def swap_day_month(dates: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Dates with day and month swapped, and the mask where that gives a different valid date."""
    year, month, day = ymd(dates)
    ok = (day <= 12) & (day != month)
    swapped = from_ymd(year, np.where(ok, day, month), np.where(ok, month, day))
    return np.where(ok, swapped, dates), ok
