"""Which build of the integrated model a recap reads, and what it was built from."""

from __future__ import annotations

import importlib
from datetime import date
from typing import Any

import duckdb

from rajut.reporting.definitions import ReportError
from rajut.store import open_store, table_exists
from rajut.workspace import Workspace


def find_build(con: duckdb.DuckDBPyConnection, as_of: date) -> str | None:
    """The newest build for ``as_of`` (``None`` when there is none)."""
    if not table_exists(con, "integ", "builds"):
        return None
    row = con.execute(
        "SELECT build_id FROM integ.builds WHERE as_of = ? ORDER BY built_at DESC LIMIT 1",
        [as_of],
    ).fetchone()
    return str(row[0]) if row else None


def build_exists(con: duckdb.DuckDBPyConnection, build_id: str) -> bool:
    row = con.execute("SELECT count(*) FROM integ.builds WHERE build_id = ?", [build_id]).fetchone()
    return bool(row and row[0])


def resolve_build(ws: Workspace, as_of: date, build_id: str | None = None) -> str:
    """Use ``build_id`` if given, else the newest build for ``as_of``, else build one now."""
    _require_store(ws)
    with open_store(ws.analytics_db, read_only=True) as store:
        if build_id is not None:
            if store.table_exists("integ", "builds") and build_exists(store.con, build_id):
                return build_id
            raise ReportError(
                f"Build {build_id!r} tidak ada di model data terpadu.",
                "Lihat build yang ada dengan `rajut build --help`, atau jangan pakai --build.",
                code="report-build-unknown",
            )
        found = find_build(store.con, as_of)
    if found is not None:
        return found
    return _build_now(ws, as_of)


def _build_now(ws: Workspace, as_of: date) -> str:
    try:
        integrate: Any = importlib.import_module("rajut.integrate")
    except ImportError as exc:
        raise ReportError(
            f"Belum ada model data terpadu untuk tanggal acuan {as_of.isoformat()}.",
            f"Jalankan dulu `rajut build --as-of {as_of.isoformat()}`.",
            code="report-no-build",
        ) from exc
    result = integrate.build_integrated(ws, as_of)
    return str(result.build_id)


def _require_store(ws: Workspace) -> None:
    if not ws.analytics_db.exists():
        raise ReportError(
            f"Ruang kerja {ws.root} belum punya data hasil ingest.",
            "Masukkan berkas sumber dulu dengan `rajut ingest NAMA BERKAS`.",
            code="report-no-data",
        )


def source_note(con: duckdb.DuckDBPyConnection, as_of: date, build_id: str | None) -> str:
    """One sentence naming the build and each source's period used for ``as_of``."""
    rows = con.execute(
        """
        SELECT source, period_label FROM (
          SELECT source, period_label, row_number() OVER (
            PARTITION BY source ORDER BY period_end DESC, finished_at DESC) AS rn
          FROM meta.ingest_runs WHERE period_end <= ?
        ) WHERE rn = 1 ORDER BY source
        """,
        [as_of],
    ).fetchall()
    periods = "; ".join(f"{src} periode {label or '-'}" for src, label in rows) or "-"
    build = f"build {build_id}, " if build_id else ""
    return (
        f"Sumber: model data terpadu rajut ({build}tanggal acuan {as_of.isoformat()}), "
        f"dari kiriman terakhir tiap dinas yang tidak melewati tanggal acuan: {periods}."
    )
