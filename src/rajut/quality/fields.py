"""Per-field metrics: completeness, validity and column profiles."""

from __future__ import annotations

from collections import defaultdict

from rajut.privacy import mask_nik_sql
from rajut.quality.context import MappedField, RunContext
from rajut.quality.model import ColumnProfile, FieldQuality, IssueCount, ValueCount

TOP_VALUES = 5
_ORDERED_TYPES = {"date", "datetime", "integer", "number"}


def _filled_counts(ctx: RunContext) -> dict[str, int]:
    """Accepted rows with a non-null standardised value, per qualified field."""
    by_table: dict[str, list[MappedField]] = defaultdict(list)
    for f in ctx.fields:
        by_table[f.table].append(f)
    counts: dict[str, int] = {}
    for table, fields in by_table.items():
        selects = ", ".join(f"count({f.sql})" for f in fields)
        row = ctx.con.execute(
            f'SELECT {selects} FROM std."{table}" WHERE run_id = ?', [ctx.run_id]
        ).fetchone()
        assert row is not None
        counts.update({f.qualified: int(n) for f, n in zip(fields, row, strict=True)})
    return counts


def _issues_by_field(ctx: RunContext) -> tuple[dict[str, int], dict[str, list[IssueCount]]]:
    rows = ctx.con.execute(
        "SELECT field, count(DISTINCT row_number) FROM std.row_issues WHERE run_id = ? "
        "GROUP BY field",
        [ctx.run_id],
    ).fetchall()
    rows_with_issue = {str(f): int(n) for f, n in rows}
    codes: dict[str, list[IssueCount]] = defaultdict(list)
    for fld, code, severity, n in ctx.con.execute(
        "SELECT field, code, max(severity), count(*) FROM std.row_issues WHERE run_id = ? "
        "GROUP BY field, code ORDER BY 4 DESC, 2",
        [ctx.run_id],
    ).fetchall():
        codes[str(fld)].append(IssueCount(code, ctx.title_of(code), int(n), str(severity)))
    return rows_with_issue, codes


def field_quality(ctx: RunContext) -> list[FieldQuality]:
    """Completeness and validity of every mapped field of the run.

    Completeness = accepted rows with a standardised value / accepted rows.
    Validity = accepted rows without any issue on the field / accepted rows.
    """
    filled = _filled_counts(ctx)
    with_issue, codes = _issues_by_field(ctx)
    result = []
    for f in ctx.fields:
        bad = with_issue.get(f.qualified, 0)
        result.append(
            FieldQuality(
                field=f.qualified,
                column=f.column,
                title=f.title,
                filled=filled[f.qualified],
                completeness=ctx.share(filled[f.qualified]),
                rows_with_issue=bad,
                validity=ctx.share(ctx.accepted - bad),
                issues=codes.get(f.qualified, []),
            )
        )
    return result


def _top_values(ctx: RunContext, f: MappedField) -> list[ValueCount]:
    shown = mask_nik_sql("v") if f.masked else "v"
    rows = ctx.con.execute(
        f"SELECT {shown}, n FROM (SELECT CAST({f.sql} AS VARCHAR) AS v, count(*) AS n "
        f'FROM std."{f.table}" WHERE run_id = ? AND {f.sql} IS NOT NULL '
        f"GROUP BY 1 ORDER BY n DESC, v LIMIT {TOP_VALUES})",
        [ctx.run_id],
    ).fetchall()
    hide = f.pii and not f.masked
    return [ValueCount(None if hide else str(v), int(n)) for v, n in rows]


def column_profile(ctx: RunContext, f: MappedField) -> ColumnProfile:
    """Filled share, distinct count, top values and (dates, numbers) the range of ``f``."""
    ordered = f.type in _ORDERED_TYPES
    lo_hi = (
        f"CAST(min({f.sql}) AS VARCHAR), CAST(max({f.sql}) AS VARCHAR)"
        if ordered
        else ("NULL, NULL")
    )
    row = ctx.con.execute(
        f"SELECT count({f.sql}), count(DISTINCT {f.sql}), {lo_hi} "
        f'FROM std."{f.table}" WHERE run_id = ?',
        [ctx.run_id],
    ).fetchone()
    assert row is not None
    filled, distinct, lo, hi = row
    return ColumnProfile(
        field=f.qualified,
        column=f.column,
        title=f.title,
        type=f.type,
        pii=f.pii,
        masked=f.masked,
        filled=int(filled),
        filled_share=ctx.share(int(filled)),
        distinct=int(distinct),
        top_values=_top_values(ctx, f),
        minimum=lo,
        maximum=hi,
    )


def column_profiles(ctx: RunContext) -> list[ColumnProfile]:
    return [column_profile(ctx, f) for f in ctx.fields]
