"""NIK/KK masking: Python and DuckDB agree and never reveal the middle digits."""

from __future__ import annotations

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rajut.privacy import mask_nik, mask_nik_sql

CON = duckdb.connect()


def sql_mask(value: str | None) -> str | None:
    row = CON.execute("SELECT " + mask_nik_sql("CAST($1 AS VARCHAR)"), [value]).fetchone()
    assert row is not None
    return row[0]  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    ("raw", "masked"),
    [
        ("3404123456780001", "3404********0001"),
        (" 3404123456780001\t", "3404********0001"),
        ("3404123", "*****23"),
        ("34041234567800012", "***************12"),  # 17 digits: invalid
        ("3.31012450890000E+15", "******************15"),
        ("33", "**"),
        ("7", "*"),
        ("", ""),
        (None, None),
    ],
)
def test_mask_examples(raw: str | None, masked: str | None) -> None:
    assert mask_nik(raw) == masked
    assert sql_mask(raw) == masked


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.none(), st.text(max_size=24), st.from_regex(r"\A[0-9]{14,18}\Z")))
def test_python_and_sql_agree(value: str | None) -> None:
    assert mask_nik(value) == sql_mask(value)


@given(st.from_regex(r"\A[0-9]{16}\Z"))
def test_valid_nik_hides_the_eight_middle_digits(nik: str) -> None:
    masked = mask_nik(nik)
    assert masked is not None
    assert masked[:4] == nik[:4] and masked[-4:] == nik[-4:]
    assert masked[4:12] == "*" * 8
    assert len(masked) == 16


@given(st.text(min_size=3, max_size=30).filter(lambda s: len(s.strip(" \t\r\n")) > 2))
def test_invalid_values_keep_only_last_two(value: str) -> None:
    masked = mask_nik(value)
    assert masked is not None
    text = value.strip(" \t\r\n")
    if len(text) == 16 and text.isascii() and text.isdigit():
        return
    assert masked == "*" * (len(text) - 2) + text[-2:]
