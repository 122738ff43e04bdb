"""Targeting dashboard: numbers equal the build's results, desa drill-down, "<5", downloads."""

from __future__ import annotations

import html
import io
import re

import openpyxl
from sqlalchemy import select

from rajut.appstate.models import AuditEntry
from rajut.integrate import latest_build_id
from tests.web.conftest import Site

MASKED_NIK = re.compile(r"^\d{4}\*{8}\d{4}$")


def _build(site: Site) -> str:
    with site.app.state.ctx.analytics() as con:
        build_id = latest_build_id(con)
    assert build_id is not None
    return build_id


def _sql_counts(site: Site, column: str, where: str = "", params: tuple[str, ...] = ()) -> dict:
    """Candidates per (rule, area) counted straight from integ.target_results."""
    with site.app.state.ctx.analytics() as con:
        rows = con.execute(
            f"SELECT rule_id, {column}, count(*) FROM integ.target_results "
            f"WHERE build_id = ? {where} GROUP BY ALL",
            [_build(site), *params],
        ).fetchall()
    return {(rule, area): n for rule, area, n in rows}


def _cell(page: str, area: str, rule: str) -> str:
    match = re.search(
        rf'data-area="{re.escape(area)}" data-rule="{re.escape(rule)}">(?:<a [^>]*>)?([^<]*)<',
        page,
    )
    assert match, f"no cell for {area} / {rule}"
    return html.unescape(match.group(1)).strip()


def _exports(site: Site, actor: str) -> list[AuditEntry]:
    with site.app.state.ctx.state.session() as session:
        return list(
            session.scalars(
                select(AuditEntry).where(AuditEntry.action == "export", AuditEntry.actor == actor)
            )
        )


def test_kecamatan_numbers_equal_a_direct_count_over_the_build(site: Site) -> None:
    counts = _sql_counts(site, "kecamatan_code")
    (rule, kecamatan), biggest = max(counts.items(), key=lambda item: item[1])
    assert biggest >= 5, "the demo should have one cell that is not suppressed"
    response = site.client("pimpinan").get("/dasbor")
    assert response.status_code == 200
    page = response.text
    assert _cell(page, kecamatan, rule) == str(biggest)
    assert "Data per tanggal" in page and "30 Juni 2026" in page
    assert "<svg" in page and 'class="chart-svg"' in page
    # aggregates only: no person names or NIK on the page
    with site.app.state.ctx.analytics() as con:
        names = [r[0] for r in con.execute("SELECT name FROM integ.person LIMIT 50").fetchall()]
    assert not any(name and name in page for name in names)
    assert not re.search(r"\d{16}", page)


def test_desa_drill_down(site: Site) -> None:
    counts = _sql_counts(site, "kecamatan_code")
    (rule, kecamatan), total = max(counts.items(), key=lambda item: item[1])
    page = site.client("analis").get(f"/dasbor?kecamatan={kecamatan}").text
    desa = _sql_counts(site, "desa_code", "AND kecamatan_code = ?", (kecamatan,))
    shown_sum = 0
    for (rule_id, desa_code), n in desa.items():
        if rule_id != rule:
            continue
        text = _cell(page, desa_code, rule)
        assert text == (str(n) if n >= 5 else "<5")
        shown_sum += n
    assert shown_sum == total
    wilayah = site.ws.wilayah()
    assert all(d.name in page for d in wilayah.children(kecamatan))
    # analis can download each desa's list from the table
    assert f"/dasbor/daftar.xlsx?rule={rule}&amp;desa=" in page
    # a kecamatan of another kabupaten is refused with a hint
    bad = site.client("analis").get("/dasbor?kecamatan=31.71.01")
    assert bad.status_code == 400 and "Pilih wilayah" in bad.text


def test_small_cells_are_shown_as_less_than_five(site: Site) -> None:
    counts = _sql_counts(site, "kecamatan_code")
    (rule, kecamatan), n = next((k, v) for k, v in counts.items() if 0 < v < 5)
    page = site.client("pimpinan").get("/dasbor").text
    assert _cell(page, kecamatan, rule) == "<5"
    api = site.client("pimpinan").get("/api/v1/targets").json()
    column = [r["id"] for r in api["rules"]].index(rule)
    area = next(a for a in api["areas"] if a["code"] == kecamatan)
    assert area["cells"][column] == {"rule": rule, "count": None, "shown": "<5", "suppressed": True}
    # the recap workbook suppresses the same cell
    book = site.client("pimpinan").get("/dasbor/rekap.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(book.content))["Per kecamatan"]
    rows = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows[kecamatan][2 + column] == "<5"


def test_dashboard_reads_the_stored_aggregates_not_the_lists(site: Site) -> None:
    """Per-build aggregates are computed once by run_targets; a page never recounts them."""
    counts = _sql_counts(site, "kecamatan_code")
    (rule, kecamatan), n = max(counts.items(), key=lambda item: item[1])
    with site.app.state.ctx.analytics() as con:
        con.execute("ALTER TABLE integ.target_results RENAME TO target_results_hidden")
    page = site.client("wali").get("/dasbor").text
    assert _cell(page, kecamatan, rule) == str(n)


def test_pimpinan_sees_aggregates_but_no_lists_and_no_persons(site: Site) -> None:
    client = site.client("pimpinan")
    assert client.get("/dasbor").status_code == 200
    recap = client.get("/dasbor/rekap.xlsx")
    assert recap.status_code == 200
    assert recap.headers["content-type"].startswith("application/vnd.openxmlformats")
    book = openpyxl.load_workbook(io.BytesIO(recap.content))
    assert book.sheetnames == ["Ringkasan", "Per kecamatan", "Per desa"]
    assert client.get("/dasbor/daftar.xlsx?rule=penerima-ganda").status_code == 403
    with site.app.state.ctx.analytics() as con:
        person = con.execute("SELECT person_id FROM integ.person LIMIT 1").fetchone()[0]
    assert client.get(f"/orang/{person}").status_code == 403
    assert "daftar.xlsx" not in client.get("/dasbor").text
    assert [e.target for e in _exports(site, "pimpinan")] == ["dasbor/rekap.xlsx"]


def test_list_workbook_masks_nik_and_neutralises_formulas(site: Site) -> None:
    build = _build(site)
    evil = '=HYPERLINK("http://x","klik")'
    with site.app.state.ctx.analytics() as con:
        rule, desa, person = con.execute(
            "SELECT rule_id, desa_code, entity_id FROM integ.target_results "
            "WHERE build_id = ? AND unit = 'person' ORDER BY rule_id, entity_id LIMIT 1",
            [build],
        ).fetchone()
        con.execute(
            "UPDATE integ.person SET name = ? WHERE build_id = ? AND person_id = ?",
            [evil, build, person],
        )
    response = site.client("analis").get(f"/dasbor/daftar.xlsx?rule={rule}&desa={desa}")
    assert response.status_code == 200
    assert desa in response.headers["content-disposition"]
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = book[book.sheetnames[1]]  # the desa sheet after "Ringkasan"
    header = [c.value for c in sheet[4]]
    name_col, nik_col = header.index("Nama"), header.index("NIK")
    rows = list(sheet.iter_rows(min_row=5))
    assert rows, "the desa sheet lists the candidates"
    evil_cells = [
        r[name_col] for r in rows if r[name_col].value and "HYPERLINK" in r[name_col].value
    ]
    assert len(evil_cells) == 1
    assert evil_cells[0].data_type == "s" and evil_cells[0].value == "'" + evil
    niks = [r[nik_col].value for r in rows if r[nik_col].value]
    assert niks and all(MASKED_NIK.match(n) for n in niks)
    for row in sheet.iter_rows(values_only=True):
        assert not any(re.fullmatch(r"\d{16}", str(v)) for v in row if v is not None)
    [export] = _exports(site, "analis")
    assert export.details["rows"] == len(rows) and export.details["nik_masked"] is True


def test_unknown_rule_or_desa_gets_a_hint(site: Site) -> None:
    client = site.client("wali")
    unknown = client.get("/dasbor/daftar.xlsx?rule=tidak-ada")
    assert unknown.status_code == 400 and "Aturan yang tersedia" in unknown.text
    bad_desa = client.get("/dasbor/daftar.xlsx?rule=penerima-ganda&desa=99.99.99.9999")
    assert bad_desa.status_code == 400
    assert _exports(site, "wali") == []


def test_dashboard_speaks_english_too(site: Site) -> None:
    client = site.client("analis")
    client.cookies.set("rajut_lang", "en")
    page = client.get("/dasbor").text
    assert "Data as of" in page and "30 June 2026" in page and "Per district" in page
