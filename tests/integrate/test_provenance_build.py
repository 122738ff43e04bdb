"""Provenance points at real std rows; builds are immutable and reproducible."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb

from rajut.integrate.build import build_integrated
from rajut.integrate.schema import BUILD_TABLES, latest_build_id
from rajut.workspace import open_workspace

#: person attribute → the std.person column (as text) it must equal
STD_VALUE = {
    "nik": "s.nik",
    "kk_number": "s.kk_number",
    "name": "s.name",
    "sex": "s.sex",
    "birth_date": "CAST(s.birth_date AS VARCHAR)",
    "desa_code": "s.desa_code",
    "alive": "CAST(s.alive AS VARCHAR)",
    "shdk": "s.shdk",
    "death_date": "CAST(s.death_date AS VARCHAR)",
}


def _std_fingerprint(con: duckdb.DuckDBPyConnection) -> list[tuple[object, ...]]:
    return con.execute(
        "SELECT 'person', count(*), sum(hash(s)) FROM std.person s "
        "UNION ALL SELECT 'program', count(*), sum(hash(s)) FROM std.program s "
        "UNION ALL SELECT 'runs', count(*), sum(hash(r)) FROM meta.ingest_runs r ORDER BY 1"
    ).fetchall()


def test_provenance_points_at_the_real_source_row(demo_copy: Path) -> None:
    ws = open_workspace(demo_copy)
    bid = build_integrated(ws, date(2026, 6, 30)).build_id
    con = duckdb.connect(str(ws.analytics_db), read_only=True)
    for attribute, expr in STD_VALUE.items():
        total, matched = con.execute(
            f"""
            SELECT count(*), count(s.run_id) FILTER (WHERE {expr} = p.value)
            FROM integ.provenance p
            LEFT JOIN std.person s ON s.source = p.source AND s.record_id = p.record_id
                 AND s.run_id = p.run_id AND s.row_number = p.row_number
            WHERE p.build_id = ? AND p.entity = 'person' AND p.attribute = ?
            """,
            [bid, attribute],
        ).fetchone()
        assert total > 0 or attribute == "death_date", attribute
        assert matched == total, attribute
    # the golden value is the provenance value
    mismatched = con.execute(
        "SELECT count(*) FROM integ.person g JOIN integ.provenance p ON p.build_id = g.build_id "
        "AND p.entity = 'person' AND p.entity_id = g.person_id AND p.attribute = 'desa_code' "
        "WHERE g.build_id = ? AND g.desa_code IS DISTINCT FROM p.value",
        [bid],
    ).fetchone()
    assert mismatched == (0,)
    # desil provenance points at a std.welfare row with that desil
    bad_desil = con.execute(
        "SELECT count(*) FROM integ.provenance p LEFT JOIN std.welfare w ON w.run_id = p.run_id "
        "AND w.row_number = p.row_number AND w.record_id = p.record_id "
        "WHERE p.build_id = ? AND p.attribute = 'desil' AND CAST(w.desil AS VARCHAR) "
        "IS DISTINCT FROM p.value",
        [bid],
    ).fetchone()
    assert bad_desil == (0,)
    con.close()


def test_builds_are_reproducible_immutable_and_leave_sources_untouched(demo_copy: Path) -> None:
    ws = open_workspace(demo_copy)
    con = duckdb.connect(str(ws.analytics_db), read_only=True)
    before = _std_fingerprint(con)
    con.close()
    first = build_integrated(ws, date(2026, 6, 30))
    con = duckdb.connect(str(ws.analytics_db), read_only=True)
    snapshot = {
        t: con.execute(
            f"SELECT * EXCLUDE (build_id) FROM integ.{t} WHERE build_id = ? ORDER BY ALL",
            [first.build_id],
        ).fetchall()
        for t in BUILD_TABLES
    }
    con.close()
    other = build_integrated(ws, date(2026, 4, 30))
    second = build_integrated(ws, date(2026, 6, 30))
    assert len({first.build_id, other.build_id, second.build_id}) == 3
    con = duckdb.connect(str(ws.analytics_db), read_only=True)
    assert _std_fingerprint(con) == before
    for table in BUILD_TABLES:
        drop = "build_id, detected_at" if table == "discrepancies" else "build_id"
        rows = {
            bid: con.execute(
                f"SELECT * EXCLUDE ({drop}) FROM integ.{table} WHERE build_id = ? ORDER BY ALL",
                [bid],
            ).fetchall()
            for bid in (first.build_id, second.build_id)
        }
        assert rows[first.build_id] == rows[second.build_id], table
        assert rows[first.build_id], table
        if table != "discrepancies":  # the first build is untouched by later builds
            assert rows[first.build_id] == snapshot[table], table
    inputs = con.execute(
        "SELECT list(DISTINCT inputs) FROM integ.builds WHERE build_id IN (?, ?)",
        [first.build_id, second.build_id],
    ).fetchone()
    assert inputs is not None and len(inputs[0]) == 1
    assert latest_build_id(con) == second.build_id
    assert latest_build_id(con, date(2026, 4, 30)) == other.build_id
    con.close()


def test_staleness_per_source_in_inputs(demo_copy: Path) -> None:
    ws = open_workspace(demo_copy)
    result = build_integrated(ws, date(2026, 7, 31))
    sources = result.inputs["sources"]
    assert sources["dukcapil"]["age_days"] == 31  # snapshot of 2026-06-30
    assert sources["dtks"]["newest_period_end"] == "2026-06-30"
    assert sources["eppgbm"]["mode"] == "row"
    con = duckdb.connect(str(ws.analytics_db), read_only=True)
    wrong = con.execute(
        "SELECT count(*) FROM integ.provenance WHERE build_id = ? AND source IS NOT NULL "
        "AND age_days <> date_diff('day', period_end, DATE '2026-07-31')",
        [result.build_id],
    ).fetchone()
    con.close()
    assert wrong == (0,)


def test_build_ids_differ_in_their_first_eight_bytes() -> None:
    """DuckDB prunes row groups by the first 8 bytes of a text column: builds of the same
    as-of date must not share them, or every ``build_id = …`` query reads every build."""
    from datetime import date, datetime

    from rajut.integrate.build import new_build_id

    at = datetime(2026, 11, 30, 10, 15)
    ids = [new_build_id(date(2026, 6, 30), at) for _ in range(50)]
    assert len({i[:8] for i in ids}) == 50
    assert all(i.endswith("-20260630-20261130T101500") for i in ids)
