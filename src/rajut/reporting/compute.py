"""``compute_recap``: run one recap's SQL over a build of the integrated model."""

from __future__ import annotations

import importlib
import re
from datetime import date, datetime
from typing import Any

import duckdb
import pyarrow as pa

from rajut.reference.wilayah import load_wilayah
from rajut.reporting.builds import resolve_build, source_note
from rajut.reporting.definitions import Catalog, RecapDef, ReportError, TableDef, expand_sql
from rajut.reporting.definitions import load_catalog as _load_catalog
from rajut.reporting.model import RecapResult, RecapTable
from rajut.reporting.postprocess import STEPS
from rajut.store import open_store
from rajut.workspace import Workspace

_PARAM = re.compile(r"\$(build_id|as_of)\b")


def load_catalog(ws: Workspace | None = None) -> Catalog:
    """The recap catalog of ``ws`` (shipped recaps plus the workspace's own)."""
    return _load_catalog(ws.root if ws is not None else None)


def needs_build(recap: RecapDef, catalog: Catalog, concepts: dict[str, str]) -> bool:
    """True when any table reads the integrated model (``integ.*`` or ``$build_id``)."""
    for table in recap.tabel:
        sql = expand_sql(table.sql, catalog, concepts)
        if "integ." in sql or "$build_id" in sql:
            return True
    return False


def concept_predicates(ws: Workspace | None) -> dict[str, str]:
    """SQL predicates from the concept catalog (``rajut.integrate.concepts``), if present.

    Predicates use the aliases ``h`` (integ.household) and ``p`` (integ.person); ``{as_of}``
    becomes the ``$as_of`` parameter. Missing concepts fall back to the recap catalog's own
    ``konsep`` entries.
    """
    try:
        module: Any = importlib.import_module("rajut.integrate.concepts")
        loader = module.load_concepts
    except (ImportError, AttributeError):
        return {}
    try:
        concepts = loader(ws.root if ws is not None else None)
    except Exception:  # noqa: BLE001 — a broken catalog must not block the recaps
        return {}
    found: dict[str, str] = {}
    for concept in getattr(concepts, "concepts", concepts) or []:
        cid, predicate = getattr(concept, "id", None), getattr(concept, "predikat", None)
        if isinstance(cid, str) and isinstance(predicate, str):
            found[cid] = predicate.replace("{as_of}", "$as_of")
    return found


def register_wilayah(con: duckdb.DuckDBPyConnection) -> None:
    """Expose Kemendagri names as ``ref_wilayah(kode, nama)`` to the recap SQL."""
    regions = list(load_wilayah().regions.values())
    table = pa.table({"kode": [r.code for r in regions], "nama": [r.name for r in regions]})
    con.register("ref_wilayah", table)


def run_table(
    con: duckdb.DuckDBPyConnection, sql: str, params: dict[str, Any], where: str
) -> list[dict[str, Any]]:
    """Run one table's SQL; rows as dicts. SQL errors become a :class:`ReportError`."""
    used = {name: params[name] for name in set(_PARAM.findall(sql))}
    try:
        cursor = con.execute(sql, used)
        names = [d[0] for d in cursor.description or []]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    except duckdb.Error as exc:
        raise ReportError(
            f"SQL {where} gagal dijalankan: {exc}".rstrip(".") + ".",
            "Periksa SQL rekap itu; pastikan `rajut build` sudah dijalankan untuk tanggal acuan.",
            code="report-sql-failed",
        ) from exc


def project(table: TableDef, rows: list[dict[str, Any]], where: str) -> list[tuple[Any, ...]]:
    """Rows as tuples in the order of the table's ``kolom``."""
    names = [c.nama for c in table.kolom]
    if rows:
        missing = [n for n in names if n not in rows[0]]
        if missing:
            raise ReportError(
                f"SQL {where} tidak menghasilkan kolom {', '.join(missing)}.",
                "Samakan nama kolom hasil SQL dengan daftar `kolom` rekap itu.",
                code="report-column-missing",
            )
    return [tuple(row[n] for n in names) for row in rows]


def compute_recap(
    ws: Workspace,
    recap_id: str,
    as_of: date,
    *,
    build_id: str | None = None,
    catalog: Catalog | None = None,
) -> RecapResult:
    """Compute one recap for the build of ``as_of`` (made if missing).

    Args:
        ws: the workspace.
        recap_id: a recap id from the catalog, e.g. ``"cakupan-program"``.
        as_of: the reference date.
        build_id: a specific build (default: the newest build for ``as_of``).
        catalog: the recap catalog (default: shipped + workspace).

    Examples:
        >>> r = compute_recap(ws, "cakupan-program", date(2026, 6, 30))  # doctest: +SKIP
        >>> r.table("per-program").column("cakupan")  # doctest: +SKIP
        [0.81, 0.77, 0.92, 0.64, 0.0]
    """
    catalog = catalog or load_catalog(ws)
    recap = catalog.get(recap_id)
    concepts = concept_predicates(ws)
    if needs_build(recap, catalog, concepts):
        build_id = resolve_build(ws, as_of, build_id)
    elif not ws.analytics_db.exists():
        resolve_build(ws, as_of, build_id)  # raises the "no data" error
    with open_store(ws.analytics_db, read_only=True) as store:
        return compute_recap_on(store.con, ws, recap.id, as_of, build_id=build_id, catalog=catalog)


def compute_recap_on(
    con: duckdb.DuckDBPyConnection,
    ws: Workspace,
    recap_id: str,
    as_of: date,
    *,
    build_id: str | None,
    catalog: Catalog | None = None,
) -> RecapResult:
    """Compute one recap on an open connection, for a build the caller already chose.

    The web app holds one connection to the analytics store for the whole process (a
    second, read-only one to the same file is refused by DuckDB), and must not start a
    build inside a request; so it resolves ``build_id`` itself and calls this.

    Args:
        con: a connection (or cursor) to the workspace's analytics store.
        build_id: the build the recap reads (``None`` only for recaps that need none).
    """
    catalog = catalog or load_catalog(ws)
    recap = catalog.get(recap_id)
    concepts = concept_predicates(ws)
    params = {"build_id": build_id, "as_of": as_of}
    tables: list[RecapTable] = []
    cur = con.cursor()  # its own connection: the caller's may hold an unfinished result
    try:
        register_wilayah(cur)
        for table in recap.tabel:
            where = f"rekap {recap.id}, tabel {table.id}"
            rows = run_table(cur, expand_sql(table.sql, catalog, concepts), params, where)
            if table.olah:
                rows = STEPS[table.olah](ws, cur, rows, as_of)
            tables.append(
                RecapTable(
                    table.id, table.judul, table.kolom, project(table, rows, where), table.grafik
                )
            )
        note = source_note(cur, as_of, build_id)
    finally:
        cur.close()
    return RecapResult(
        recap_id=recap.id,
        title=recap.judul,
        description=recap.deskripsi,
        as_of=as_of,
        build_id=build_id or "-",
        generated_at=datetime.now().isoformat(timespec="seconds"),
        source_note=note,
        tables=tables,
    )
