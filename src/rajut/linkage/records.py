"""The linkage input: ``link.records``, one row per source record (its latest version).

Every ingested record of the ``std.person`` table takes part. A record that appears in
several periods (same ``source`` and ``record_id``) is represented by its latest version.
Columns (all derived from standardised values; nothing is re-parsed here):

==================  ==============================================================
uid                 ``source:record_id`` — the record's key everywhere in linkage
source, record_id   provenance; ``run_id``/``row_number`` point at the raw file row
nik                 the NIK when it is structurally sound and agrees with the row's birth
                    date and sex (else NULL): the deterministic key
nik_raw             the cleaned NIK text as written, for near-miss comparisons
nik_float           the NIK came from an Excel number cell (last digit lost)
kk_number           No. KK as written
name_norm           matching-normalised name (NULL for "BY NY <ibu>" placeholders)
name_display        the name as written (upper case, cleaned)
placeholder_mother  the mother's name taken from a "BY NY <ibu>" placeholder
sex, birth_date     standardised; ``birth_date_weak`` marks default dates (01-07, 31-12)
birth_place         upper case
mother_name_norm    normalised mother's name; ``mother_nik`` her NIK
desa_code           Kemendagri desa code; ``kecamatan_code`` its first three segments
household_ref       the source's own household id (e.g. ID_DTKS)
alive, death_date   as the source states them
==================  ==============================================================
"""

from __future__ import annotations

import duckdb

#: NIK warnings that make a NIK unfit as a deterministic key.
NIK_DISQUALIFIERS = (
    "nik-excel-float",
    "nik-birthdate-mismatch",
    "nik-sex-mismatch",
    "nik-date-invalid",
    "nik-region-unknown",
    "nik-length",
    "nik-not-digits",
)

RECORDS_SQL = """
CREATE OR REPLACE TABLE link.records AS
WITH runs AS (
    SELECT run_id, finished_at FROM meta.ingest_runs
), latest AS (
    SELECT p.*, row_number() OVER (
        PARTITION BY p.source, p.record_id
        ORDER BY p.period_end DESC, r.finished_at DESC, p.row_number DESC
    ) AS version_rank
    FROM std.person p JOIN runs r USING (run_id)
), issues AS (
    SELECT run_id, row_number,
           list(code) FILTER (field = 'person.nik') AS nik_codes,
           list(code) FILTER (field = 'person.birth_date') AS birth_codes
    FROM std.row_issues
    WHERE field IN ('person.nik', 'person.birth_date')
    GROUP BY run_id, row_number
)
SELECT
    l.source || ':' || l.record_id AS uid,
    l.source, l.record_id, l.run_id, l.row_number, l.period_end,
    CASE WHEN regexp_full_match(l.nik, '[0-9]{16}')
          AND NOT list_has_any(coalesce(i.nik_codes, []), $disq)
         THEN l.nik END AS nik,
    nullif(l.nik, '') AS nik_raw,
    coalesce(list_contains(i.nik_codes, 'nik-excel-float'), FALSE) AS nik_float,
    nullif(l.kk_number, '') AS kk_number,
    nullif(l.name_norm, '') AS name_norm,
    l.name AS name_display,
    nullif(l.name_placeholder_mother, '') AS placeholder_mother,
    l.sex,
    l.birth_date,
    coalesce(list_contains(i.birth_codes, 'date-default'), FALSE) AS birth_date_weak,
    nullif(upper(trim(l.birth_place)), '') AS birth_place,
    coalesce(nullif(l.mother_name_norm, ''), nullif(l.name_placeholder_mother, ''))
        AS mother_name_norm,
    nullif(l.mother_nik, '') AS mother_nik,
    l.desa_code,
    CASE WHEN l.desa_code IS NOT NULL THEN substr(l.desa_code, 1, 8) END AS kecamatan_code,
    l.household_ref,
    l.alive,
    l.death_date
FROM latest l
LEFT JOIN issues i ON i.run_id = l.run_id AND i.row_number = l.row_number
WHERE l.version_rank = 1
"""


def build_link_records(con: duckdb.DuckDBPyConnection) -> int:
    """(Re)build ``link.records`` from the standardised store; returns the record count."""
    con.execute("CREATE SCHEMA IF NOT EXISTS link")
    con.execute(RECORDS_SQL, {"disq": list(NIK_DISQUALIFIERS)})
    [(count,)] = con.execute("SELECT count(*) FROM link.records").fetchall()
    return int(count)
