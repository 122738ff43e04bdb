"""'Plain Splink' comparator for the benchmark: a competent engineer's first hour.

Exact NIK + Splink's generic library comparisons (name Jaro-Winkler, date of birth,
mother's name, sex, desa), blocking on NIK, name+year and date of birth+desa, trained
with the usual recipe (λ from a deterministic rule, u by sampling, EM on two blocks).
Writes ``link.pairs_baseline`` (same columns as ``link.pairs``).
"""

from __future__ import annotations

import duckdb

from rajut.linkage.probabilistic import splink_adapter

BASELINE_INPUT_SQL = """
SELECT uid, nik_raw AS nik, name_norm, strftime(birth_date, '%Y-%m-%d') AS birth_date,
       mother_name_norm, sex, desa_code
FROM link.records
"""


def train_and_predict_baseline(con: duckdb.DuckDBPyConnection, *, seed: int = 42) -> int:
    """Train and run the plain Splink model; (re)write ``link.pairs_baseline``.

    Returns:
        Number of scored pairs (probability ≥ 0.01).
    """
    records = con.execute(BASELINE_INPUT_SQL).to_arrow_table()
    pairs = splink_adapter.baseline_predict(records, seed=seed)
    con.execute(
        "CREATE OR REPLACE TABLE link.pairs_baseline (uid_l VARCHAR, uid_r VARCHAR,"
        " match_weight DOUBLE, match_probability DOUBLE)"
    )
    con.register("rajut_baseline_pairs", pairs)
    try:
        con.execute(
            "INSERT INTO link.pairs_baseline SELECT least(uid_l, uid_r), greatest(uid_l, uid_r),"
            " match_weight, match_probability FROM rajut_baseline_pairs"
        )
    finally:
        con.unregister("rajut_baseline_pairs")
    [(count,)] = con.execute("SELECT count(*) FROM link.pairs_baseline").fetchall()
    return int(count)
