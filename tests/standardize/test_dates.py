"""Dates: every spreadsheet form seen in agency files, run in DuckDB."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rajut.standardize import rules

if TYPE_CHECKING:
    from conftest import One, Run
from rajut.standardize.rules.dates import MONTHS

REF = "DATE '2025-06-01'"
D = dt.date


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("12 Januari 1980", D(1980, 1, 12)),
        ("12 JANUARI 1980", D(1980, 1, 12)),
        ("12-Agu-80", D(1980, 8, 12)),
        ("12 Agt 1980", D(1980, 8, 12)),
        ("12-Ags-1980", D(1980, 8, 12)),
        ("12 Agustus 1980", D(1980, 8, 12)),
        ("5 Mei 2001", D(2001, 5, 5)),
        ("3 Pebruari 1975", D(1975, 2, 3)),
        ("12/08/1980", D(1980, 8, 12)),
        ("12-08-1980", D(1980, 8, 12)),
        ("12.08.1980", D(1980, 8, 12)),
        ("1/8/1980", D(1980, 8, 1)),
        ("12/08/1980 00:00", D(1980, 8, 12)),
        ("1980-08-12", D(1980, 8, 12)),
        ("1980-08-12 00:00:00", D(1980, 8, 12)),
        ("1980-08-12T00:00:00.000Z", D(1980, 8, 12)),
        ("12081980", D(1980, 8, 12)),
        ("19800812", D(1980, 8, 12)),
        ("29221", D(1980, 1, 1)),
        ("29221.0", D(1980, 1, 1)),
        ("44197", D(2021, 1, 1)),
        ("  12 - 08 - 1980 ", D(1980, 8, 12)),
        ("12-08-24", D(2024, 8, 12)),
        ("12-08-30", D(1930, 8, 12)),
        ("29-02-00", D(2000, 2, 29)),
    ],
)
def test_parses(one: One, run: Run, raw: str, expected: dt.date) -> None:
    assert one(rules.date('"raw"', ref_date=REF), raw)["value"] == expected


@pytest.mark.parametrize(
    ("raw", "issues"),
    [
        ("31-02-1980", {"date-invalid"}),
        ("30 Februari 1990", {"date-invalid"}),
        ("12-13-1980", {"date-invalid"}),
        ("1980", {"date-invalid"}),
        ("tidak tahu", {"date-invalid"}),
        ("12 Foo 1980", {"date-invalid"}),
        ("01-07-1970", {"date-default"}),
        ("31/12/1955", {"date-default"}),
        ("12-08-2030", {"date-future"}),
        ("12-08-1980", set()),
        (None, set()),
        ("-", set()),
    ],
)
def test_issues(one: One, run: Run, raw: str | None, issues: set[str]) -> None:
    row = one(rules.date('"raw"', ref_date=REF), raw)
    assert row["issues"] == issues
    if "date-invalid" in issues or raw in (None, "-"):
        assert row["value"] is None


def test_weak_defaults_off(one: One, run: Run) -> None:
    field = rules.date('"raw"', ref_date=REF, weak_defaults=False)
    assert one(field, "01-07-1970")["issues"] == set()


def test_contract_formats_tried_first(one: One, run: Run) -> None:
    field = rules.date('"raw"', formats=["%m/%d/%Y"], ref_date=REF)
    assert one(field, "08/12/1980")["value"] == D(1980, 8, 12)
    assert one(field, "25-12-1980")["value"] == D(1980, 12, 25)


def test_place_and_date(one: One, run: Run) -> None:
    place, date = rules.place_and_date('"raw"', ref_date=REF)
    values = ["KLATEN, 12-05-1980", "Klaten 12 Mei 1980", "KLATEN", "Sleman,01-07-1960"]
    assert [r["value"] for r in run(place, {"raw": values})] == [
        "KLATEN",
        "KLATEN",
        "KLATEN",
        "SLEMAN",
    ]
    dates = run(date, {"raw": values})
    assert [r["value"] for r in dates] == [D(1980, 5, 12), D(1980, 5, 12), None, D(1960, 7, 1)]
    assert dates[3]["issues"] == {"date-default"}


@settings(max_examples=40, deadline=None)
@given(st.dates(min_value=D(1901, 1, 1), max_value=D(2025, 5, 31)))
def test_round_trip(one: One, run: Run, day: dt.date) -> None:
    name = MONTHS[day.month][1].title()
    serial = (day - D(1899, 12, 30)).days
    forms = [
        day.strftime("%d-%m-%Y"),
        day.strftime("%d/%m/%Y"),
        day.strftime("%Y-%m-%d"),
        f"{day.day} {name} {day.year}",
        f"{day.day}-{MONTHS[day.month][0].title()}-{day.year}",
        str(serial) if serial >= 10000 else day.strftime("%d.%m.%Y"),
    ]
    rows = run(rules.date('"raw"', ref_date=REF), {"raw": forms})
    assert [r["value"] for r in rows] == [day] * len(forms)
    if day.year >= 1926:  # two-digit years are read as the most recent past century
        assert one(rules.date('"raw"', ref_date=REF), day.strftime("%d-%m-%y"))["value"] == day
