"""Walidata administration: the overview and user management (create, disable).

The work itself lives in the library (:mod:`rajut.governance.users`); these handlers only
read forms, call it, audit the change and render the result.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Form, Request, Response
from fastapi.responses import RedirectResponse
from sqlalchemy import func, select

from rajut.appstate.models import Agreement, Job, User
from rajut.errors import RajutError
from rajut.governance.agreements import in_force
from rajut.governance.roles import ROLE_LABELS, Perm, Role, parse_role, same_agency
from rajut.governance.users import Principal, create_user, disable_user, get_user, list_users
from rajut.sources.registry import list_contracts
from rajut.store.analytics import table_exists
from rajut.web.context import WebContext, ctx_of
from rajut.web.i18n import N_
from rajut.web.policy import allow
from rajut.web.render import page

router = APIRouter()


def source_owners(ctx: WebContext) -> list[str]:
    """The agencies that own a registered source: the choices for a produsen's agency."""
    owners: dict[str, str] = {}
    for contract in list_contracts(ctx.ws):
        owners.setdefault(" ".join(contract.owner.lower().split()), contract.owner)
    return sorted(owners.values())


def last_runs(ctx: WebContext) -> dict[str, dict[str, Any] | None]:
    """The newest linkage run and the newest build, read from the analytics store."""
    found: dict[str, dict[str, Any] | None] = {"linkage": None, "build": None}
    if not ctx.ws.analytics_db.exists():
        return found
    with ctx.analytics() as con:
        if table_exists(con, "link", "runs"):
            row = con.execute(
                "SELECT link_run_id, finished_at, records, persons FROM link.runs "
                "ORDER BY finished_at DESC LIMIT 1"
            ).fetchone()
            if row:
                found["linkage"] = dict(
                    zip(("id", "finished_at", "records", "persons"), row, strict=True)
                )
        if table_exists(con, "integ", "builds"):
            row = con.execute(
                "SELECT build_id, as_of, built_at FROM integ.builds "
                "ORDER BY built_at DESC, build_id DESC LIMIT 1"
            ).fetchone()
            if row:
                found["build"] = dict(zip(("id", "as_of", "built_at"), row, strict=True))
    return found


def default_as_of(runs: dict[str, dict[str, Any] | None]) -> date:
    """The reference date offered for the next build: the last build's, else today."""
    build = runs.get("build")
    if build and isinstance(build.get("as_of"), date):
        as_of: date = build["as_of"]
        return as_of
    return date.today()


@router.get("/admin")
def overview(request: Request, who: Principal = allow(Perm.ADMIN)) -> Response:
    ctx = ctx_of(request)
    with ctx.state.session() as session:
        users_total = int(session.scalar(select(func.count()).select_from(User)) or 0)
        users_active = int(
            session.scalar(select(func.count()).select_from(User).where(User.active.is_(True))) or 0
        )
        jobs = {
            str(status): int(n)
            for status, n in session.execute(select(Job.status, func.count()).group_by(Job.status))
        }
        agreements = list(session.scalars(select(Agreement)))
    pending = sum(1 for a in agreements if a.consent_at is None and a.revoked_at is None)
    runs = last_runs(ctx)
    return page(
        request,
        "admin.html",
        users_total=users_total,
        users_active=users_active,
        sources=list_contracts(ctx.ws),
        jobs=jobs,
        agreements_in_force=sum(1 for a in agreements if in_force(a)),
        agreements_pending=pending,
        runs=runs,
        as_of=default_as_of(runs).isoformat(),
    )


def _users_page(
    request: Request,
    who: Principal,
    *,
    message: str = "",
    error: RajutError | None = None,
    form: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    ctx = ctx_of(request)
    with ctx.state.session() as session:
        users = list_users(session)
    return page(
        request,
        "admin_users.html",
        status_code=status,
        users=users,
        roles=[(role.value, ROLE_LABELS[role]) for role in Role],
        role_labels={role.value: label for role, label in ROLE_LABELS.items()},
        agencies=source_owners(ctx),
        message=message,
        error=error,
        form=form
        or {
            "username": "",
            "full_name": "",
            "role": "produsen",
            "agency": "",
            "unit": "",
            "email": "",
        },
    )


@router.get("/admin/pengguna")
def users(request: Request, nonaktif: str = "", who: Principal = allow(Perm.ADMIN)) -> Response:
    message = N_("Pengguna sudah dinonaktifkan; sesi dan token API-nya berhenti berlaku.")
    return _users_page(request, who, message=message if nonaktif else "")


def _checked_agency(ctx: WebContext, role: str, agency: str) -> str | None:
    """A produsen's agency must own a registered source; other roles have none."""
    agency = agency.strip()
    if parse_role(role) is not Role.PRODUSEN:
        return agency or None  # the library refuses an agency for other roles
    known = source_owners(ctx)
    if not known:
        raise RajutError(
            "Belum ada sumber data terdaftar, jadi belum ada dinas yang bisa dipilih.",
            "Daftarkan kontrak sumber dinas itu dulu di halaman Sumber data.",
            code="user-agency",
        )
    for owner in known:
        if same_agency(owner, agency):
            return owner
    raise RajutError(
        "Dinas produsen data harus salah satu pemilik sumber yang terdaftar.",
        "Pilih dinas dari daftar: " + ", ".join(known) + ".",
        code="user-agency",
    )


@router.post("/admin/pengguna")
def create(
    request: Request,
    username: str = Form(""),
    full_name: str = Form(""),
    role: str = Form(""),
    agency: str = Form(""),
    unit: str = Form(""),
    email: str = Form(""),
    password: str = Form(""),
    password2: str = Form(""),
    who: Principal = allow(Perm.ADMIN),
) -> Response:
    ctx = ctx_of(request)
    form = {
        "username": username[:64],
        "full_name": full_name[:200],
        "role": role[:20],
        "agency": agency[:120],
        "unit": unit[:200],
        "email": email[:200],
    }
    try:
        if password != password2:
            raise RajutError(
                "Kedua kata sandi awal tidak sama.", "Ketik kata sandi yang sama dua kali."
            )
        checked = _checked_agency(ctx, role, agency)
        with ctx.state.write_lock, ctx.state.session() as session:
            user = create_user(
                session,
                username,
                password,
                role,
                agency=checked,
                full_name=full_name,
                unit=unit,
                email=email,
            )
            created = Principal.of(user)
            created_unit = user.unit
    except RajutError as exc:
        return _users_page(request, who, error=exc, form=form, status=400)
    details: dict[str, object] = {"role": created.role, "agency": created.agency}
    if created_unit:
        details["unit"] = created_unit  # the e-mail address is not copied into the log
    ctx.record(request, who, "user_create", target=created.username, details=details)
    return _users_page(request, who, message=N_("Pengguna baru dibuat."))


def _disable_target(request: Request, who: Principal, username: str) -> User:
    """The user to disable; never the walidata themselves (they would lock the door)."""
    with ctx_of(request).state.session() as session:
        user = get_user(session, username)
    if user.id == who.id:
        raise RajutError(
            "Anda tidak bisa menonaktifkan akun Anda sendiri.",
            "Minta walidata lain menonaktifkan akun ini bila memang perlu.",
            code="user-self-disable",
        )
    return user


@router.get("/admin/pengguna/{username}/nonaktifkan")
def disable_confirm(
    request: Request, username: str, who: Principal = allow(Perm.ADMIN)
) -> Response:
    user = _disable_target(request, who, username)
    return page(request, "admin_user_disable.html", user=user)


@router.post("/admin/pengguna/{username}/nonaktifkan")
def disable(request: Request, username: str, who: Principal = allow(Perm.ADMIN)) -> Response:
    ctx = ctx_of(request)
    target = _disable_target(request, who, username)
    with ctx.state.session() as session:
        name = disable_user(session, target.username).username
    ctx.record(request, who, "user_disable", target=name)
    return RedirectResponse("/admin/pengguna?nonaktif=1", status_code=303)
