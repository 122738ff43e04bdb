"""``rajut serve``, ``rajut users ...`` and ``rajut audit verify``: the web app and its state."""

from __future__ import annotations

import sys
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from rajut.appstate import AppState, open_app_state
from rajut.cli.common import JsonOption, WorkspaceOption, emit, workspace_from
from rajut.governance.audit import AuditLog, anchor_path, verify
from rajut.governance.roles import ROLE_LABELS, Role, parse_role
from rajut.governance.users import create_user, disable_user, list_users
from rajut.workspace import Workspace

users_app = typer.Typer(
    help="Pengguna aplikasi web: buat, lihat, nonaktifkan.", no_args_is_help=True
)
audit_app = typer.Typer(help="Log audit yang tahan ubah (rantai hash).", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
    app.add_typer(users_app, name="users")
    app.add_typer(audit_app, name="audit")


def _state(ws: Workspace) -> AppState:
    return open_app_state(ws.settings.storage.app_state_url, ws.root)


def _audit(ws: Workspace, state: AppState) -> AuditLog:
    return AuditLog(state, anchor=anchor_path(ws.root))


def serve(
    workspace: WorkspaceOption = None,
    host: Annotated[
        str | None, typer.Option("--host", help="Alamat dengar (bawaan: web.host).")
    ] = None,
    port: Annotated[int | None, typer.Option("--port", help="Porta (bawaan: web.port).")] = None,
    as_json: JsonOption = False,
) -> None:
    """Jalankan aplikasi web rajut di ruang kerja ini."""
    import uvicorn

    from rajut.web.app import create_app

    ws = workspace_from(workspace)
    bind_host = host or ws.settings.web.host
    bind_port = port or ws.settings.web.port
    app = create_app(ws)
    summary = {"ok": True, "url": f"http://{bind_host}:{bind_port}/", "workspace": str(ws.root)}
    emit(
        summary,
        as_json,
        lambda c: c.print(
            f"rajut berjalan di [bold]{summary['url']}[/] — tekan Ctrl+C untuk berhenti.",
            highlight=False,
        ),
    )
    uvicorn.run(app, host=bind_host, port=bind_port, log_level="warning", access_log=False)


def _read_password(password_stdin: bool) -> str:
    if password_stdin:
        return sys.stdin.readline().rstrip("\n")
    password: str = typer.prompt("Kata sandi", hide_input=True, confirmation_prompt="Ulangi")
    return password


@users_app.command("create")
def users_create(
    username: Annotated[str, typer.Argument(help="Nama pengguna, mis. siti.dinkes.")],
    role: Annotated[
        str,
        typer.Option("--role", help="Peran: walidata, produsen, analis, pimpinan, auditor."),
    ],
    agency: Annotated[
        str | None,
        typer.Option(
            "--agency", help="Dinas (wajib untuk produsen), sama dengan owner di kontrak."
        ),
    ] = None,
    full_name: Annotated[str, typer.Option("--name", help="Nama lengkap.")] = "",
    unit: Annotated[
        str | None,
        typer.Option("--unit", help='Unit (bidang/seksi), mis. "Seksi Gizi"; untuk kartu kinerja.'),
    ] = None,
    email: Annotated[
        str | None, typer.Option("--email", help="Surel untuk salinan pemberitahuan.")
    ] = None,
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Baca kata sandi dari stdin (untuk skrip).")
    ] = False,
    workspace: WorkspaceOption = None,
    as_json: JsonOption = False,
) -> None:
    """Buat pengguna baru (kata sandi ditanyakan, tidak pernah ditulis di baris perintah)."""
    ws = workspace_from(workspace)
    parse_role(role)
    password = _read_password(password_stdin)
    state = _state(ws)
    try:
        with state.session() as session:
            user = create_user(
                session,
                username,
                password,
                role,
                agency=agency,
                full_name=full_name,
                unit=unit,
                email=email,
            )
            summary: dict[str, Any] = {
                "ok": True,
                "username": user.username,
                "role": user.role,
                "agency": user.agency,
            }
            # only when given, so the answer for a plain create stays as it was
            if user.unit:
                summary["unit"] = user.unit
            if user.email:
                summary["email"] = user.email
        _audit(ws, state).append(
            "cli", "user_create", target=summary["username"], details={"role": role}
        )
    finally:
        state.dispose()
    emit(
        summary,
        as_json,
        lambda c: c.print(
            f"Pengguna [bold]{summary['username']}[/] dibuat sebagai "
            f"{ROLE_LABELS[Role(summary['role'])]}.",
            highlight=False,
        ),
    )


@users_app.command("list")
def users_list(workspace: WorkspaceOption = None, as_json: JsonOption = False) -> None:
    """Daftar pengguna dengan peran, dinas, unit, surel dan status."""
    ws = workspace_from(workspace)
    state = _state(ws)
    try:
        with state.session() as session:
            rows: list[dict[str, Any]] = [
                {
                    "username": u.username,
                    "full_name": u.full_name,
                    "role": u.role,
                    "agency": u.agency,
                    "unit": u.unit,
                    "email": u.email,
                    "active": u.active,
                    "last_login_at": u.last_login_at.isoformat() if u.last_login_at else None,
                }
                for u in list_users(session)
            ]
    finally:
        state.dispose()

    def render(console: Console) -> None:
        if not rows:
            console.print("Belum ada pengguna. Buat dengan 'rajut users create'.")
            return
        # unit and e-mail share a cell with agency and name: the table still fits 80 columns
        table = Table(
            "Pengguna", "Nama / surel", "Peran", "Dinas / unit", "Aktif", "Terakhir masuk"
        )
        table.columns[0].no_wrap = True
        table.columns[1].overflow = "fold"  # a long address wraps instead of being cut
        for r in rows:
            table.add_row(
                r["username"],
                "\n".join(x for x in (r["full_name"], r["email"]) if x),
                r["role"],
                "\n".join(x for x in (r["agency"], r["unit"]) if x) or "–",
                "ya" if r["active"] else "tidak",
                r["last_login_at"] or "–",
            )
        console.print(table)

    emit({"ok": True, "users": rows}, as_json, render)


@users_app.command("disable")
def users_disable(
    username: Annotated[str, typer.Argument(help="Nama pengguna yang dinonaktifkan.")],
    workspace: WorkspaceOption = None,
    as_json: JsonOption = False,
) -> None:
    """Nonaktifkan pengguna: sesi dan token API-nya langsung berhenti berlaku."""
    ws = workspace_from(workspace)
    state = _state(ws)
    try:
        with state.session() as session:
            user = disable_user(session, username)
            name = user.username
        _audit(ws, state).append("cli", "user_disable", target=name)
    finally:
        state.dispose()
    emit(
        {"ok": True, "username": name, "active": False},
        as_json,
        lambda c: c.print(f"Pengguna [bold]{name}[/] dinonaktifkan.", highlight=False),
    )


@audit_app.command("verify")
def audit_verify(workspace: WorkspaceOption = None, as_json: JsonOption = False) -> None:
    """Periksa rantai hash log audit: gagal bila ada entri yang diubah, dihapus atau dipotong."""
    ws = workspace_from(workspace)
    state = _state(ws)
    try:
        result = verify(state, anchor_path(ws.root))
    finally:
        state.dispose()

    def render(console: Console) -> None:
        if result.ok:
            console.print(f"Log audit utuh: {result.entries} entri, rantai hash cocok.")
            return
        console.print(f"[bold red]Log audit TIDAK utuh[/] ({result.entries} entri):")
        for p in result.problems:
            console.print(f" • {p['message']}", highlight=False)

    emit(result.to_dict(), as_json, render)
    if not result.ok:
        raise typer.Exit(1)
