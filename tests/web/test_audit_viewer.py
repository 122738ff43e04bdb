"""The audit-log viewer through HTTP: auditor only, filters, pages, verify, safe CSV export."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, timedelta

from sqlalchemy import text

from rajut.governance.audit import ACTIONS
from rajut.web.pages.audit_log import PAGE_SIZE, csv_cell
from tests.web.conftest import Site


def _seqs(html: str) -> list[int]:
    return [int(n) for n in re.findall(r'<td class="num">(\d+)</td>', html)]


def _count(site: Site, action: str) -> int:
    return site.app.state.ctx.audit.query(action=action)[1]


def test_no_role_but_the_auditor_reads_the_log(site: Site) -> None:
    for user in ("wali", "dinkes", "analis", "pimpinan"):
        client = site.client(user)
        assert client.get("/audit").status_code == 403, user
        assert client.get("/audit/ekspor.csv").status_code == 403, user
        checked = client.post("/audit/periksa", data={"csrf_token": site.csrf(user)})
        assert checked.status_code == 403, user
    assert "/audit" not in site.client("wali").get("/").text.split("<main")[0]
    assert _count(site, "audit_view") == 0 and _count(site, "export") == 0


def test_viewer_lists_newest_first_filters_and_pages(site: Site) -> None:
    ctx = site.app.state.ctx
    for n in range(PAGE_SIZE + 5):
        ctx.audit.append("analis", "search", role="analis", target=f"cari nama {n}")
    ctx.audit.append("dinkes", "unmask", role="produsen", target="orang p-1", purpose="kunjungan")
    auditor = site.client("auditor")

    first = auditor.get("/audit")
    assert first.status_code == 200
    seqs = _seqs(first.text)
    assert len(seqs) == PAGE_SIZE and seqs == sorted(seqs, reverse=True)
    assert "Membuka NIK/No. KK" in first.text and "kunjungan" in first.text
    top = seqs[0]
    assert f'href="/audit?halaman=2&amp;puncak={top}"' in first.text
    # the first view was logged; page 2 still continues exactly where page 1 ended
    second = auditor.get(f"/audit?halaman=2&puncak={top}")
    assert _seqs(second.text) == list(range(min(seqs) - 1, 0, -1))
    # every label of ACTIONS is offered in the action filter
    assert all(f'value="{key}"' in first.text for key in ACTIONS)

    searches = auditor.get("/audit?aksi=search&pengguna=ANALIS")
    assert "cari nama 54" in searches.text and "kunjungan" not in searches.text
    assert f"{PAGE_SIZE + 5} entri cocok" in searches.text
    assert 'href="/audit?pengguna=ANALIS&amp;aksi=search&amp;halaman=2&amp;puncak=' in searches.text
    assert "1 entri cocok" in auditor.get("/audit?q=nama+54").text
    assert "1 entri cocok" in auditor.get("/audit?q=kunjungan").text
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    assert "0 entri cocok" in auditor.get(f"/audit?dari={tomorrow}").text
    today = date.today().isoformat()
    assert "Tidak ada entri" not in auditor.get(f"/audit?dari={today}&sampai={today}").text
    assert auditor.get("/audit?aksi=hapus_semua").status_code == 400
    bad_date = auditor.get("/audit?dari=kemarin")
    assert bad_date.status_code == 400 and "TTTT-BB-HH" in bad_date.text
    # one audit_view per page shown (the refused ones are not views)
    assert _count(site, "audit_view") == 7


def test_entry_details_show_client_and_json(site: Site) -> None:
    site.app.state.ctx.audit.append(
        "wali", "setting_change", target="web.max_upload_mb", details={"dari": 50, "ke": 100}
    )
    page = site.client("auditor").get("/audit?aksi=setting_change")
    assert "<details>" in page.text and "&#34;ke&#34;: 100" in page.text
    assert "Pengaturan diubah" in page.text


def test_verify_says_intact_then_names_an_edited_and_a_deleted_entry(site: Site) -> None:
    for n in range(5):
        site.app.state.ctx.audit.append("analis", "search", target=f"cari {n}")
    auditor = site.client("auditor")
    csrf = site.csrf("auditor")
    intact = auditor.post("/audit/periksa", data={"csrf_token": csrf})
    assert intact.status_code == 200 and "Log audit utuh." in intact.text
    with site.app.state.ctx.state.engine.begin() as con:
        con.execute(text("UPDATE audit_log SET target = 'diubah diam-diam' WHERE seq = 2"))
        con.execute(text("DELETE FROM audit_log WHERE seq = 4"))
    broken = auditor.post("/audit/periksa", data={"csrf_token": csrf})
    assert "Log audit TIDAK utuh." in broken.text
    assert "Isi entri 2 tidak cocok dengan hash-nya (diubah)." in broken.text
    assert "Entri 4–4 hilang (dihapus)." in broken.text
    results = [e.details["ok"] for e in site.app.state.ctx.audit.query(action="audit_verify")[0]]
    assert results == [False, True]  # newest first


def test_csv_export_follows_filters_defuses_formulas_and_is_audited(site: Site) -> None:
    ctx = site.app.state.ctx
    ctx.audit.append("analis", "export", target='=HYPERLINK("http://x")', purpose="+cmd|' /C")
    ctx.audit.append("analis", "export", target="-1+1", purpose="@SUM(A1)")
    ctx.audit.append("analis", "search", target="biasa saja")
    response = site.client("auditor").get("/audit/ekspor.csv?aksi=export&pengguna=analis")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [r["target"] for r in rows] == ["'-1+1", '\'=HYPERLINK("http://x")']
    assert [r["purpose"] for r in rows] == ["'@SUM(A1)", "'+cmd|' /C"]
    assert all(r["action"] == "export" for r in rows)
    [entry] = ctx.audit.query(action="export", actor="auditor")[0]
    assert entry.details["rows"] == 2 and entry.details["filters"] == {
        "pengguna": "analis",
        "aksi": "export",
    }
    assert csv_cell("=1") == "'=1" and csv_cell("Dinas") == "Dinas" and csv_cell(None) == ""
