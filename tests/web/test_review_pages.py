"""Review queue page: pairs with weight charts and masked NIK; decisions stored and audited."""

from __future__ import annotations

import re
import threading

import pytest
from sqlalchemy import select

from rajut.appstate.models import AuditEntry
from rajut.linkage.review import decision_for, list_queue, queue_size, refresh_queue
from tests.web.conftest import Site

HTMX = {"HX-Request": "true"}


@pytest.fixture
def queued(site: Site) -> Site:
    """The demo's model is confident; a wide band puts its uncertain pairs in the queue."""
    with site.app.state.ctx.analytics() as con:
        assert refresh_queue(con, low=0.001, high=0.999) >= 3
    return site


def _first_pair(site: Site) -> tuple[str, str]:
    with site.app.state.ctx.analytics() as con:
        item = list_queue(con, 1)[0]
    return item.uid_l, item.uid_r


def _audit(site: Site, action: str) -> list[AuditEntry]:
    with site.app.state.ctx.state.session() as session:
        return list(session.scalars(select(AuditEntry).where(AuditEntry.action == action)))


def _decide(site: Site, user: str, pair: tuple[str, str], verdict: str, note: str = ""):  # type: ignore[no-untyped-def]
    return site.client(user).post(
        "/tinjauan/putuskan",
        data={
            "uid_l": pair[0],
            "uid_r": pair[1],
            "keputusan": verdict,
            "catatan": note,
            "csrf_token": site.csrf(user),
        },
        headers=HTMX,
    )


def test_review_page_shows_pairs_with_weight_chart_and_masked_nik(queued: Site) -> None:
    site = queued
    with site.app.state.ctx.analytics() as con:
        size = queue_size(con)
        items = list_queue(con, 10)
    response = site.client("analis").get("/tinjauan")
    assert response.status_code == 200
    page = response.text
    assert f'<strong class="queue-size">{size}</strong>' in page
    assert "penautan berikutnya" in page
    assert page.count('class="card review-card"') == len(items)
    for item in items:
        assert item.uid_l in page and item.uid_r in page
    # one weight chart per pair, with labels like "Nama sama persis (+7,5)"
    assert page.count('class="chart-svg"') == len(items)
    assert re.search(r"\((\+|−)\d+,\d\)", page)
    assert "Sama orang" in page and "Beda orang" in page
    # NIK and No. KK masked; no 16-digit number anywhere on the page
    assert "********" in page
    assert not re.search(r"(?<!\d)\d{16}(?!\d)", page)
    [seen] = _audit(site, "view_person")
    assert seen.actor == "analis" and seen.target == "tinjauan"
    assert len(seen.details["pairs"]) == len(items)


def test_empty_queue_says_so(site: Site) -> None:
    with site.app.state.ctx.analytics() as con:
        # link.pairs keeps pairs from p = 0.01 up: a band below that queues nothing
        assert refresh_queue(con, low=0.0, high=0.001) == 0
    page = site.client("wali").get("/tinjauan").text
    assert "Tidak ada pasangan yang perlu ditinjau" in page
    assert _audit(site, "view_person") == []


def test_decision_is_stored_audited_and_leaves_the_queue(queued: Site) -> None:
    site = queued
    pair = _first_pair(site)
    with site.app.state.ctx.analytics() as con:
        before = queue_size(con)
    response = _decide(site, "analis", pair, "sama", "KTP dicek di desa")
    assert response.status_code == 200
    assert "Tersimpan" in response.text and "Ubah menjadi beda orang" in response.text
    assert "<html" not in response.text  # a fragment replacing the card
    with site.app.state.ctx.analytics() as con:
        decision = decision_for(con, *pair)
        assert queue_size(con) == before - 1
        assert pair not in [(i.uid_l, i.uid_r) for i in list_queue(con, 100)]
    assert decision is not None and decision.same and decision.decided_by == "analis"
    assert decision.note == "KTP dicek di desa"
    [entry] = _audit(site, "review_decision")
    assert entry.actor == "analis" and entry.target == f"{pair[0]}|{pair[1]}"
    assert entry.details["keputusan"] == "sama"
    # undo: the opposite decision replaces it
    undo = _decide(site, "analis", pair, "beda")
    assert undo.status_code == 200 and "Ubah menjadi sama orang" in undo.text
    with site.app.state.ctx.analytics() as con:
        decision = decision_for(con, *pair)
    assert decision is not None and not decision.same


def test_plain_form_post_redirects_back_to_the_queue(queued: Site) -> None:
    site = queued
    pair = _first_pair(site)
    response = site.client("wali").post(
        "/tinjauan/putuskan",
        data={
            "uid_l": pair[0],
            "uid_r": pair[1],
            "keputusan": "beda",
            "csrf_token": site.csrf("wali"),
        },
    )
    assert response.status_code == 303 and response.headers["location"] == "/tinjauan"


def test_two_reviewers_at_once_leave_one_decision_and_a_log_of_two(queued: Site) -> None:
    site = queued
    pair = _first_pair(site)
    for user in ("wali", "analis"):  # sign in before the race
        site.csrf(user)
    barrier = threading.Barrier(2)
    statuses: list[int] = []

    def decide(user: str, verdict: str) -> None:
        barrier.wait()
        statuses.append(_decide(site, user, pair, verdict).status_code)

    threads = [
        threading.Thread(target=decide, args=("wali", "sama")),
        threading.Thread(target=decide, args=("analis", "beda")),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert statuses == [200, 200]
    with site.app.state.ctx.analytics() as con:
        in_force = con.execute(
            "SELECT same, decided_by FROM link.review_decisions WHERE uid_l = ? AND uid_r = ?",
            list(pair),
        ).fetchall()
        log = con.execute(
            "SELECT same, decided_by FROM link.review_log WHERE uid_l = ? AND uid_r = ? "
            "ORDER BY rowid",
            list(pair),
        ).fetchall()
    assert len(in_force) == 1 and len(log) == 2
    assert in_force[0] == log[-1]  # the later decision is the one in force
    assert len(_audit(site, "review_decision")) == 2


def test_pairs_outside_the_queue_and_unknown_verdicts_are_refused(queued: Site) -> None:
    site = queued
    with site.app.state.ctx.analytics() as con:
        a, b = (r[0] for r in con.execute("SELECT uid FROM link.records LIMIT 2").fetchall())
        queued_pairs = {(i.uid_l, i.uid_r) for i in list_queue(con, 1000)}
    assert (min(a, b), max(a, b)) not in queued_pairs
    outside = _decide(site, "wali", (a, b), "sama")
    assert outside.status_code == 400 and "Muat ulang halaman Tinjauan" in outside.text
    strange = _decide(site, "wali", _first_pair(site), "mungkin")
    assert strange.status_code == 400 and "Sama orang" in strange.text
    with site.app.state.ctx.analytics() as con:
        assert decision_for(con, a, b) is None
    assert _audit(site, "review_decision") == []
