"""Parquet output: one row per candidate, the same columns as the Excel sheets."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from rajut.targeting.report import COLUMNS, TargetReport

_INT_COLUMNS = {"data_age_days"}


def report_table(report: TargetReport) -> pa.Table:
    """The rows as an Arrow table (column names = the English keys of ``COLUMNS``)."""
    data: dict[str, list[object]] = {key: [] for key, _ in COLUMNS}
    for row in report.rows:
        for key, _ in COLUMNS:
            data[key].append(getattr(row, key))
    fields = [
        pa.field(
            key,
            pa.int32() if key in _INT_COLUMNS else pa.string(),
            metadata={
                "title": label,
            },
        )
        for key, label in COLUMNS
    ]
    schema = pa.schema(
        fields,
        metadata={
            "rajut.build_id": report.build_id,
            "rajut.as_of": report.as_of.isoformat(),
            "rajut.nik_masked": "false" if report.unmasked else "true",
        },
    )
    return pa.table(data, schema=schema)


def write_targets_parquet(report: TargetReport, path: Path) -> Path:
    """Write the rows to ``path`` (folders created; written atomically)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    pq.write_table(report_table(report), tmp)
    tmp.replace(path)
    return path
