"""Render pages: one Jinja2 environment per locale, with what every page needs."""

from __future__ import annotations

from functools import cache
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader, StrictUndefined

from rajut.formatting import thousands
from rajut.governance.roles import ROLE_LABELS, Perm, Role, has_permission
from rajut.governance.users import Principal
from rajut.privacy.masking import mask_nik
from rajut.web.auth_state import resolve_principal
from rajut.web.csrf import csrf_token
from rajut.web.i18n import LANGUAGE_NAMES, LOCALES, N_, gettext_for, pick_locale


@cache
def environment(locale: str) -> Environment:
    env = Environment(
        loader=PackageLoader("rajut.web", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"],
    )
    env.install_gettext_translations(gettext_for(locale), newstyle=True)  # type: ignore[attr-defined]
    env.filters["mask"] = mask_nik
    env.filters["thousands"] = thousands
    return env


#: the navigation: (path, label, permission that shows it)
NAV: list[tuple[str, str, Perm]] = [
    ("/sumber", N_("Sumber data"), Perm.CATALOG_VIEW),
    ("/unggah", N_("Unggah berkas"), Perm.SOURCES_OWN),
    ("/cari", N_("Cari warga"), Perm.PERSONS_VIEW),
    ("/tinjauan", N_("Tinjauan pasangan"), Perm.REVIEW),
    ("/dasbor", N_("Dasbor sasaran"), Perm.DASHBOARD_VIEW),
    ("/usulan", N_("Usulan koreksi"), Perm.SELF),
    ("/kinerja", N_("Kartu kinerja"), Perm.CATALOG_VIEW),
    ("/admin", N_("Administrasi"), Perm.ADMIN),
    ("/audit", N_("Log audit"), Perm.AUDIT_VIEW),
]


def nav_for(who: Principal | None) -> list[tuple[str, str]]:
    if who is None:
        return []
    return [(path, label) for path, label, perm in NAV if has_permission(who.role, perm)]


def locale_of(request: Request) -> str:
    from rajut.web.context import ctx_of

    who = resolve_principal(request)
    default = ctx_of(request).ws.settings.general.locale
    return pick_locale(request, who.locale if who else None, default)


def _unread(request: Request, who: Principal | None) -> int:
    """The header's inbox counter, counted only when the layout shows it."""
    from rajut.web.context import ctx_of
    from rajut.web.corrections_view import unread_for

    return unread_for(ctx_of(request), who)


def page(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """Render ``template`` with the caller, navigation, CSRF token and language switch."""
    locale = locale_of(request)
    who = resolve_principal(request)
    env = environment(locale)
    body = env.get_template(template).render(
        request=request,
        who=who,
        role_label=ROLE_LABELS.get(Role(who.role), who.role) if who else "",
        nav=nav_for(who),
        current_path=request.url.path,
        csrf=csrf_token(request),
        locale=locale,
        locales=[(code, LANGUAGE_NAMES[code]) for code in LOCALES],
        can=lambda perm: who is not None and has_permission(who.role, Perm(perm)),
        unread=lambda: _unread(request, who),
        **context,
    )
    response = HTMLResponse(body, status_code=status_code)
    response.headers["Cache-Control"] = "no-store"
    return response
