from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rajut.sources.period import PeriodError, parse_period, period_of_day


@pytest.mark.parametrize(
    ("label", "gran", "start", "end", "canonical"),
    [
        ("2026-06-30", None, date(2026, 6, 30), date(2026, 6, 30), "2026-06-30"),
        ("20260630", "day", date(2026, 6, 30), date(2026, 6, 30), "2026-06-30"),
        ("2026-02", None, date(2026, 2, 1), date(2026, 2, 28), "2026-02"),
        ("202402", "month", date(2024, 2, 1), date(2024, 2, 29), "2024-02"),
        ("2026Q2", None, date(2026, 4, 1), date(2026, 6, 30), "2026Q2"),
        ("2026-TW4", None, date(2026, 10, 1), date(2026, 12, 31), "2026Q4"),
        ("20252", "semester", date(2026, 1, 1), date(2026, 6, 30), "20252"),
        ("20251", "semester", date(2025, 7, 1), date(2025, 12, 31), "20251"),
        ("2026-S2", None, date(2026, 7, 1), date(2026, 12, 31), "2026-S2"),
        ("2025", None, date(2025, 1, 1), date(2025, 12, 31), "2025"),
    ],
)
def test_parse_period(label: str, gran: str | None, start: date, end: date, canonical: str) -> None:
    p = parse_period(label, gran)  # type: ignore[arg-type]
    assert (p.start, p.end, p.label) == (start, end, canonical)


@pytest.mark.parametrize("label", ["2026-13", "2026Q5", "kemarin", "2026-02-30", ""])
def test_bad_labels_raise_in_bahasa(label: str) -> None:
    with pytest.raises(PeriodError) as err:
        parse_period(label)
    assert "tidak dikenali" in err.value.message
    assert "2026Q2" in err.value.hint


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31)))
def test_period_of_day_contains_the_day(day: date) -> None:
    for gran in ("day", "month", "quarter", "semester", "year"):
        p = period_of_day(day, gran)  # type: ignore[arg-type]
        assert p.contains(day)
        assert parse_period(p.label, gran) == p  # type: ignore[arg-type]
