"""Households against the synthetic truth: pairwise precision/recall of "same household".

The truth file is the generator's ``truth/records.csv`` (``source, source_record_id, period,
person_id, household_id, corruptions``): ``household_id`` is the record's true household at
its period. Two records are a true pair when their true household is the same, a predicted
pair when ``link.record_household`` gives them the same household.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

from rajut.errors import RajutError


class HouseholdTruthError(RajutError):
    code = "household-truth-invalid"


@dataclass(frozen=True)
class HouseholdEval:
    """Pairwise quality of ``link.record_household`` (records present in both)."""

    records: int
    true_pairs: int
    predicted_pairs: int
    correct_pairs: int

    @property
    def precision(self) -> float:
        return self.correct_pairs / self.predicted_pairs if self.predicted_pairs else 1.0

    @property
    def recall(self) -> float:
        return self.correct_pairs / self.true_pairs if self.true_pairs else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _truth_view(con: duckdb.DuckDBPyConnection, truth: Path) -> None:
    if not truth.is_file():
        raise HouseholdTruthError(
            f"Berkas kebenaran dasar {truth} tidak ditemukan.",
            "Pakai berkas truth/records.csv dari `rajut demo`.",
        )
    con.execute(
        "CREATE OR REPLACE TEMP TABLE hh_truth AS SELECT source, source_record_id AS record_id, "
        "person_id, household_id FROM read_csv($p, all_varchar = true, header = true)",
        {"p": str(truth)},
    )
    cols = {str(r[0]) for r in con.execute("DESCRIBE hh_truth").fetchall()}
    if not {"source", "record_id", "person_id", "household_id"} <= cols:
        raise HouseholdTruthError(
            f"Berkas {truth} tidak punya kolom source, source_record_id, person_id, household_id.",
            "Pakai berkas truth/records.csv dari `rajut demo`.",
        )


def record_person_from_truth(con: duckdb.DuckDBPyConnection, truth: Path) -> int:
    """Write ``link.record_person`` with the true person of every record (for evaluation).

    Isolates household building from person-linkage errors. Returns the row count.
    """
    _truth_view(con, truth)
    con.execute(
        """
        CREATE OR REPLACE TABLE link.record_person AS
        SELECT r.uid, r.source, r.record_id, t.person_id
        FROM link.records r JOIN hh_truth t USING (source, record_id)
        """
    )
    return int(con.execute("SELECT count(*) FROM link.record_person").fetchall()[0][0])


PAIRS_SQL = """
WITH j AS (
    SELECT rh.household_id AS pred, t.household_id AS truth
    FROM link.records r
    JOIN link.record_household rh USING (uid)
    JOIN hh_truth t USING (source, record_id)
), c AS (SELECT pred, truth, count(*) AS n FROM j GROUP BY ALL),
p AS (SELECT count(*) AS n FROM j GROUP BY pred),
t AS (SELECT count(*) AS n FROM j GROUP BY truth)
SELECT (SELECT count(*) FROM j),
       (SELECT coalesce(sum(n * (n - 1) / 2), 0) FROM t),
       (SELECT coalesce(sum(n * (n - 1) / 2), 0) FROM p),
       (SELECT coalesce(sum(n * (n - 1) / 2), 0) FROM c)
"""


def evaluate_households(con: duckdb.DuckDBPyConnection, truth: Path) -> HouseholdEval:
    """Pairwise precision/recall of ``link.record_household`` against ``truth``."""
    _truth_view(con, truth)
    [(n, tp, pp, cp)] = con.execute(PAIRS_SQL).fetchall()
    return HouseholdEval(int(n), int(tp), int(pp), int(cp))
