"""Desa codes from codes or names (Kabupaten Klaten, 33.10)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import duckdb
import pytest

from rajut.errors import ReferenceDataError
from rajut.reference import load_wilayah
from rajut.standardize import register_reference_tables, rules

if TYPE_CHECKING:
    from conftest import Run

FIELD = rules.desa(code='"kode"', name='"nama"', kecamatan_name='"kec"')

CASES = [
    # kode, nama, kecamatan → value, issues
    ("33.10.10.2001", None, None, "33.10.10.2001", set()),
    ("3310102001", None, None, "33.10.10.2001", set()),
    (None, "Desa Gumul", "Karangnongko", "33.10.10.2001", set()),
    (None, "GUMUL", None, "33.10.10.2001", set()),
    (None, "Karanganom", None, None, {"desa-ambiguous"}),
    (None, "Karanganom", "Kec. Karanganom", "33.10.18.2011", set()),
    (None, "Banyu Aeng", "KARANGNONGKO", "33.10.10.2002", set()),
    (None, "Somokatonn", "Karangnongko", "33.10.10.2004", {"desa-name-approximate"}),
    (None, "Gumul", "Wedi", None, {"desa-unknown"}),
    ("33.74.08.1001", None, None, "33.74.08.1001", {"desa-outside-kabupaten"}),
    ("9999999999", None, None, None, {"desa-unknown"}),
    ("9999999999", "Gumul", None, "33.10.10.2001", set()),
    ("12", None, None, None, {"desa-unknown"}),
    (None, None, "Karangnongko", None, set()),
]


def test_desa(run: Run) -> None:
    columns = {
        "kode": [c[0] for c in CASES],
        "nama": [c[1] for c in CASES],
        "kec": [c[2] for c in CASES],
    }
    got = [(r["value"], r["issues"]) for r in run(FIELD, columns)]
    assert got == [(c[3], c[4]) for c in CASES]


def test_name_only_rule(run: Run) -> None:
    field = rules.desa(code=None, name='"nama"', kecamatan_name=None)
    assert run(field, {"nama": ["Kadilajo"]})[0]["value"] == "33.10.10.2003"


def test_reference_tables(con: duckdb.DuckDBPyConnection) -> None:
    n_desa, n_kec = con.execute(
        "SELECT count(*), count(DISTINCT kecamatan_code) FROM ref_desa"
    ).fetchone() or (0, 0)
    assert (n_kec, n_desa) == (26, 401)
    prefixes = con.execute("SELECT count(*) FROM ref_kecamatan_prefix").fetchone()
    assert prefixes is not None and prefixes[0] > 7285  # current + retired


@pytest.mark.parametrize("code", ["33.99", "33", "33.10.10"])
def test_unknown_kabupaten(code: str) -> None:
    with pytest.raises(ReferenceDataError) as info:
        register_reference_tables(duckdb.connect(), load_wilayah(), code)
    assert "tidak ada" in info.value.message


def test_undotted_kabupaten_code() -> None:
    con = duckdb.connect()
    register_reference_tables(con, load_wilayah(), "3310")
    assert con.execute("SELECT count(*) FROM ref_desa").fetchone() == (401,)
