"""Ideas across silos: a suggestion to another Dinas's data process, and its answer.

Any signed-in user sends an idea to another agency (chosen from the source owners); the
receiving agency or the walidata answers it. The walidata sees every idea. Creating and
answering are calls into :mod:`rajut.governance.corrections.ideas`, audited there.
"""

from __future__ import annotations

from fastapi import APIRouter, Form, Request, Response
from fastapi.responses import RedirectResponse

from rajut.appstate.models import Idea
from rajut.errors import RajutError
from rajut.governance.corrections.ideas import IdeaError, create_idea, list_ideas, respond
from rajut.governance.corrections.service import contracts_by_name
from rajut.governance.roles import Perm, Role, same_agency
from rajut.governance.users import Principal
from rajut.web import mail
from rajut.web.auth_state import NotAuthorized
from rajut.web.context import WebContext, ctx_of
from rajut.web.policy import allow
from rajut.web.render import page

router = APIRouter()


def agencies(ctx: WebContext, who: Principal) -> list[str]:
    """The agencies an idea can go to: source owners other than the user's own."""
    names: dict[str, str] = {}
    for contract in contracts_by_name(ctx.ws).values():
        if not same_agency(contract.owner, who.agency):
            names.setdefault(" ".join(contract.owner.lower().split()), contract.owner)
    return sorted(names.values())


def _may_see(who: Principal, idea: Idea) -> bool:
    return (
        who.role == Role.WALIDATA
        or idea.author == who.username
        or same_agency(who.agency, idea.to_agency)
        or same_agency(who.agency, idea.author_agency)
    )


def _may_answer(who: Principal, idea: Idea) -> bool:
    return who.role == Role.WALIDATA or same_agency(who.agency, idea.to_agency)


def _list_page(
    request: Request,
    who: Principal,
    form: dict[str, str] | None = None,
    error: RajutError | None = None,
    status_code: int = 200,
) -> Response:
    ctx = ctx_of(request)
    with ctx.state.session() as session:
        ideas = list_ideas(session, who)
        session.expunge_all()
    return page(
        request,
        "idea_list.html",
        status_code=status_code,
        ideas=ideas,
        agencies=agencies(ctx, who),
        received=lambda idea: same_agency(who.agency, idea.to_agency),
        form=form or {"to_agency": "", "title": "", "body": ""},
        error=error,
    )


@router.get("/ide")
def idea_list(request: Request, who: Principal = allow(Perm.SELF)) -> Response:
    """Ideas sent and received (the walidata: all), and the form to send one."""
    return _list_page(request, who)


@router.post("/ide")
def idea_create(
    request: Request,
    to_agency: str = Form(""),
    title: str = Form(""),
    body: str = Form(""),
    who: Principal = allow(Perm.SELF),
) -> Response:
    ctx = ctx_of(request)
    form = {"to_agency": to_agency[:120], "title": title[:200], "body": body[:5000]}
    try:
        if form["to_agency"] not in agencies(ctx, who):
            raise IdeaError(
                "Pilih dinas tujuan dari daftar.", "Ide dikirim ke dinas pemilik sumber data lain."
            )
        with ctx.state.session() as session:
            idea = create_idea(
                session,
                who,
                to_agency=form["to_agency"],
                title=form["title"],
                body=form["body"],
                audit=ctx.audit,
            )
            idea_id = idea.id
    except RajutError as exc:
        return _list_page(request, who, form=form, error=exc, status_code=400)
    mail.send_later(ctx)
    return RedirectResponse(f"/ide/{idea_id}", status_code=303)


def _load(ctx: WebContext, who: Principal, idea_id: int) -> Idea:
    with ctx.state.session() as session:
        idea = session.get(Idea, idea_id)
        if idea is None:
            raise IdeaError(f"Ide #{idea_id} tidak ditemukan.", "Periksa nomornya di daftar ide.")
        session.expunge(idea)
    if not _may_see(who, idea):
        raise NotAuthorized(
            who,
            message=f"Ide #{idea_id} bukan untuk dinas Anda.",
            hint="Ide dibuka oleh pengirim, dinas tujuan dan walidata.",
        )
    return idea


def _detail(
    request: Request,
    who: Principal,
    idea_id: int,
    error: RajutError | None = None,
    status_code: int = 200,
) -> Response:
    idea = _load(ctx_of(request), who, idea_id)
    return page(
        request,
        "idea_detail.html",
        status_code=status_code,
        idea=idea,
        can_answer=_may_answer(who, idea),
        error=error,
    )


@router.get("/ide/{idea_id}")
def idea_view(request: Request, idea_id: int, who: Principal = allow(Perm.SELF)) -> Response:
    return _detail(request, who, idea_id)


@router.post("/ide/{idea_id}/tanggapi")
def idea_respond(
    request: Request,
    idea_id: int,
    response: str = Form(""),
    who: Principal = allow(Perm.SELF),
) -> Response:
    """The receiving agency (or the walidata) answers an idea."""
    ctx = ctx_of(request)
    _load(ctx, who, idea_id)
    try:
        with ctx.state.session() as session:
            respond(session, who, idea_id, response[:5000], audit=ctx.audit)
    except RajutError as exc:
        return _detail(request, who, idea_id, error=exc, status_code=400)
    mail.send_later(ctx)
    return RedirectResponse(f"/ide/{idea_id}", status_code=303)
