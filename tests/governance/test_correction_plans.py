"""A person's discrepancies as correction plans agree with the drafts a build makes."""

from __future__ import annotations

import shutil
from pathlib import Path

from rajut.appstate import open_app_state
from rajut.appstate.models import Proposal
from rajut.governance.corrections.drafts import draft_from_discrepancies, person_plans
from rajut.governance.corrections.proposals import dedup_key
from rajut.governance.corrections.service import contracts_by_name
from rajut.store import open_store
from rajut.workspace import open_workspace


def test_person_plans_are_the_drafts_of_that_person(demo_web: Path, tmp_path: Path) -> None:
    root = tmp_path / "ws"
    shutil.copytree(demo_web, root)
    ws = open_workspace(root)
    contracts = contracts_by_name(ws)
    state = open_app_state(ws.settings.storage.app_state_url, root)
    try:
        with open_store(ws.analytics_db) as store, state.session() as session:
            made = draft_from_discrepancies(session, store.con, contracts)
            drafts = {p.dedup_key: p for p in session.query(Proposal).all()}
            people = {p.person_id for p in drafts.values()}
            plans = [pl for person in people for pl in person_plans(store.con, contracts, person)]
        assert made.created > 0
        keys = {dedup_key(p.source, p.record_id, p.changes) for p in plans}
        assert keys == set(drafts)
        for plan in plans:
            draft = drafts[dedup_key(plan.source, plan.record_id, plan.changes)]
            assert (draft.owner, draft.proposer_agency) == (plan.owner, plan.evidence_owner)
    finally:
        state.dispose()
