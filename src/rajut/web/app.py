"""Create the FastAPI app for one workspace."""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import Depends, FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.sessions import SessionMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from rajut.appstate.db import AppState, open_app_state
from rajut.errors import RajutError
from rajut.governance.audit import AuditLog, anchor_path
from rajut.web.auth_state import NotAuthenticated, NotAuthorized
from rajut.web.context import WebContext
from rajut.web.csrf import CsrfFailed, csrf_protect
from rajut.web.jobs import JobRunner
from rajut.web.policy import assert_every_route_has_policy
from rajut.web.render import page
from rajut.workspace import Workspace

STATIC_DIR = Path(__file__).parent / "static"
SESSION_COOKIE = "rajut_sesi"

#: Content-Security-Policy: everything from this server, nothing inline but styles
CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'self'; "
    "form-action 'self'"
)


def secret_key(ws: Workspace) -> str:
    """The session-signing key, made once per workspace and kept in ``data/`` (mode 0600)."""
    path = ws.data_dir / "web-secret.key"
    if not path.is_file():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(48), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


class BodyLimit:
    """Refuse request bodies over ``limit`` bytes before they are read (413)."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            await _too_large(self.limit, send)
            return
        seen = 0

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise BodyTooLarge()
            return message

        try:
            await self.app(scope, limited, send)
        except BodyTooLarge:
            await _too_large(self.limit, send)


class BodyTooLarge(Exception):
    pass


async def _too_large(limit: int, send: Send) -> None:
    body = (
        f"Berkas terlalu besar (batas {limit // (1024 * 1024)} MB). "
        "Saran: pecah berkas per kecamatan atau per bulan, atau minta walidata menaikkan "
        "web.max_upload_mb."
    ).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [(b"content-type", b"text/plain; charset=utf-8")],
        }
    )
    await send({"type": "http.response.body", "body": body})


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or "application/json" in request.headers.get(
        "accept", ""
    )


def _error_response(request: Request, status: int, code: str, message: str, hint: str) -> Response:
    if _wants_json(request):
        return JSONResponse(
            {"ok": False, "error": {"code": code, "message": message, "hint": hint}},
            status_code=status,
        )
    return page(request, "error.html", status_code=status, message=message, hint=hint, code=code)


def _install_handlers(app: FastAPI) -> None:
    @app.exception_handler(NotAuthenticated)
    async def _unauth(request: Request, _exc: NotAuthenticated) -> Response:
        if _wants_json(request):
            return _error_response(
                request,
                401,
                "not-authenticated",
                "Perlu masuk terlebih dahulu.",
                "Kirim header 'Authorization: Bearer <token>' (buat token di halaman Akun).",
            )
        target = request.url.path
        if request.url.query:
            target += "?" + request.url.query
        return RedirectResponse("/masuk?lanjut=" + _quote(target), status_code=303)

    @app.exception_handler(NotAuthorized)
    async def _forbidden(request: Request, exc: NotAuthorized) -> Response:
        ctx: WebContext = request.app.state.ctx
        ctx.record(
            request,
            exc.who,
            "access_denied",
            target=f"{request.method} {request.url.path}",
            details={"needs": [p.value for p in exc.perms]},
        )
        return _error_response(
            request,
            403,
            "forbidden",
            exc.message or "Anda tidak berwenang membuka halaman ini.",
            exc.hint
            or "Peran Anda tidak mencakup fitur ini. Bila perlu akses, ajukan ke walidata.",
        )

    @app.exception_handler(CsrfFailed)
    async def _csrf(request: Request, _exc: CsrfFailed) -> Response:
        return _error_response(
            request,
            403,
            "csrf",
            "Formulir ini kedaluwarsa atau tidak berasal dari rajut.",
            "Muat ulang halaman lalu kirim lagi.",
        )

    @app.exception_handler(RajutError)
    async def _rajut(request: Request, exc: RajutError) -> Response:
        return _error_response(request, 400, exc.code, exc.message, exc.hint)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        fields = sorted({".".join(str(p) for p in e.get("loc", ())[1:]) for e in exc.errors()})
        return _error_response(
            request,
            422,
            "invalid-request",
            "Isian tidak lengkap atau tidak sah: " + (", ".join(fields) or "permintaan") + ".",
            "Periksa isian yang disebut lalu kirim lagi.",
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        messages = {
            404: (
                "Halaman atau data tidak ditemukan.",
                "Periksa alamatnya, atau kembali ke Beranda.",
            ),
            405: ("Cara permintaan ini tidak didukung.", "Buka halaman lewat menu."),
        }
        message, hint = messages.get(
            exc.status_code, (str(exc.detail), "Coba lagi, atau hubungi walidata.")
        )
        if isinstance(exc.detail, str) and exc.status_code not in messages:
            message = exc.detail
        return _error_response(request, exc.status_code, f"http-{exc.status_code}", message, hint)


def _quote(text: str) -> str:
    from urllib.parse import quote

    return quote(text, safe="/")


def _security_headers(app: FastAPI) -> None:
    @app.middleware("http")
    async def _headers(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response = await call_next(request)
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        return response


def create_app(ws: Workspace, state: AppState | None = None) -> FastAPI:
    """The web app for ``ws``; ``state`` defaults to the workspace's ``app_state_url``."""
    from rajut.web.api import routes as api_routes
    from rajut.web.pages import ROUTERS

    app_state = state or open_app_state(ws.settings.storage.app_state_url, ws.root)
    web = ws.settings.web
    ctx = WebContext(
        ws=ws,
        state=app_state,
        audit=AuditLog(app_state, anchor=anchor_path(ws.root)),
        jobs=JobRunner(app_state),
        max_upload_bytes=web.max_upload_mb * 1024 * 1024,
        secure_cookies=web.secure_cookies,
    )

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        ctx.close()

    app = FastAPI(
        title="rajut",
        description="API Satu Data rajut: unggah, muat, status, cari, profil, sasaran, laporan.",
        version="1",
        dependencies=[Depends(csrf_protect)],
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
    )
    app.state.ctx = ctx
    for router in ROUTERS:
        app.include_router(router)
    app.include_router(api_routes.router)
    assert_every_route_has_policy(app.router.routes)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    _install_handlers(app)
    _security_headers(app)
    app.add_middleware(
        SessionMiddleware,
        secret_key=secret_key(ws),
        session_cookie=SESSION_COOKIE,
        max_age=web.session_hours * 3600,
        same_site="lax",
        https_only=web.secure_cookies,
    )
    app.add_middleware(BodyLimit, limit=ctx.max_upload_bytes + 1024 * 1024)
    return app
