"""Collect one build's targeting results into rows a field officer can verify.

Each row carries the person to visit (for a household: its head), the masked NIK and No. KK
(unless the caller unmasked with a stated purpose), the Dukcapil address with RT/RW, the
reason, and the age of the oldest fact used. Used by every output writer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

import duckdb

from rajut.privacy import mask_nik_sql
from rajut.reference.wilayah import Wilayah
from rajut.store import table_exists
from rajut.targeting.models import TargetRule

#: Output columns: (key, Bahasa header).
COLUMNS: tuple[tuple[str, str], ...] = (
    ("rule_id", "Kode aturan"),
    ("rule_title", "Aturan"),
    ("jenis", "Jenis galat"),
    ("kecamatan_code", "Kode kecamatan"),
    ("kecamatan", "Kecamatan"),
    ("desa_code", "Kode desa"),
    ("desa", "Desa/kelurahan"),
    ("unit", "Unit"),
    ("entity_id", "ID orang/keluarga"),
    ("name", "Nama"),
    ("nik", "NIK"),
    ("kk_number", "No. KK"),
    ("address", "Alamat"),
    ("rt", "RT"),
    ("rw", "RW"),
    ("reason", "Alasan"),
    ("data_age_days", "Umur data (hari)"),
)


@dataclass(frozen=True)
class TargetRow:
    """One candidate for field verification."""

    rule_id: str
    rule_title: str
    jenis: str
    kecamatan_code: str
    kecamatan: str
    desa_code: str
    desa: str
    unit: str
    entity_id: str
    name: str | None
    nik: str | None
    kk_number: str | None
    address: str | None
    rt: str | None
    rw: str | None
    reason: str
    data_age_days: int | None

    def values(self) -> list[object]:
        return [getattr(self, key) for key, _ in COLUMNS]


@dataclass
class TargetReport:
    """Everything an output needs: the build, the rules, the rows and the counts."""

    build_id: str
    as_of: date
    kabupaten_code: str
    kabupaten: str
    rules: list[TargetRule]
    rows: list[TargetRow]
    unmasked: bool = False
    counts: dict[str, int] = field(default_factory=dict)

    def by_desa(self) -> dict[str, list[TargetRow]]:
        """Rows per desa code, desa codes sorted."""
        out: dict[str, list[TargetRow]] = {}
        for row in self.rows:
            out.setdefault(row.desa_code, []).append(row)
        return dict(sorted(out.items()))

    def count_table(self, level: str) -> list[tuple[str, str, dict[str, int]]]:
        """``(code, name, {rule_id: rows})`` per kecamatan or desa, sorted by code."""
        table: dict[str, tuple[str, dict[str, int]]] = {}
        for row in self.rows:
            code = row.kecamatan_code if level == "kecamatan" else row.desa_code
            name = row.kecamatan if level == "kecamatan" else row.desa
            per_rule = table.setdefault(code, (name, {}))[1]
            per_rule[row.rule_id] = per_rule.get(row.rule_id, 0) + 1
        return [(code, name, counts) for code, (name, counts) in sorted(table.items())]


_ROWS_SQL = """
WITH r AS (
  SELECT t.*, CASE WHEN t.unit = 'household' THEN h.head_person_id ELSE t.entity_id END AS pk,
         h.kk_number AS hh_kk
  FROM integ.target_results t
  LEFT JOIN integ.household h
    ON t.unit = 'household' AND h.build_id = t.build_id AND h.household_id = t.entity_id
  WHERE t.build_id = $build AND list_contains($rules, t.rule_id){desa_filter}
), a AS (
  SELECT l.person_id,
         arg_max(s.address, k) AS address, arg_max(s.rt, k) AS rt, arg_max(s.rw, k) AS rw
  FROM (
    SELECT s.*, (s.source = 'dukcapil')::INT * 1000000
                + date_diff('day', DATE '1900-01-01', s.period_end) AS k
    FROM std.person s WHERE s.period_end <= $as_of) s
  JOIN link.record_person l ON l.source = s.source AND l.record_id = s.record_id
  WHERE l.person_id IN (SELECT pk FROM r)
  GROUP BY l.person_id
)
SELECT r.rule_id, coalesce(r.kecamatan_code, ''), coalesce(r.desa_code, ''), r.unit,
       r.entity_id, p.name, {nik}, {kk}, a.address, a.rt, a.rw, r.reason,
       TRY_CAST(json_extract_string(r.facts, '$.umur_data_hari') AS INTEGER)
FROM r
LEFT JOIN integ.person p ON p.build_id = r.build_id AND p.person_id = r.pk
LEFT JOIN a ON a.person_id = r.pk
ORDER BY r.kecamatan_code, r.desa_code, r.rule_id, p.name, r.entity_id
"""

_ROWS_SQL_NO_ADDRESS = """
WITH r AS (
  SELECT t.*, CASE WHEN t.unit = 'household' THEN h.head_person_id ELSE t.entity_id END AS pk,
         h.kk_number AS hh_kk
  FROM integ.target_results t
  LEFT JOIN integ.household h
    ON t.unit = 'household' AND h.build_id = t.build_id AND h.household_id = t.entity_id
  WHERE t.build_id = $build AND list_contains($rules, t.rule_id) AND $as_of IS NOT NULL{desa_filter}
)
SELECT r.rule_id, coalesce(r.kecamatan_code, ''), coalesce(r.desa_code, ''), r.unit,
       r.entity_id, p.name, {nik}, {kk}, NULL, NULL, NULL, r.reason,
       TRY_CAST(json_extract_string(r.facts, '$.umur_data_hari') AS INTEGER)
FROM r
LEFT JOIN integ.person p ON p.build_id = r.build_id AND p.person_id = r.pk
ORDER BY r.kecamatan_code, r.desa_code, r.rule_id, p.name, r.entity_id
"""


def _has_address_tables(con: duckdb.DuckDBPyConnection) -> bool:
    return table_exists(con, "std", "person") and table_exists(con, "link", "record_person")


def _region_name(wilayah: Wilayah | None, code: str) -> str:
    region = wilayah.get(code) if wilayah is not None and code else None
    return region.name if region is not None else code


def load_report(
    con: duckdb.DuckDBPyConnection,
    build_id: str,
    as_of: date,
    rules: Sequence[TargetRule],
    *,
    wilayah: Wilayah | None,
    kabupaten_code: str,
    unmask: bool = False,
    desa_codes: Sequence[str] | None = None,
) -> TargetReport:
    """Read ``integ.target_results`` of ``build_id`` for ``rules`` into a report.

    Args:
        unmask: show full NIK/No. KK (the caller must have logged the purpose).
        desa_codes: only these desa (the web app's list per desa); ``None`` = all.
    """
    nik = "p.nik" if unmask else mask_nik_sql("p.nik")
    kk_expr = "coalesce(r.hh_kk, p.kk_number)"
    kk = kk_expr if unmask else mask_nik_sql(kk_expr)
    template = _ROWS_SQL if _has_address_tables(con) else _ROWS_SQL_NO_ADDRESS
    desa_filter = "" if desa_codes is None else " AND list_contains($desa, t.desa_code)"
    sql = template.replace("{nik}", nik).replace("{kk}", kk).replace("{desa_filter}", desa_filter)
    by_id = {r.id: r for r in rules}
    params: dict[str, object] = {"build": build_id, "rules": list(by_id), "as_of": as_of}
    if desa_codes is not None:
        params["desa"] = list(desa_codes)
    rows: list[TargetRow] = []
    for rec in con.execute(sql, params).fetchall():
        rule = by_id[str(rec[0])]
        kec, desa = str(rec[1]), str(rec[2])
        rows.append(
            TargetRow(
                rule.id,
                rule.judul,
                rule.jenis,
                kec,
                _region_name(wilayah, kec),
                desa,
                _region_name(wilayah, desa),
                str(rec[3]),
                str(rec[4]),
                rec[5],
                rec[6],
                rec[7],
                rec[8],
                rec[9],
                rec[10],
                str(rec[11]),
                rec[12],
            )
        )
    counts = {r.id: 0 for r in rules}
    for row in rows:
        counts[row.rule_id] += 1
    return TargetReport(
        build_id,
        as_of,
        kabupaten_code,
        _region_name(wilayah, kabupaten_code),
        list(rules),
        rows,
        unmask,
        counts,
    )
