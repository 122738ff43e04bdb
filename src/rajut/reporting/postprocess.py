"""Named post-processing steps a recap table may ask for (``olah:`` in the catalog).

``mutu_sumber`` fills the owner agency, the completeness of key fields and the timeliness
of each source's run, reusing the measures of :mod:`rajut.quality`. ``judul_masalah``
turns issue codes into their Bahasa titles.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import duckdb

from rajut.quality.context import RunContext, existing_fields, find_run, mapped_fields
from rajut.quality.fields import field_quality
from rajut.quality.timeliness import timeliness
from rajut.sources.ingest_issues import all_issues
from rajut.sources.registry import list_contracts
from rajut.workspace import Workspace

Row = dict[str, Any]
Step = Callable[[Workspace, duckdb.DuckDBPyConnection, list[Row], date], list[Row]]

# Fields whose completeness matters most for linkage and targeting.
KEY_FIELDS = frozenset(
    {
        "person.nik",
        "person.kk_number",
        "person.name",
        "person.birth_date",
        "person.sex",
        "person.desa_code",
        "household.kk_number",
        "household.desa_code",
        "welfare.desil",
        "growth.measured_on",
        "growth.z_tbu",
        "enrollment.npsn",
    }
)


def key_field_completeness(ctx: RunContext) -> float | None:
    """Mean completeness of the run's key fields (all mapped fields if none is a key field)."""
    fields = field_quality(ctx)
    chosen = [f for f in fields if f.field in KEY_FIELDS] or fields
    shares = [f.completeness for f in chosen if f.completeness is not None]
    return sum(shares) / len(shares) if shares else None


def source_quality(
    ws: Workspace, con: duckdb.DuckDBPyConnection, rows: list[Row], as_of: date
) -> list[Row]:
    """Fill ``pemilik``, ``kelengkapan`` and ``ketepatan_waktu`` per source row."""
    contracts = {c.name: c for c in list_contracts(ws)}
    for row in rows:
        contract = contracts.get(row["sumber"])
        if contract is None:
            row["pemilik"] = "(kontrak tidak ditemukan)"
            continue
        row["pemilik"] = contract.owner
        run = find_run(con, row["sumber"], row["run_id"])
        ctx = RunContext(
            con=con,
            run=run,
            contract=contract,
            fields=existing_fields(con, mapped_fields(contract)),
        )
        row["kelengkapan"] = key_field_completeness(ctx)
        row["ketepatan_waktu"] = timeliness(
            contract.dataset.frekuensi, run["period_label"], run["period_end"], as_of
        ).status
    return rows


def issue_titles(
    ws: Workspace, con: duckdb.DuckDBPyConnection, rows: list[Row], as_of: date
) -> list[Row]:
    """Fill ``masalah`` with the Bahasa title of the issue ``kode``."""
    issues = all_issues()
    for row in rows:
        issue = issues.get(row["kode"])
        row["masalah"] = issue.title if issue else row["kode"]
    return rows


STEPS: dict[str, Step] = {"mutu_sumber": source_quality, "judul_masalah": issue_titles}
