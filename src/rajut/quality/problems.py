"""Top problems with example rows, and the quarantined rows; NIK/KK always masked.

A problem is one issue code. Its occurrences come from warnings on accepted rows
(``std.row_issues``) and from every reason recorded on quarantined rows
(``quarantine.rows``).
"""

from __future__ import annotations

import json
from typing import Any

from rajut.privacy import mask_nik
from rajut.quality.context import RunContext
from rajut.quality.model import Problem, ProblemRow, QuarantinedRow

TOP_PROBLEMS = 10
EXAMPLES = 5
MAX_AFFECTED = 2000
MAX_QUARANTINE_ROWS = 5000

_OCCURRENCES = """
WITH occ AS (
    SELECT field, code, row_number, record_id, value, NULL::VARCHAR AS raw, FALSE AS quarantined
    FROM std.row_issues WHERE run_id = $run
    UNION ALL
    SELECT split_part(r, ':', 1), split_part(r, ':', 2), row_number, record_id, NULL,
           CAST(raw AS VARCHAR), TRUE
    FROM (SELECT unnest(reasons) AS r, row_number, record_id, raw
          FROM quarantine.rows WHERE run_id = $run)
)
"""


class _Masker:
    """Knows which fields and raw columns hold NIK/KK values."""

    def __init__(self, ctx: RunContext) -> None:
        self.columns = {f.qualified: f.column for f in ctx.fields}
        self.columns["record_id"] = ctx.contract.record_id
        self.columns["period"] = ctx.contract.period.column or ""
        self.mask_id = ctx.record_id_masked()
        self.masked_fields = {f.qualified for f in ctx.fields if f.masked}
        if self.mask_id:
            self.masked_fields.add("record_id")
        self.masked_columns = {f.column for f in ctx.fields if f.masked}

    def record_id(self, value: str | None) -> str | None:
        return mask_nik(value) if self.mask_id else value

    def value(self, field: str, value: str | None) -> str | None:
        return mask_nik(value) if field in self.masked_fields else value

    def raw(self, raw: dict[str, Any]) -> dict[str, Any]:
        return {
            k: mask_nik(str(v)) if k in self.masked_columns and v is not None else v
            for k, v in raw.items()
        }


def _row(m: _Masker, rec: tuple[Any, ...]) -> ProblemRow:
    field, row_number, record_id, value, raw, quarantined = rec
    column = m.columns.get(field, "")
    if quarantined:
        value = json.loads(raw).get(column) if raw and column else None
    return ProblemRow(
        row_number=int(row_number),
        record_id=m.record_id(record_id),
        column=column,
        value=m.value(field, None if value is None else str(value)),
        quarantined=bool(quarantined),
    )


def top_problems(ctx: RunContext, *, max_affected: int = MAX_AFFECTED) -> list[Problem]:
    """The most frequent issue codes (≤ 10), each with examples and affected rows."""
    params = {"run": ctx.run_id}
    top = ctx.con.execute(
        _OCCURRENCES + "SELECT code, count(*), list(DISTINCT field ORDER BY field) FROM occ "
        f"GROUP BY code ORDER BY 2 DESC, 1 LIMIT {TOP_PROBLEMS}",
        params,
    ).fetchall()
    masker, errors, problems = _Masker(ctx), ctx.error_codes(), []
    for code, count, fields in top:
        rows = ctx.con.execute(
            _OCCURRENCES + "SELECT field, row_number, record_id, value, raw, quarantined FROM occ "
            "WHERE code = $code ORDER BY row_number, field LIMIT $limit",
            {**params, "code": code, "limit": max_affected},
        ).fetchall()
        affected = [_row(masker, r) for r in rows]
        issue = ctx.catalogue.get(code)
        problems.append(
            Problem(
                code=code,
                title=issue.title if issue else code,
                hint=issue.hint if issue else "",
                severity="error" if code in errors else "warning",
                count=int(count),
                fields=[str(f) for f in fields],
                examples=affected[:EXAMPLES],
                affected=affected,
            )
        )
    return problems


def quarantined_rows(ctx: RunContext, limit: int = MAX_QUARANTINE_ROWS) -> list[QuarantinedRow]:
    """The run's quarantined rows (first ``limit`` by row number), NIK/KK masked."""
    masker = _Masker(ctx)
    rows = ctx.con.execute(
        "SELECT row_number, record_id, reasons, CAST(raw AS VARCHAR) FROM quarantine.rows "
        "WHERE run_id = ? ORDER BY row_number LIMIT ?",
        [ctx.run_id, limit],
    ).fetchall()
    return [
        QuarantinedRow(
            row_number=int(n),
            record_id=masker.record_id(rid),
            reasons=list(reasons),
            raw=masker.raw(json.loads(raw)),
        )
        for n, rid, reasons, raw in rows
    ]
