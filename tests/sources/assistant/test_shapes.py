from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rajut.sources.assistant.dates import infer_date_formats, is_excel_serial, looks_like_date
from rajut.sources.assistant.shapes import clean_digits, infer_kind


@pytest.mark.parametrize(
    ("values", "kind"),
    [
        (["3310124508900001", "3310125508900002", "'3310124508900003"], "nik"),
        (["3310124508900000.0", "3310125508900020"], "nik"),
        (["33.10.12.2001", "33.10.12.2002"], "desa_code"),
        (["3310122001", "3310122002"], "desa_code"),
        (["L", "P", "P", "L"], "sex"),
        (["LAKI-LAKI", "PEREMPUAN"], "sex"),
        (["YA", "TIDAK"], "boolean"),
        (["12-05-1980", "01/07/1975", "1980-08-12"], "date"),
        (["12 Januari 1980", "3 Agt 1975"], "date"),
        (["1", "10", "7"], "integer"),
        (["12,5", "3.75"], "decimal"),
        (["SITI AMINAH", "MUHAMMAD RIZKI"], "name"),
        ([], "kosong"),
        (["", "  "], "kosong"),
    ],
)
def test_infer_kind(values: list[str], kind: str) -> None:
    assert infer_kind(values) == kind


def test_clean_digits_strips_spreadsheet_decoration() -> None:
    assert clean_digits("'3310 1245 0890 0001") == "3310124508900001"
    assert clean_digits("3310124508900000.0") == "3310124508900000"


@pytest.mark.parametrize(
    ("values", "formats"),
    [
        (["12-05-1980", "31-12-1975"], ["%d-%m-%Y"]),
        (["12/05/1980", "1980-01-02", "31/12/1975"], ["%d/%m/%Y"]),
        (["1980-05-12", "1975-12-31"], []),
        (["12.05.1980"], ["%d.%m.%Y"]),
        (["12-05-80", "31-12-75"], ["%d-%m-%y"]),
        (["12 Januari 1980"], []),
    ],
)
def test_infer_date_formats(values: list[str], formats: list[str]) -> None:
    found = infer_date_formats(values)
    assert found.formats == formats
    assert found.readable == 1.0


def test_month_first_dates_are_reported() -> None:
    found = infer_date_formats(["05/31/1980", "12/25/1975", "01/02/1990"])
    assert found.month_first == ["05/31/1980", "12/25/1975"]
    assert found.readable < 0.8


def test_excel_serials_read_but_years_not() -> None:
    assert is_excel_serial("29221")
    assert not is_excel_serial("1980")
    assert not looks_like_date("29221")
    assert infer_date_formats(["29221", "30000"]).readable == 1.0


@given(
    st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31)),
    st.sampled_from(["%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y"]),
)
def test_day_first_round_trip(day: date, fmt: str) -> None:
    text = day.strftime(fmt)
    assert looks_like_date(text)
    assert infer_date_formats([text]).formats == [fmt]
