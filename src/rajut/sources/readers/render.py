"""Render Python cell values (from python-calamine or JSON) as text.

Rules: text as is; integral numbers without ``.0`` and never in scientific notation; other
floats in their shortest round-trip decimal form; dates ``YYYY-MM-DD`` (``THH:MM:SS`` when a
time part is present); booleans ``TRUE``/``FALSE``; nested JSON values as JSON text.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from typing import Any

import numpy as np


def render_number(value: float | int) -> str:
    """Examples:
    >>> render_number(3310124508900000.0), render_number(0.1), render_number(1.5e-07)
    ('3310124508900000', '0.1', '0.00000015')
    """
    if isinstance(value, int):
        return str(value)
    if math.isfinite(value) and value.is_integer():
        return str(int(value))
    return str(np.format_float_positional(value, unique=True, trim="-"))


def render_datetime(value: dt.datetime | dt.date) -> str:
    """Examples:
    >>> render_datetime(dt.datetime(2020, 1, 2)), render_datetime(dt.datetime(2020, 1, 2, 3, 4))
    ('2020-01-02', '2020-01-02T03:04:00')
    """
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.date().isoformat()
        return value.replace(microsecond=0).isoformat()
    return value.isoformat()


def render_value(value: Any) -> tuple[str | None, bool]:
    """Return ``(text, is_numeric)`` for one cell value; empty strings become ``None``."""
    if value is None:
        return None, False
    if isinstance(value, str):
        return (value if value != "" else None), False
    if isinstance(value, bool):
        return ("TRUE" if value else "FALSE"), False
    if isinstance(value, int | float):
        return render_number(value), True
    if isinstance(value, dt.datetime | dt.date):
        return render_datetime(value), False
    if isinstance(value, dt.time):
        return value.replace(microsecond=0).isoformat(), False
    if isinstance(value, dt.timedelta):
        return str(value), False
    return json.dumps(value, ensure_ascii=False, default=str), False
