"""The review queue: uncertain model pairs that no decision settles yet."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import duckdb

from rajut.linkage.graph import connected_components
from rajut.linkage.review.decisions import (
    Decision,
    ReviewError,
    atomic,
    ensure_review_tables,
    load_decisions,
    ordered_pair,
    require_records,
)
from rajut.privacy import mask_nik_sql
from rajut.store.analytics import table_exists

#: Record fields shown to a reviewer, in display order (NIK and No. KK are masked).
KEY_FIELDS = (
    "source",
    "record_id",
    "name_display",
    "nik",
    "sex",
    "birth_date",
    "birth_place",
    "mother_name_norm",
    "kk_number",
    "desa_code",
)


@dataclass(frozen=True)
class QueueItem:
    """A pair waiting for review, with both records' key fields (NIK masked)."""

    uid_l: str
    uid_r: str
    match_probability: float
    queued_at: datetime
    left: dict[str, Any]
    right: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return {
            "uid_l": self.uid_l,
            "uid_r": self.uid_r,
            "match_probability": self.match_probability,
            "queued_at": self.queued_at.isoformat(timespec="seconds"),
            "left": {k: _plain(v) for k, v in self.left.items()},
            "right": {k: _plain(v) for k, v in self.right.items()},
        }


def _plain(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def _components(decisions: Sequence[Decision]) -> dict[str, str]:
    """Must-link components of the "sama" decisions: uid → representative uid."""
    return connected_components((), [(d.uid_l, d.uid_r) for d in decisions if d.same])


def _register_forced(con: duckdb.DuckDBPyConnection, decisions: Sequence[Decision]) -> None:
    """Temp tables ``review_comp(uid, comp)`` and ``review_apart(comp_l, comp_r)``."""
    comp = _components(decisions)
    con.execute("CREATE OR REPLACE TEMP TABLE review_comp (uid VARCHAR, comp VARCHAR)")
    con.execute("CREATE OR REPLACE TEMP TABLE review_apart (comp_l VARCHAR, comp_r VARCHAR)")
    if comp:
        con.executemany("INSERT INTO review_comp VALUES (?, ?)", list(comp.items()))
    apart = {
        ordered_pair(comp.get(d.uid_l, d.uid_l), comp.get(d.uid_r, d.uid_r))
        for d in decisions
        if not d.same
    }
    if apart:
        con.executemany("INSERT INTO review_apart VALUES (?, ?)", sorted(apart))


REFRESH_SQL = """
WITH in_band AS (
    SELECT least(p.uid_l, p.uid_r) AS uid_l, greatest(p.uid_l, p.uid_r) AS uid_r,
           max(p.match_probability) AS match_probability
    FROM link.pairs p
    WHERE p.match_probability >= $low AND p.match_probability < $high
    GROUP BY 1, 2
), candidates AS (  -- a duplicate row of the pair above the band wins
    SELECT b.* FROM in_band b
    WHERE NOT EXISTS (
        SELECT 1 FROM link.pairs p
        WHERE p.match_probability >= $high
          AND least(p.uid_l, p.uid_r) = b.uid_l AND greatest(p.uid_l, p.uid_r) = b.uid_r
    )
), comps AS (
    SELECT c.*, coalesce(a.comp, c.uid_l) AS comp_a, coalesce(b.comp, c.uid_r) AS comp_b
    FROM candidates c
    LEFT JOIN review_comp a ON a.uid = c.uid_l
    LEFT JOIN review_comp b ON b.uid = c.uid_r
)
SELECT c.uid_l, c.uid_r, c.match_probability, coalesce(q.queued_at, $now) AS queued_at
FROM comps c
LEFT JOIN link.review_queue q ON q.uid_l = c.uid_l AND q.uid_r = c.uid_r
WHERE c.comp_a <> c.comp_b
  AND NOT EXISTS (
      SELECT 1 FROM review_apart x
      WHERE x.comp_l = least(c.comp_a, c.comp_b) AND x.comp_r = greatest(c.comp_a, c.comp_b)
  )
"""


def refresh_queue(con: duckdb.DuckDBPyConnection, *, low: float, high: float) -> int:
    """Rebuild ``link.review_queue`` from ``link.pairs``; returns the number of queued pairs.

    A pair is queued when ``low <= match_probability < high``, it has no decision, and the
    decisions do not already settle it (its records are not in the same "sama" component,
    and no "beda" decision separates their components). A pair already queued keeps its
    ``queued_at``. :func:`list_queue` orders by closeness to 0.5.

    Args:
        low, high: the uncertainty band, ``0 <= low < high <= 1``.
    """
    if not (0.0 <= low < high <= 1.0):
        raise ReviewError(
            f"Rentang ketidakpastian antrean tinjauan tidak sah: {low}–{high}.",
            "Pakai dua angka peluang 0–1 dengan batas bawah lebih kecil dari batas atas, "
            "misalnya 0,2 dan 0,8.",
            code="review-bad-band",
        )
    ensure_review_tables(con)
    if not table_exists(con, "link", "pairs"):
        raise ReviewError(
            "Pasangan kandidat model (tabel link.pairs) belum ada.",
            "Jalankan `rajut link` dulu; antrean tinjauan dibuat dari hasilnya.",
            code="linkage-not-run",
        )
    _register_forced(con, load_decisions(con))
    params = {"low": low, "high": high, "now": datetime.now().replace(microsecond=0)}
    with atomic(con):
        con.execute("CREATE OR REPLACE TEMP TABLE review_queue_new AS " + REFRESH_SQL, params)
        con.execute("DELETE FROM link.review_queue")
        con.execute("INSERT INTO link.review_queue SELECT * FROM review_queue_new")
    [(count,)] = con.execute("SELECT count(*) FROM link.review_queue").fetchall()
    con.execute("DROP TABLE IF EXISTS review_queue_new")
    return int(count)


def _record_select(alias: str) -> str:
    cols = []
    for f in KEY_FIELDS:
        if f in ("nik", "kk_number"):
            src = "nik_raw" if f == "nik" else f
            cols.append(f"{mask_nik_sql(f'{alias}.{src}')} AS {alias}_{f}")
        else:
            cols.append(f"{alias}.{f} AS {alias}_{f}")
    return ", ".join(cols)


def list_queue(con: duckdb.DuckDBPyConnection, limit: int = 20) -> list[QueueItem]:
    """The first ``limit`` queued pairs, most uncertain (closest to 0.5) first."""
    ensure_review_tables(con)
    require_records(con)
    sql = (
        f"SELECT q.uid_l, q.uid_r, q.match_probability, q.queued_at, "
        f"{_record_select('l')}, {_record_select('r')} "
        "FROM (SELECT * FROM link.review_queue "
        "      ORDER BY abs(match_probability - 0.5), uid_l, uid_r LIMIT ?) q "
        "LEFT JOIN link.records l ON l.uid = q.uid_l "
        "LEFT JOIN link.records r ON r.uid = q.uid_r "
        "ORDER BY abs(q.match_probability - 0.5), q.uid_l, q.uid_r"
    )
    rows = con.execute(sql, [max(0, int(limit))]).fetchall()
    n = len(KEY_FIELDS)
    return [
        QueueItem(
            uid_l=row[0],
            uid_r=row[1],
            match_probability=float(row[2]) if row[2] is not None else float("nan"),
            queued_at=row[3],
            left=dict(zip(KEY_FIELDS, row[4 : 4 + n], strict=True)),
            right=dict(zip(KEY_FIELDS, row[4 + n : 4 + 2 * n], strict=True)),
        )
        for row in rows
    ]


def queue_size(con: duckdb.DuckDBPyConnection) -> int:
    """How many pairs are waiting for review."""
    if not table_exists(con, "link", "review_queue"):
        return 0
    [(count,)] = con.execute("SELECT count(*) FROM link.review_queue").fetchall()
    return int(count)


def in_queue(con: duckdb.DuckDBPyConnection, uid_a: str, uid_b: str) -> bool:
    """Whether the pair (any order) is waiting in the review queue."""
    if not table_exists(con, "link", "review_queue"):
        return False
    row = con.execute(
        "SELECT count(*) FROM link.review_queue WHERE uid_l = ? AND uid_r = ?",
        list(ordered_pair(uid_a, uid_b)),
    ).fetchone()
    return bool(row and row[0])
