"""Walidata settings page: the few workspace settings that make sense to change from the web.

Every change is validated as a whole (nothing is saved when one value is wrong), written to
``rajut.toml`` and audited as ``setting_change`` with the old and new values.
"""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from rajut.errors import RajutError
from rajut.governance.roles import Perm
from rajut.governance.users import Principal
from rajut.web.context import ctx_of
from rajut.web.i18n import N_
from rajut.web.policy import allow
from rajut.web.render import page
from rajut.workspace.workspace import EDITABLE_SETTINGS, setting_value, update_settings

router = APIRouter()

#: label and help of each editable setting (Bahasa msgids of the web catalog)
LABELS: dict[str, tuple[str, str]] = {
    "general.name": (N_("Nama ruang kerja"), N_("Tampil di laporan dan kartu kinerja.")),
    "linkage.match_threshold": (
        N_("Ambang sama orang"),
        N_("Peluang minimum agar dua rekaman digabung (0–1). Berlaku pada linkage berikutnya."),
    ),
    "linkage.review_low": (
        N_("Batas bawah pita ragu"),
        N_("Pasangan di atas nilai ini masuk antrean tinjauan."),
    ),
    "linkage.review_high": (
        N_("Batas atas pita ragu"),
        N_("Biasanya sama dengan ambang sama orang."),
    ),
    "notify.due_days": (
        N_("Batas hari menjawab usulan"),
        N_("Lewat batas ini usulan koreksi ditandai terlambat."),
    ),
    "notify.smtp_host": (N_("Server surel (SMTP)"), N_("Kosong: notifikasi hanya di aplikasi.")),
    "notify.smtp_port": (N_("Porta SMTP"), N_("Biasanya 25 atau 587.")),
    "notify.sender": (N_("Alamat pengirim surel"), N_("Mis. rajut@klatenkab.go.id.")),
    "web.session_hours": (
        N_("Lama sesi (jam)"),
        N_("Berlaku setelah server dijalankan ulang."),
    ),
    "web.max_upload_mb": (
        N_("Ukuran unggahan terbesar (MB)"),
        N_("Berlaku setelah server dijalankan ulang."),
    ),
}


def _form(
    request: Request,
    *,
    message: str = "",
    error: RajutError | None = None,
    status: int = 200,
    values: dict[str, str] | None = None,
) -> Response:
    settings = ctx_of(request).ws.settings
    rows = [
        {
            "key": key,
            "label": LABELS[key][0],
            "help": LABELS[key][1],
            "value": (values or {}).get(key, str(setting_value(settings, key))),
        }
        for key in EDITABLE_SETTINGS
    ]
    return page(
        request, "admin_settings.html", status_code=status, rows=rows, message=message, error=error
    )


@router.get("/admin/pengaturan")
def settings_form(request: Request, who: Principal = allow(Perm.ADMIN)) -> Response:
    """The editable workspace settings."""
    return _form(request)


@router.post("/admin/pengaturan")
async def settings_save(request: Request, who: Principal = allow(Perm.ADMIN)) -> Response:
    """Validate, save to rajut.toml and audit each changed setting."""
    form = await request.form()
    values = {key: str(form.get(key, "")) for key in EDITABLE_SETTINGS if key in form}
    ctx = ctx_of(request)
    try:
        changed = update_settings(ctx.ws, values)
    except RajutError as exc:
        return _form(request, error=exc, status=400, values=values)
    if changed:
        ctx.record(
            request,
            who,
            "setting_change",
            target="rajut.toml",
            details={key: {"lama": old, "baru": new} for key, (old, new) in changed.items()},
        )
    return _form(
        request,
        message=N_("Pengaturan disimpan.") if changed else N_("Tidak ada yang berubah."),
    )
