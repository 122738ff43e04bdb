"""The quality report of one ingest run, as plain dataclasses.

Every share is a fraction in ``[0, 1]`` (``None`` when there are no accepted rows).
:meth:`QualityReport.to_dict` gives a JSON-ready dict; the long lists of affected rows
used by the Excel workbook are left out of it unless asked for.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from dataclasses import field as _field
from datetime import date
from typing import Any


@dataclass
class IssueCount:
    """How often one issue code occurred."""

    code: str
    title: str
    count: int
    severity: str = "warning"


@dataclass
class FieldQuality:
    """Completeness and validity of one mapped standard field."""

    field: str  # qualified, e.g. "person.nik"
    column: str  # source column feeding it
    title: str
    filled: int
    completeness: float | None
    rows_with_issue: int
    validity: float | None
    issues: list[IssueCount] = _field(default_factory=list)


@dataclass
class Uniqueness:
    """Duplicate identifiers within the run."""

    nik_mapped: bool
    duplicate_niks: int  # NIKs used by more than one accepted record
    records_with_duplicate_nik: int
    duplicate_record_ids: int  # distinct record ids repeated in the file
    quarantined_duplicate_rows: int  # rows quarantined because their id was already used


@dataclass
class ConsistencyGroup:
    """One family of cross-field checks (e.g. NIK vs birth date and sex)."""

    key: str
    title: str
    description: str
    rows: int  # accepted rows with at least one issue of the group
    share: float | None
    issues: list[IssueCount] = _field(default_factory=list)


@dataclass
class Timeliness:
    """How current the run's period is against the contract's frequency."""

    frequency: str
    period_label: str | None
    period_end: date | None
    today: date
    due_date: date | None  # when the next period should have arrived
    days_since_period_end: int | None
    days_late: int
    status: str  # "tepat waktu", "terlambat N hari", "tidak dinilai"


@dataclass
class Reconciliation:
    """Every input row is either accepted or quarantined."""

    input_rows: int
    accepted: int
    quarantined: int
    balanced: bool
    reasons: list[IssueCount] = _field(default_factory=list)


@dataclass
class ValueCount:
    value: str | None  # None when hidden (personal data)
    count: int


@dataclass
class ColumnProfile:
    """What one mapped column looks like after standardisation."""

    field: str
    column: str
    title: str
    type: str
    pii: bool
    masked: bool  # True when values are shown masked (NIK/KK)
    filled: int
    filled_share: float | None
    distinct: int
    top_values: list[ValueCount] = _field(default_factory=list)
    minimum: str | None = None
    maximum: str | None = None


@dataclass
class ProblemRow:
    """One row affected by a problem (values of NIK/KK already masked)."""

    row_number: int
    record_id: str | None
    column: str
    value: str | None
    quarantined: bool = False


@dataclass
class Problem:
    """One issue code with its count, the agency's fix and example rows."""

    code: str
    title: str
    hint: str
    severity: str
    count: int
    fields: list[str]
    examples: list[ProblemRow] = _field(default_factory=list)
    affected: list[ProblemRow] = _field(default_factory=list)  # for the workbook


@dataclass
class QuarantinedRow:
    row_number: int
    record_id: str | None
    reasons: list[str]  # "field:code"
    raw: dict[str, Any]  # raw values, NIK/KK masked


@dataclass
class QualityReport:
    """The quality of one ingest run of one source."""

    source: str
    owner: str
    title: str
    run_id: str
    file_name: str
    ingested_at: str
    generated_at: str
    reconciliation: Reconciliation
    fields: list[FieldQuality]
    uniqueness: Uniqueness
    consistency: list[ConsistencyGroup]
    timeliness: Timeliness
    profiles: list[ColumnProfile]
    problems: list[Problem]
    quarantine_rows: list[QuarantinedRow] = _field(default_factory=list)
    quarantine_rows_total: int = 0

    def to_dict(self, *, include_rows: bool = False) -> dict[str, Any]:
        """A JSON-ready dict (dates as ISO text).

        Args:
            include_rows: also include every affected row per problem and the
                quarantined rows (long; the workbook uses them).
        """
        data = asdict(self)
        if not include_rows:
            for problem in data["problems"]:
                problem.pop("affected", None)
            data.pop("quarantine_rows", None)
        return _jsonable(data)  # type: ignore[no-any-return]


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value
