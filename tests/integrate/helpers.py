"""Test helpers: a tiny hand-made store filled row by row (exact cases)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import duckdb

from rajut.integrate.build import BuildResult, SourceInfo, build_in_store
from rajut.integrate.survivorship import SurvivorshipRules, load_survivorship
from rajut.sources.ingest_write import ensure_std_table
from rajut.store import AnalyticsStore, open_store

OWNERS = {
    "dukcapil": "Disdukcapil",
    "dtks": "Dinas Sosial",
    "pbi_jk": "Dinas Kesehatan",
    "eppgbm": "Dinas Kesehatan",
    "dapodik": "Dinas Pendidikan",
}
TABLES = ("person", "household", "welfare", "program", "growth", "enrollment")


class TinyStore:
    """A store filled row by row: ``run()`` adds one ingest run and its std rows + links."""

    def __init__(self, path: Path) -> None:
        self.store: AnalyticsStore = open_store(path)
        self.con: duckdb.DuckDBPyConnection = self.store.con
        for table in TABLES:
            ensure_std_table(self.con, table, {})
        self.con.execute("CREATE SCHEMA IF NOT EXISTS link")
        self.con.execute(
            "CREATE TABLE link.record_person (uid VARCHAR, source VARCHAR, record_id VARCHAR, "
            "person_id VARCHAR, match_probability DOUBLE)"
        )
        self.con.execute("CREATE TABLE link.record_household (uid VARCHAR, household_id VARCHAR)")
        self.n_runs = 0

    def run(
        self,
        source: str,
        start: str,
        end: str,
        rows: list[dict[str, Any]],
        *,
        finished: str = "2026-07-05 10:00:00",
    ) -> str:
        """Add a run of ``source`` for period ``start``..``end``.

        Each row: ``record_id``, ``person_id``, optional ``household_id``, optional
        ``period_end`` (row-period sources) and per std table a dict of fields.
        """
        self.n_runs += 1
        run_id = f"run{self.n_runs:03d}"
        self.con.execute(
            "INSERT INTO meta.ingest_runs VALUES (?, ?, ?, 'x', 'x', 1, 'x', ?, ?, ?, ?, ?, 0, 0, "
            "?, ?)",
            [
                run_id,
                source,
                f"{source}_{end}.csv",
                f"{start}/{end}",
                start,
                end,
                len(rows),
                len(rows),
                finished,
                finished,
            ],
        )
        for number, row in enumerate(rows, start=1):
            self._row(source, run_id, number, start, row.get("period_end", end), row)
        return run_id

    def _row(
        self, source: str, run_id: str, number: int, start: str, end: str, row: dict[str, Any]
    ) -> None:
        book = {
            "source": source,
            "record_id": row["record_id"],
            "household_ref": row.get("household_ref"),
            "run_id": run_id,
            "row_number": number,
            "period_label": end,
            "period_start": start,
            "period_end": end,
        }
        for table in TABLES:
            fields = row.get(table, {} if table == "person" else None)
            if fields is None:
                continue
            values = {**book, **fields}
            cols = ", ".join(f'"{c}"' for c in values)
            marks = ", ".join("?" for _ in values)
            self.con.execute(
                f"INSERT INTO std.{table} ({cols}) VALUES ({marks})", list(values.values())
            )
        uid = f"{source}:{row['record_id']}"
        known = self.con.execute(
            "SELECT count(*) FROM link.record_person WHERE uid = ?", [uid]
        ).fetchone()
        if known == (0,):
            self.con.execute(
                "INSERT INTO link.record_person VALUES (?, ?, ?, ?, 1.0)",
                [uid, source, row["record_id"], row["person_id"]],
            )
            if row.get("household_id"):
                self.con.execute(
                    "INSERT INTO link.record_household VALUES (?, ?)", [uid, row["household_id"]]
                )

    def build(
        self,
        as_of: str,
        *,
        row_period: set[str] | None = None,
        rules: SurvivorshipRules | None = None,
    ) -> BuildResult:
        info = SourceInfo(owners=dict(OWNERS), row_period=row_period or {"eppgbm"})
        return build_in_store(
            self.con, date.fromisoformat(as_of), rules or load_survivorship(None), info
        )

    def one(self, sql: str, params: list[Any] | None = None) -> Any:
        row = self.con.execute(sql, params or []).fetchone()
        return row[0] if row and len(row) == 1 else row

    def rows(self, sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
        return self.con.execute(sql, params or []).fetchall()


def person(**fields: Any) -> dict[str, Any]:
    """Standard person fields with sensible defaults."""
    base: dict[str, Any] = {
        "nik": "3310015005900001",
        "name": "SITI AMINAH",
        "sex": "P",
        "birth_date": date(1990, 5, 10),
        "desa_code": "33.10.01.2001",
    }
    return {**base, **fields}
