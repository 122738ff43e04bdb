"""One ingest run: archive the raw file, standardise every row, account for every row.

Flow (all writes in one DuckDB transaction — a failure leaves nothing behind)::

    file ─► sha256 ─► (same file already ingested? → no-op)
         ─► reader (all text) ─► mapped columns present? ─► period
         ─► staging SELECT (rules + checks) ─► accepted → std.<table>, warnings → std.row_issues
                                             └► rows with an error → quarantine.rows
    input_rows == accepted + quarantined, or the run fails.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb

from rajut.errors import RajutError
from rajut.sources.contract import SourceContract
from rajut.sources.ingest_issues import all_issues
from rajut.sources.ingest_write import write_run
from rajut.sources.mapping_sql import build_staging_sql, q
from rajut.sources.period import Period, PeriodError, parse_period
from rajut.sources.rawstore import archive, discard, sha256_file
from rajut.sources.readers import RawTable, read_table
from rajut.sources.registry import get_contract
from rajut.standardize import register_reference_tables
from rajut.store import open_store
from rajut.workspace import Workspace

Step = Callable[[str], None]


class IngestError(RajutError):
    code = "ingest-failed"


@dataclass
class IngestResult:
    """What one ingest did; ``input_rows == accepted + quarantined`` always holds."""

    source: str
    file: str
    run_id: str | None
    already_ingested: bool
    input_rows: int
    accepted: int
    quarantined: int
    warnings: int
    rows_with_warnings: int = 0
    period: str | None = None
    raw_sha256: str = ""
    issues: dict[str, int] = field(default_factory=dict)
    quarantine_reasons: dict[str, int] = field(default_factory=dict)
    ignored_columns: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"ok": True, **asdict(self)}


def resolve_period(contract: SourceContract, path: Path, override: str | None) -> Period | None:
    """The file-level period, or ``None`` when rows carry their own (``period.column``)."""
    spec = contract.period
    label = override or spec.value
    if label is None and spec.from_filename:
        match = re.search(spec.from_filename, path.name)
        if match is None:
            raise PeriodError(
                f"Periode tidak ditemukan di nama berkas {path.name} "
                f"(pola {spec.from_filename!r} dari kontrak {contract.name}).",
                "Ganti nama berkas sesuai pola, atau sebutkan periodenya dengan --period.",
            )
        label = match.group(1)
    if label is None:
        if spec.column:
            return None
        raise PeriodError(
            f"Periode berkas {path.name} tidak diketahui.",
            "Sebutkan dengan --period (mis. 2026Q2), atau isi period di kontrak.",
        )
    return parse_period(label, spec.granularity)


def _listing(names: list[str], limit: int = 12) -> str:
    shown = ", ".join(names[:limit])
    return shown + (f" (dan {len(names) - limit} lainnya)" if len(names) > limit else "")


def _check_columns(contract: SourceContract, columns: list[str], path: Path) -> list[str]:
    needed = contract.source_columns()
    missing = [c for c in needed if c not in columns]
    if missing:
        hint = (
            f"Apakah ini berkas untuk sumber {contract.name} ({contract.dataset.judul})? "
            "Jika kolomnya berganti nama, perbarui kontrak dan daftarkan ulang."
        )
        if len(columns) == 1 and any(sep in columns[0] for sep in ",;|\t"):
            hint = (
                "Berkas tampaknya memakai pemisah kolom yang lain dari kontrak "
                f"(delimiter {contract.file.delimiter!r}). " + hint
            )
        raise IngestError(
            f"Berkas {path.name} tidak punya kolom yang diminta kontrak {contract.name}: "
            f"{_listing(missing)}. Kolom di berkas: {_listing(columns)}.",
            hint,
            code="column-missing",
        )
    return [c for c in columns if c not in needed]


def _require_file(path: Path) -> None:
    if not path.is_file():
        raise IngestError(
            f"Berkas {path} tidak ditemukan.", "Periksa nama dan letak berkas.", code="file-missing"
        )


def _size_seen(con: duckdb.DuckDBPyConnection, source: str, path: Path) -> bool:
    """Whether an earlier run of ``source`` had a file of this size (it may be the same file)."""
    row = con.execute(
        "SELECT count(*) FROM meta.ingest_runs WHERE source = ? AND file_bytes = ?",
        [source, path.stat().st_size],
    ).fetchone()
    return row is not None and row[0] > 0


def _period_and_table(
    contract: SourceContract, path: Path, period: str | None, step: Step
) -> tuple[Period | None, RawTable]:
    file_period = resolve_period(contract, path, period)
    step("Membaca berkas")
    return file_period, read_table(path, contract.file, expected_columns=contract.source_columns())


@dataclass
class _Loaded:
    """A file read and hashed, ready to standardise."""

    sha: str
    period: Period | None
    raw: RawTable


def _load(contract: SourceContract, path: Path, period: str | None, step: Step) -> _Loaded:
    """Hash and read ``path`` (the hash runs beside the reader)."""
    with ThreadPoolExecutor(1) as pool:
        pending = pool.submit(sha256_file, path)
        file_period, raw = _period_and_table(contract, path, period, step)
        return _Loaded(pending.result(), file_period, raw)


def _discard_new(copying: Future[tuple[Path, bool]]) -> None:
    """After a failed run: remove the archived file if this run created it."""
    try:
        archived, created = copying.result()
    except Exception:  # the copy failed itself; the run's error is the one to report
        return
    if created:
        discard(archived)


def ingest_file(
    ws: Workspace,
    source: str,
    path: Path,
    *,
    period: str | None = None,
    on_step: Step | None = None,
    _preloaded: Future[_Loaded] | None = None,
) -> IngestResult:
    """Ingest ``path`` as a new run of ``source``.

    ``_preloaded`` (from :func:`ingest_files`): the file already being read and hashed.
    """
    step = on_step or (lambda _s: None)
    started = datetime.now()
    contract = get_contract(ws, source)
    _require_file(path)
    step("Menghitung sidik berkas")
    store = open_store(ws.analytics_db)
    try:
        loaded: tuple[Period | None, RawTable] | None = None
        if _preloaded is not None:
            ready = _preloaded.result()
            sha, loaded = ready.sha, (ready.period, ready.raw)
        elif _size_seen(store.con, source, path):
            sha = sha256_file(path)
        else:  # no earlier run has this size, so the file is new: hash it while reading
            ready = _load(contract, path, period, step)
            sha, loaded = ready.sha, (ready.period, ready.raw)
        previous = store.con.execute(
            "SELECT run_id, input_rows, accepted, quarantined, warnings, period_label "
            "FROM meta.ingest_runs WHERE source = ? AND raw_sha256 = ?",
            [source, sha],
        ).fetchone()
        if previous is not None:
            return IngestResult(
                source=source,
                file=str(path),
                run_id=previous[0],
                already_ingested=True,
                input_rows=previous[1],
                accepted=previous[2],
                quarantined=previous[3],
                warnings=previous[4],
                period=previous[5],
                raw_sha256=sha,
                notes=[
                    f"Berkas ini sudah pernah dimasukkan (run {previous[0]}); "
                    "tidak ada yang diubah."
                ],
            )
        file_period, raw = loaded or _period_and_table(contract, path, period, step)
        ignored = _check_columns(contract, raw.columns, path)
        step("Membakukan nilai")
        plan = build_staging_sql(contract, raw.table.column_names, period=file_period)
        run_id = uuid.uuid4().hex[:12]
        # the archive copy (plain I/O) runs while DuckDB standardises and writes
        with ThreadPoolExecutor(1) as pool:
            copying = pool.submit(archive, ws.raw_dir, path, sha)
            try:
                with store.transaction() as con:
                    # no copy: lookups and the staging scan read the Arrow table in place
                    con.register("incoming", raw.table)
                    register_reference_tables(con, ws.wilayah(), ws.settings.general.kabupaten_code)
                    step("Menyimpan hasil")
                    counts = write_run(
                        con,
                        plan,
                        contract,
                        run_id=run_id,
                        raw_columns=raw.columns,
                        issues=all_issues(),
                    )
                    archived, _created = copying.result()
                    con.execute(
                        "INSERT INTO meta.ingest_runs VALUES "
                        "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        [
                            run_id,
                            source,
                            path.name,
                            sha,
                            str(archived.relative_to(ws.root)),
                            path.stat().st_size,
                            contract.fingerprint(),
                            counts.period_label,
                            counts.period_start,
                            counts.period_end,
                            counts.input_rows,
                            counts.accepted,
                            counts.quarantined,
                            counts.warnings,
                            started,
                            datetime.now(),
                        ],
                    )
            except BaseException:
                _discard_new(copying)
                raise
    finally:
        store.close()
    return IngestResult(
        source=source,
        file=str(path),
        run_id=run_id,
        already_ingested=False,
        input_rows=counts.input_rows,
        accepted=counts.accepted,
        quarantined=counts.quarantined,
        warnings=counts.warnings,
        rows_with_warnings=counts.rows_with_warnings,
        period=counts.period_label,
        raw_sha256=sha,
        issues=counts.issue_counts,
        quarantine_reasons=counts.quarantine_counts,
        ignored_columns=ignored,
        notes=raw.notes,
        seconds=round((datetime.now() - started).total_seconds(), 3),
    )


def ingest_files(
    ws: Workspace,
    files: Sequence[tuple[str, Path]],
    *,
    on_step: Step | None = None,
) -> list[IngestResult]:
    """Ingest several ``(source, file)`` in order, each as its own run (own transaction).

    While one file is standardised and written (DuckDB, which releases the GIL), the next
    one is read and hashed in a background thread, so a batch takes about the sum of the
    longer of the two phases instead of both. Stops at the first failure (the files before
    it stay ingested, as when they are ingested one by one).

    Examples:
        >>> results = ingest_files(ws, [("dukcapil", Path("biodata.csv")),
        ...                             ("dtks", Path("dtks.xlsx"))])  # doctest: +SKIP
    """
    if not files:
        return []
    contracts = [get_contract(ws, source) for source, _ in files]
    for _, path in files:
        _require_file(path)
    quiet: Step = lambda _s: None  # noqa: E731 — the reader's steps of a file read ahead
    results: list[IngestResult] = []
    with ThreadPoolExecutor(1) as reader:
        upcoming = reader.submit(_load, contracts[0], files[0][1], None, quiet)
        for k, (source, path) in enumerate(files):
            current = upcoming
            if k + 1 < len(files):
                upcoming = reader.submit(_load, contracts[k + 1], files[k + 1][1], None, quiet)
            results.append(ingest_file(ws, source, path, on_step=on_step, _preloaded=current))
    return results


__all__ = ["IngestError", "IngestResult", "ingest_file", "ingest_files", "q", "resolve_period"]
