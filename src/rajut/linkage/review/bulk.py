"""Bulk review decisions from a CSV file (``rajut review import``)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from rajut.linkage.review.decisions import (
    Decision,
    ReviewError,
    atomic,
    check_uids,
    ensure_review_tables,
    make_decision,
    require_records,
    write_decisions,
)

IMPORT_COLUMNS = ("uid_l", "uid_r", "keputusan")
_VERDICTS = {"sama": True, "sama orang": True, "beda": False, "beda orang": False}


@dataclass(frozen=True)
class ImportResult:
    """Outcome of :func:`import_decisions`."""

    file: str
    decisions: int
    same: int
    different: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "decisions": self.decisions,
            "same": self.same,
            "different": self.different,
        }


def _read_decision_rows(path: Path) -> list[tuple[int, dict[str, str]]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ReviewError(
            f"Berkas keputusan {path} tidak bisa dibaca: {exc}.",
            "Pastikan berkas ada dan disimpan sebagai CSV UTF-8.",
            code="review-import-unreadable",
        ) from exc
    first = text.splitlines()[0] if text.strip() else ""
    dialect = ";" if first.count(";") > first.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=dialect) if text.strip() else None
    header = [h.strip().lower() for h in (reader.fieldnames or [])] if reader else []
    missing = [c for c in IMPORT_COLUMNS if c not in header]
    if reader is None or missing:
        raise ReviewError(
            f"Berkas keputusan {path} tidak punya kolom {', '.join(missing or IMPORT_COLUMNS)}.",
            "Baris pertama harus berisi judul kolom: uid_l,uid_r,keputusan,catatan "
            "(catatan boleh kosong).",
            code="review-import-columns",
        )
    rows = []
    for line, raw in enumerate(reader, start=2):
        row = {str(k).strip().lower(): (v or "").strip() for k, v in raw.items() if k}
        if any(row.values()):
            rows.append((line, row))
    return rows


def import_decisions(con: duckdb.DuckDBPyConnection, path: Path, *, by: str) -> ImportResult:
    """Record many decisions from a CSV ``uid_l,uid_r,keputusan,catatan`` — all or nothing.

    ``keputusan`` is ``sama`` or ``beda`` (also ``sama orang`` / ``beda orang``, any case);
    ``catatan`` is optional. Every row is checked before anything is written; the first
    problem is reported with its line number and nothing is stored.

    Examples:
        A file with the two lines ``uid_l,uid_r,keputusan,catatan`` and
        ``dtks:17,dukcapil:9,beda,kembar`` stores one "beda orang" decision.
    """
    ensure_review_tables(con)
    require_records(con)
    decisions: list[Decision] = []
    for line, row in _read_decision_rows(path):
        where = f"{path.name} baris {line}: "
        verdict = _VERDICTS.get(row.get("keputusan", "").lower())
        if verdict is None:
            raise ReviewError(
                f"{where}keputusan '{row.get('keputusan', '')}' tidak dikenal.",
                "Isi kolom keputusan dengan 'sama' atau 'beda'.",
                code="review-import-verdict",
            )
        check_uids(con, row["uid_l"], row["uid_r"], where)
        decisions.append(
            make_decision(row["uid_l"], row["uid_r"], verdict, by, row.get("catatan", ""))
        )
    with atomic(con):
        write_decisions(con, decisions)
    same = sum(d.same for d in decisions)
    return ImportResult(str(path), len(decisions), same, len(decisions) - same)
