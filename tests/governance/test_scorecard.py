"""The scorecard on a scripted scenario whose every answer is worked out by hand.

Period 2026-Q2 (1 April – 30 June), judged on 15 July 2026.
"""

from __future__ import annotations

import shutil
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from rajut.appstate import AppState, Idea, Proposal
from rajut.governance.scorecard import (
    compute_scorecard,
    parse_score_period,
    write_scorecard_xlsx,
)
from rajut.governance.scorecard.metrics import AGENCY_METRICS
from rajut.governance.scorecard.periods import ScorePeriodError
from rajut.integrate.schema import ensure_schema
from rajut.sources.registry import add_source, list_contracts
from rajut.store import open_store
from rajut.targeting.engine import RESULTS_DDL
from rajut.workspace import Workspace

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "contracts"
DOCS = Path(__file__).resolve().parents[2] / "docs" / "scorecard.md"


def _runs(ws: Workspace) -> None:
    """Ingest runs: (source, period_end, finished, input, accepted, warnings)."""
    runs = [
        ("dukcapil", "2026-02-28", "2026-03-02", 1000, 900, 40),  # previous quarter
        ("dukcapil", "2026-03-31", "2026-04-20", 1000, 950, 20),  # March: on time (≤ 30 Apr)
        ("dukcapil", "2026-04-30", "2026-06-05", 1000, 990, 10),  # April: late (> 31 May)
        ("dtks", "2026-03-31", "2026-05-10", 500, 480, 5),  # Q1: on time (≤ 30 Jun)
    ]
    with open_store(ws.analytics_db) as store:
        for i, (source, end, finished, rows, accepted, warnings) in enumerate(runs):
            store.con.execute(
                "INSERT INTO meta.ingest_runs VALUES (?, ?, 'f', 'x', 'x', 1, 'fp', ?, ?, ?, "
                "?, ?, ?, ?, ?, ?)",
                [
                    f"run{i}",
                    source,
                    end,
                    end,
                    end,
                    rows,
                    accepted,
                    rows - accepted,
                    warnings,
                    finished,
                    finished,
                ],
            )
        con = store.con
        con.execute("CREATE SCHEMA IF NOT EXISTS link")
        con.execute(
            "CREATE TABLE link.record_person AS FROM (VALUES "
            "('dukcapil:1','dukcapil','1','X',1.0), ('eppgbm:1','eppgbm','1','X',1.0), "
            "('dukcapil:2','dukcapil','2','Y',1.0), ('dtks:2','dtks','2','Y',1.0), "
            "('dukcapil:3','dukcapil','3','Z',1.0), ('dtks:4','dtks','4','W',1.0)"
            ") t(uid, source, record_id, person_id, match_probability)"
        )
        ensure_schema(con)
        con.execute(RESULTS_DDL)
        con.execute("INSERT INTO integ.builds VALUES ('b1', '2026-06-30', now(), '{}')")
        for person, household, sources in (
            ("X", "H1", ["dukcapil", "eppgbm"]),
            ("Y", "H", ["dukcapil", "dtks"]),
            ("Z", "H2", ["dukcapil"]),
            ("W", "H", ["dtks"]),
        ):
            con.execute(
                "INSERT INTO integ.person (build_id, person_id, household_id, sources) "
                "VALUES ('b1', ?, ?, ?)",
                [person, household, sources],
            )
        con.execute(
            "INSERT INTO integ.target_results VALUES "
            "('b1','r1','person','X',NULL,NULL,'x',NULL), "
            "('b1','r2','household','H',NULL,NULL,'x',NULL)"
        )


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def _proposals(state: AppState) -> None:
    rows = [
        # proposer agency/unit, owner, submitted, due, decided, status, decider unit
        (
            "Dinas Kesehatan",
            "Seksi Gizi",
            "Disdukcapil",
            "2026-04-10",
            "2026-04-24",
            "2026-04-13",
            "accepted",
            "Bidang PIAK",
        ),
        (
            "Dinas Kesehatan",
            "Seksi Gizi",
            "Disdukcapil",
            "2026-05-01",
            "2026-05-15",
            "2026-05-21",
            "rejected",
            "Bidang PIAK",
        ),
        ("Dinas Sosial", None, "Disdukcapil", "2026-06-20", "2026-07-04", None, "submitted", None),
        (
            "Dinas Kesehatan",
            "Seksi Gizi",
            "Dinas Sosial",
            "2026-03-01",
            "2026-03-15",
            None,
            "submitted",
            None,
        ),
    ]
    with state.session() as s:
        for i, (agency, unit, owner, sub, due, dec, status, dunit) in enumerate(rows):
            s.add(
                Proposal(
                    source="x",
                    owner=owner,
                    record_id=str(i),
                    changes={"person.sex": "P"},
                    status=status,
                    dedup_key=f"k{i}",
                    proposer=f"u{i}",
                    proposer_agency=agency,
                    proposer_unit=unit,
                    submitted_at=_at(sub),
                    due_at=_at(due),
                    decided_at=_at(dec) if dec else None,
                    decider_unit=dunit,
                )
            )
        s.add(
            Idea(
                author="u0",
                author_agency="Dinas Kesehatan",
                author_unit="Seksi Gizi",
                to_agency="Dinas Sosial",
                title="Format tanggal",
                body="Pakai TTTT-BB-HH",
                created_at=_at("2026-05-05"),
                responded_at=_at("2026-05-07"),
                response="ok",
            )
        )


@pytest.fixture
def card(workspace: Workspace, state: AppState):  # type: ignore[no-untyped-def]
    for name in ("dukcapil", "dtks", "eppgbm"):
        shutil.copy(EXAMPLES / f"{name}.yaml", workspace.root / f"{name}.yaml")
        add_source(workspace, workspace.root / f"{name}.yaml")
    _runs(workspace)
    _proposals(state)
    with open_store(workspace.analytics_db) as store, state.session() as s:
        return compute_scorecard(
            store.con,
            s,
            list_contracts(workspace),
            parse_score_period("2026-Q2"),
            as_of=date(2026, 7, 15),
        )


def _agency(card, name: str):  # type: ignore[no-untyped-def]
    return next(a for a in card.agencies if a.agency == name)


def test_timeliness_per_frequency(card) -> None:  # type: ignore[no-untyped-def]
    capil, dinsos, dinkes = (
        _agency(card, n) for n in ("Disdukcapil", "Dinas Sosial", "Dinas Kesehatan")
    )
    assert (capil.deliveries_due, capil.deliveries_on_time, capil.on_time_pct) == (3, 1, 33.3)
    assert (dinsos.deliveries_due, dinsos.deliveries_on_time, dinsos.on_time_pct) == (1, 1, 100.0)
    assert (dinkes.deliveries_due, dinkes.deliveries_on_time) == (3, 0)


def test_quality_trend(card) -> None:  # type: ignore[no-untyped-def]
    capil = _agency(card, "Disdukcapil")
    assert (capil.acceptance_pct, capil.acceptance_prev_pct) == (97.0, 90.0)
    assert capil.acceptance_trend_pp == 7.0 and capil.warnings_per_100 == 1.5
    assert _agency(card, "Dinas Kesehatan").acceptance_pct is None


def test_proposals_made_received_answered(card) -> None:  # type: ignore[no-untyped-def]
    capil, dinsos, dinkes = (
        _agency(card, n) for n in ("Disdukcapil", "Dinas Sosial", "Dinas Kesehatan")
    )
    assert (dinkes.proposals_made, dinkes.proposals_made_accepted) == (2, 1)
    assert (capil.proposals_received, capil.proposals_answered) == (3, 2)
    assert capil.proposals_answered_on_time == 1
    assert capil.median_response_days == 11.5 and capil.proposals_overdue == 0
    assert (dinsos.proposals_made, dinsos.proposals_overdue) == (1, 1)


def test_linkage_targeting_and_ideas(card) -> None:  # type: ignore[no-untyped-def]
    capil, dinsos, dinkes = (
        _agency(card, n) for n in ("Disdukcapil", "Dinas Sosial", "Dinas Kesehatan")
    )
    assert (
        capil.persons_linked_across,
        dinkes.persons_linked_across,
        dinsos.persons_linked_across,
    ) == (2, 1, 1)
    assert (
        capil.target_results_using,
        dinsos.target_results_using,
        dinkes.target_results_using,
    ) == (2, 1, 1)
    assert (dinkes.ideas_made, dinsos.ideas_received, dinsos.ideas_answered) == (1, 1, 1)


def test_units(card) -> None:  # type: ignore[no-untyped-def]
    units = {(u.agency, u.unit): u for u in card.units}
    gizi = units[("Dinas Kesehatan", "Seksi Gizi")]
    assert (gizi.proposals_made, gizi.proposals_made_accepted, gizi.ideas_made) == (2, 1, 1)
    piak = units[("Disdukcapil", "Bidang PIAK")]
    assert (piak.proposals_answered, piak.median_response_days) == (2, 11.5)
    assert units[("Dinas Sosial", "(tanpa unit)")].proposals_made == 1


def test_workbook_is_skp_evidence(card, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = write_scorecard_xlsx(card, tmp_path / "kartu.xlsx", kabupaten="Klaten")
    book = load_workbook(out)
    assert book.sheetnames == ["Ringkasan", "Bukti SKP", "Per unit", "Definisi"]
    summary = book["Ringkasan"]
    header = [c.value for c in summary[4]]
    assert header[0] == "Dinas" and "Ketepatan waktu (%)" in header
    rows = {r[0].value: [c.value for c in r] for r in summary.iter_rows(min_row=5)}
    assert rows["Disdukcapil"][header.index("Median hari menjawab")] == 11.5
    evidence = [c.value for c in book["Bukti SKP"]["A"] if c.value]
    assert "Bukti dukung kinerja — kolaborasi data: Disdukcapil" in evidence
    assert "Mengetahui," in evidence


@pytest.mark.parametrize("text", ["2026-13", "2026Q5", "Juni 2026", ""])
def test_bad_period_says_how_to_write_it(text: str) -> None:
    with pytest.raises(ScorePeriodError) as info:
        parse_score_period(text)
    assert "2026-Q2" in info.value.hint


def test_periods() -> None:
    assert parse_score_period("2026Q1").previous().label == "2025-Q4"
    assert parse_score_period("2026-01").previous().label == "2025-12"


def test_every_metric_is_defined_in_the_docs() -> None:
    text = DOCS.read_text(encoding="utf-8")
    missing = [label for label, _ in AGENCY_METRICS.values() if label not in text]
    assert missing == []
