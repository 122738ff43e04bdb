"""Administration through HTTP: overview, users (create, disable), linkage and build jobs."""

from __future__ import annotations

from sqlalchemy import select

from rajut.appstate.models import AuditEntry, Job, User
from rajut.governance.users import get_user
from tests.web.conftest import Site, csrf_of

STRONG = "Kopi-Gayo-Takengon-88"


def _audit(site: Site, action: str) -> list[AuditEntry]:
    with site.app.state.ctx.state.session() as session:
        return list(
            session.scalars(
                select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.seq)
            )
        )


def _new_user(site: Site, **fields: str) -> tuple[int, str]:
    data = {
        "username": "siti.dinsos",
        "full_name": "Siti Aminah",
        "role": "produsen",
        "agency": "Dinas Sosial",
        "password": STRONG,
        "password2": STRONG,
        "csrf_token": site.csrf("wali"),
        **fields,
    }
    response = site.client("wali").post("/admin/pengguna", data=data)
    return response.status_code, response.text


def test_overview_counts_users_sources_and_the_last_runs(site: Site) -> None:
    with site.app.state.ctx.analytics() as con:
        build_row = con.execute(
            "SELECT build_id FROM integ.builds ORDER BY built_at DESC LIMIT 1"
        ).fetchone()
        persons_row = con.execute(
            "SELECT persons FROM link.runs ORDER BY finished_at DESC LIMIT 1"
        ).fetchone()
    assert build_row and persons_row
    page = site.client("wali").get("/admin")
    assert page.status_code == 200
    assert "6 aktif dari 6 akun" in page.text
    for source in ("dukcapil", "dtks", "eppgbm", "pbi_jk", "dapodik"):
        assert source in page.text
    assert build_row[0] in page.text
    assert f"{persons_row[0]:,}".replace(",", ".") + " orang" in page.text
    assert 'action="/admin/linkage"' in page.text and 'action="/admin/bangun"' in page.text


def test_create_user_checks_password_agency_and_is_audited(site: Site) -> None:
    status, text = _new_user(site, password="rahasia123", password2="rahasia123")
    assert status == 400 and "terlalu pendek" in text
    assert 'value="siti.dinsos"' in text  # the form keeps what was typed (not the password)
    status, text = _new_user(site, password2=STRONG + "x")
    assert status == 400 and "tidak sama" in text
    status, text = _new_user(site, agency="")
    assert status == 400 and "Dinas produsen data harus salah satu pemilik" in text
    status, text = _new_user(site, agency="Dinas Pariwisata")
    assert status == 400 and "Dinas Sosial" in text  # the hint lists the known agencies
    status, text = _new_user(site, role="analis")  # an analis with an agency would own data
    assert status == 400 and "Hanya produsen data yang terikat" in text
    assert _audit(site, "user_create") == []

    status, text = _new_user(site, agency="dinas  sosial")
    assert status == 200 and "Pengguna baru dibuat" in text
    assert "siti.dinsos" in text and "Siti Aminah" in text
    with site.app.state.ctx.state.session() as session:
        user = get_user(session, "siti.dinsos")
        assert (user.role, user.agency, user.active) == ("produsen", "Dinas Sosial", True)
    [entry] = _audit(site, "user_create")
    assert (entry.actor, entry.target) == ("wali", "siti.dinsos")
    assert entry.details == {"role": "produsen", "agency": "Dinas Sosial"}

    fresh = site.anonymous()
    signed_in = fresh.post(
        "/masuk",
        data={
            "username": "siti.dinsos",
            "password": STRONG,
            "csrf_token": csrf_of(fresh.get("/masuk").text),
        },
    )
    assert signed_in.status_code == 303 and signed_in.headers["location"] == "/"
    status, text = _new_user(site)
    assert status == 400 and "sudah ada" in text


def test_disable_user_asks_first_ends_their_session_and_is_audited(site: Site) -> None:
    pimpinan = site.client("pimpinan")
    assert pimpinan.get("/akun").status_code == 200
    wali = site.client("wali")
    listing = wali.get("/admin/pengguna")
    assert 'href="/admin/pengguna/pimpinan/nonaktifkan"' in listing.text
    assert 'href="/admin/pengguna/wali/nonaktifkan"' not in listing.text
    confirm = wali.get("/admin/pengguna/pimpinan/nonaktifkan")
    assert confirm.status_code == 200 and "Ya, nonaktifkan" in confirm.text
    with site.app.state.ctx.state.session() as session:
        assert get_user(session, "pimpinan").active  # the GET changed nothing
    done = wali.post("/admin/pengguna/pimpinan/nonaktifkan", data={"csrf_token": site.csrf("wali")})
    assert done.status_code == 303
    after = wali.get(done.headers["location"])
    assert "dinonaktifkan" in after.text
    with site.app.state.ctx.state.session() as session:
        assert not get_user(session, "pimpinan").active
    assert pimpinan.get("/akun").headers["location"].startswith("/masuk")
    [entry] = _audit(site, "user_disable")
    assert (entry.actor, entry.target) == ("wali", "pimpinan")


def test_walidata_cannot_disable_themselves_or_a_missing_user(site: Site) -> None:
    wali = site.client("wali")
    page = wali.get("/admin/pengguna/wali/nonaktifkan")
    assert page.status_code == 400 and "akun Anda sendiri" in page.text
    refused = wali.post("/admin/pengguna/wali/nonaktifkan", data={"csrf_token": site.csrf("wali")})
    assert refused.status_code == 400
    with site.app.state.ctx.state.session() as session:
        assert session.scalar(select(User.active).where(User.username == "wali")) is True
    missing = wali.get("/admin/pengguna/tidak.ada/nonaktifkan")
    assert missing.status_code == 400 and "tidak ditemukan" in missing.text
    assert _audit(site, "user_disable") == []


def test_linkage_and_build_run_as_jobs_with_progress_and_audit(site: Site) -> None:
    ctx = site.app.state.ctx
    wali = site.client("wali")
    csrf = site.csrf("wali")
    with ctx.analytics() as con:
        as_of, builds_before = con.execute(
            "SELECT max(as_of), count(*) FROM integ.builds"
        ).fetchone() or (None, 0)
        runs_before = (con.execute("SELECT count(*) FROM link.runs").fetchone() or (0,))[0]

    started = wali.post("/admin/linkage", data={"csrf_token": csrf})
    assert started.status_code == 303
    link_job = int(started.headers["location"].split("baru=")[1])
    ctx.jobs.wait(link_job, timeout=120)
    built = wali.post("/admin/bangun", data={"csrf_token": csrf, "as_of": str(as_of)})
    assert built.status_code == 303
    build_job = int(built.headers["location"].split("baru=")[1])
    ctx.jobs.wait(build_job, timeout=120)

    with ctx.state.session() as session:
        link = session.get(Job, link_job)
        build = session.get(Job, build_job)
        assert link is not None and build is not None
        assert (link.kind, link.status, link.progress) == ("linkage", "done", 100), link.error
        assert (build.kind, build.status, build.progress) == ("build", "done", 100), build.error
        assert link.result is not None and link.result["persons"] > 900
        assert build.result is not None and build.result["as_of"] == str(as_of)
        assert build.result["counts"]["person"] > 900 and build.result["targets"]
        assert build.params == {"as_of": str(as_of)}
    with ctx.analytics() as con:
        assert (con.execute("SELECT count(*) FROM integ.builds").fetchone() or (0,))[0] == (
            builds_before + 1
        )
        assert (con.execute("SELECT count(*) FROM link.runs").fetchone() or (0,))[0] == (
            runs_before + 1
        )
    assert [e.details["job"] for e in _audit(site, "linkage")] == [link_job]
    assert [e.details["job"] for e in _audit(site, "build")] == [build_job]

    listing = wali.get(f"/admin/tugas?baru={build_job}")
    assert listing.status_code == 200
    assert (
        f'href="/tugas/{build_job}"' in listing.text and f'href="/tugas/{link_job}"' in listing.text
    )
    assert listing.text.count("Selesai") >= 2 and "Bangun data terpadu" in listing.text


def test_runs_refuse_a_bad_date_and_a_second_run_while_one_is_busy(site: Site) -> None:
    ctx = site.app.state.ctx
    wali = site.client("wali")
    csrf = site.csrf("wali")
    bad = wali.post("/admin/bangun", data={"csrf_token": csrf, "as_of": "30-06-2026"})
    assert bad.status_code == 400 and "TTTT-BB-HH" in bad.text
    with ctx.state.session() as session:
        busy = Job(kind="linkage", status="running")
        session.add(busy)
        session.flush()
        busy_id = busy.id
    again = wali.post("/admin/linkage", data={"csrf_token": csrf})
    assert again.status_code == 400 and f"nomor {busy_id} masih berjalan" in again.text
    with ctx.state.session() as session:
        assert session.scalar(select(Job).where(Job.id > busy_id)) is None
    assert _audit(site, "linkage") == [] and _audit(site, "build") == []


def test_admin_pages_render_in_english(site: Site) -> None:
    wali = site.client("wali")
    wali.cookies.set("rajut_lang", "en")
    expected = {
        "/admin": "Run linkage",
        "/admin/pengguna": "Create a new user",
        "/admin/pengguna/pimpinan/nonaktifkan": "Yes, disable",
        "/admin/tugas": "Background jobs",
        "/admin/perjanjian?sumber=dtks": "Record a new agreement",
        "/perjanjian": "Data-sharing agreements",
    }
    for url, text in expected.items():
        response = wali.get(url)
        assert response.status_code == 200 and text in response.text, url
    auditor = site.client("auditor")
    auditor.cookies.set("rajut_lang", "en")
    page = auditor.get("/audit?aksi=login")
    assert "Verify log integrity" in page.text and "Sign in" in page.text


def test_create_user_with_unit_and_email(site: Site) -> None:
    status, text = _new_user(site, email="siti@dinsos")
    assert status == 400 and "tidak sah" in text and "nama@" in text
    assert 'value="siti@dinsos"' in text and _audit(site, "user_create") == []

    status, text = _new_user(site, unit="  Bidang   Linjamsos ", email=" Siti@Dinsos.Example.go.id")
    assert status == 200 and "Pengguna baru dibuat" in text
    assert "Bidang Linjamsos" in text and "siti@dinsos.example.go.id" in text
    with site.app.state.ctx.state.session() as session:
        user = get_user(session, "siti.dinsos")
        assert (user.unit, user.email) == ("Bidang Linjamsos", "siti@dinsos.example.go.id")
    [entry] = _audit(site, "user_create")
    assert entry.details == {
        "role": "produsen",
        "agency": "Dinas Sosial",
        "unit": "Bidang Linjamsos",
    }  # the e-mail address stays out of the log
    form = site.client("wali").get("/admin/pengguna").text
    assert 'name="unit"' in form and 'name="email"' in form
