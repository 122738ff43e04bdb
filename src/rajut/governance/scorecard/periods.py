"""Scorecard periods: a month (``2026-06``) or a quarter (``2026-Q2``, ``2026Q2``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from rajut.errors import RajutError
from rajut.sources.period import Period, parse_period

_QUARTER = re.compile(r"^(\d{4})-?Q([1-4])$", re.IGNORECASE)
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


class ScorePeriodError(RajutError):
    code = "scorecard-period"


@dataclass(frozen=True)
class ScorePeriod:
    label: str
    start: date
    end: date
    kind: str  # "month" | "quarter"

    def previous(self) -> ScorePeriod:
        if self.kind == "month":
            year, month = (
                (self.start.year, self.start.month - 1)
                if self.start.month > 1
                else (
                    self.start.year - 1,
                    12,
                )
            )
            return parse_score_period(f"{year}-{month:02d}")
        quarter = (self.start.month - 1) // 3 + 1
        year, quarter = (self.start.year, quarter - 1) if quarter > 1 else (self.start.year - 1, 4)
        return parse_score_period(f"{year}-Q{quarter}")

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end


def parse_score_period(text: str) -> ScorePeriod:
    label = text.strip()
    period: Period | None = None
    if (m := _QUARTER.match(label)) is not None:
        period = parse_period(f"{m.group(1)}Q{m.group(2)}", "quarter")
        label = f"{m.group(1)}-Q{m.group(2)}"
        kind = "quarter"
    elif _MONTH.match(label) is not None:
        try:
            period = parse_period(label, "month")
        except RajutError:
            period = None
        kind = "month"
    if period is None:
        raise ScorePeriodError(
            f"Periode kartu kinerja {text!r} tidak dikenali.",
            "Tulis bulan sebagai TTTT-BB (mis. 2026-06) atau triwulan sebagai TTTT-Qn "
            "(mis. 2026-Q2).",
        )
    return ScorePeriod(label=label, start=period.start, end=period.end, kind=kind)
