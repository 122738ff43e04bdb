"""NIK and No. KK: cleaning and structural checks (all warnings)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rajut.reference import load_wilayah
from rajut.standardize import ISSUES, FieldSQL, rules

if TYPE_CHECKING:
    from collections.abc import Sequence

    from conftest import One, Run

NIK_FIELD = rules.nik('"raw"')


@pytest.mark.parametrize(
    ("raw", "value", "issues"),
    [
        ("3310121208800001", "3310121208800001", set()),
        ("'3310125208800001", "3310125208800001", set()),
        ("3310 1212 0880 0001", "3310121208800001", set()),
        ("3310.1212.0880.0001", "3310121208800001", set()),
        ("3310121208800001.0", "3310121208800001", set()),
        ("3.31012E+15", None, {"nik-excel-float"}),
        ("3,31012E+15", None, {"nik-excel-float"}),
        ("3310121208800000.0", "3310121208800000", {"nik-excel-float"}),
        ("9999121208800001", "9999121208800001", {"nik-region-unknown"}),
        ("9101011208800001", "9101011208800001", set()),  # retired Papua code, still valid
        ("3310123308800001", "3310123308800001", {"nik-date-invalid"}),
        ("3310127208800001", "3310127208800001", {"nik-date-invalid"}),
        ("3310123102800001", "3310123102800001", {"nik-date-invalid"}),
        ("3310122902000001", "3310122902000001", set()),
        ("3310121213800001", "3310121213800001", {"nik-date-invalid"}),
        ("331012120880000", "331012120880000", {"nik-length"}),
        ("33101212088000O1", "33101212088000O1", {"nik-not-digits"}),
        ("NIK-BELUM-ADA", "NIKBELUMADA", {"nik-not-digits", "nik-length"}),
        (None, None, {"nik-missing"}),
        ("  ", None, {"nik-missing"}),
    ],
)
def test_nik(one: One, raw: str | None, value: str | None, issues: set[str]) -> None:
    row = one(NIK_FIELD, raw)
    assert (row["value"], row["issues"]) == (value, issues)


def test_all_nik_issues_are_warnings() -> None:
    codes = rules.nik('"n"', numeric_flag="f", birth_date="b", sex="s").codes()
    assert {ISSUES[c].severity for c in codes} == {"warning"}


def test_numeric_flag_marks_trailing_zero(run: Run) -> None:
    field = rules.nik('"raw"', numeric_flag='CAST("num" AS BOOLEAN)')
    rows = run(field, {"raw": ["3310121208800010"] * 2, "num": ["true", "false"]})
    assert [r["issues"] for r in rows] == [{"nik-excel-float"}, set()]
    assert rows[0]["value"] == "3310121208800010"  # kept, never "fixed"


def test_birthdate_and_sex_mismatch(run: Run) -> None:
    field = rules.nik(
        '"raw"',
        birth_date=rules.date('"tgl"').value,
        sex=rules.sex('"jk"').value,
    )
    rows = run(
        field,
        {
            "raw": ["3310121208800001", "3310125208800001", "3310121208800001", "3310121208810001"],
            "tgl": ["12-08-1980", "12 Agustus 1980", "12-08-1980", "12-08-1980"],
            "jk": ["L", "Perempuan", "P", None],
        },
    )
    assert [r["issues"] for r in rows] == [
        set(),
        set(),
        {"nik-sex-mismatch"},
        {"nik-birthdate-mismatch"},
    ]


@pytest.mark.parametrize(
    ("raw", "issues"),
    [
        ("3310120101080003", set()),
        ("3.31012E+15", {"kk-excel-float"}),
        ("33101201010800", {"kk-length"}),
        ("0000120101080003", {"kk-region-unknown"}),
        ("3310I20101080003", {"kk-not-digits"}),
        (None, {"kk-missing"}),
    ],
)
def test_kk(one: One, raw: str | None, issues: set[str]) -> None:
    assert one(rules.kk('"raw"'), raw)["issues"] == issues


PREFIXES = sorted(load_wilayah().kecamatan_prefixes)


@settings(max_examples=30, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(PREFIXES),
            st.dates(min_value=dt.date(1930, 1, 1), max_value=dt.date(2024, 12, 31)),
            st.sampled_from(["L", "P"]),
            st.integers(min_value=1, max_value=9999),
        ),
        min_size=1,
        max_size=20,
    )
)
def test_generated_niks_are_clean(run: Run, people: list[tuple[str, dt.date, str, int]]) -> None:
    niks, dates, sexes = [], [], []
    for prefix, born, sex, serial in people:
        day = born.day + (40 if sex == "P" else 0)
        niks.append(f"{prefix}{day:02d}{born:%m%y}{serial:04d}")
        dates.append(born.isoformat())
        sexes.append(sex)
    field = rules.nik('"raw"', birth_date='CAST("tgl" AS DATE)', sex='"jk"')
    rows = run(field, {"raw": niks, "tgl": dates, "jk": sexes})
    assert [r["value"] for r in rows] == niks
    assert all(r["issues"] == set() for r in rows)


@pytest.mark.parametrize(
    ("raw", "tgl", "jk"),
    [
        ("3310121208800001", "1980-08-12", "L"),
        ("3310125208800001", "1980-08-12", "L"),  # woman's NIK, sex L
        ("3310121208800001", "1980-08-13", "L"),  # birth date differs
        ("3310123102800001", "1980-02-28", "P"),  # impossible NIK date
        ("3310 1212 0880 0001.0", None, None),
        ("3.31012E+15", "1980-08-12", "P"),
        (None, None, None),
        ("NIK-BELUM-ADA", "1980-08-12", "L"),
    ],
)
def test_nik_date_checks_on_cleaned_value(
    run: Run, raw: str | None, tgl: str | None, jk: str | None
) -> None:
    """Date checks on the cleaned value and its date number (the engine computes both once
    per row, as columns) report exactly what ``rules.nik(..., birth_date=..., sex=...)`` does."""
    birth, sex = 'CAST("tgl" AS DATE)', '"jk"'
    whole = rules.nik('"raw"', birth_date=birth, sex=sex)
    cleaned = rules.nik_cleaned('"raw"')
    number = rules.nik_date_number(cleaned)
    split = rules.nik_date_checks(cleaned, birth_date=birth, sex=sex, number=number)
    date_codes = {c.code for c in split}
    rest = tuple(c for c in whole.checks if c.code not in date_codes)
    field = FieldSQL(whole.value, rest + split)
    columns: dict[str, Sequence[Any]] = {"raw": [raw], "tgl": [tgl], "jk": [jk]}
    assert run(field, columns) == run(whole, columns)
