"""Review decisions: storage, history and the checks on the records they name."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import duckdb

from rajut.errors import RajutError
from rajut.store.analytics import table_exists

DECISION_COLUMNS = (
    "uid_l VARCHAR NOT NULL, uid_r VARCHAR NOT NULL, same BOOLEAN NOT NULL, "
    "decided_by VARCHAR, decided_at TIMESTAMP NOT NULL, note VARCHAR"
)
REVIEW_DDL = f"""
CREATE SCHEMA IF NOT EXISTS link;
CREATE TABLE IF NOT EXISTS link.review_decisions ({DECISION_COLUMNS});
CREATE TABLE IF NOT EXISTS link.review_log ({DECISION_COLUMNS});
CREATE TABLE IF NOT EXISTS link.review_queue (
    uid_l VARCHAR NOT NULL, uid_r VARCHAR NOT NULL,
    match_probability DOUBLE, queued_at TIMESTAMP NOT NULL
);
"""


class ReviewError(RajutError):
    code = "review-error"


@dataclass(frozen=True)
class Decision:
    """One clerical decision on a pair of records (``uid_l < uid_r``)."""

    uid_l: str
    uid_r: str
    same: bool
    decided_by: str
    decided_at: datetime
    note: str = ""

    @property
    def label(self) -> str:
        return "sama orang" if self.same else "beda orang"

    def to_dict(self) -> dict[str, Any]:
        return {
            "uid_l": self.uid_l,
            "uid_r": self.uid_r,
            "same": self.same,
            "keputusan": "sama" if self.same else "beda",
            "decided_by": self.decided_by,
            "decided_at": self.decided_at.isoformat(timespec="seconds"),
            "note": self.note,
        }


def ensure_review_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Create the review tables when missing (idempotent)."""
    con.execute(REVIEW_DDL)


def ordered_pair(uid_a: str, uid_b: str) -> tuple[str, str]:
    """The pair in storage order (``uid_l < uid_r``)."""
    return (uid_a, uid_b) if uid_a < uid_b else (uid_b, uid_a)


def _in_transaction(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the caller holds an explicit transaction (the id only changes in autocommit)."""
    [(first,)] = con.execute("SELECT txid_current()").fetchall()
    [(second,)] = con.execute("SELECT txid_current()").fetchall()
    return bool(first == second)


@contextmanager
def atomic(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """A transaction of our own, unless the caller already holds one (then it is theirs)."""
    if _in_transaction(con):
        yield
        return
    con.execute("BEGIN TRANSACTION")
    try:
        yield
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


def require_records(con: duckdb.DuckDBPyConnection) -> None:
    """Raise a Bahasa error when ``link.records`` does not exist yet."""
    if not table_exists(con, "link", "records"):
        raise ReviewError(
            "Data penautan (tabel link.records) belum ada di ruang kerja ini.",
            "Jalankan `rajut link` dulu, lalu ulangi perintah ini.",
            code="linkage-not-run",
        )


def check_uids(con: duckdb.DuckDBPyConnection, uid_a: str, uid_b: str, where: str = "") -> None:
    """Raise a Bahasa error unless both uids are distinct records of ``link.records``.

    Args:
        where: optional location for the message (e.g. "berkas X baris 3: ").
    """
    for uid in (uid_a, uid_b):
        if ":" not in uid or uid.startswith(":") or uid.endswith(":"):
            raise ReviewError(
                f"{where}Rujukan rekaman '{uid}' tidak berbentuk SUMBER:ID.",
                "Tulis sumber dan ID rekaman dipisah titik dua, misalnya dukcapil:100000000907.",
                code="review-bad-uid",
            )
    if uid_a == uid_b:
        raise ReviewError(
            f"{where}Kedua rujukan menunjuk rekaman yang sama ({uid_a}).",
            "Sebutkan dua rekaman yang berbeda.",
            code="review-same-record",
        )
    require_records(con)
    found = {
        row[0]
        for row in con.execute(
            "SELECT uid FROM link.records WHERE uid IN (?, ?)", [uid_a, uid_b]
        ).fetchall()
    }
    missing = [u for u in (uid_a, uid_b) if u not in found]
    if missing:
        raise ReviewError(
            f"{where}Rekaman {', '.join(missing)} tidak ada di data penautan (link.records).",
            "Periksa nama sumber dan ID rekaman (lihat `rajut review list`), atau jalankan "
            "`rajut link` bila data baru saja diingest.",
            code="review-unknown-record",
        )


def record_decision(
    con: duckdb.DuckDBPyConnection,
    uid_a: str,
    uid_b: str,
    *,
    same: bool,
    by: str,
    note: str = "",
) -> Decision:
    """Store a decision on a pair; it replaces an earlier one, the log keeps both.

    Args:
        uid_a, uid_b: ``source:record_id`` of two records in ``link.records`` (any order).
        same: True for "sama orang", False for "beda orang".
        by: who decided (name or user id of the reviewer).
        note: free text reason.

    Examples:
        ``record_decision(con, "dtks:1000000000782", "dukcapil:100000000907", same=True,
        by="ani")`` stores the pair as ``("dtks:…", "dukcapil:…")``.
    """
    ensure_review_tables(con)
    check_uids(con, uid_a, uid_b)
    decision = make_decision(uid_a, uid_b, same, by, note)
    with atomic(con):
        write_decisions(con, [decision])
    return decision


def make_decision(uid_a: str, uid_b: str, same: bool, by: str, note: str) -> Decision:
    uid_l, uid_r = ordered_pair(uid_a, uid_b)
    return Decision(uid_l, uid_r, same, by, datetime.now().replace(microsecond=0), note or "")


def write_decisions(con: duckdb.DuckDBPyConnection, decisions: Sequence[Decision]) -> None:
    for d in decisions:
        row = [d.uid_l, d.uid_r, d.same, d.decided_by, d.decided_at, d.note]
        con.execute(
            "DELETE FROM link.review_decisions WHERE uid_l = ? AND uid_r = ?", [d.uid_l, d.uid_r]
        )
        con.execute("INSERT INTO link.review_decisions VALUES (?, ?, ?, ?, ?, ?)", row)
        con.execute("INSERT INTO link.review_log VALUES (?, ?, ?, ?, ?, ?)", row)
        con.execute(
            "DELETE FROM link.review_queue WHERE uid_l = ? AND uid_r = ?", [d.uid_l, d.uid_r]
        )


def _decisions_from(rows: list[tuple[Any, ...]]) -> list[Decision]:
    return [
        Decision(str(a), str(b), bool(s), str(by or ""), at, str(note or ""))
        for a, b, s, by, at, note in rows
    ]


def load_decisions(con: duckdb.DuckDBPyConnection) -> list[Decision]:
    """Every decision in force, ordered by pair; empty when review never ran.

    The clustering uses ``same=True`` pairs as must-links and ``same=False`` pairs as
    cannot-links; training uses ``(d.uid_l, d.uid_r, d.same)`` as labels.
    """
    if not table_exists(con, "link", "review_decisions"):
        return []
    rows = con.execute(
        "SELECT uid_l, uid_r, same, decided_by, decided_at, note "
        "FROM link.review_decisions ORDER BY uid_l, uid_r"
    ).fetchall()
    return _decisions_from(rows)


def decision_for(con: duckdb.DuckDBPyConnection, uid_a: str, uid_b: str) -> Decision | None:
    """The decision in force for a pair (any order), or None."""
    if not table_exists(con, "link", "review_decisions"):
        return None
    rows = con.execute(
        "SELECT uid_l, uid_r, same, decided_by, decided_at, note "
        "FROM link.review_decisions WHERE uid_l = ? AND uid_r = ?",
        list(ordered_pair(uid_a, uid_b)),
    ).fetchall()
    decisions = _decisions_from(rows)
    return decisions[0] if decisions else None


def decision_history(con: duckdb.DuckDBPyConnection, uid_a: str, uid_b: str) -> list[Decision]:
    """Every decision ever recorded on a pair, oldest first."""
    if not table_exists(con, "link", "review_log"):
        return []
    rows = con.execute(
        "SELECT uid_l, uid_r, same, decided_by, decided_at, note "
        "FROM link.review_log WHERE uid_l = ? AND uid_r = ? ORDER BY decided_at",
        list(ordered_pair(uid_a, uid_b)),
    ).fetchall()
    return _decisions_from(rows)


def decision_labels(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str, bool]]:
    """Decisions as training labels ``(uid_l, uid_r, same)``."""
    return [(d.uid_l, d.uid_r, d.same) for d in load_decisions(con)]
