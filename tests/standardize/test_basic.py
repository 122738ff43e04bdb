"""Text, code lists, sex, booleans, numbers, RT/RW and phone numbers."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from rajut.standardize import rules

if TYPE_CHECKING:
    from conftest import One


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("  Jl.  Merdeka\t No 1 ", "Jl. Merdeka No 1"),
        ("-", None),
        ("", None),
        ("#N/A", None),
        ("NULL", None),
        ("a\u00a0b", "a b"),
        (None, None),
        ("Null Island", "Null Island"),
    ],
)
def test_text(one: One, raw: str | None, value: str | None) -> None:
    assert one(rules.text('"raw"'), raw)["value"] == value
    upper = value.upper() if value else None
    assert one(rules.upper_text('"raw"'), raw)["value"] == upper


def test_missing_check(one: One) -> None:
    field = rules.text('"raw"')
    check = rules.missing('"raw"')
    assert one(type(field)(field.value, (check,)), " - ")["issues"] == {"value-missing"}
    assert one(type(field)(field.value, (check,)), "x")["issues"] == set()


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("L", "L"),
        ("Laki-laki", "L"),
        ("LAKI  LAKI", "L"),
        ("pria", "L"),
        ("1", "L"),
        ("M", "L"),
        ("male", "L"),
        ("P", "P"),
        ("perempuan", "P"),
        ("Wanita", "P"),
        ("2", "P"),
        ("F", "P"),
        ("w", "P"),
        ("X", None),
        ("3", None),
    ],
)
def test_sex(one: One, raw: str, value: str | None) -> None:
    row = one(rules.sex('"raw"'), raw)
    assert row["value"] == value
    assert row["issues"] == (set() if value else {"value-unmapped"})


def test_sex_custom_map(one: One) -> None:
    field = rules.sex('"raw"', {"01": "L", "02": "P"})
    assert one(field, "02")["value"] == "P"
    # keys are normalised like code-list aliases: leading zeros of numbers do not matter
    assert one(field, "1")["value"] == "L"
    assert one(field, "3")["issues"] == {"value-unmapped"}


def test_code_map(one: One) -> None:
    field = rules.code('"raw"', {"Islam": "1", "Kristen Protestan": "2"}, codelist="agama")
    assert one(field, " ISLAM ")["value"] == "1"
    assert one(field, "kristen  protestan")["value"] == "2"
    assert one(field, "2")["value"] == "2"  # a standard value is accepted as itself
    assert one(field, "Hindu")["issues"] == {"value-unmapped"}
    assert one(field, None)["issues"] == set()


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("YA", True),
        ("y", True),
        ("1", True),
        ("true", True),
        ("Ada", True),
        ("TIDAK", False),
        ("n", False),
        ("0", False),
        ("False", False),
        ("Tidak Ada", False),
        ("mungkin", None),
    ],
)
def test_boolean(one: One, raw: str, value: bool | None) -> None:
    row = one(rules.boolean('"raw"'), raw)
    assert row["value"] is value
    assert row["issues"] == (set() if value is not None else {"value-unmapped"})


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("1.234,5", 1234.5),
        ("1234.5", 1234.5),
        ("1.234", 1234.0),
        ("1,5", 1.5),
        ("Rp 1.500.000,-", 1500000.0),
        ("1,234,567", 1234567.0),
        ("1,234.5", 1234.5),
        ("-3", -3.0),
        (" 42 ", 42.0),
        ("abc", None),
        ("12 kg", None),
    ],
)
def test_decimal(one: One, raw: str, value: float | None) -> None:
    row = one(rules.decimal('"raw"'), raw)
    assert row["value"] == value
    assert row["issues"] == (set() if value is not None else {"number-invalid"})


def test_integer_and_range(one: One) -> None:
    field = rules.integer('"raw"', min=0, max=20)
    assert one(field, "12")["value"] == 12
    assert one(field, "12,0")["value"] == 12
    assert one(field, "2,5")["issues"] == {"number-invalid"}
    assert one(field, "25")["issues"] == {"number-out-of-range"}
    assert one(field, "-1")["issues"] == {"number-out-of-range"}
    assert one(rules.decimal('"raw"', max=1.5), "1,6")["issues"] == {"number-out-of-range"}


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("1", "001"),
        ("01", "001"),
        ("001", "001"),
        ("RT 05", "005"),
        ("rw.12", "012"),
        ("3.0", "003"),
        ("0", None),
        ("1000", None),
        ("abc", None),
    ],
)
def test_rt_rw(one: One, raw: str, value: str | None) -> None:
    row = one(rules.rt_rw('"raw"'), raw)
    assert row["value"] == value
    assert row["issues"] == (set() if value else {"rt-rw-invalid"})


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("0812-3456-789", "+628123456789"),
        ("+62 812 3456 789", "+628123456789"),
        ("62812345678", "+62812345678"),
        ("812345678", "+62812345678"),
        ("+62 0812 345678", "+62812345678"),
        ("(0272) 321123", "+62272321123"),
        ("0812345678.0", "+62812345678"),
        ("081234567890 / 0813", "+6281234567890"),
        ("12345", None),
        ("+1 555 123 4567", None),
        ("0812345678901234", None),
        ("-", None),
    ],
)
def test_phone(one: One, raw: str, value: str | None) -> None:
    row = one(rules.phone('"raw"'), raw)
    assert row["value"] == value
    assert row["issues"] == (set() if value or raw == "-" else {"phone-invalid"})
