"""``compute_quality``: the quality report of one ingest run."""

from __future__ import annotations

from datetime import date, datetime

import duckdb

from rajut.quality.checks import consistency, reconciliation, uniqueness
from rajut.quality.context import (
    QualityError,
    RunContext,
    existing_fields,
    find_run,
    mapped_fields,
)
from rajut.quality.fields import column_profiles, field_quality
from rajut.quality.model import QualityReport
from rajut.quality.problems import MAX_AFFECTED, quarantined_rows, top_problems
from rajut.quality.timeliness import timeliness
from rajut.sources.contract import SourceContract
from rajut.sources.registry import get_contract
from rajut.store import open_store
from rajut.workspace import Workspace


def compute_quality(
    ws: Workspace,
    source: str,
    run_id: str | None = None,
    *,
    today: date | None = None,
    max_affected: int = MAX_AFFECTED,
    con: duckdb.DuckDBPyConnection | None = None,
) -> QualityReport:
    """Measure the quality of one ingest run of ``source``.

    Args:
        ws: the workspace.
        source: registered source name.
        run_id: the run to report on; default the source's latest run.
        today: reference day for timeliness (default: today).
        max_affected: affected rows kept per problem (for the workbook).
        con: an open connection to the workspace store to read through (the web app's
            shared one: DuckDB refuses a second, read-only open of a file in one process).

    Examples:
        >>> report = compute_quality(ws, "dukcapil")  # doctest: +SKIP
        >>> report.fields[0].completeness  # doctest: +SKIP
        0.98
    """
    contract = get_contract(ws, source)
    if not ws.analytics_db.exists():
        raise QualityError(
            f"Ruang kerja {ws.root} belum punya data hasil ingest.",
            f"Jalankan dulu `rajut ingest {source} BERKAS`.",
            code="quality-no-run",
        )
    if con is not None:
        return _measure(con, source, run_id, contract, today, max_affected)
    with open_store(ws.analytics_db, read_only=True) as store:
        return _measure(store.con, source, run_id, contract, today, max_affected)


def _measure(
    con: duckdb.DuckDBPyConnection,
    source: str,
    run_id: str | None,
    contract: SourceContract,
    today: date | None,
    max_affected: int,
) -> QualityReport:
    run = find_run(con, source, run_id)
    ctx = RunContext(
        con=con,
        run=run,
        contract=contract,
        fields=existing_fields(con, mapped_fields(contract)),
    )
    total_quarantined = int(run["quarantined"])
    return QualityReport(
        source=source,
        owner=contract.owner,
        title=contract.dataset.judul,
        run_id=ctx.run_id,
        file_name=str(run["file_name"]),
        ingested_at=_iso(run["finished_at"]),
        generated_at=datetime.now().isoformat(timespec="seconds"),
        reconciliation=reconciliation(ctx),
        fields=field_quality(ctx),
        uniqueness=uniqueness(ctx),
        consistency=consistency(ctx),
        timeliness=timeliness(
            contract.dataset.frekuensi,
            run["period_label"],
            run["period_end"],
            today or date.today(),
        ),
        profiles=column_profiles(ctx),
        problems=top_problems(ctx, max_affected=max_affected),
        quarantine_rows=quarantined_rows(ctx),
        quarantine_rows_total=total_quarantined,
    )


def _iso(value: object) -> str:
    return value.isoformat(timespec="seconds") if isinstance(value, datetime) else str(value)
