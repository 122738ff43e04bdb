"""Discrepancies found by integration become draft proposals, each disagreement once.

Which record should change, and who is asked to send the draft (``integ.discrepancies``:
side ``a`` is the chosen, authoritative value; side ``b`` the disagreeing record):

* ``alive_vs_deceased`` with ``a`` deceased (the population register says so) and ``b``
  still listing the person (a recipient list, a school roll): the ``b`` record's owner is
  asked to record the death; the draft waits for the authority's agency to send it.
* ``alive_vs_deceased`` with ``a`` alive and ``b`` reporting a death (e.g. a posyandu record):
  the authority (Disdukcapil) is asked to check the death — the unreported-death case; the
  draft waits for ``b``'s agency (e.g. Dinas Kesehatan) to add its evidence and send it.
* ``desa``, ``birth_date``, ``sex``: the ``b`` record's owner is asked to align with the
  authority's value; the draft waits for the authority's agency.

``household`` disagreements are a linkage matter (clerical review), not a record correction.
A draft is only made when the record's owner maps the field in its contract — otherwise the
owner has no column to change.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
from sqlalchemy.orm import Session

from rajut.appstate.models import Proposal
from rajut.governance.corrections.proposals import dedup_key, propose
from rajut.integrate.schema import latest_build_id
from rajut.sources.contract import SourceContract

KIND_FIELDS = {"desa": "person.desa_code", "birth_date": "person.birth_date", "sex": "person.sex"}


@dataclass
class DraftResult:
    created: int
    already: int
    skipped: int

    def to_dict(self) -> dict[str, int]:
        return dict(self.__dict__)


def _mapped_fields(contract: SourceContract) -> set[str]:
    return {mapping.field for _col, mapping in contract.mappings}


def draft_from_discrepancies(
    session: Session,
    con: duckdb.DuckDBPyConnection,
    contracts: dict[str, SourceContract],
    build_id: str | None = None,
) -> DraftResult:
    """Drafts for the discrepancies of ``build_id`` (default: the newest build)."""
    build = build_id or latest_build_id(con)
    result = DraftResult(0, 0, 0)
    if build is None:
        return result
    rows = con.execute(
        """
        SELECT d.kind, d.value_a, d.source_a, d.record_a, d.value_b, d.source_b, d.record_b,
               d.entity_id, CAST(p.death_date AS VARCHAR)
        FROM integ.discrepancies d
        LEFT JOIN integ.person p ON p.build_id = d.build_id AND p.person_id = d.entity_id
        WHERE d.build_id = ? AND d.entity = 'person'
        ORDER BY d.discrepancy_id
        """,
        [build],
    ).fetchall()
    for kind, value_a, source_a, record_a, value_b, source_b, record_b, person, death in rows:
        plan = _plan(kind, value_a, source_a, record_a, value_b, source_b, record_b, death)
        if plan is None or plan[0] not in contracts or plan[3] not in contracts:
            result.skipped += 1
            continue
        target_source, record_id, changes, evidence_source = plan
        contract = contracts[target_source]
        changes = {f: v for f, v in changes.items() if f in _mapped_fields(contract)}
        if not changes:
            result.skipped += 1
            continue
        key = dedup_key(target_source, record_id, changes)
        if session.query(Proposal.id).filter(Proposal.dedup_key == key).first() is not None:
            result.already += 1
            continue
        evidence = contracts[evidence_source]
        propose(
            session,
            None,
            source=target_source,
            owner=contract.owner,
            record_id=record_id,
            changes=changes,
            current={},
            evidence=(
                f"Temuan integrasi ({kind}): {evidence.dataset.judul} ({evidence.owner}) "
                f"mencatat {_describe(kind, value_a if evidence_source == source_a else value_b)}."
            ),
            person_id=person,
            origin="discrepancy",
            submit_now=False,
            proposer_agency=evidence.owner,
        )
        result.created += 1
    return result


@dataclass(frozen=True)
class Plan:
    """What one person's discrepancy asks for: which record of which owner, which change."""

    kind: str
    source_a: str
    source_b: str
    source: str
    owner: str
    record_id: str
    changes: dict[str, str]
    evidence_source: str
    evidence_owner: str


def person_plans(
    con: duckdb.DuckDBPyConnection,
    contracts: dict[str, SourceContract],
    person_id: str,
    build_id: str | None = None,
) -> list[Plan]:
    """The corrections one person's discrepancies call for (same rules as the drafts).

    The profile page offers each as a pre-filled proposal ("Jadikan usulan"), so a user
    sees the exact record and change the owner would be asked for.
    """
    build = build_id or latest_build_id(con)
    if build is None:
        return []
    rows = con.execute(
        """
        SELECT d.kind, d.value_a, d.source_a, d.record_a, d.value_b, d.source_b, d.record_b,
               CAST(p.death_date AS VARCHAR)
        FROM integ.discrepancies d
        LEFT JOIN integ.person p ON p.build_id = d.build_id AND p.person_id = d.entity_id
        WHERE d.build_id = ? AND d.entity = 'person' AND d.entity_id = ?
        ORDER BY d.discrepancy_id
        """,
        [build, person_id],
    ).fetchall()
    plans: list[Plan] = []
    for kind, value_a, source_a, record_a, value_b, source_b, record_b, death in rows:
        plan = _plan(kind, value_a, source_a, record_a, value_b, source_b, record_b, death)
        if plan is None or plan[0] not in contracts or plan[3] not in contracts:
            continue
        target_source, record_id, changes, evidence_source = plan
        contract = contracts[target_source]
        changes = {f: v for f, v in changes.items() if f in _mapped_fields(contract)}
        if changes:
            plans.append(
                Plan(
                    kind=kind,
                    source_a=source_a,
                    source_b=source_b,
                    source=target_source,
                    owner=contract.owner,
                    record_id=record_id,
                    changes=changes,
                    evidence_source=evidence_source,
                    evidence_owner=contracts[evidence_source].owner,
                )
            )
    return plans


def _describe(kind: str, value: str | None) -> str:
    if kind == "alive_vs_deceased":
        return "meninggal" if value == "false" else f"masih tercatat ({value})"
    return f"nilai {value}"


def _plan(
    kind: str,
    value_a: str | None,
    source_a: str,
    record_a: str,
    value_b: str | None,
    source_b: str,
    record_b: str,
    death_date: str | None,
) -> tuple[str, str, dict[str, str], str] | None:
    """(source to change, record, changes, source whose data is the evidence)."""
    if kind == "alive_vs_deceased":
        if value_a == "false":  # register says deceased; b still lists the person
            changes = {"person.alive": "false"}
            if death_date:
                changes["person.death_date"] = death_date
            return source_b, record_b, changes, source_a
        if value_b == "false":  # b reports a death the register has not recorded
            return source_a, record_a, {"person.alive": "false"}, source_b
        return None
    field = KIND_FIELDS.get(kind)
    if field is None or value_a is None:
        return None
    return source_b, record_b, {field: value_a}, source_a
