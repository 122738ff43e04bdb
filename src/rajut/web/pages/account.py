"""Akun: change password, language preference, personal API tokens."""

from __future__ import annotations

from fastapi import APIRouter, Form, Request, Response
from sqlalchemy import select

from rajut.appstate.models import ApiToken, User
from rajut.errors import RajutError
from rajut.governance.passwords import verify_password
from rajut.governance.roles import Perm
from rajut.governance.users import Principal, issue_token, set_password
from rajut.web.auth_state import SESSION_VERSION
from rajut.web.context import ctx_of
from rajut.web.i18n import N_
from rajut.web.policy import allow
from rajut.web.render import page

router = APIRouter()


def _tokens(request: Request, who: Principal) -> list[ApiToken]:
    with ctx_of(request).state.session() as session:
        return list(
            session.scalars(
                select(ApiToken)
                .where(ApiToken.user_id == who.id, ApiToken.revoked.is_(False))
                .order_by(ApiToken.id)
            )
        )


def _account(
    request: Request,
    who: Principal,
    *,
    message: str = "",
    error: RajutError | None = None,
    new_token: str = "",
    status: int = 200,
) -> Response:
    return page(
        request,
        "account.html",
        status_code=status,
        tokens=_tokens(request, who),
        message=message,
        error=error,
        new_token=new_token,
    )


@router.get("/akun")
def account(request: Request, who: Principal = allow(Perm.SELF)) -> Response:
    return _account(request, who)


@router.post("/akun/sandi")
def change_password(
    request: Request,
    current: str = Form(""),
    password: str = Form(""),
    password2: str = Form(""),
    who: Principal = allow(Perm.SELF),
) -> Response:
    ctx = ctx_of(request)
    try:
        with ctx.state.session() as session:
            user = session.get(User, who.id)
            assert user is not None
            if not verify_password(user.password_hash, current):
                raise RajutError(
                    "Kata sandi lama salah.", "Ketik kata sandi yang dipakai sekarang."
                )
            if password != password2:
                raise RajutError("Kedua kata sandi baru tidak sama.", "Ketik yang sama dua kali.")
            set_password(session, user, password)
            request.session[SESSION_VERSION] = user.session_version
    except RajutError as exc:
        return _account(request, who, error=exc, status=400)
    ctx.record(request, who, "password_change", target=who.username)
    return _account(request, who, message=N_("Kata sandi sudah diganti."))


@router.post("/akun/token")
def create_token(
    request: Request, name: str = Form("token"), who: Principal = allow(Perm.SELF)
) -> Response:
    ctx = ctx_of(request)
    with ctx.state.session() as session:
        user = session.get(User, who.id)
        assert user is not None
        token = issue_token(session, user, name)
    ctx.record(request, who, "token_create", target=name[:100])
    return _account(
        request,
        who,
        new_token=token,
        message=N_("Token baru dibuat. Salin sekarang: token ini tidak akan ditampilkan lagi."),
    )


@router.post("/akun/token/{token_id}/cabut")
def revoke_token(request: Request, token_id: int, who: Principal = allow(Perm.SELF)) -> Response:
    ctx = ctx_of(request)
    with ctx.state.session() as session:
        token = session.get(ApiToken, token_id)
        if token is None or token.user_id != who.id:
            raise RajutError("Token tidak ditemukan.", "Muat ulang halaman Akun.")
        token.revoked = True
    ctx.record(request, who, "token_revoke", target=str(token_id))
    return _account(request, who, message=N_("Token dicabut."))
