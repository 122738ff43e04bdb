"""Compute the scorecard. Every metric is defined (with its formula) in docs/scorecard.md.

Inputs, all read-only: ``meta.ingest_runs`` (timeliness, quality trend), ``link.record_person``
(records linked across agencies), ``integ.target_results`` + ``integ.person`` (targeting that
used the agency's data), and the app state's proposals and ideas.
"""

from __future__ import annotations

import statistics
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import duckdb
from sqlalchemy import select
from sqlalchemy.orm import Session

from rajut.appstate.models import Idea, Proposal
from rajut.governance.roles import same_agency
from rajut.governance.scorecard.periods import ScorePeriod
from rajut.integrate.schema import latest_build_id
from rajut.quality.timeliness import due_date
from rajut.sources.contract import SourceContract
from rajut.sources.period import Granularity, period_of_day
from rajut.store.analytics import table_exists

#: contract frequency → the reporting period whose delivery is due once per period
FREQUENCY_GRANULARITY: dict[str, Granularity] = {
    "bulanan": "month",
    "triwulanan": "quarter",
    "semesteran": "semester",
    "tahunan": "year",
}


@dataclass
class AgencyScore:
    agency: str
    sources: list[str]
    deliveries_due: int = 0
    deliveries_on_time: int = 0
    on_time_pct: float | None = None
    acceptance_pct: float | None = None
    acceptance_prev_pct: float | None = None
    acceptance_trend_pp: float | None = None
    warnings_per_100: float | None = None
    proposals_made: int = 0
    proposals_made_accepted: int = 0
    proposals_received: int = 0
    proposals_answered: int = 0
    proposals_answered_on_time: int = 0
    proposals_overdue: int = 0
    median_response_days: float | None = None
    persons_linked_across: int = 0
    target_results_using: int = 0
    ideas_made: int = 0
    ideas_received: int = 0
    ideas_answered: int = 0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class UnitScore:
    agency: str
    unit: str
    proposals_made: int = 0
    proposals_made_accepted: int = 0
    proposals_answered: int = 0
    median_response_days: float | None = None
    ideas_made: int = 0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Scorecard:
    period: ScorePeriod
    as_of: date
    agencies: list[AgencyScore]
    units: list[UnitScore] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "period": self.period.label,
            "start": self.period.start.isoformat(),
            "end": self.period.end.isoformat(),
            "as_of": self.as_of.isoformat(),
            "agencies": [a.to_dict() for a in self.agencies],
            "units": [u.to_dict() for u in self.units],
        }


def _in(period: ScorePeriod, moment: datetime | date | None) -> bool:
    if moment is None:
        return False
    day = moment.date() if isinstance(moment, datetime) else moment
    return period.contains(day)


def _pct(part: float, whole: float) -> float | None:
    return round(100.0 * part / whole, 1) if whole else None


def _days(start: datetime, end: datetime) -> float:
    return (end - start).total_seconds() / 86400.0


def _timeliness(
    score: AgencyScore,
    contracts: list[SourceContract],
    runs: list[tuple[str, date | None, datetime]],
    period: ScorePeriod,
    as_of: date,
) -> None:
    """Deliveries whose deadline falls in the period (and has passed), and how many on time."""
    for contract in contracts:
        granularity = FREQUENCY_GRANULARITY.get(contract.dataset.frekuensi)
        if granularity is None:
            continue
        mine = [(end, finished) for source, end, finished in runs if source == contract.name]
        # reporting periods ending up to a year before the scorecard period can fall due in it
        cursor = period_of_day(period.start - timedelta(days=400), granularity)
        while cursor.end <= period.end:
            deadline = due_date(contract.dataset.frekuensi, cursor.end)
            if deadline is not None and period.contains(deadline) and deadline <= as_of:
                score.deliveries_due += 1
                if any(
                    end is not None and end >= cursor.end and finished.date() <= deadline
                    for end, finished in mine
                ):
                    score.deliveries_on_time += 1
            cursor = period_of_day(cursor.end + timedelta(days=1), granularity)
    score.on_time_pct = _pct(score.deliveries_on_time, score.deliveries_due)


def _quality(
    con: duckdb.DuckDBPyConnection, sources: list[str], period: ScorePeriod
) -> tuple[float | None, float | None]:
    """(accepted % of input rows, warnings per 100 rows) over runs finished in ``period``."""
    if not sources:
        return None, None
    row = con.execute(
        "SELECT sum(input_rows), sum(accepted), sum(warnings) FROM meta.ingest_runs "
        "WHERE list_contains(?, source) AND CAST(finished_at AS DATE) BETWEEN ? AND ?",
        [sources, period.start, period.end],
    ).fetchone()
    if row is None or not row[0]:
        return None, None
    return _pct(row[1], row[0]), round(100.0 * row[2] / row[0], 1)


def _linked_across(
    con: duckdb.DuckDBPyConnection, by_agency: dict[str, list[str]]
) -> dict[str, int]:
    """Persons with records of the agency AND of another agency (linked thanks to its data)."""
    if not table_exists(con, "link", "record_person"):
        return {}
    pairs = [(s, a) for a, sources in by_agency.items() for s in sources]
    if not pairs:
        return {}
    con.execute("CREATE OR REPLACE TEMP TABLE score_source_agency (source VARCHAR, agency VARCHAR)")
    con.executemany("INSERT INTO score_source_agency VALUES (?, ?)", pairs)
    rows = con.execute(
        """
        WITH pa AS (
            SELECT DISTINCT rp.person_id, sa.agency
            FROM link.record_person rp JOIN score_source_agency sa USING (source)
        ),
        multi AS (SELECT person_id FROM pa GROUP BY person_id HAVING count(*) > 1)
        SELECT agency, count(*) FROM pa WHERE person_id IN (SELECT person_id FROM multi)
        GROUP BY agency
        """
    ).fetchall()
    return {agency: int(n) for agency, n in rows}


def _targeting(con: duckdb.DuckDBPyConnection, by_agency: dict[str, list[str]]) -> dict[str, int]:
    """Candidates of the newest build whose person (or a household member) has the agency's data."""
    if not table_exists(con, "integ", "target_results"):
        return {}
    build = latest_build_id(con)
    if build is None:
        return {}
    counts: dict[str, int] = {}
    for agency, sources in by_agency.items():
        row = con.execute(
            """
            SELECT count(DISTINCT t.rule_id || '|' || t.entity_id)
            FROM integ.target_results t
            JOIN integ.person p ON p.build_id = t.build_id AND (
                 (t.unit = 'person' AND p.person_id = t.entity_id)
              OR (t.unit = 'household' AND p.household_id = t.entity_id))
            WHERE t.build_id = ? AND list_has_any(p.sources, ?)
            """,
            [build, sources],
        ).fetchone()
        counts[agency] = int(row[0]) if row else 0
    return counts


def compute_scorecard(
    con: duckdb.DuckDBPyConnection,
    session: Session,
    contracts: list[SourceContract],
    period: ScorePeriod,
    *,
    as_of: date | None = None,
    extra_agencies: list[str] | None = None,
) -> Scorecard:
    """Every metric for every agency (and unit) for ``period``, judged on ``as_of``."""
    today = as_of or date.today()
    by_agency: dict[str, list[str]] = {}
    for contract in contracts:
        by_agency.setdefault(contract.owner, []).append(contract.name)
    proposals = list(session.scalars(select(Proposal)))
    ideas = list(session.scalars(select(Idea)))
    names = list(by_agency)
    for extra in [
        *(extra_agencies or []),
        *(p.proposer_agency for p in proposals),
        *(i.author_agency for i in ideas),
    ]:
        if extra and not any(same_agency(extra, n) for n in names):
            names.append(extra)
    runs = [
        (source, end, finished)
        for source, end, finished in con.execute(
            "SELECT source, period_end, finished_at FROM meta.ingest_runs"
        ).fetchall()
    ]
    linked = _linked_across(con, by_agency)
    targeted = _targeting(con, by_agency)
    previous = period.previous()
    scores = []
    for agency in sorted(names):
        sources = by_agency.get(agency, [])
        score = AgencyScore(agency=agency, sources=sources)
        _timeliness(score, [c for c in contracts if c.owner == agency], runs, period, today)
        score.acceptance_pct, score.warnings_per_100 = _quality(con, sources, period)
        score.acceptance_prev_pct, _ = _quality(con, sources, previous)
        if score.acceptance_pct is not None and score.acceptance_prev_pct is not None:
            score.acceptance_trend_pp = round(score.acceptance_pct - score.acceptance_prev_pct, 1)
        made = [
            p
            for p in proposals
            if same_agency(p.proposer_agency, agency) and _in(period, p.submitted_at)
        ]
        score.proposals_made = len(made)
        score.proposals_made_accepted = sum(p.status == "accepted" for p in made)
        received = [p for p in proposals if same_agency(p.owner, agency)]
        score.proposals_received = sum(_in(period, p.submitted_at) for p in received)
        answered = [p for p in received if p.submitted_at and _in(period, p.decided_at)]
        score.proposals_answered = len(answered)
        score.proposals_answered_on_time = sum(
            1 for p in answered if p.due_at is None or (p.decided_at and p.decided_at <= p.due_at)
        )
        end_moment = datetime.combine(min(period.end, today), datetime.max.time())
        score.proposals_overdue = sum(
            1
            for p in received
            if p.status == "submitted" and p.due_at is not None and p.due_at < end_moment
        )
        durations = [
            _days(p.submitted_at, p.decided_at) for p in answered if p.submitted_at and p.decided_at
        ]
        score.median_response_days = round(statistics.median(durations), 1) if durations else None
        score.persons_linked_across = linked.get(agency, 0)
        score.target_results_using = targeted.get(agency, 0)
        score.ideas_made = sum(
            1 for i in ideas if same_agency(i.author_agency, agency) and _in(period, i.created_at)
        )
        got = [i for i in ideas if same_agency(i.to_agency, agency) and _in(period, i.created_at)]
        score.ideas_received = len(got)
        score.ideas_answered = sum(1 for i in got if i.responded_at is not None)
        scores.append(score)
    return Scorecard(
        period=period, as_of=today, agencies=scores, units=_units(proposals, ideas, period)
    )


def _units(proposals: list[Proposal], ideas: list[Idea], period: ScorePeriod) -> list[UnitScore]:
    units: dict[tuple[str, str], UnitScore] = {}

    def unit(agency: str | None, name: str | None) -> UnitScore | None:
        if not agency:
            return None
        key = (agency, name or "(tanpa unit)")
        if key not in units:
            units[key] = UnitScore(agency=key[0], unit=key[1])
        return units[key]

    durations: dict[tuple[str, str], list[float]] = {}
    for p in proposals:
        if _in(period, p.submitted_at):
            made = unit(p.proposer_agency, p.proposer_unit)
            if made is not None:
                made.proposals_made += 1
                made.proposals_made_accepted += p.status == "accepted"
        if p.submitted_at and p.decided_at and _in(period, p.decided_at):
            answered = unit(p.owner, p.decider_unit)
            if answered is not None:
                answered.proposals_answered += 1
                durations.setdefault((answered.agency, answered.unit), []).append(
                    _days(p.submitted_at, p.decided_at)
                )
    for i in ideas:
        if _in(period, i.created_at):
            author = unit(i.author_agency, i.author_unit)
            if author is not None:
                author.ideas_made += 1
    for key, values in durations.items():
        units[key].median_response_days = round(statistics.median(values), 1)
    return sorted(units.values(), key=lambda u: (u.agency, u.unit))
