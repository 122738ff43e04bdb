"""Run targeting rules against one integrated build and store the rows and aggregates.

Tables written (schema ``integ``)::

    target_results(build_id, rule_id, unit, entity_id, desa_code, kecamatan_code,
                   reason, facts JSON)
    target_aggregates(build_id, rule_id, level ('desa'|'kecamatan'), wilayah_code,
                      kecamatan_code, rows)

A rerun of a rule for the same build replaces that rule's rows; other rules stay.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from datetime import date

import duckdb

from rajut.store import open_store
from rajut.targeting.errors import TargetingError
from rajut.targeting.models import RuleCount, TargetRule, TargetsResult
from rajut.targeting.rules import load_rules, select_rules
from rajut.targeting.sql import bind, check_columns, facts_sql, reason_sql
from rajut.workspace import Workspace

RESULTS_DDL = """
CREATE SCHEMA IF NOT EXISTS integ;
CREATE TABLE IF NOT EXISTS integ.target_results (
    build_id VARCHAR NOT NULL,
    rule_id VARCHAR NOT NULL,
    unit VARCHAR NOT NULL,
    entity_id VARCHAR NOT NULL,
    desa_code VARCHAR,
    kecamatan_code VARCHAR,
    reason VARCHAR NOT NULL,
    facts JSON
);
CREATE TABLE IF NOT EXISTS integ.target_aggregates (
    build_id VARCHAR NOT NULL,
    rule_id VARCHAR NOT NULL,
    level VARCHAR NOT NULL,
    wilayah_code VARCHAR,
    kecamatan_code VARCHAR,
    rows BIGINT NOT NULL
);
"""


def build_as_of(con: duckdb.DuckDBPyConnection, build_id: str) -> date:
    """The reference date of ``build_id``; a :class:`TargetingError` when it is unknown."""
    try:
        row = con.execute(
            "SELECT as_of FROM integ.builds WHERE build_id = ?", [build_id]
        ).fetchone()
    except duckdb.CatalogException:
        row = None
    if row is None:
        raise TargetingError(
            f"Build terintegrasi {build_id} tidak ditemukan di basis data analitik.",
            "Jalankan `rajut build --as-of TANGGAL` dulu, atau pakai `rajut targets --as-of`.",
            code="targeting-build-missing",
        )
    value = row[0]
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _run_rule(con: duckdb.DuckDBPyConnection, rule: TargetRule, build_id: str, as_of: date) -> int:
    sql = bind(rule, build_id, as_of)
    try:
        if len(con.extract_statements(sql)) != 1:
            raise TargetingError(
                f"SQL aturan {rule.id} harus berisi tepat satu pernyataan SELECT.",
                "Hapus pernyataan tambahan (pemisah ';') dari SQL aturan.",
                code="targeting-rule-sql",
            )
        columns = [d[0] for d in con.execute(f"SELECT * FROM ({sql}) q LIMIT 0").description]
    except duckdb.Error as exc:
        raise TargetingError(
            f"SQL aturan {rule.id} gagal dijalankan: {exc}.",
            "Periksa nama tabel/kolom integ.* di SQL aturan (lihat docs/targeting.md).",
            code="targeting-rule-sql",
        ) from exc
    check_columns(rule, columns)
    con.execute(
        "DELETE FROM integ.target_results WHERE build_id = ? AND rule_id = ?", [build_id, rule.id]
    )
    con.execute(
        "INSERT INTO integ.target_results "
        f"SELECT ?, ?, ?, CAST(q.entity_id AS VARCHAR), CAST(q.desa_code AS VARCHAR), "
        f"CAST(q.kecamatan_code AS VARCHAR), {reason_sql(rule, as_of)}, {facts_sql(columns)} "
        f"FROM ({sql}) q WHERE q.entity_id IS NOT NULL",
        [build_id, rule.id, rule.unit],
    )
    row = con.execute(
        "SELECT count(*) FROM integ.target_results WHERE build_id = ? AND rule_id = ?",
        [build_id, rule.id],
    ).fetchone()
    return int(row[0]) if row else 0


def _aggregate(con: duckdb.DuckDBPyConnection, build_id: str, rule_ids: Sequence[str]) -> None:
    ids = list(rule_ids)
    con.execute(
        "DELETE FROM integ.target_aggregates WHERE build_id = ? AND list_contains(?, rule_id)",
        [build_id, ids],
    )
    con.execute(
        """
        INSERT INTO integ.target_aggregates
        SELECT build_id, rule_id, 'desa', desa_code, any_value(kecamatan_code), count(*)
        FROM integ.target_results WHERE build_id = ? AND list_contains(?, rule_id)
        GROUP BY build_id, rule_id, desa_code
        UNION ALL
        SELECT build_id, rule_id, 'kecamatan', kecamatan_code, kecamatan_code, count(*)
        FROM integ.target_results WHERE build_id = ? AND list_contains(?, rule_id)
        GROUP BY build_id, rule_id, kecamatan_code
        """,
        [build_id, ids, build_id, ids],
    )


def _read_aggregates(
    con: duckdb.DuckDBPyConnection, build_id: str, level: str
) -> dict[tuple[str, str], int]:
    rows = con.execute(
        "SELECT rule_id, coalesce(wilayah_code, ''), rows FROM integ.target_aggregates "
        "WHERE build_id = ? AND level = ?",
        [build_id, level],
    ).fetchall()
    return {(str(r[0]), str(r[1])): int(r[2]) for r in rows}


def run_targets_on(
    con: duckdb.DuckDBPyConnection, rules: Sequence[TargetRule], build_id: str
) -> TargetsResult:
    """Run ``rules`` for ``build_id`` on an open connection (all-or-nothing)."""
    start = time.perf_counter()
    as_of = build_as_of(con, build_id)
    con.execute(RESULTS_DDL)
    counts: list[RuleCount] = []
    con.execute("BEGIN TRANSACTION")
    try:
        for rule in rules:
            n = _run_rule(con, rule, build_id, as_of)
            counts.append(RuleCount(rule.id, rule.judul, rule.jenis, rule.unit, n))
        _aggregate(con, build_id, [r.id for r in rules])
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")
    return TargetsResult(
        build_id=build_id,
        as_of=as_of.isoformat(),
        rules=counts,
        by_desa=_read_aggregates(con, build_id, "desa"),
        by_kecamatan=_read_aggregates(con, build_id, "kecamatan"),
        seconds=time.perf_counter() - start,
    )


def run_targets(
    ws: Workspace, build_id: str, rule_ids: Sequence[str] | None = None
) -> TargetsResult:
    """Run the workspace's targeting rules (all, or ``rule_ids``) for one build.

    Args:
        ws: the workspace (its rules file is read in addition to the defaults).
        build_id: an id from ``integ.builds``.
        rule_ids: rule ids to run; ``None`` runs every rule.

    Examples:
        >>> # result = run_targets(ws, "b1a2b3c-20260630-20261130T101500")
        >>> # result.rules[0].rows
    """
    rules = select_rules(load_rules(ws), rule_ids)
    with open_store(ws.analytics_db) as store:
        return run_targets_on(store.con, rules, build_id)
