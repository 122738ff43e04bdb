"""``rajut export links``: one CSV row per ingested record with its person and household.

Columns: ``source, source_record_id, person_id, household_id, match_probability``.
``match_probability`` is the highest probability of an accepted link that ties the record
into its cluster:

* a deterministic link (another record of the same cluster carries the same sound NIK): 1.0
* a review decision "sama" with a record of the same cluster: 1.0
* a model edge to a record of the same cluster: its probability, taken from the accepted
  edge table ``link.edges`` when the run wrote one, else from the scored pairs
  ``link.pairs`` restricted to pairs inside one cluster
* a record alone in its cluster: empty

When the linkage run already stored this value (``link.record_person.match_probability``),
that column is used as is, so the export and the run never disagree.

The NIK never appears in the file. Rows are sorted by source and record id.

Example:
    >>> export_links(con, Path("tautan.csv")).rows  # doctest: +SKIP
    12829
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import duckdb

from rajut.errors import RajutError
from rajut.store import table_exists

EXPORT_COLUMNS = ("source", "source_record_id", "person_id", "household_id", "match_probability")
EDGE_TABLES = ("link.edges", "link.pairs")


class LinkExportError(RajutError):
    code = "link-export-error"


@dataclass(frozen=True)
class ExportResult:
    """What :func:`export_links` wrote."""

    path: str
    rows: int
    with_person: int
    with_household: int
    with_probability: int
    edge_source: str | None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def export_links(con: duckdb.DuckDBPyConnection, out: Path) -> ExportResult:
    """Write the link CSV for every record in ``link.records`` to ``out``.

    Raises:
        LinkExportError: the linkage has not run yet (no ``link.records`` or
            ``link.record_person``), or ``out`` cannot be written.
    """
    for table in ("link.records", "link.record_person"):
        if not _exists(con, table):
            raise LinkExportError(
                f"Tabel {table} belum ada, jadi belum ada hasil penautan untuk diekspor.",
                "Jalankan `rajut link` dulu, lalu ulangi ekspor.",
                code="linkage-not-run",
            )
    edge_source = next((t for t in EDGE_TABLES if _exists(con, t)), None)
    household = (
        "LEFT JOIN link.record_household h ON h.uid = r.uid"
        if _exists(con, "link.record_household")
        else "LEFT JOIN (SELECT NULL::VARCHAR AS uid, NULL::VARCHAR AS household_id) h ON FALSE"
    )
    if _has_column(con, "link.record_person", "match_probability"):
        edge_source = "link.record_person"
        best_sql = "SELECT uid, match_probability AS p FROM link.record_person"
    else:
        best_sql = _best_probability_sql(con, edge_source)
    query = f"""
        WITH rp AS (SELECT uid, person_id FROM link.record_person),
        best AS ({best_sql})
        SELECT r.source, r.record_id AS source_record_id, rp.person_id, h.household_id,
               round(b.p, 6) AS match_probability
        FROM link.records r
        LEFT JOIN rp ON rp.uid = r.uid
        {household}
        LEFT JOIN best b ON b.uid = r.uid
    """
    con.execute(f"CREATE OR REPLACE TEMP TABLE export_links_rows AS {query}").fetchall()
    try:
        _write_csv(con, out)
        [(rows, persons, households, probs)] = con.execute(
            "SELECT count(*), count(person_id), count(household_id), count(match_probability) "
            "FROM export_links_rows"
        ).fetchall()
    finally:
        con.execute("DROP TABLE IF EXISTS export_links_rows")
    return ExportResult(str(out), rows, persons, households, probs, edge_source)


def _best_probability_sql(con: duckdb.DuckDBPyConnection, edge_source: str | None) -> str:
    """SQL yielding ``(uid, p)``: the strongest same-cluster link of each record."""
    nik_links = """
        SELECT r.uid, 1.0::DOUBLE AS p
        FROM link.records r JOIN rp USING (uid)
        WHERE r.nik IS NOT NULL
        QUALIFY count(*) OVER (PARTITION BY rp.person_id, r.nik) > 1
    """
    parts = [nik_links]
    if edge_source is not None:
        parts.append(_same_cluster_pairs(edge_source, "match_probability"))
    if _exists(con, "link.review_decisions"):
        parts.append(_same_cluster_pairs("link.review_decisions", "1.0::DOUBLE", "WHERE e.same"))
    union = " UNION ALL ".join(f"({p})" for p in parts)
    return f"SELECT uid, max(p) AS p FROM ({union}) GROUP BY uid"


def _same_cluster_pairs(table: str, prob: str, where: str = "") -> str:
    """Both ends of each pair of ``table`` whose records sit in the same cluster."""
    return f"""
        SELECT unnest([e.uid_l, e.uid_r]) AS uid, {prob} AS p
        FROM (SELECT * FROM {table} e {where}) e
        JOIN rp a ON a.uid = e.uid_l
        JOIN rp b ON b.uid = e.uid_r
        WHERE a.person_id = b.person_id
    """


def _write_csv(con: duckdb.DuckDBPyConnection, out: Path) -> None:
    out = Path(out)
    if out.parent and not out.parent.is_dir():
        raise LinkExportError(
            f"Folder {out.parent} untuk berkas ekspor tidak ada.",
            "Buat foldernya dulu atau pilih --out di folder yang sudah ada.",
            code="export-folder-missing",
        )
    literal = str(out).replace("'", "''")
    try:
        con.execute(
            f"COPY (SELECT {', '.join(EXPORT_COLUMNS)} FROM export_links_rows "
            f"ORDER BY source, source_record_id) TO '{literal}' (FORMAT csv, HEADER true)"
        )
    except duckdb.IOException as exc:
        raise LinkExportError(
            f"Berkas ekspor {out} tidak bisa ditulis: {exc}.",
            "Periksa izin tulis folder itu dan pastikan berkas tidak sedang dibuka program lain.",
            code="export-write-failed",
        ) from exc


def _has_column(con: duckdb.DuckDBPyConnection, table: str, column: str) -> bool:
    schema, _, name = table.rpartition(".")
    [(found,)] = con.execute(
        "SELECT count(*) FROM information_schema.columns "
        "WHERE table_schema = ? AND table_name = ? AND column_name = ?",
        [schema, name, column],
    ).fetchall()
    return bool(found)


def _exists(con: duckdb.DuckDBPyConnection, table: str) -> bool:
    schema, _, name = table.rpartition(".")
    return table_exists(con, schema, name)
