"""Timeliness against the contract's frequency."""

from __future__ import annotations

from datetime import date

import pytest

from rajut.quality.timeliness import add_months_end, due_date, timeliness


@pytest.mark.parametrize(
    ("frequency", "end", "due"),
    [
        ("bulanan", date(2026, 1, 31), date(2026, 2, 28)),
        ("bulanan", date(2024, 1, 31), date(2024, 2, 29)),
        ("triwulanan", date(2026, 6, 30), date(2026, 9, 30)),
        ("semesteran", date(2025, 12, 31), date(2026, 6, 30)),
        ("tahunan", date(2025, 12, 31), date(2026, 12, 31)),
        ("mingguan", date(2026, 1, 4), date(2026, 1, 11)),
        ("harian", date(2026, 1, 4), date(2026, 1, 5)),
        ("tidak tentu", date(2026, 1, 4), None),
    ],
)
def test_due_date(frequency: str, end: date, due: date | None) -> None:
    assert due_date(frequency, end) == due


def test_monthly_on_time_until_the_end_of_next_month() -> None:
    on_time = timeliness("bulanan", "2026-01", date(2026, 1, 31), date(2026, 2, 28))
    assert on_time.status == "tepat waktu"
    assert on_time.days_late == 0
    assert on_time.days_since_period_end == 28
    late = timeliness("bulanan", "2026-01", date(2026, 1, 31), date(2026, 3, 10))
    assert late.status == "terlambat 10 hari"
    assert late.days_late == 10


def test_unscheduled_or_unknown_period_is_not_assessed() -> None:
    assert timeliness("tidak tentu", None, date(2026, 1, 1), date(2026, 5, 1)).status == (
        "tidak dinilai"
    )
    unknown = timeliness("bulanan", None, None, date(2026, 5, 1))
    assert unknown.status == "tidak dinilai"
    assert unknown.days_since_period_end is None


def test_add_months_keeps_mid_month_day() -> None:
    assert add_months_end(date(2026, 1, 15), 1) == date(2026, 2, 15)
    assert add_months_end(date(2026, 1, 30), 1) == date(2026, 2, 28)
