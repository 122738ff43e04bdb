"""Profile of the sniffed rows: per column, sample values and the inferred kind."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rajut.sources.assistant.shapes import Kind, infer_kind
from rajut.sources.readers import RawTable

SAMPLE_SIZE = 5


@dataclass
class ColumnProfile:
    """What the first rows of one column look like.

    Attributes:
        column: header as in the file.
        position: 1-based column position.
        values: the non-empty values of the sniffed rows, in file order.
        rows: number of sniffed rows.
        kind: inferred shape (see :func:`rajut.sources.assistant.shapes.infer_kind`).
    """

    column: str
    position: int
    values: list[str] = field(default_factory=list)
    rows: int = 0
    kind: Kind = "kosong"

    @property
    def distinct(self) -> list[str]:
        """Distinct non-empty values, first occurrence order."""
        return list(dict.fromkeys(v.strip() for v in self.values))

    @property
    def samples(self) -> list[str]:
        return self.distinct[:SAMPLE_SIZE]

    @property
    def filled(self) -> float:
        """Share of sniffed rows with a value."""
        return len(self.values) / self.rows if self.rows else 0.0

    @property
    def unique(self) -> bool:
        """Every sniffed row has a value and no value repeats."""
        return self.rows > 0 and len(self.values) == self.rows == len(self.distinct)

    def to_dict(self) -> dict[str, Any]:
        return {
            "column": self.column,
            "kind": self.kind,
            "samples": self.samples,
            "filled": round(self.filled, 3),
            "distinct": len(self.distinct),
            "unique": self.unique,
        }


def profile_table(raw: RawTable) -> list[ColumnProfile]:
    """One :class:`ColumnProfile` per header column of ``raw`` (flag columns skipped)."""
    profiles = []
    for position, column in enumerate(raw.columns, start=1):
        cells = raw.table.column(column).to_pylist()
        values = [str(v) for v in cells if v is not None and str(v).strip()]
        profiles.append(
            ColumnProfile(
                column=column,
                position=position,
                values=values,
                rows=raw.num_rows,
                kind=infer_kind(values),
            )
        )
    return profiles
