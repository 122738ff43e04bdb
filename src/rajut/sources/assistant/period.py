"""The reporting period: from the file name, else a per-row date column, else unknown.

File-name tokens (digits not glued to other digits): ``YYYYMMDD`` → day, ``YYYY-MM-DD`` →
day, ``YYYYQn``/``YYYY_TWn`` → quarter, ``YYYYMM``/``YYYY-MM`` → month, ``YYYYS`` (Dapodik
semester, S = 1 or 2) → semester. The proposed ``from_filename`` regex keeps the literal text
before the token and replaces the token by a pattern, so the agency's next file matches too.
A name with two period tokens (a range such as ``eppgbm_202601_202606``) is not one period:
then a measurement-date column gives each row its own period.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from rajut.sources.contract import Frequency, PeriodSpec
from rajut.sources.period import Granularity

_LOW, _HIGH = 1990, 2100


@dataclass(frozen=True)
class _Token:
    granularity: Granularity
    pattern: re.Pattern[str]
    regex: str  # what replaces the token in from_filename


_TOKENS: tuple[_Token, ...] = (
    _Token("day", re.compile(r"(?<!\d)(\d{4})(\d{2})(\d{2})(?!\d)"), r"(\d{8})"),
    _Token("day", re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)"), r"(\d{4}-\d{2}-\d{2})"),
    _Token("quarter", re.compile(r"(?<!\d)(\d{4})Q([1-4])(?!\d)", re.I), r"(\d{4}Q[1-4])"),
    _Token("month", re.compile(r"(?<!\d)(\d{4})(\d{2})(?!\d)"), r"(\d{6})"),
    _Token("month", re.compile(r"(?<!\d)(\d{4})-(\d{2})(?![\d-])"), r"(\d{4}-\d{2})"),
    _Token("semester", re.compile(r"(?<!\d)(\d{4})([12])(?!\d)"), r"(\d{5})"),
)

FREQUENCY: dict[str, Frequency] = {
    "day": "tidak tentu",
    "month": "bulanan",
    "quarter": "triwulanan",
    "semester": "semesteran",
    "year": "tahunan",
}


@dataclass
class FilenamePeriod:
    granularity: Granularity
    label: str
    regex: str


@dataclass
class PeriodChoice:
    spec: PeriodSpec
    reason: str | None = None
    found_in_name: list[str] = field(default_factory=list)


def _valid(token: _Token, m: re.Match[str]) -> bool:
    year = int(m.group(1))
    if not _LOW <= year <= _HIGH:
        return False
    if token.granularity == "day":
        try:
            date(year, int(m.group(2)), int(m.group(3)))
        except ValueError:
            return False
    if token.granularity == "month":
        return 1 <= int(m.group(2)) <= 12
    return True


def filename_periods(file_name: str) -> list[FilenamePeriod]:
    """Every period token in a file name, left to right, without overlaps.

    Examples:
        >>> [p.label for p in filename_periods("biodata_penduduk_20260630.csv")]
        ['20260630']
        >>> filename_periods("dtks_2026Q2.xlsx")[0].granularity
        'quarter'
        >>> len(filename_periods("eppgbm_202601_202606.xlsx"))
        2
    """
    stem = file_name.rsplit(".", 1)[0] if "." in file_name else file_name
    found: list[tuple[int, int, _Token]] = []
    for token in _TOKENS:
        for m in token.pattern.finditer(stem):
            overlaps = any(m.start() < end and start < m.end() for start, end, _ in found)
            if not overlaps and _valid(token, m):
                found.append((m.start(), m.end(), token))
    found.sort(key=lambda item: item[0])
    return [
        FilenamePeriod(token.granularity, stem[start:end], re.escape(stem[:start]) + token.regex)
        for start, end, token in found
    ]


def choose_period(file_name: str, date_column: str | None) -> PeriodChoice:
    """A :class:`PeriodSpec` from the file name, else from ``date_column``.

    Args:
        file_name: the sniffed file's name.
        date_column: a per-row measurement/event date column, if the file has one.
    """
    tokens = filename_periods(file_name)
    labels = [t.label for t in tokens]
    if len(tokens) == 1:
        token = tokens[0]
        spec = PeriodSpec(granularity=token.granularity, from_filename=token.regex)
        return PeriodChoice(spec, found_in_name=labels)
    if date_column:
        spec = PeriodSpec(granularity="month", column=date_column)
        reason = (
            None
            if tokens
            else ("periode diambil per baris dari kolom tanggal; periksa kolom dan rinciannya")
        )
        return PeriodChoice(spec, reason, labels)
    reason = (
        "nama berkas memuat beberapa periode: " + ", ".join(labels)
        if tokens
        else "periode tidak ditemukan di nama berkas maupun kolom tanggal"
    )
    spec = PeriodSpec(granularity="month", value=None)
    return PeriodChoice(spec, reason + "; isi period.value atau pakai --period saat ingest", labels)
