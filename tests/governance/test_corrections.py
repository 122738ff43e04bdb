"""Correction proposals: who may do what, one outcome under concurrency, audit, overlays."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest
from sqlalchemy import select

from rajut.appstate import AppState, AuditEntry, ProposalEvent
from rajut.governance.audit import AuditLog, verify
from rajut.governance.corrections import (
    CorrectionError,
    DecisionConflict,
    decide,
    propose,
    submit,
    withdraw,
)
from rajut.governance.corrections.notify import inbox, unread_count
from rajut.governance.users import Principal

DINKES = Principal(1, "siti", "produsen", "Dinas Kesehatan")
CAPIL = Principal(2, "budi", "produsen", "Disdukcapil")
CAPIL2 = Principal(3, "rina", "produsen", "Disdukcapil")
DINSOS = Principal(4, "joko", "produsen", "Dinas Sosial")
WALI = Principal(5, "wali", "walidata", None)
DEATH = {"person.alive": "meninggal", "person.death_date": "10-07-2026"}


@pytest.fixture
def log(state: AppState, tmp_path: Path) -> AuditLog:
    return AuditLog(state, anchor=tmp_path / "anchor.json")


def _propose(state: AppState, log: AuditLog, who: Principal = DINKES, **kw: object) -> int:
    with state.session() as s:
        args = {
            "source": "dukcapil",
            "owner": "Disdukcapil",
            "record_id": "100000000229",
            "changes": DEATH,
            "evidence": "Laporan kader posyandu: meninggal 10-07-2026",
            "audit": log,
        }
        args.update(kw)
        return propose(s, who, **args).id  # type: ignore[arg-type]


def test_proposal_is_normalised_routed_and_audited(state: AppState, log: AuditLog) -> None:
    pid = _propose(state, log)
    with state.session() as s:
        from rajut.appstate import Proposal

        p = s.get(Proposal, pid)
        assert p is not None
        assert p.changes == {"person.alive": "false", "person.death_date": "2026-07-10"}
        assert p.status == "submitted" and p.due_at is not None
        assert p.proposer_agency == "Dinas Kesehatan"
        assert unread_count(s, CAPIL) == 1 and unread_count(s, DINSOS) == 0
        assert "dukcapil:100000000229" in inbox(s, CAPIL)[0].text
    entries, _ = log.query(action="proposal_create")
    assert entries[0].actor == "siti"
    assert verify(state, log.anchor).ok


def test_only_the_owner_can_accept(state: AppState, log: AuditLog) -> None:
    pid = _propose(state, log)
    for outsider in (DINKES, DINSOS, WALI):
        with state.session() as s, pytest.raises(CorrectionError) as info:
            decide(s, outsider, pid, accept=True, reason="saya setuju saja", audit=log)
        assert info.value.code == "correction-not-owner"
    with state.session() as s:
        assert decide(s, CAPIL, pid, accept=True, reason="Cocok dengan akta", audit=log).status == (
            "accepted"
        )


def test_decision_needs_a_reason(state: AppState, log: AuditLog) -> None:
    pid = _propose(state, log)
    with state.session() as s, pytest.raises(CorrectionError):
        decide(s, CAPIL, pid, accept=False, reason="", audit=log)


def test_proposer_can_withdraw_but_not_after_the_answer(state: AppState, log: AuditLog) -> None:
    pid = _propose(state, log)
    with state.session() as s, pytest.raises(CorrectionError):
        withdraw(s, DINSOS, pid, audit=log)  # not the proposer
    with state.session() as s:
        assert withdraw(s, DINKES, pid, audit=log).status == "withdrawn"
    # withdrawing frees the disagreement: it may be proposed again
    again = _propose(state, log)
    with state.session() as s:
        decide(s, CAPIL, again, accept=False, reason="Masih hidup, dicek ke desa", audit=log)
    with state.session() as s, pytest.raises(DecisionConflict):
        withdraw(s, DINKES, again, audit=log)


def test_same_change_is_proposed_once(state: AppState, log: AuditLog) -> None:
    _propose(state, log)
    with pytest.raises(CorrectionError) as info:
        _propose(state, log, who=DINSOS)
    assert info.value.code == "correction-duplicate"


def test_own_agency_data_is_fixed_at_home(state: AppState, log: AuditLog) -> None:
    with pytest.raises(CorrectionError) as info:
        _propose(state, log, who=CAPIL)
    assert "milik dinas Anda sendiri" in info.value.message


def test_two_reviewers_at_once_leave_one_outcome(state: AppState, log: AuditLog) -> None:
    pid = _propose(state, log)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def review(who: Principal, accept: bool) -> None:
        barrier.wait()
        try:
            with state.session() as s:
                decide(s, who, pid, accept=accept, reason="keputusan petugas", audit=log)
            outcomes.append("ok")
        except DecisionConflict:
            outcomes.append("conflict")

    threads = [
        threading.Thread(target=review, args=(CAPIL, True)),
        threading.Thread(target=review, args=(CAPIL2, False)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["conflict", "ok"]
    with state.session() as s:
        decided = s.scalars(
            select(ProposalEvent).where(
                ProposalEvent.proposal_id == pid, ProposalEvent.from_status == "submitted"
            )
        ).all()
        assert len(decided) == 1
        audited = s.scalars(
            select(AuditEntry).where(AuditEntry.action.in_(["proposal_accept", "proposal_reject"]))
        ).all()
        assert len(audited) == 1
    assert verify(state, log.anchor).ok


def test_every_state_change_is_audited(state: AppState, log: AuditLog) -> None:
    with state.session() as s:
        draft = propose(
            s,
            None,
            source="dtks",
            owner="Dinas Sosial",
            record_id="1000000000480",
            changes={"person.alive": "false"},
            origin="discrepancy",
            submit_now=False,
            proposer_agency="Disdukcapil",
        )
        pid = draft.id
    with state.session() as s, pytest.raises(CorrectionError):
        submit(s, DINKES, pid, evidence="bukan agensi pengusul", audit=log)
    with state.session() as s:
        submit(s, CAPIL, pid, evidence="Akta kematian 2026-05", audit=log)
    with state.session() as s:
        decide(s, DINSOS, pid, accept=True, reason="Dihapus dari PKH", audit=log)
    actions = [e.action for e in reversed(log.query(limit=50)[0])]
    assert actions == ["proposal_submit", "proposal_accept"]
    with state.session() as s:
        events = s.scalars(select(ProposalEvent).where(ProposalEvent.proposal_id == pid)).all()
        assert [(e.from_status, e.to_status) for e in events] == [
            (None, "draft"),
            ("draft", "submitted"),
            ("submitted", "accepted"),
        ]
        assert events[1].actor == "budi"


def test_overlay_closes_when_the_owners_next_file_carries_the_fix(
    demo_web: Path, tmp_path: Path
) -> None:
    """End to end on the demo: accepted death → overlay; next Dukcapil file with the death
    closes it; a file without it does not."""
    from rajut.appstate import open_app_state
    from rajut.governance.corrections.overlay import close_fixed, open_overlays
    from rajut.sources.ingest import ingest_file
    from rajut.store import open_store
    from rajut.workspace import open_workspace

    root = tmp_path / "ws"
    shutil.copytree(demo_web, root)
    ws = open_workspace(root)
    state = open_app_state(ws.settings.storage.app_state_url, root)
    log = AuditLog(state)
    original = next((root / "incoming" / "disdukcapil").glob("biodata_penduduk_*.csv"))
    lines = original.read_text(encoding="utf-8").splitlines()
    record = next(line for line in lines[1:] if '"HIDUP"' in line)
    record_id = record.split(";")[0].strip('"')
    with open_store(ws.analytics_db) as store:
        person = store.con.execute(
            "SELECT person_id FROM link.record_person WHERE source='dukcapil' AND record_id=?",
            [record_id],
        ).fetchone()[0]
    with state.session() as s:
        pid = propose(
            s,
            Principal(1, "dinkes", "produsen", "Dinas Kesehatan"),
            source="dukcapil",
            owner="Disdukcapil",
            record_id=record_id,
            person_id=person,
            changes=DEATH,
            evidence="Laporan posyandu",
            audit=log,
        ).id
    with state.session() as s:
        decide(
            s,
            Principal(2, "capil", "produsen", "Disdukcapil"),
            pid,
            accept=True,
            reason="Sesuai akta kematian",
            audit=log,
        )
    with state.session() as s:
        shown = {o.field: o for o in open_overlays(s, person_id=person)}
    assert shown["person.alive"].value == "false"
    assert "diterima Disdukcapil" in shown["person.alive"].provenance()

    def ingest_variant(day: str, fixed: bool) -> str:
        fixed_line = record.replace('"HIDUP";""', '"MATI";"10-07-2026"') if fixed else record
        path = tmp_path / f"biodata_penduduk_{day}.csv"
        path.write_text(
            "\n".join(fixed_line if line == record else line for line in lines) + "\n",
            encoding="utf-8",
        )
        return ingest_file(ws, "dukcapil", path).run_id

    unchanged = ingest_variant("20260715", fixed=False)
    with open_store(ws.analytics_db) as store, state.session() as s:
        assert close_fixed(s, store.con, "dukcapil", unchanged, audit=log) == []
    carried = ingest_variant("20260731", fixed=True)
    with open_store(ws.analytics_db) as store, state.session() as s:
        assert close_fixed(s, store.con, "dukcapil", carried, audit=log) == [pid]
    with state.session() as s:
        assert open_overlays(s, person_id=person) == []
    assert log.query(action="proposal_close")[1] == 1
    state.dispose()
