"""A hand-made integrated build with known answers (no std/link tables).

Build ``b-uji`` as of 2026-06-30:

* H1 (desil 2, Sengon 33.10.01.2001): P1 ``<script>`` name (adult), P2 formula name (age 10),
  P5 (age 2, stunted). No programme, no enrolment.
  → desil14-tanpa-pkh-bpnt: H1; stunting: P5; sekolah: P2; tanpa PBI: P1, P2, P5.
* H2 (desil 8, Gentan 33.10.02.2001): P3 receives PBI-JK; P4 died 2026-01-01 and is
  still listed receiving BPNT (period end 2026-06-30).
  → penerima-meninggal: P4; penerima-desil6plus: P3, P4.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

BUILD = "b-uji"
XSS = "<script>alert(1)</script>"
FORMULA = '=HYPERLINK("http://x","klik")'
NIK1 = "3310014101900001"

EXPECTED = {
    "desil14-tanpa-pkh-bpnt": {"H1"},
    "stunting-desil14-tanpa-pkh": {"P5"},
    "anak-sekolah-desil14-tidak-sekolah": {"P2"},
    "desil14-tanpa-pbi-jk": {"P1", "P2", "P5"},
    "penerima-meninggal": {"P4"},
    "penerima-ganda": set(),
    "penerima-desil6plus": {"P3", "P4"},
}

_DDL = """
CREATE SCHEMA IF NOT EXISTS integ;
CREATE SCHEMA IF NOT EXISTS std;
CREATE SCHEMA IF NOT EXISTS link;
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
CREATE TABLE integ.child_growth (build_id VARCHAR, person_id VARCHAR, measured_on DATE,
  z_tbu DOUBLE, status_tbu VARCHAR, stunted BOOLEAN, source VARCHAR, record_id VARCHAR,
  age_days INTEGER);
CREATE TABLE integ.enrollment (build_id VARCHAR, person_id VARCHAR, enrolled BOOLEAN,
  npsn VARCHAR, grade INTEGER, semester VARCHAR, source VARCHAR, record_id VARCHAR,
  period_end DATE, age_days INTEGER);
CREATE TABLE IF NOT EXISTS meta.ingest_runs (run_id VARCHAR, source VARCHAR, period_end DATE,
  finished_at TIMESTAMP);
CREATE TABLE std.program (source VARCHAR, record_id VARCHAR, run_id VARCHAR, period_end DATE,
  pkh BOOLEAN, bpnt BOOLEAN, pbi_jk BOOLEAN, pip BOOLEAN, kip BOOLEAN);
CREATE TABLE link.record_person (uid VARCHAR, source VARCHAR, record_id VARCHAR,
  person_id VARCHAR, match_probability DOUBLE);
"""

_ROWS = """
INSERT INTO integ.builds VALUES ('b-uji', DATE '2026-06-30', TIMESTAMP '2026-07-01 08:00', '{}');
INSERT INTO integ.household VALUES
 ('b-uji','H1','3310011201200001','33.10.01.2001','33.10.01',2,'dtks',DATE '2026-06-30',3,'P1'),
 ('b-uji','H2','3310021201200002','33.10.02.2001','33.10.02',8,'dtks',DATE '2026-03-31',2,'P3');
INSERT INTO integ.person VALUES
 ('b-uji','P1','3310014101900001','3310011201200001',$xss,'P',DATE '1990-01-01',36,
  '33.10.01.2001','33.10.01',true,NULL,'H1',NULL,2,['dukcapil','dtks']),
 ('b-uji','P2','3310010101160002','3310011201200001',$formula,'L',DATE '2016-01-01',10,
  '33.10.01.2001','33.10.01',true,NULL,'H1','P1',1,['dukcapil']),
 ('b-uji','P5','3310010101240003','3310011201200001','BAYU','L',DATE '2024-01-01',2,
  '33.10.01.2001','33.10.01',true,NULL,'H1','P1',2,['dukcapil','eppgbm']),
 ('b-uji','P3','3310020101800004','3310021201200002','AHMAD','L',DATE '1980-01-01',46,
  '33.10.02.2001','33.10.02',true,NULL,'H2',NULL,2,['dukcapil','pbi_jk']),
 ('b-uji','P4','3310020101500005','3310021201200002','SITI','P',DATE '1950-01-01',76,
  '33.10.02.2001','33.10.02',false,DATE '2026-01-01','H2',NULL,2,['dukcapil','dtks']);
INSERT INTO integ.person_program VALUES
 ('b-uji','P3','pbi_jk',true,'pbi_jk','K1',DATE '2026-06-30',0),
 ('b-uji','P4','bpnt',true,'dtks','D4',DATE '2026-06-30',0),
 ('b-uji','P1','pkh',false,'dtks','D1',DATE '2026-06-30',0);
INSERT INTO integ.child_growth VALUES
 ('b-uji','P5',DATE '2026-06-10',-2.5,'pendek',true,'eppgbm','G5',20);
"""


def build_tiny(db: Path) -> str:
    """Create the tiny build in the DuckDB file ``db``; returns the build id."""
    con = duckdb.connect(str(db))
    try:
        con.execute("CREATE SCHEMA IF NOT EXISTS meta")
        con.execute(_DDL)
        for statement in _ROWS.strip().split(";\n"):
            if statement.strip():
                con.execute(
                    statement, {"xss": XSS, "formula": FORMULA} if "$xss" in statement else None
                )
    finally:
        con.close()
    return BUILD
