"""What the metrics need about one run: the store connection, the run row, mapped fields."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import duckdb

from rajut.errors import RajutError
from rajut.sources.contract import SourceContract
from rajut.sources.ingest_issues import all_issues
from rajut.sources.mapping_sql import DESA_NAME, INPUT_ONLY, KECAMATAN_NAME, q
from rajut.standard import load_standard
from rajut.standardize import IssueType

MASKED_RULES = frozenset({"nik", "kk"})
_INPUT_TITLES = {DESA_NAME: "Nama desa/kelurahan", KECAMATAN_NAME: "Nama kecamatan"}


class QualityError(RajutError):
    code = "quality-error"


@dataclass(frozen=True)
class MappedField:
    """One standard field fed by a source column."""

    qualified: str
    column: str
    title: str
    type: str
    pii: bool
    rule: str | None

    @property
    def table(self) -> str:
        return self.qualified.partition(".")[0]

    @property
    def name(self) -> str:
        return self.qualified.partition(".")[2]

    @property
    def masked(self) -> bool:
        """NIK and KK values are always shown masked."""
        return self.rule in MASKED_RULES

    @property
    def sql(self) -> str:
        return f"std.{q(self.table)}.{q(self.name)}"


@dataclass
class RunContext:
    """An open store, the run's ``meta.ingest_runs`` row and the contract it ran under."""

    con: duckdb.DuckDBPyConnection
    run: dict[str, Any]
    contract: SourceContract
    fields: list[MappedField]
    catalogue: dict[str, IssueType] = field(default_factory=all_issues)

    @property
    def run_id(self) -> str:
        return str(self.run["run_id"])

    @property
    def accepted(self) -> int:
        return int(self.run["accepted"])

    def error_codes(self) -> set[str]:
        """Codes that quarantine a row: catalogue errors plus the contract's escalations."""
        errors = {c for c, i in self.catalogue.items() if i.severity == "error"}
        return errors | set(self.contract.warnings_as_errors)

    def title_of(self, code: str) -> str:
        issue = self.catalogue.get(code)
        return issue.title if issue else code

    def field_by_name(self) -> dict[str, MappedField]:
        return {f.qualified: f for f in self.fields}

    def record_id_masked(self) -> bool:
        """Whether the record-id column is itself a NIK/KK column (then mask it too)."""
        return any(f.column == self.contract.record_id and f.masked for f in self.fields)

    def share(self, count: int) -> float | None:
        return round(count / self.accepted, 6) if self.accepted else None


def mapped_fields(contract: SourceContract) -> list[MappedField]:
    """Every field the contract's columns feed, in contract order, without repeats."""
    std = load_standard()
    found: dict[str, MappedField] = {}

    def add(qualified: str, column: str) -> None:
        table, _, name = qualified.partition(".")
        std_field = std.tables[table].fields.get(name) if table in std.tables else None
        if qualified in found:
            return
        if std_field is None:
            title = _INPUT_TITLES.get(name, name)
            found[qualified] = MappedField(qualified, column, title, "string", False, None)
        else:
            found[qualified] = MappedField(
                qualified, column, std_field.title, std_field.type, std_field.pii, std_field.rule
            )

    by_field = {m.field for _, m in contract.mappings}
    for column, mapping in contract.mappings:
        table, _, name = mapping.field.partition(".")
        if mapping.place_field:
            add(mapping.place_field, column)
        add(mapping.field, column)
        if name == DESA_NAME and f"{table}.desa_code" not in by_field:
            add(f"{table}.desa_code", column)
    return list(found.values())


def existing_fields(con: duckdb.DuckDBPyConnection, fields: list[MappedField]) -> list[MappedField]:
    """Drop fields whose column is missing in the store (contract changed since the run)."""
    rows = con.execute(
        "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'std'"
    ).fetchall()
    present = {(t, c) for t, c in rows}
    return [f for f in fields if (f.table, f.name) in present]


def find_run(con: duckdb.DuckDBPyConnection, source: str, run_id: str | None) -> dict[str, Any]:
    """The run row: ``run_id`` of ``source``, or the source's latest run."""
    query = "SELECT * FROM meta.ingest_runs WHERE source = ?"
    params: list[Any] = [source]
    if run_id is not None:
        query += " AND run_id = ?"
        params.append(run_id)
    cursor = con.execute(query + " ORDER BY finished_at DESC LIMIT 1", params)
    columns = [d[0] for d in cursor.description]
    row = cursor.fetchone()
    if row is None:
        known = [
            r[0]
            for r in con.execute(
                "SELECT run_id FROM meta.ingest_runs WHERE source = ? ORDER BY finished_at DESC "
                "LIMIT 5",
                [source],
            ).fetchall()
        ]
        if run_id is None or not known:
            raise QualityError(
                f"Sumber {source!r} belum pernah dimasukkan (belum ada run ingest).",
                f"Jalankan dulu `rajut ingest {source} BERKAS`.",
                code="quality-no-run",
            )
        raise QualityError(
            f"Run {run_id!r} tidak ditemukan untuk sumber {source!r}.",
            f"Pilih salah satu run terbaru: {', '.join(known)} (lihat `rajut sources show "
            f"{source}`).",
            code="quality-run-unknown",
        )
    return dict(zip(columns, row, strict=True))


__all__ = [
    "INPUT_ONLY",
    "MappedField",
    "QualityError",
    "RunContext",
    "existing_fields",
    "find_run",
    "mapped_fields",
]
