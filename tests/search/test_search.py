"""The person-search index on a hand-made build: exact, typo, spelling, spaces, initials, NIK."""

from __future__ import annotations

from datetime import date

import duckdb
import pytest

from rajut.integrate.schema import ensure_schema
from rajut.search import PersonQuery, build_search_index, indexed_build, search_persons
from rajut.search.keys import token_key
from rajut.search.query import _one_edit

PEOPLE = [
    ("RJ1", "3310010101800001", "SITI AMINAH", "33.10.01.2001"),
    ("RJ2", "3310010101800002", "SITI AMINAH RAHAYU", "33.10.01.2002"),
    ("RJ3", "3310010101800003", "MUHAMMAD RIZKI", "33.10.01.2001"),
    ("RJ4", "3310020101800004", "CAHYONO", "33.10.02.2001"),
    ("RJ5", "3310020101800005", "SUSILO BAMBANG", "33.10.02.2001"),
    ("RJ6", "3310020101800006", "AHMAD RIZKI", "33.10.02.2002"),
    ("RJ7", "3310020101800007", "SITI KHOIRIYAH", "33.10.02.2002"),
]


@pytest.fixture
def con() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    ensure_schema(con)
    con.execute("INSERT INTO integ.builds VALUES ('b1', DATE '2026-06-30', now(), '{}')")
    for pid, nik, name, desa in PEOPLE:
        con.execute(
            "INSERT INTO integ.person (build_id, person_id, nik, name, sex, birth_date, "
            "desa_code, kecamatan_code, sources) "
            "VALUES ('b1', ?, ?, ?, 'P', ?, ?, ?, ['dukcapil'])",
            [pid, nik, name, date(1980, 1, 1), desa, desa.rpartition(".")[0]],
        )
    build_search_index(con)
    return con


def _ids(con: duckdb.DuckDBPyConnection, text: str, **kw: str) -> list[str]:
    return [h.person_id for h in search_persons(con, PersonQuery(text, **kw)).hits]


def test_keys_and_edit_distance() -> None:
    assert token_key("ROCHMAN") == token_key("ROKHMAN")
    assert token_key("MUHAMAD") == token_key("MUHAMMAD")
    assert _one_edit("AMINAH", "AMNAH") and _one_edit("AMINAH", "AMIANH")
    assert not _one_edit("AMINAH", "AMNIAH2") and not _one_edit("SITI", "SITI")


def test_exact_name_ranks_first_and_token_order(con: duckdb.DuckDBPyConnection) -> None:
    assert indexed_build(con) == "b1"
    assert _ids(con, "siti aminah")[:2] == ["RJ1", "RJ2"]
    assert _ids(con, "aminah siti")[0] == "RJ1"


def test_fuzzy_forms(con: duckdb.DuckDBPyConnection) -> None:
    assert _ids(con, "SITI AMNAH")[0] == "RJ1"  # one typo
    assert _ids(con, "SITIAMINAH")[0] == "RJ1"  # missing space
    assert _ids(con, "TJAHJONO") == ["RJ4"]  # old spelling
    assert _ids(con, "SOESILO BAMBANG") == ["RJ5"]
    assert _ids(con, "SITI CHOIRIYAH") == ["RJ7"]  # CH ~ KH
    assert _ids(con, "M. RIZKI")[0] == "RJ3"  # Muhammad abbreviation
    assert set(_ids(con, "A RIZKI")) >= {"RJ6"}  # initial


def test_nik_desa_and_injection(con: duckdb.DuckDBPyConnection) -> None:
    assert _ids(con, "3310010101800003") == ["RJ3"]
    assert _ids(con, "3310 0201 0180 0006") == ["RJ6"]
    assert set(_ids(con, "331002")) == {"RJ4", "RJ5", "RJ6", "RJ7"}
    assert _ids(con, "SITI", desa="33.10.02.2002") == ["RJ7"]
    assert set(_ids(con, "", kecamatan="33.10.01")) == {"RJ1", "RJ2", "RJ3"}
    assert _ids(con, "' OR 1=1 --") == []
    assert _ids(con, "'; DROP TABLE search.person; --") == []
    assert con.execute("SELECT count(*) FROM search.person").fetchall()[0][0] == len(PEOPLE)


def test_new_build_is_indexed_on_next_search(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(
        "INSERT INTO integ.builds VALUES ('b2', DATE '2026-07-31', now() + INTERVAL 1 HOUR, '{}')"
    )
    con.execute(
        "INSERT INTO integ.person (build_id, person_id, name, sources) "
        "VALUES ('b2', 'RJ9', 'BUDI SANTOSO', ['dtks'])"
    )
    assert _ids(con, "budi santoso") == ["RJ9"]
    assert indexed_build(con) == "b2"
