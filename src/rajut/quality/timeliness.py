"""Timeliness: is the latest period recent enough for the contract's frequency?

Rule: after a period ends, the agency has one more period to deliver the next one. The
next file is due at ``period_end + one period`` (month-based frequencies land on the last
day of the month). A run is *tepat waktu* until that date and *terlambat N hari* after it.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from rajut.quality.model import Timeliness

_DAYS = {"harian": 1, "mingguan": 7}
_MONTHS = {"bulanan": 1, "triwulanan": 3, "semesteran": 6, "tahunan": 12}
ON_TIME = "tepat waktu"
NOT_ASSESSED = "tidak dinilai"


def add_months_end(day: date, months: int) -> date:
    """``day`` moved ``months`` later; a month-end stays on the month end.

    Examples:
        >>> add_months_end(date(2026, 1, 31), 1)
        datetime.date(2026, 2, 28)
        >>> add_months_end(date(2026, 6, 30), 3)
        datetime.date(2026, 9, 30)
    """
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    at_end = day.day == calendar.monthrange(day.year, day.month)[1]
    return date(year, month + 1, last if at_end else min(day.day, last))


def due_date(frequency: str, period_end: date) -> date | None:
    """When the period after ``period_end`` should have arrived; ``None`` if not scheduled."""
    if frequency in _DAYS:
        return period_end + timedelta(days=_DAYS[frequency])
    if frequency in _MONTHS:
        return add_months_end(period_end, _MONTHS[frequency])
    return None


def timeliness(
    frequency: str, period_label: str | None, period_end: date | None, today: date
) -> Timeliness:
    """Timeliness of a run whose data ends on ``period_end``, judged on ``today``.

    Examples:
        >>> timeliness("bulanan", "2026-01", date(2026, 1, 31), date(2026, 3, 10)).status
        'terlambat 10 hari'
    """
    due = due_date(frequency, period_end) if period_end else None
    since = (today - period_end).days if period_end else None
    late = max(0, (today - due).days) if due else 0
    if due is None:
        status = NOT_ASSESSED
    elif late > 0:
        status = f"terlambat {late} hari"
    else:
        status = ON_TIME
    return Timeliness(
        frequency=frequency,
        period_label=period_label,
        period_end=period_end,
        today=today,
        due_date=due,
        days_since_period_end=since,
        days_late=late,
        status=status,
    )
