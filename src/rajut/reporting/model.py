"""A computed recap, as plain dataclasses shared by the xlsx, html and pdf writers."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from rajut.reporting.definitions import Chart, Column


@dataclass
class RecapTable:
    """One computed table: its columns, rows (tuples in column order) and chart spec."""

    id: str
    title: str
    columns: list[Column]
    rows: list[tuple[Any, ...]]
    chart: Chart

    def column(self, name: str) -> list[Any]:
        """All values of one column, in row order."""
        index = [c.nama for c in self.columns].index(name)
        return [row[index] for row in self.rows]

    def records(self) -> list[dict[str, Any]]:
        """Rows as dicts keyed by column name."""
        names = [c.nama for c in self.columns]
        return [dict(zip(names, row, strict=True)) for row in self.rows]

    def chart_rows(self) -> list[tuple[str, list[float]]]:
        """``(category label, [value per series])`` after the chart's sort and limit."""
        spec = self.chart
        recs = self.records()
        if spec.urut:
            key = spec.urut
            present = [r for r in recs if r[key] is not None]
            absent = [r for r in recs if r[key] is None]
            present.sort(key=lambda r: r[key], reverse=spec.menurun)
            recs = present + absent
        if spec.batas:
            recs = recs[: spec.batas]
        return [
            (
                " · ".join(str(r[c]) if r[c] is not None else "-" for c in spec.kategori),
                [float(r[s.kolom] or 0) for s in spec.nilai],
            )
            for r in recs
        ]


@dataclass
class RecapResult:
    """A recap computed for one build of the integrated model."""

    recap_id: str
    title: str
    description: str
    as_of: date
    build_id: str
    generated_at: str
    source_note: str
    tables: list[RecapTable] = field(default_factory=list)

    def table(self, table_id: str) -> RecapTable:
        for t in self.tables:
            if t.id == table_id:
                return t
        raise KeyError(table_id)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready summary: ids, titles and the rows of every table."""
        return {
            "recap": self.recap_id,
            "title": self.title,
            "as_of": self.as_of.isoformat(),
            "build_id": self.build_id,
            "generated_at": self.generated_at,
            "source_note": self.source_note,
            "tables": [
                {"id": t.id, "title": t.title, "rows": len(t.rows), "records": t.records()}
                for t in self.tables
            ],
        }
