"""Write one ingest run: staged rows → std tables, row issues, quarantine.

Runs inside the caller's transaction on a connection where the raw table is registered
as ``incoming`` and the reference tables exist.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

import duckdb

from rajut.sources.contract import SourceContract
from rajut.sources.mapping_sql import StagingPlan, lit, q
from rajut.standard import load_standard
from rajut.standardize import IssueType

BOOKKEEPING = (
    ("source", "VARCHAR"),
    ("record_id", "VARCHAR"),
    ("household_ref", "VARCHAR"),
    ("run_id", "VARCHAR"),
    ("row_number", "BIGINT"),
    ("period_label", "VARCHAR"),
    ("period_start", "DATE"),
    ("period_end", "DATE"),
)
_TYPES = {
    "string": "VARCHAR",
    "integer": "BIGINT",
    "number": "DOUBLE",
    "boolean": "BOOLEAN",
    "date": "DATE",
    "datetime": "TIMESTAMP",
}


@dataclass
class RunCounts:
    input_rows: int
    accepted: int
    quarantined: int
    warnings: int
    rows_with_warnings: int
    period_label: str | None
    period_start: date | None
    period_end: date | None
    issue_counts: dict[str, int] = field(default_factory=dict)
    quarantine_counts: dict[str, int] = field(default_factory=dict)


def ensure_std_table(con: duckdb.DuckDBPyConnection, table: str, extras: Mapping[str, str]) -> None:
    """Create ``std.<table>`` with every standard field; add extra columns when new."""
    std_table = load_standard().tables[table]
    cols = [f"{q(n)} {t}" for n, t in BOOKKEEPING]
    kept = set(n for n, _ in BOOKKEEPING)
    cols += [
        f"{q(f.name)} {_TYPES[f.type]}" for f in std_table.fields.values() if f.name not in kept
    ]
    con.execute(f"CREATE TABLE IF NOT EXISTS std.{q(table)} ({', '.join(cols)})")
    for name, sql_type in extras.items():
        con.execute(f"ALTER TABLE std.{q(table)} ADD COLUMN IF NOT EXISTS {q(name)} {sql_type}")


def _error_codes(contract: SourceContract, issues: Mapping[str, IssueType]) -> list[str]:
    codes = {c for c, i in issues.items() if i.severity == "error"}
    return sorted(codes | set(contract.warnings_as_errors))


def _stage(
    con: duckdb.DuckDBPyConnection, plan: StagingPlan, has_person: bool, errors: list[str]
) -> None:
    for lookup in plan.lookups:
        con.execute(f"CREATE OR REPLACE TEMP TABLE {lookup.alias} AS {lookup.sql}")
    identity = "person__nik IS NULL AND person__name IS NULL" if has_person else "FALSE"
    identity_issue = (
        f"CASE WHEN {identity} THEN "
        "{'field': 'person', 'code': 'identity-missing', 'value': NULL::VARCHAR} END"
        if has_person
        else "NULL"
    )
    # the list work runs only on rows that have (or gain) an issue; most rows have none
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE staged AS
        WITH staged_fields AS (
            {plan.select_sql}
        ), repeated AS (
            -- record ids used more than once: every occurrence after the first is a duplicate
            -- (read from incoming, so staged_fields is scanned once and not materialised)
            SELECT record_id AS dup_id, min(row_number) AS first_row
            FROM ({plan.ids_sql}) WHERE record_id IS NOT NULL
            GROUP BY record_id HAVING count(*) > 1
        ), ranked AS (
            SELECT s.*, coalesce(s.row_number > r.first_row, FALSE) AS id_repeat
            FROM staged_fields s LEFT JOIN repeated r ON r.dup_id = s.record_id
        ), checked AS (
            SELECT * EXCLUDE (issues, id_repeat),
            CASE WHEN record_id IS NULL OR id_repeat OR ({identity}) THEN
                list_concat(issues, list_filter([
                CASE WHEN record_id IS NULL THEN {{'field': 'record_id',
                    'code': 'record-id-missing', 'value': NULL::VARCHAR}} END,
                CASE WHEN id_repeat THEN
                    {{'field': 'record_id', 'code': 'record-id-duplicate', 'value': record_id}} END,
                {identity_issue}
            ], lambda x: x IS NOT NULL)) ELSE issues END AS issues
            FROM ranked
        )
        SELECT *, CASE WHEN len(issues) = 0 THEN FALSE ELSE
            len(list_filter(issues, lambda x: list_contains({lit_list(errors)}, x.code))) > 0
            END AS has_error
        FROM checked
        """
    )


def lit_list(values: list[str]) -> str:
    return "[" + ", ".join(lit(v) for v in values) + "]::VARCHAR[]"


def write_run(
    con: duckdb.DuckDBPyConnection,
    plan: StagingPlan,
    contract: SourceContract,
    *,
    run_id: str,
    raw_columns: list[str],
    issues: Mapping[str, IssueType],
) -> RunCounts:
    """Stage, then write accepted rows, their warnings and the quarantine. Returns counts."""
    errors = _error_codes(contract, issues)
    tables = plan.tables()
    _stage(con, plan, "person" in tables, errors)
    meta = (
        f"{lit(contract.name)} AS source, record_id, household_ref, {lit(run_id)} AS run_id, "
        "row_number, period_label, period_start, period_end"
    )
    for table in tables:
        std_fields = load_standard().tables[table].fields
        cols = [c for c in plan.columns if c.table == table]
        extras = {c.name: c.sql_type for c in cols if c.name not in std_fields}
        ensure_std_table(con, table, extras)
        names = [n for n, _ in BOOKKEEPING] + [c.name for c in cols]
        con.execute(
            f"INSERT INTO std.{q(table)} ({', '.join(q(n) for n in names)}) "
            f"SELECT {meta}, {', '.join(q(c.table + '__' + c.name) for c in cols)} "
            "FROM staged WHERE NOT has_error"
        )
    severity = (
        "CASE WHEN list_contains(" + lit_list(errors) + ", i.code) THEN 'error' ELSE 'warning' END"
    )
    con.execute(
        f"""
        INSERT INTO std.row_issues
        SELECT {lit(run_id)}, {lit(contract.name)}, record_id, row_number, i.field, i.code,
               {severity}, i.value
        FROM (SELECT record_id, row_number, unnest(issues) AS i FROM staged WHERE NOT has_error)
        """
    )
    raw_json = "json_object(" + ", ".join(f"{lit(c)}, {q(c)}" for c in raw_columns) + ")"
    con.execute(
        f"""
        INSERT INTO quarantine.rows
        SELECT {lit(run_id)}, {lit(contract.name)}, s.record_id, s.row_number,
               list_transform(s.issues, lambda x: x.field || ':' || x.code), {raw_json}
        FROM staged s JOIN incoming i ON i.{q("__row")} = s.row_number
        WHERE s.has_error
        """
    )
    return _counts(con, errors)


def _counts(con: duckdb.DuckDBPyConnection, errors: list[str]) -> RunCounts:
    row = con.execute(
        """
        SELECT (SELECT count(*) FROM incoming), count(*) FILTER (NOT has_error),
               count(*) FILTER (has_error),
               count(*) FILTER (NOT has_error AND len(issues) > 0),
               min(period_label), max(period_label), min(period_start), max(period_end)
        FROM staged
        """
    ).fetchone()
    assert row is not None
    total, accepted, quarantined, with_warnings, lo, hi, start, end = row
    if accepted + quarantined != total:
        raise RuntimeError(f"rekonsiliasi gagal: {total} != {accepted} + {quarantined}")
    by_code = dict(
        con.execute(
            "SELECT i.code, count(*) FROM (SELECT unnest(issues) AS i FROM staged "
            "WHERE NOT has_error) GROUP BY 1 ORDER BY 2 DESC"
        ).fetchall()
    )
    q_codes = dict(
        con.execute(
            "SELECT i.code, count(*) FROM "
            "(SELECT unnest(issues) AS i FROM staged WHERE has_error) "
            f"WHERE list_contains({lit_list(errors)}, i.code) GROUP BY 1 ORDER BY 2 DESC"
        ).fetchall()
    )
    return RunCounts(
        input_rows=total,
        accepted=accepted,
        quarantined=quarantined,
        warnings=sum(by_code.values()),
        rows_with_warnings=with_warnings,
        period_label=lo if lo == hi else f"{lo}/{hi}",
        period_start=start,
        period_end=end,
        issue_counts=by_code,
        quarantine_counts=q_codes,
    )
