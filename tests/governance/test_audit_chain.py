"""The audit log is a hash chain: any edit, deletion or cut-off end is detected."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import delete, select, update

from rajut.appstate import AuditEntry, open_app_state
from rajut.governance.audit import AuditLog, verify


def _log(url: str, root: Path) -> tuple[AuditLog, Path]:
    state = open_app_state(url, root)
    anchor = root / "data" / "audit-anchor.json"
    return AuditLog(state, anchor=anchor), anchor


@pytest.fixture(params=["sqlite", "postgresql"])
def app_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return "sqlite:///data/app.sqlite"
    return str(request.getfixturevalue("pg_url"))


def _fill(log: AuditLog, n: int = 5) -> None:
    for i in range(n):
        log.append(
            f"user{i}",
            "view_person",
            role="analis",
            target=f"RJ{i:09d}",
            details={"i": i, "nama": "Siti <b>Ä</b>"},
        )


def test_intact_chain_verifies(app_url: str, tmp_path: Path) -> None:
    log, anchor = _log(app_url, tmp_path)
    _fill(log)
    result = verify(log.state, anchor)
    assert result.ok and result.entries == 5
    rows, total = log.query(action="view_person", limit=2)
    assert total == 5 and [r.seq for r in rows] == [5, 4]


def test_edited_entry_is_detected(app_url: str, tmp_path: Path) -> None:
    log, anchor = _log(app_url, tmp_path)
    _fill(log)
    with log.state.session() as s:
        s.execute(update(AuditEntry).where(AuditEntry.seq == 3).values(actor="orang-lain"))
    result = verify(log.state, anchor)
    assert not result.ok
    assert [(p["seq"], p["problem"]) for p in result.problems] == [(3, "diubah")]


def test_rehashed_edit_breaks_the_next_link(app_url: str, tmp_path: Path) -> None:
    """Someone who edits an entry and recomputes its hash still breaks entry seq+1."""
    from rajut.governance.audit import _body, entry_hash

    log, anchor = _log(app_url, tmp_path)
    _fill(log)
    with log.state.session() as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.seq == 2)).one()
        entry.purpose = "disamarkan"
        entry.hash = entry_hash(entry.prev_hash, _body(entry))
    problems = verify(log.state, anchor).problems
    assert [(p["seq"], p["problem"]) for p in problems] == [(3, "rantai-putus")]


def test_deleted_entry_is_detected(app_url: str, tmp_path: Path) -> None:
    log, anchor = _log(app_url, tmp_path)
    _fill(log)
    with log.state.session() as s:
        s.execute(delete(AuditEntry).where(AuditEntry.seq == 2))
    problems = verify(log.state, anchor).problems
    assert {p["problem"] for p in problems} == {"hilang", "rantai-putus"}


def test_cut_off_end_is_detected_by_the_anchor(app_url: str, tmp_path: Path) -> None:
    log, anchor = _log(app_url, tmp_path)
    _fill(log)
    with log.state.session() as s:
        s.execute(delete(AuditEntry).where(AuditEntry.seq >= 4))
    problems = verify(log.state, anchor).problems
    assert [p["problem"] for p in problems] == ["terpotong"]


def test_concurrent_appends_keep_one_chain(app_url: str, tmp_path: Path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    log, anchor = _log(app_url, tmp_path)
    with ThreadPoolExecutor(4) as pool:
        list(pool.map(lambda i: log.append(f"u{i}", "search", target=str(i)), range(40)))
    result = verify(log.state, anchor)
    assert result.ok and result.entries == 40


def test_unknown_action_is_a_bug() -> None:
    with pytest.raises(ValueError):
        AuditLog.append(None, "x", "tidak-ada")  # type: ignore[arg-type]
