"""How a recap value is shown in HTML and PDF (Indonesian number formatting)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from rajut.quality.charts import percent
from rajut.quality.html import number

NUMERIC_KINDS = frozenset({"bilangan", "desimal", "persen"})


def show(value: Any, kind: str) -> str:
    """Text of one cell.

    Examples:
        >>> show(12345, "bilangan"), show(0.5, "persen"), show(None, "persen"), show(1.5, "desimal")
        ('12.345', '50,0 %', '-', '1,50')
    """
    if value is None:
        return "-"
    if kind == "bilangan":
        return number(int(value))
    if kind == "persen":
        return percent(float(value))
    if kind == "desimal":
        return f"{float(value):,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")
    if isinstance(value, datetime | date):
        return value.isoformat()[:10] if kind == "tanggal" else value.isoformat()
    return str(value)


def axis_text(value: float, as_percent: bool) -> str:
    """Label printed after a bar: a percentage or a whole number."""
    return percent(value) if as_percent else number(round(value))
