"""Hostile uploads: wrong types, zip bombs, over-size bodies, path tricks, formula cells."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from rajut.appstate.models import Upload
from rajut.web.uploads import display_name, stored_name
from tests.web.conftest import Site

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _post(site: Site, name: str, content: bytes, source: str = "eppgbm", user: str = "dinkes"):  # type: ignore[no-untyped-def]
    return site.client(user).post(
        "/unggah",
        data={"sumber": source, "csrf_token": site.csrf(user)},
        files={"berkas": (name, content, "application/octet-stream")},
    )


def _stored(site: Site) -> list[Path]:
    root = site.ws.data_dir / "uploads"
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.mark.parametrize(
    ("content", "what"),
    [
        (b"MZ\x90\x00\x03" + b"\x00" * 200, "EXE"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "PDF"),
        (b"NIK;NAMA\n3310;BUDI\n", "teks"),
    ],
)
def test_a_non_spreadsheet_named_xlsx_is_refused(site: Site, content: bytes, what: str) -> None:
    response = _post(site, "data.xlsx", content)
    assert response.status_code == 400
    assert "tidak sesuai jenisnya" in response.text and what in response.text
    assert _stored(site) == []  # nothing kept


def test_an_exe_named_csv_is_refused(site: Site) -> None:
    response = _post(site, "data.csv", b"MZ\x90\x00" + b"\x00" * 100)
    assert response.status_code == 400 and "EXE" in response.text


def test_a_plain_zip_named_xlsx_is_refused(site: Site) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("catatan.txt", "bukan excel")
    response = _post(site, "data.xlsx", buffer.getvalue())
    assert response.status_code == 400 and "bukan lembar kerja Excel" in response.text


def test_a_zip_bomb_xlsx_is_refused_before_reading(site: Site) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", "<workbook/>")
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as entry:
            block = b"\x00" * (1024 * 1024)
            for _ in range(200):  # 200 MB of zeros
                entry.write(block)
    body = buffer.getvalue()
    assert len(body) < 1024 * 1024  # a few hundred KB on the wire
    response = _post(site, "bom.xlsx", body)
    assert response.status_code == 400
    assert "ditolak demi keamanan" in response.text
    assert _stored(site) == []


def test_an_over_size_body_gets_413_in_bahasa(site: Site) -> None:
    limit = site.app.state.ctx.max_upload_bytes
    response = site.client("dinkes").post(
        "/unggah",
        content=b"x" * 16,
        headers={
            "content-type": "multipart/form-data; boundary=b",
            "content-length": str(limit + 2 * 1024 * 1024),
        },
    )
    assert response.status_code == 413
    assert "Berkas terlalu besar" in response.text and "Saran" in response.text


@pytest.mark.parametrize(
    "name",
    ["../../etc/passwd.csv", "/etc/cron.d/jahat.csv", "C:\\Windows\\win.ini.csv", "a\x00b\x07.csv"],
)
def test_path_tricks_in_the_file_name_stay_inside_the_upload_folder(site: Site, name: str) -> None:
    response = _post(site, name, b"A;B\n1;2\n")
    assert response.status_code == 303
    uploads = (site.ws.data_dir / "uploads").resolve()
    for path in _stored(site):
        assert path.resolve().is_relative_to(uploads)
        assert path.parent.name.isdigit()
    with site.app.state.ctx.state.session() as session:
        row = session.query(Upload).order_by(Upload.id.desc()).first()
        assert row is not None
        assert "/" not in row.original_name and "\\" not in row.original_name
        assert "\x00" not in row.original_name and ".." not in row.original_name


def test_script_in_the_name_is_shown_escaped(site: Site) -> None:
    response = _post(site, "<script>alert(1).csv", b"A;B\n1;2\n")
    assert response.status_code == 303
    page = site.client("dinkes").get("/unggah").text
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1).csv" in page


def test_names_are_cleaned() -> None:
    assert display_name("../../etc/passwd") == "passwd"
    assert display_name("..") == "berkas"
    assert stored_name("<b>x y.csv", ".csv") == "b_x_y.csv"
    assert stored_name("....csv", ".csv") == "berkas.csv"


def test_formula_cells_are_ingested_as_text_and_neutralised_in_the_workbook(
    site: Site, tmp_path: Path
) -> None:
    formula = '=HYPERLINK("http://jahat.example","klik")'
    quoted = formula.replace('"', '""')
    csv = "ID;NIK;NAMA;JK\n" + "".join(
        f'X{i};33101028102300{i:02d};"{quoted}";"{quoted}"\n' for i in range(12)
    )
    client = site.client("dinkes")
    response = _post(site, "rumus_2026Q2.csv", csv.encode(), source="__baru__")
    upload_id = int(response.headers["location"].split("/")[2])
    html = client.get(f"/unggah/{upload_id}/peta").text
    index = {
        m.group(2): m.group(1)
        for m in re.finditer(r'<label for="kolom-(\d+)">([^<]+)</label>', html)
    }
    form = {
        "csrf_token": site.csrf("dinkes"),
        "nama": "rumus",
        "judul": "Uji rumus",
        "frekuensi": "triwulanan",
        "granularitas": "quarter",
        "periode_tetap": "2026Q2",
        "id_baris": index["ID"],
        f"kolom_{index['NIK']}": "person.nik",
        f"kolom_{index['NAMA']}": "person.name",
        f"kolom_{index['JK']}": "person.sex",
    }
    assert client.post(f"/unggah/{upload_id}/peta", data=form).status_code == 303
    job = client.post(f"/unggah/{upload_id}/muat", data={"csrf_token": site.csrf("dinkes")})
    job_id = int(job.headers["location"].rsplit("/", 1)[1])
    site.app.state.ctx.jobs.wait(job_id, timeout=60)
    with site.app.state.ctx.analytics() as con:
        names = {
            r[0]
            for r in con.execute("SELECT name FROM std.person WHERE source = 'rumus'").fetchall()
        }
    assert names, "the rows were accepted"
    assert all(n is None or "HYPERLINK" in n.upper() for n in names)  # text, never evaluated
    xlsx = client.get("/sumber/rumus/mutu.xlsx")
    assert xlsx.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(xlsx.content))
    cells = [
        c.value
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for c in row
        if isinstance(c.value, str) and "HYPERLINK" in c.value
    ]
    assert cells, "the invalid JK values are listed in the workbook"
    assert all(v.startswith("'=") for v in cells)
