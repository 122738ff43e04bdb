"""Sign in, sign out, first-run setup and the language switch."""

from __future__ import annotations

from urllib.parse import urlparse

from fastapi import APIRouter, Form, Request, Response
from fastapi.responses import RedirectResponse

from rajut.appstate.models import User
from rajut.errors import RajutError
from rajut.governance.roles import Role
from rajut.governance.users import (
    LoginThrottled,
    Principal,
    authenticate,
    count_users,
    create_user,
)
from rajut.web.auth_state import SESSION_USER, SESSION_VERSION
from rajut.web.context import ctx_of
from rajut.web.i18n import COOKIE, LOCALES
from rajut.web.policy import public
from rajut.web.render import page

router = APIRouter()


def safe_next(target: str | None) -> str:
    """Only same-site paths: ``//evil.example`` or ``https://...`` fall back to the home page."""
    if not target:
        return "/"
    parsed = urlparse(target)
    if parsed.scheme or parsed.netloc or not target.startswith("/") or target.startswith("//"):
        return "/"
    return target


def _start_session(request: Request, user: User) -> None:
    csrf = request.session.get("csrf")
    request.session.clear()  # a fresh session on sign-in (no fixation)
    if csrf:
        request.session["csrf"] = csrf
    request.session[SESSION_USER] = user.id
    request.session[SESSION_VERSION] = user.session_version


def _needs_setup(request: Request) -> bool:
    with ctx_of(request).state.session() as session:
        return count_users(session) == 0


@router.get("/masuk")
def login_form(request: Request, lanjut: str = "/", _who: Principal | None = public()) -> Response:
    if _needs_setup(request):
        return RedirectResponse("/siapkan", status_code=303)
    return page(request, "login.html", lanjut=safe_next(lanjut), error=None, username="")


@router.post("/masuk")
def login(
    request: Request,
    username: str = Form(""),
    password: str = Form(""),
    lanjut: str = Form("/"),
    _who: Principal | None = public(),
) -> Response:
    ctx = ctx_of(request)
    client = request.client.host if request.client else ""
    failure: RajutError | None = None
    with ctx.state.session() as session:  # the attempt is stored even when it fails
        try:
            user = authenticate(session, username, password, client)
            principal = Principal.of(user)
            _start_session(request, user)
        except RajutError as exc:
            failure = exc
    if failure is not None:
        ctx.audit.append(
            username.strip().lower()[:64] or "-",
            "login_failed",
            details={"reason": failure.code},
            client=client,
        )
        return page(
            request,
            "login.html",
            status_code=429 if isinstance(failure, LoginThrottled) else 401,
            lanjut=safe_next(lanjut),
            error=failure,
            username=username[:64],
        )
    ctx.record(request, principal, "login")
    return RedirectResponse(safe_next(lanjut), status_code=303)


@router.post("/keluar")
def logout(request: Request, who: Principal | None = public()) -> Response:
    if who is not None:
        ctx_of(request).record(request, who, "logout")
    request.session.clear()
    return RedirectResponse("/masuk", status_code=303)


@router.get("/siapkan")
def setup_form(request: Request, _who: Principal | None = public()) -> Response:
    if not _needs_setup(request):
        return RedirectResponse("/masuk", status_code=303)
    return page(request, "setup.html", error=None, username="", full_name="")


@router.post("/siapkan")
def setup(
    request: Request,
    username: str = Form(""),
    full_name: str = Form(""),
    password: str = Form(""),
    password2: str = Form(""),
    _who: Principal | None = public(),
) -> Response:
    """First run: create the walidata account; only possible while there is no user at all."""
    ctx = ctx_of(request)
    if not _needs_setup(request):
        return RedirectResponse("/masuk", status_code=303)
    try:
        if password != password2:
            raise RajutError("Kedua kata sandi tidak sama.", "Ketik kata sandi yang sama dua kali.")
        with ctx.state.write_lock, ctx.state.session() as session:
            if count_users(session) != 0:
                return RedirectResponse("/masuk", status_code=303)
            user = create_user(session, username, password, Role.WALIDATA, full_name=full_name)
            principal = Principal.of(user)
            _start_session(request, user)
    except RajutError as exc:
        return page(
            request,
            "setup.html",
            status_code=400,
            error=exc,
            username=username[:64],
            full_name=full_name[:200],
        )
    ctx.record(request, principal, "setup", target=principal.username)
    return RedirectResponse("/", status_code=303)


@router.post("/bahasa")
def set_language(
    request: Request,
    lang: str = Form("id"),
    lanjut: str = Form("/"),
    _who: Principal | None = public(),
) -> Response:
    response = RedirectResponse(safe_next(lanjut), status_code=303)
    if lang in LOCALES:
        response.set_cookie(COOKIE, lang, max_age=365 * 86400, samesite="lax", httponly=True)
    return response


@router.get("/sehat")
def health(_who: Principal | None = public()) -> dict[str, str]:
    """For monitoring: answers without touching personal data."""
    return {"status": "ok"}
