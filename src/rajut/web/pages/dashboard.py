"""Targeting dashboards per kecamatan/desa, charts and Excel downloads.

Figures are the per-build aggregates of :mod:`rajut.targeting.dashboard` (stored once per
build by ``run_targets`` in ``integ.target_aggregates``), so a page is a small lookup
however large the kabupaten. Aggregate views never show names and write counts of 1–4
as "<5" (statistical disclosure control, see that module); pimpinan sees exactly these.
The candidate list (names, masked NIK) is a separate download for ``lists.export``.
Every download is audited as ``export``.
"""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Query, Request, Response

from rajut.errors import RajutError
from rajut.governance.roles import Perm
from rajut.governance.users import Principal
from rajut.integrate import latest_build_id
from rajut.targeting import load_rules
from rajut.targeting.dashboard import (
    SMALL_CELL,
    SUPPRESSED,
    DashboardCounts,
    dashboard_counts,
    shown,
    write_dashboard_xlsx,
)
from rajut.targeting.engine import build_as_of
from rajut.targeting.excel import write_targets_xlsx
from rajut.targeting.report import TargetReport, load_report
from rajut.targeting.rules import select_rules
from rajut.web.charts import count_chart
from rajut.web.context import WebContext, ctx_of
from rajut.web.i18n import MONTHS, N_, gettext_for
from rajut.web.policy import allow
from rajut.web.render import locale_of, page

router = APIRouter()

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
JENIS = {"eksklusi": N_("Galat eksklusi"), "inklusi": N_("Galat inklusi")}
UNITS = {"person": N_("orang"), "household": N_("keluarga")}


class NoBuild(RajutError):
    code = "dashboard-no-build"

    def __init__(self) -> None:
        super().__init__(
            "Belum ada data terpadu untuk dasbor.",
            "Walidata: jalankan pembangunan data terpadu dan aturan sasaran di Administrasi "
            "(atau `rajut targets --as-of TANGGAL`).",
        )


def date_parts(day: date) -> tuple[int, str, int]:
    """``(30, "Juni", 2026)``: the month is a msgid, translated by the template."""
    return day.day, MONTHS[day.month - 1], day.year


def check_region(ctx: WebContext, code: str, level: str) -> str:
    """A kecamatan or desa code of this kabupaten, else a friendly error."""
    kabupaten = ctx.ws.settings.general.kabupaten_code
    region = ctx.ws.wilayah().get(code)
    if region is None or region.level != level or not code.startswith(kabupaten + "."):
        what = "Kecamatan" if level == "kecamatan" else "Desa/kelurahan"
        raise RajutError(
            f"{what} dengan kode {code[:20]!r} tidak ada di kabupaten ini.",
            "Pilih wilayah dari tabel di halaman Dasbor sasaran.",
        )
    return code


def current_counts(
    ctx: WebContext, kecamatan: str | None, level: str | None = None
) -> DashboardCounts:
    rules = load_rules(ctx.ws)
    with ctx.analytics() as con:
        build_id = latest_build_id(con)
        if build_id is None:
            raise NoBuild()
        return dashboard_counts(
            con,
            build_id,
            rules,
            wilayah=ctx.ws.wilayah(),
            kabupaten_code=ctx.ws.settings.general.kabupaten_code,
            kecamatan=kecamatan,
            level=level,
        )


def candidate_report(ctx: WebContext, rule: str, desa: str | None) -> TargetReport:
    """The candidates of one rule (one desa, or all) of the newest build, NIK masked."""
    if desa:
        check_region(ctx, desa, "desa_kelurahan")
    rules = select_rules(load_rules(ctx.ws), [rule])
    with ctx.analytics() as con:
        build_id = latest_build_id(con)
        if build_id is None:
            raise NoBuild()
        return load_report(
            con,
            build_id,
            build_as_of(con, build_id),
            rules,
            wilayah=ctx.ws.wilayah(),
            kabupaten_code=ctx.ws.settings.general.kabupaten_code,
            desa_codes=[desa] if desa else None,
        )


def _charts(request: Request, counts: DashboardCounts) -> dict[str, Any]:
    tr = gettext_for(locale_of(request)).gettext
    empty = tr(N_("Tidak ada wilayah."))
    return {
        rule.id: count_chart(
            [(a.name, a.count(rule.id)) for a in counts.ranked(rule.id)],
            title=rule.judul,
            empty=empty,
        )
        for rule in counts.rules
    }


@router.get("/dasbor")
def dashboard(
    request: Request,
    kecamatan: str | None = Query(None, max_length=20),
    who: Principal = allow(Perm.DASHBOARD_VIEW),
) -> Response:
    """Candidates per rule per kecamatan (or per desa of ``?kecamatan=``): counts only."""
    ctx = ctx_of(request)
    if kecamatan:
        check_region(ctx, kecamatan, "kecamatan")
    try:
        counts = current_counts(ctx, kecamatan or None)
    except NoBuild as exc:
        return page(request, "dashboard.html", counts=None, error=exc)
    return page(
        request,
        "dashboard.html",
        counts=counts,
        error=None,
        charts=_charts(request, counts),
        as_of=date_parts(counts.as_of),
        shown=shown,
        small_cell=SMALL_CELL,
        suppressed=SUPPRESSED,
        jenis=JENIS,
        units=UNITS,
        kabupaten=ctx.ws.wilayah().get(ctx.ws.settings.general.kabupaten_code),
    )


def _xlsx(name: str, write: Any) -> Response:
    """Write a workbook in a private temporary folder and answer it as a download."""
    with tempfile.TemporaryDirectory(prefix="rajut-unduh-") as folder:
        path = Path(folder) / name
        write(path)
        body = path.read_bytes()
    return Response(
        body,
        media_type=XLSX,
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "Cache-Control": "no-store",
        },
    )


@router.get("/dasbor/rekap.xlsx")
def recap_xlsx(request: Request, who: Principal = allow(Perm.DASHBOARD_VIEW)) -> Response:
    """The counts per kecamatan and per desa as Excel (small cells as "<5", no names)."""
    ctx = ctx_of(request)
    kecamatan = current_counts(ctx, None)
    desa = current_counts(ctx, None, level="desa")
    kabupaten = ctx.ws.wilayah().get(ctx.ws.settings.general.kabupaten_code)
    name = f"rekap-sasaran-{kecamatan.as_of.isoformat()}.xlsx"
    response = _xlsx(
        name,
        lambda path: write_dashboard_xlsx(
            kecamatan, desa, path, kabupaten=kabupaten.name if kabupaten else ""
        ),
    )
    ctx.record(
        request,
        who,
        "export",
        target="dasbor/rekap.xlsx",
        details={"build_id": kecamatan.build_id, "isi": "rekap agregat"},
    )
    return response


@router.get("/dasbor/daftar.xlsx")
def list_xlsx(
    request: Request,
    rule: str = Query(..., max_length=64),
    desa: str = Query("", max_length=20),
    who: Principal = allow(Perm.LISTS_EXPORT),
) -> Response:
    """The candidates of one rule (one desa, or all) for field verification; NIK masked."""
    ctx = ctx_of(request)
    report = candidate_report(ctx, rule, desa or None)
    rules = report.rules
    build_id = report.build_id
    name = f"daftar-{rules[0].id}-{desa or 'semua-desa'}-{report.as_of.isoformat()}.xlsx"
    response = _xlsx(name, lambda path: write_targets_xlsx(report, path))
    ctx.record(
        request,
        who,
        "export",
        target=f"dasbor/daftar.xlsx {rules[0].id} {desa or 'semua'}",
        details={"build_id": build_id, "rows": len(report.rows), "nik_masked": True},
    )
    return response
