"""Standardisation rules: each returns SQL (:class:`~rajut.standardize.FieldSQL`) for DuckDB.

``raw`` arguments are SQL expressions of type VARCHAR (usually a quoted column name such as
``"TGL_LAHIR"``). Nothing runs per row in Python: the engine puts the SQL in one ``SELECT``.
"""

from rajut.standardize.rules.basic import boolean, code, missing, sex, text, upper_text
from rajut.standardize.rules.dates import date, place_and_date
from rajut.standardize.rules.desa import desa
from rajut.standardize.rules.ids import kk, nik, nik_cleaned, nik_date_checks, nik_date_number
from rajut.standardize.rules.names import name
from rajut.standardize.rules.numbers import decimal, integer, phone, rt_rw

__all__ = [
    "boolean",
    "code",
    "date",
    "decimal",
    "desa",
    "integer",
    "kk",
    "missing",
    "name",
    "nik",
    "nik_cleaned",
    "nik_date_checks",
    "nik_date_number",
    "phone",
    "place_and_date",
    "rt_rw",
    "sex",
    "text",
    "upper_text",
]
