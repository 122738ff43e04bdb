"""A hand-made integrated model with known answers (see ``EXPECTED`` in the tests).

Build ``b1`` (as-of 2026-06-30) for Kabupaten Klaten; kecamatan K1 = 33.10.01 Prambanan
(desa D1 Sengon, D2 Cucukan), K2 = 33.10.02 Gantiwarno (desa D3 Gentan).

Households: H1 D1 desil 1 · H2 D1 desil 3 · H3 D2 desil 5 · H4 D3 desil 2 · H5 D3 desil 8 ·
H6 D3 desil NULL.
Persons (age on as-of; program rows with receives=true unless noted):
  P1 H1 40 pkh (dtks) + pkh=false (other source), pbi_jk · P2 H1 10 pip, pbi_jk ·
  P3 H2 35 bpnt, pbi_jk=false · P4 H2 12 · P5 H3 50 pkh, pbi_jk · P6 H4 70 DECEASED pkh, pbi_jk ·
  P7 H4 8 pip=false · P8 H5 30 bpnt · P9 H6 20 · P10 no household, D2, pbi_jk.
Build ``b0`` (as-of 2026-03-31) holds one person receiving everything, to catch queries
that forget the build filter.

Ingest runs of source ``uji``: 2026-01 (run r1), 2026-02 (r2), 2026-09 (r3, after as-of).
Run r2: 4 accepted person rows, names missing in 2 → completeness(name) = 0.5; other key
fields full → key-field completeness = (1 + 1 + 0.5 + 1 + 1 + 1) / 6.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest

from rajut.sources.ingest_write import ensure_std_table
from rajut.sources.registry import add_source
from rajut.store import open_store
from rajut.workspace import Workspace

AS_OF = date(2026, 6, 30)
K1, K2 = "33.10.01", "33.10.02"
D1, D2, D3 = "33.10.01.2001", "33.10.01.2002", "33.10.02.2001"

INTEG_DDL = """
CREATE SCHEMA IF NOT EXISTS integ;
CREATE TABLE integ.builds (build_id VARCHAR, as_of DATE, built_at TIMESTAMP, inputs JSON);
CREATE TABLE integ.person (build_id VARCHAR, person_id VARCHAR, nik VARCHAR, kk_number VARCHAR,
  name VARCHAR, sex VARCHAR, birth_date DATE, age_years INTEGER, desa_code VARCHAR,
  kecamatan_code VARCHAR, alive BOOLEAN, death_date DATE, household_id VARCHAR,
  mother_person_id VARCHAR, n_records INTEGER, sources VARCHAR[]);
CREATE TABLE integ.household (build_id VARCHAR, household_id VARCHAR, kk_number VARCHAR,
  desa_code VARCHAR, kecamatan_code VARCHAR, desil INTEGER, desil_source VARCHAR,
  desil_period_end DATE, n_members INTEGER, head_person_id VARCHAR);
CREATE TABLE integ.person_program (build_id VARCHAR, person_id VARCHAR, program VARCHAR,
  receives BOOLEAN, source VARCHAR, record_id VARCHAR, period_end DATE, age_days INTEGER);
"""

HOUSEHOLDS = [
    ("H1", D1, 1),
    ("H2", D1, 3),
    ("H3", D2, 5),
    ("H4", D3, 2),
    ("H5", D3, 8),
    ("H6", D3, None),
]
# person_id, household_id, desa, age, alive
PERSONS = [
    ("P1", "H1", D1, 40, True),
    ("P2", "H1", D1, 10, True),
    ("P3", "H2", D1, 35, True),
    ("P4", "H2", D1, 12, True),
    ("P5", "H3", D2, 50, True),
    ("P6", "H4", D3, 70, False),
    ("P7", "H4", D3, 8, True),
    ("P8", "H5", D3, 30, True),
    ("P9", "H6", D3, 20, True),
    ("P10", None, D2, 33, True),
]
# person_id, program, receives, source
PROGRAMS = [
    ("P1", "pkh", True, "dtks"),
    ("P1", "pkh", False, "lain"),
    ("P1", "pbi_jk", True, "pbi_jk"),
    ("P2", "pip", True, "dapodik"),
    ("P2", "pbi_jk", True, "pbi_jk"),
    ("P3", "bpnt", True, "dtks"),
    ("P3", "pbi_jk", False, "dtks"),
    ("P5", "pkh", True, "dtks"),
    ("P5", "pbi_jk", True, "pbi_jk"),
    ("P6", "pkh", True, "dtks"),
    ("P6", "pbi_jk", True, "pbi_jk"),
    ("P7", "pip", False, "dapodik"),
    ("P8", "bpnt", True, "dtks"),
    ("P10", "pbi_jk", True, "pbi_jk"),
]

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

RUNS = [  # run_id, label, start, end, input, accepted, quarantined, warnings
    ("r1", "2026-01", date(2026, 1, 1), date(2026, 1, 31), 5, 5, 0, 0),
    ("r2", "2026-02", date(2026, 2, 1), date(2026, 2, 28), 6, 4, 2, 3),
    ("r3", "2026-09", date(2026, 9, 1), date(2026, 9, 30), 9, 9, 0, 0),
]


def _kec(desa: str | None) -> str | None:
    return desa.rsplit(".", 1)[0] if desa else None


def _integ(con: Any) -> None:
    con.execute(INTEG_DDL)
    con.execute("INSERT INTO integ.builds VALUES ('b0', DATE '2026-03-31', now(), '{}')")
    con.execute("INSERT INTO integ.builds VALUES ('b1', DATE '2026-06-30', now(), '{}')")
    con.executemany(
        "INSERT INTO integ.household (build_id, household_id, desa_code, kecamatan_code, desil) "
        "VALUES ('b1', ?, ?, ?, ?)",
        [(h, d, _kec(d), desil) for h, d, desil in HOUSEHOLDS],
    )
    con.executemany(
        "INSERT INTO integ.person (build_id, person_id, household_id, desa_code, kecamatan_code, "
        "age_years, alive) VALUES ('b1', ?, ?, ?, ?, ?, ?)",
        [(p, h, d, _kec(d), age, alive) for p, h, d, age, alive in PERSONS],
    )
    con.executemany(
        "INSERT INTO integ.person_program (build_id, person_id, program, receives, source) "
        "VALUES ('b1', ?, ?, ?, ?)",
        PROGRAMS,
    )
    con.execute(
        "INSERT INTO integ.household (build_id, household_id, desa_code, kecamatan_code, desil) "
        f"VALUES ('b0', 'H1', '{D1}', '{K1}', 1)"
    )
    con.execute(
        "INSERT INTO integ.person (build_id, person_id, household_id, desa_code, kecamatan_code, "
        f"age_years, alive) VALUES ('b0', 'P1', 'H1', '{D1}', '{K1}', 10, true)"
    )
    for program in ("pkh", "bpnt", "pbi_jk", "pip", "kip"):
        con.execute(
            "INSERT INTO integ.person_program (build_id, person_id, program, receives) "
            f"VALUES ('b0', 'P1', '{program}', true)"
        )


def _ingest(ws: Workspace, con: Any) -> None:
    path = ws.root / "uji.yaml"
    path.write_text(CONTRACT, encoding="utf-8")
    add_source(ws, path)
    ensure_std_table(con, "person", {})
    names = ["ANI", None, "CICI", None]
    con.executemany(
        "INSERT INTO std.person (source, record_id, run_id, row_number, period_label, "
        "period_start, period_end, nik, kk_number, name, sex, birth_date, desa_code) "
        "VALUES ('uji', ?, 'r2', ?, '2026-02', DATE '2026-02-01', DATE '2026-02-28', ?, "
        "'3310010101900001', ?, 'L', DATE '1990-01-01', ?)",
        [(f"R{i}", i, f"331001010190000{i}", names[i - 1], D1) for i in range(1, 5)],
    )
    con.executemany(
        "INSERT INTO std.row_issues VALUES ('r2', 'uji', ?, ?, ?, ?, 'warning', NULL)",
        [
            ("R2", 2, "person.name", "name-missing"),
            ("R4", 4, "person.name", "name-missing"),
            ("R1", 1, "person.birth_date", "date-default"),
        ],
    )
    for run_id, label, start, end, rows, acc, quar, warn in RUNS:
        finished = datetime(end.year, end.month, end.day, 12)
        con.execute(
            "INSERT INTO meta.ingest_runs VALUES (?, 'uji', ?, 'x', 'raw/x', 10, 'fp', ?, ?, ?, "
            "?, ?, ?, ?, ?, ?)",
            [run_id, f"biodata_{label}.csv", label, start, end, rows, acc, quar, warn]
            + [finished, finished],
        )


@pytest.fixture
def integ_ws(workspace: Workspace) -> Workspace:
    """The workspace with the hand-made integrated model and ingest runs."""
    with open_store(workspace.analytics_db) as store:
        _integ(store.con)
        _ingest(workspace, store.con)
    return workspace
