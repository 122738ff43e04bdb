"""A scripted store with known answers: one run of source ``uji`` (12 input rows).

Accepted rows 1–10 (std.person):
  * rows 3 and 7 have no name (name-missing) → completeness(name) = 0.8
  * row 5: nik-sex-mismatch; row 6: desa-outside-kabupaten; row 4: date-default
  * rows 8 and 9 share one NIK → 1 duplicate NIK, 2 records
  * name-invalid on row 2 (``@SUM(1)``) and row 10 (``<script>alert(1)</script>``)
    → validity(name) = 0.6 (rows 2, 3, 7, 10 have a name issue)
Quarantined rows 11–12:
  * row 11: record id ``R02`` repeated (record-id-duplicate); raw NAMA is a formula
  * row 12: identity-missing, plus a nik-length warning on a NIK written ``=1+1``
"""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from rajut.sources.ingest_write import ensure_std_table
from rajut.sources.registry import add_source
from rajut.store import open_store
from rajut.workspace import Workspace

RUN_ID = "run000000001"
OLD_RUN_ID = "run000000000"
XSS = "<script>alert(1)</script>"

CONTRACT = """
name: uji
owner: Disdukcapil
dataset:
  judul: Biodata Uji
  produsen_data: Disdukcapil
  frekuensi: bulanan
record_id: ID
period:
  granularity: month
  value: "2026-01"
columns:
  NIK: person.nik
  NO_KK: person.kk_number
  NAMA: person.name
  JK: person.sex
  TGL_LAHIR: person.birth_date
  KODE_DESA: person.desa_code
"""

NIKS = [f"331001010190{i:04d}" for i in range(1, 11)]
NIKS[8] = NIKS[7]  # rows 8 and 9 share a NIK
FORMULA = '=HYPERLINK("x","klik")'
NAMES = ["ANI", "@SUM(1)", None, "CICI", "DEDI", "EKA", None, "FANI", "GITA", XSS]


def _person_rows() -> list[tuple[Any, ...]]:
    rows = []
    for i in range(10):
        n = i + 1
        rows.append(
            (
                "uji",
                f"R{n:02d}",
                None,
                RUN_ID,
                n,
                "2026-01",
                date(2026, 1, 1),
                date(2026, 1, 31),
                NIKS[i],
                "3310010101900001",
                NAMES[i],
                "L" if n % 2 else "P",
                date(1990, 1, n),
                "33.10.01.2001",
            )
        )
    return rows


ISSUES: list[tuple[Any, ...]] = [
    (3, "R03", "person.name", "name-missing", None),
    (7, "R07", "person.name", "name-missing", None),
    (5, "R05", "person.nik", "nik-sex-mismatch", NIKS[4]),
    (6, "R06", "person.desa_code", "desa-outside-kabupaten", "34.04.01.2001"),
    (4, "R04", "person.birth_date", "date-default", "01-07-1990"),
    (2, "R02", "person.name", "name-invalid", "@SUM(1)"),
    (10, "R10", "person.name", "name-invalid", XSS),
]
QUARANTINE: list[tuple[Any, ...]] = [
    (
        11,
        "R02",
        ["record_id:record-id-duplicate"],
        {"ID": "R02", "NIK": "3310010101900002", "NAMA": FORMULA, "NO_KK": "3310010101900001"},
    ),
    (
        12,
        "R12",
        ["person:identity-missing", "person.nik:nik-length"],
        {"ID": "R12", "NIK": "=1+1", "NAMA": None, "NO_KK": None},
    ),
]


def build_store(ws: Workspace) -> None:
    path = ws.root / "uji.yaml"
    path.write_text(CONTRACT, encoding="utf-8")
    add_source(ws, path)
    with open_store(ws.analytics_db) as store:
        con = store.con
        ensure_std_table(con, "person", {})
        cols = (
            "source, record_id, household_ref, run_id, row_number, period_label, "
            "period_start, period_end, nik, kk_number, name, sex, birth_date, desa_code"
        )
        con.executemany(
            f"INSERT INTO std.person ({cols}) VALUES ({', '.join(['?'] * 14)})", _person_rows()
        )
        con.executemany(
            "INSERT INTO std.row_issues VALUES (?, 'uji', ?, ?, ?, ?, 'warning', ?)",
            [(RUN_ID, rid, n, f, c, v) for n, rid, f, c, v in ISSUES],
        )
        con.executemany(
            "INSERT INTO quarantine.rows VALUES (?, 'uji', ?, ?, ?, ?)",
            [(RUN_ID, rid, n, reasons, json.dumps(raw)) for n, rid, reasons, raw in QUARANTINE],
        )
        for run_id, finished in (
            (OLD_RUN_ID, datetime(2026, 1, 5)),
            (RUN_ID, datetime(2026, 2, 3)),
        ):
            con.execute(
                "INSERT INTO meta.ingest_runs VALUES "
                "(?, 'uji', 'biodata.csv', 'abc', 'data/raw/x', 10, 'fp', '2026-01', "
                "DATE '2026-01-01', DATE '2026-01-31', 12, 10, 2, 5, ?, ?)",
                [run_id, finished, finished],
            )


@pytest.fixture
def store_ws(workspace: Workspace) -> Workspace:
    build_store(workspace)
    return workspace


@pytest.fixture
def out_dir(tmp_path: Path) -> Path:
    return tmp_path / "out"
