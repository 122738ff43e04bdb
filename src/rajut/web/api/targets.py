"""API: Targeting lists and dashboard figures.

The same figures and permissions as the dashboard pages: aggregates for
``dashboard.view`` (small cells suppressed), candidate lists for ``lists.export`` (NIK and
No. KK masked, every call audited as ``export``).
"""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, Field

from rajut.governance.roles import Perm
from rajut.governance.users import Principal
from rajut.targeting.dashboard import SMALL_CELL, is_suppressed, shown
from rajut.web.context import ctx_of
from rajut.web.pages.dashboard import candidate_report, check_region, current_counts
from rajut.web.policy import allow

router = APIRouter()


class Cell(BaseModel):
    """Candidates of one rule in one area."""

    rule: str = Field(description="id aturan")
    count: int | None = Field(description="jumlah calon; null bila disamarkan (1–4)")
    shown: str = Field(description='jumlah seperti di dasbor: "1.234", "0" atau "<5"')
    suppressed: bool


class Area(BaseModel):
    code: str = Field(description="kode wilayah Kemendagri (kecamatan atau desa)")
    name: str
    cells: list[Cell]


class RuleTotal(BaseModel):
    id: str
    judul: str
    jenis: str = Field(description="eksklusi | inklusi")
    unit: str = Field(description="person | household")
    total: Cell


class TargetsOut(BaseModel):
    """Candidates per rule per kecamatan (or per desa of one kecamatan) of the newest build."""

    build_id: str
    as_of: date = Field(description="tanggal acuan data (Data per tanggal)")
    level: str = Field(description="kecamatan | desa")
    parent_code: str
    parent_name: str
    small_cell: int = Field(description="jumlah di bawah angka ini (dan di atas 0) disamarkan")
    rules: list[RuleTotal]
    areas: list[Area]


class Candidate(BaseModel):
    rule_id: str
    kecamatan_code: str
    kecamatan: str
    desa_code: str
    desa: str
    unit: str
    entity_id: str = Field(description="ID orang atau keluarga rajut")
    name: str | None = Field(description="nama (untuk keluarga: kepala keluarga)")
    nik: str | None = Field(description="NIK disamarkan")
    kk_number: str | None = Field(description="No. KK disamarkan")
    address: str | None
    rt: str | None
    rw: str | None
    reason: str
    data_age_days: int | None


class CandidatesOut(BaseModel):
    """The candidates of one rule (one desa, or all) for field verification."""

    build_id: str
    as_of: date
    rule: str
    desa: str | None
    nik_masked: bool = True
    count: int
    rows: list[Candidate]


def _cell(rule: str, n: int) -> Cell:
    hidden = is_suppressed(n)
    return Cell(rule=rule, count=None if hidden else n, shown=shown(n), suppressed=hidden)


@router.get("/targets", response_model=TargetsOut)
def targets(
    request: Request,
    kecamatan: str | None = Query(None, max_length=20, description="kode kecamatan: per desa"),
    who: Principal = allow(Perm.DASHBOARD_VIEW),
) -> TargetsOut:
    """Candidates per targeting rule per kecamatan, or per desa with ``?kecamatan=``.

    Counts of 1–4 are returned as ``count: null, shown: "<5"`` (statistical disclosure
    control), exactly as on the dashboard.
    """
    ctx = ctx_of(request)
    if kecamatan:
        check_region(ctx, kecamatan, "kecamatan")
    counts = current_counts(ctx, kecamatan or None)
    return TargetsOut(
        build_id=counts.build_id,
        as_of=counts.as_of,
        level=counts.level,
        parent_code=counts.parent_code,
        parent_name=counts.parent_name,
        small_cell=SMALL_CELL,
        rules=[
            RuleTotal(
                id=r.id,
                judul=r.judul,
                jenis=r.jenis,
                unit=r.unit,
                total=_cell(r.id, counts.total(r.id)),
            )
            for r in counts.rules
        ],
        areas=[
            Area(
                code=a.code,
                name=a.name,
                cells=[_cell(r.id, a.count(r.id)) for r in counts.rules],
            )
            for a in counts.areas
        ],
    )


@router.get("/targets/{rule}/candidates", response_model=CandidatesOut)
def candidates(
    request: Request,
    rule: str,
    desa: str | None = Query(None, max_length=20, description="kode desa; kosong = semua"),
    who: Principal = allow(Perm.LISTS_EXPORT),
) -> CandidatesOut:
    """The candidates of ``rule`` in ``desa`` (or the whole kabupaten), NIK masked.

    Every call is recorded in the audit log as an export.
    """
    ctx = ctx_of(request)
    report = candidate_report(ctx, rule, desa or None)
    build_id = report.build_id
    ctx.record(
        request,
        who,
        "export",
        target=f"api targets/{rule}/candidates {desa or 'semua'}",
        details={"build_id": build_id, "rows": len(report.rows), "nik_masked": True},
    )
    return CandidatesOut(
        build_id=build_id,
        as_of=report.as_of,
        rule=rule,
        desa=desa or None,
        count=len(report.rows),
        rows=[
            Candidate(
                rule_id=r.rule_id,
                kecamatan_code=r.kecamatan_code,
                kecamatan=r.kecamatan,
                desa_code=r.desa_code,
                desa=r.desa,
                unit=r.unit,
                entity_id=r.entity_id,
                name=r.name,
                nik=r.nik,
                kk_number=r.kk_number,
                address=r.address,
                rt=r.rt,
                rw=r.rw,
                reason=r.reason,
                data_age_days=r.data_age_days,
            )
            for r in report.rows
        ],
    )
