"""As-of scope: which standardised rows of each source a build may use.

Two kinds of source (from the contract's ``period``):

snapshot    the period comes from a fixed label or the file name (Dukcapil, DTKS, Dapodik,
            PBI-JK): each file is a full picture. The build uses the runs of the **latest
            period whose end is not after as_of**; older snapshots are replaced, so a
            record missing from the latest snapshot is no longer in scope.
row-period  the period comes from a column (e-PPGBM ``TGL_UKUR``): rows accumulate. The
            build uses every row with ``period_end <= as_of`` from any run.

In both cases a record seen more than once keeps its latest row (period, then ingest time,
then row number). Each kept row gets ``age_days = as_of - period_end``. Rows are read from
``std.*`` and copied into temporary tables ``integ_in_<table>``; nothing is written to
``std``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import duckdb

from rajut.sources.ingest_write import BOOKKEEPING
from rajut.standard import load_standard
from rajut.store import table_exists

_SQL_TYPES = {
    "string": "VARCHAR",
    "integer": "BIGINT",
    "number": "DOUBLE",
    "boolean": "BOOLEAN",
    "date": "DATE",
    "datetime": "TIMESTAMP",
}
STD_TABLES = ("person", "household", "welfare", "program", "growth", "enrollment")

SCOPE_RUNS_SQL = """
CREATE OR REPLACE TEMP TABLE integ_scope_runs AS
WITH r AS (
    SELECT run_id, source, file_name, period_label, period_start, period_end, finished_at,
           list_contains($row_sources, source) AS row_period
    FROM meta.ingest_runs
), latest AS (
    SELECT source, max(period_end) AS latest_end
    FROM r WHERE NOT row_period AND period_end <= $as_of GROUP BY source
)
SELECT r.* FROM r LEFT JOIN latest USING (source)
WHERE (r.row_period AND r.period_start <= $as_of)
   OR (NOT r.row_period AND r.period_end = latest.latest_end)
"""

#: The rows in scope, decided once on ``std.person`` (every accepted row has one).
SCOPE_ROWS_SQL = """
CREATE OR REPLACE TEMP TABLE integ_scope_rows AS
SELECT t.rowid AS rid, t.run_id, t.row_number, t.source, t.period_end,
       date_diff('day', t.period_end, $as_of)::INTEGER AS age_days
FROM {relation} t JOIN integ_scope_runs s ON s.run_id = t.run_id
WHERE t.period_end <= $as_of
QUALIFY row_number() OVER (
    PARTITION BY t.source, t.record_id
    ORDER BY t.period_end DESC, s.finished_at DESC, t.row_number DESC
) = 1
"""

IN_SCOPE_SQL = """
CREATE OR REPLACE TEMP {kind} integ_in_{table} AS
SELECT {columns}, k.age_days, k.rid
FROM {relation} t JOIN integ_scope_rows k ON k.run_id = t.run_id AND k.row_number = t.row_number
"""

#: person columns the build reads (the other tables are read whole).
PERSON_COLUMNS = (
    "nik", "kk_number", "name", "sex", "birth_date", "desa_code", "rt", "rw", "alive",
    "death_date", "shdk", "mother_nik",
)  # fmt: skip


def _std_exists(con: duckdb.DuckDBPyConnection, table: str) -> bool:
    return table_exists(con, "std", table)


def _empty_std(con: duckdb.DuckDBPyConnection, table: str) -> str:
    """An empty temp table shaped like ``std.<table>`` (for sources never ingested)."""
    fields = load_standard().tables[table].fields.values()
    kept = {n for n, _ in BOOKKEEPING}
    cols = [f'"{n}" {t}' for n, t in BOOKKEEPING]
    cols += [f'"{f.name}" {_SQL_TYPES[f.type]}' for f in fields if f.name not in kept]
    con.execute(f"CREATE OR REPLACE TEMP TABLE integ_empty_{table} ({', '.join(cols)})")
    return f"integ_empty_{table}"


def build_scope(
    con: duckdb.DuckDBPyConnection, as_of: date, row_period_sources: set[str]
) -> dict[str, Any]:
    """Create ``integ_scope_runs`` and ``integ_in_<table>``; return the inputs per source.

    Args:
        con: the analytics store connection.
        as_of: the reference date; nothing with a later period is used.
        row_period_sources: sources whose period comes from a column (rows accumulate).
    """
    con.execute(SCOPE_RUNS_SQL, {"as_of": as_of, "row_sources": sorted(row_period_sources)})
    relations = {t: f"std.{t}" if _std_exists(con, t) else _empty_std(con, t) for t in STD_TABLES}
    con.execute(SCOPE_ROWS_SQL.format(relation=relations["person"]), {"as_of": as_of})
    for table, relation in relations.items():
        if table == "person":
            names = [n for n, _ in BOOKKEEPING] + list(PERSON_COLUMNS)
            columns = ", ".join(f't."{n}"' for n in names)
        else:
            columns = "t.*"
        kind = "VIEW" if table == "person" else "TABLE"  # person rows are read once
        sql = IN_SCOPE_SQL.format(table=table, relation=relation, columns=columns, kind=kind)
        con.execute(sql)
    return describe_inputs(con, as_of, row_period_sources)


def describe_inputs(
    con: duckdb.DuckDBPyConnection, as_of: date, row_period_sources: set[str]
) -> dict[str, Any]:
    """Per source: mode, runs used, rows in scope, newest period and its age; plus exclusions."""
    runs = con.execute(
        "SELECT s.source, s.run_id, s.file_name, s.period_label, s.period_start::VARCHAR, "
        "s.period_end::VARCHAR, count(p.run_id) AS rows_used "
        "FROM integ_scope_runs s LEFT JOIN integ_scope_rows p USING (run_id) "
        "GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 6, 2"
    ).fetchall()
    sources: dict[str, Any] = {}
    for source, run_id, file_name, label, start, end, rows_used in runs:
        entry = sources.setdefault(
            source,
            {"mode": "row" if source in row_period_sources else "snapshot", "runs": []},
        )
        entry["runs"].append(
            {
                "run_id": run_id,
                "file_name": file_name,
                "period_label": label,
                "period_start": start,
                "period_end": end,
                "rows_used": int(rows_used),
            }
        )
    newest = con.execute(
        "SELECT source, max(period_end)::VARCHAR, min(age_days), count(*) "
        "FROM integ_scope_rows GROUP BY source"
    ).fetchall()
    for source, end, age, n in newest:
        if source in sources:
            sources[source].update(
                {"newest_period_end": end, "age_days": int(age), "records": int(n)}
            )
    excluded = con.execute(
        "SELECT source, min(period_start)::VARCHAR FROM meta.ingest_runs "
        "WHERE source NOT IN (SELECT DISTINCT source FROM integ_scope_rows) "
        "GROUP BY source ORDER BY source"
    ).fetchall()
    return {
        "as_of": as_of.isoformat(),
        "sources": {k: sources[k] for k in sorted(sources) if sources[k].get("records")},
        "excluded": {
            str(src): f"tidak ada data dengan periode berakhir ≤ {as_of.isoformat()} "
            f"(periode paling awal mulai {first})"
            for src, first in excluded
        },
    }
