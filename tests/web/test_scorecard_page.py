"""Kartu kinerja in the web app: ``/kinerja``, its workbook and ``/api/v1/scorecard``.

Every number on the page must be the library's (:func:`compute_scorecard` on the same
workspace and day); the web layer only formats it.
"""

from __future__ import annotations

import html
import io
import re
from datetime import date, datetime, time, timedelta

from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy import select

from rajut.appstate.models import AuditEntry, Proposal, User
from rajut.governance.corrections.ideas import create_idea
from rajut.governance.scorecard import Scorecard, compute_scorecard, parse_score_period
from rajut.governance.scorecard.periods import ScorePeriod
from rajut.governance.users import Principal, issue_token, set_unit_email
from rajut.sources.registry import list_contracts
from rajut.web.scorecard_view import current_quarter, metric_text, number
from tests.web.conftest import Site

AGENCIES = ("Disdukcapil", "Dinas Sosial", "Dinas Kesehatan", "Dinas Pendidikan")


def _library(site: Site, period: ScorePeriod) -> Scorecard:
    ctx = site.app.state.ctx
    with ctx.analytics() as con, ctx.state.session() as session:
        return compute_scorecard(con, session, list_contracts(site.ws), period, as_of=date.today())


def _row(page: str, agency: str) -> str:
    """The first table row of ``agency`` (the delivery-and-quality table)."""
    match = re.search(rf'<tr data-agency="{re.escape(agency)}"[^>]*>(.*?)</tr>', page, re.S)
    assert match, f"no row for {agency}"
    return match.group(0)


def _cell(row: str, metric: str) -> str:
    match = re.search(rf'data-metric="{metric}">([^<]*)</td>', row)
    assert match, f"no cell {metric}"
    return html.unescape(match.group(1))


def _cooperation(site: Site, quarter: ScorePeriod) -> None:
    """A proposal from Dinas Kesehatan (Seksi Gizi) answered by Disdukcapil in 2 days,
    and an idea from the same unit, both inside ``quarter``."""
    ctx = site.app.state.ctx
    submitted = datetime.combine(quarter.start, time(8, 0))
    with ctx.state.session() as session:
        set_unit_email(session, "dinkes", unit="Seksi  Gizi", email="gizi@dinkes.example.go.id")
        session.add(
            Proposal(
                source="dukcapil",
                owner="Disdukcapil",
                record_id="r-1",
                changes={"tanggal_lahir": "2019-04-02"},
                status="accepted",
                dedup_key="uji-kinerja-1",
                proposer="dinkes",
                proposer_agency="Dinas Kesehatan",
                proposer_unit="Seksi Gizi",
                submitted_at=submitted,
                due_at=submitted + timedelta(days=14),
                decided_at=submitted + timedelta(days=2),
                decided_by="capil",
            )
        )
        user = session.scalar(select(User).where(User.username == "dinkes"))
        assert user is not None
        idea = create_idea(
            session,
            Principal.of(user),
            to_agency="Disdukcapil",
            title="Kirim data bulanan lebih awal",
            body="Mohon kirim data kelahiran tiap minggu agar imunisasi tepat sasaran.",
        )
        idea.created_at = submitted


def test_page_shows_every_agency_with_the_librarys_numbers(site: Site) -> None:
    quarter = current_quarter(date.today())
    _cooperation(site, quarter)
    page = site.client("wali").get("/kinerja")
    assert page.status_code == 200
    text = page.text
    card = _library(site, quarter)
    assert {a.agency for a in card.agencies} == set(AGENCIES)
    for score in card.agencies:
        row = _row(text, score.agency)
        for key in ("persons_linked_across", "acceptance_pct", "on_time_pct"):
            assert _cell(row, key) == metric_text(key, getattr(score, key)), (score.agency, key)
    assert all(a.persons_linked_across > 0 for a in card.agencies)
    assert any(a.acceptance_pct is not None for a in card.agencies)  # ingested this quarter
    capil = next(a for a in card.agencies if a.agency == "Disdukcapil")
    assert (capil.proposals_answered, capil.median_response_days) == (1, 2.0)
    assert "2,0 hari" in text  # the median chart, decimal comma
    assert text.count("<svg") == 3
    # the period menu: the current quarter chosen, 4 quarters and 6 months offered
    assert f'<option value="{quarter.label}" selected>' in text
    assert len(re.findall(r'<option value="\d{4}-Q\d"', text)) == 4
    assert len(re.findall(r'<option value="\d{4}-\d{2}"', text)) == 6
    # headers carry the definition; the definitions section lists every metric
    assert 'title="Orang (ID rajut) yang punya rekaman' in text
    assert 'id="definisi"' in text and text.count('<dt id="def-') == 18
    # per unit, spacing of the unit name normalised when it was stored
    unit_row = re.search(
        r'<tr data-agency="Dinas Kesehatan" data-unit="Seksi Gizi".*?</tr>', text, re.S
    )
    assert unit_row and _cell(unit_row.group(0), "proposals_made") == "1"
    assert _cell(unit_row.group(0), "ideas_made") == "1"
    # a past month chosen from the menu
    month = site.client("wali").get("/kinerja?period=2026-06")
    assert month.status_code == 200 and '<option value="2026-06" selected>' in month.text


def test_numbers_are_written_the_indonesian_way() -> None:
    assert (number(1234567), number(97.5), number(None)) == ("1.234.567", "97,5", "–")
    assert metric_text("on_time_pct", 97.5) == "97,5 %"
    assert metric_text("acceptance_pct", 1234.0) == "1.234,0 %"
    assert metric_text("acceptance_trend_pp", -1.5) == "−1,5"
    assert metric_text("acceptance_trend_pp", 2.0) == "+2,0"
    assert metric_text("median_response_days", 3.25) == "3,2"
    assert metric_text("proposals_made", 1500) == "1.500"
    assert metric_text("on_time_pct", None) == "–"


def test_produsen_sees_every_agency_with_their_own_row_highlighted(site: Site) -> None:
    text = site.client("dinkes").get("/kinerja").text
    for agency in AGENCIES:
        assert f'data-agency="{agency}"' in text
    assert 'class="mine"' in _row(text, "Dinas Kesehatan")
    assert "dinas Anda" in _row(text, "Dinas Kesehatan")
    assert "mine" not in _row(text, "Disdukcapil")
    assert "#c77700" in text  # their bar in the charts too
    walidata = site.client("wali").get("/kinerja").text
    assert 'class="mine"' not in walidata and "#c77700" not in walidata
    for role in ("analis", "pimpinan"):
        assert site.client(role).get("/kinerja").status_code == 200


def test_auditor_is_refused_everywhere(site: Site) -> None:
    auditor = site.client("auditor")
    for url in ("/kinerja", "/kinerja.xlsx", "/api/v1/scorecard"):
        assert auditor.get(url).status_code == 403, url
    assert 'href="/kinerja"' not in auditor.get("/").text
    assert 'href="/kinerja"' in site.client("pimpinan").get("/").text


def test_workbook_download_opens_and_is_audited(site: Site) -> None:
    response = site.client("dinkes").get("/kinerja.xlsx?period=2026-Q2")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert 'filename="kartu-kinerja-2026-Q2.xlsx"' in response.headers["content-disposition"]
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    assert book.sheetnames == ["Ringkasan", "Bukti SKP", "Per unit", "Definisi"]
    agencies = {row[0] for row in book["Ringkasan"].iter_rows(min_row=5, values_only=True)}
    assert agencies == set(AGENCIES)
    with site.app.state.ctx.state.session() as session:
        [entry] = session.scalars(select(AuditEntry).where(AuditEntry.action == "export"))
    assert (entry.actor, entry.target) == ("dinkes", "kinerja.xlsx 2026-Q2")


def test_a_bad_period_says_how_to_write_one(site: Site) -> None:
    wali = site.client("wali")
    page = wali.get("/kinerja?period=2026-13")
    assert page.status_code == 400
    assert "tidak dikenali" in page.text and "TTTT-Qn" in page.text
    assert '<select id="period"' in page.text  # the menu stays, to pick a valid one
    assert "Traceback" not in page.text
    download = wali.get("/kinerja.xlsx?period=triwulan")
    assert download.status_code == 400 and "TTTT-BB" in download.text
    api = wali.get("/api/v1/scorecard?period=2026-Q5")
    assert api.status_code == 400
    assert api.json()["ok"] is False and api.json()["error"]["code"] == "scorecard-period"


def test_page_renders_in_english(site: Site) -> None:
    client = site.client("dinkes")
    client.cookies.set("rajut_lang", "en")
    text = client.get("/kinerja").text
    assert "Collaboration scorecard" in text and "Persons linked across agencies" in text
    assert "Quarter" in text and "Definitions" in text and "your agency" in text
    assert "Kartu kinerja kolaborasi" not in text


def test_api_answers_the_librarys_json(site: Site) -> None:
    with site.app.state.ctx.state.session() as session:
        user = session.scalar(select(User).where(User.username == "pimpinan"))
        assert user is not None
        token = issue_token(session, user, "uji")
    api = TestClient(site.app, headers={"Authorization": f"Bearer {token}"})
    body = api.get("/api/v1/scorecard?period=2026-Q2").json()
    assert body == _library(site, parse_score_period("2026-Q2")).to_dict()
    assert body["period"] == "2026-Q2" and len(body["agencies"]) == 4
    default = api.get("/api/v1/scorecard").json()
    assert default["period"] == current_quarter(date.today()).label
