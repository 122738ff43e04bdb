"""The audit-log viewer, chain verification and CSV export (auditor only).

Reading the log is itself audited (``audit_view`` once per page, ``export`` per download),
so the auditor's own look at who saw what leaves a trace. Only the auditor role holds
``Perm.AUDIT_VIEW``: the walidata, who administers everything else, cannot read or
export the log that records their own actions.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from urllib.parse import urlencode

from fastapi import APIRouter, Request, Response

from rajut.appstate.models import AuditEntry
from rajut.errors import RajutError
from rajut.governance.audit import ACTIONS, AuditLog, anchor_path, last_seq, verify
from rajut.governance.roles import Perm
from rajut.governance.users import Principal
from rajut.quality.xlsx import safe_text
from rajut.web.context import ctx_of
from rajut.web.forms import optional_day
from rajut.web.policy import allow
from rajut.web.render import page

router = APIRouter()

PAGE_SIZE = 50
#: the most rows one CSV download holds (narrow the filters for more)
EXPORT_LIMIT = 100_000
#: a spreadsheet treats cells starting with these as formulas (CSV injection)
CSV_COLUMNS = ("seq", "at", "actor", "role", "action", "target", "purpose", "details", "client")


@dataclass(frozen=True)
class Filters:
    """The viewer's filters, parsed from the query string."""

    actor: str = ""
    action: str = ""
    since: date | None = None
    until: date | None = None
    text: str = ""

    def run(
        self, audit: AuditLog, limit: int, offset: int = 0, max_seq: int | None = None
    ) -> tuple[list[AuditEntry], int]:
        """The matching entries (newest first) and their count; ``until`` covers the day."""
        until = None
        if self.until:
            until = datetime.combine(self.until + timedelta(days=1), time.min)
            until -= timedelta(seconds=1)
        return audit.query(
            actor=self.actor.strip().lower() or None,
            action=self.action or None,
            since=datetime.combine(self.since, time.min) if self.since else None,
            until=until,
            text=self.text.strip() or None,
            max_seq=max_seq,
            limit=limit,
            offset=offset,
        )

    def as_params(self) -> dict[str, str]:
        """The non-empty filters as query parameters (for pagination and export links)."""
        params = {
            "pengguna": self.actor,
            "aksi": self.action,
            "dari": self.since.isoformat() if self.since else "",
            "sampai": self.until.isoformat() if self.until else "",
            "q": self.text,
        }
        return {k: v for k, v in params.items() if v}


def parse_filters(pengguna: str, aksi: str, dari: str, sampai: str, q: str) -> Filters:
    if aksi and aksi not in ACTIONS:
        raise RajutError(
            f"Jenis aksi {aksi!r} tidak dikenal.",
            "Pilih jenis aksi dari daftar, atau kosongkan untuk semua.",
            code="audit-action",
        )
    return Filters(
        actor=pengguna[:64],
        action=aksi,
        since=optional_day(dari, "dari", code="audit-date"),
        until=optional_day(sampai, "sampai", code="audit-date"),
        text=q[:200],
    )


@router.get("/audit")
def viewer(
    request: Request,
    pengguna: str = "",
    aksi: str = "",
    dari: str = "",
    sampai: str = "",
    q: str = "",
    halaman: int = 1,
    puncak: int = 0,
    who: Principal = allow(Perm.AUDIT_VIEW),
) -> Response:
    """One page of entries; ``puncak`` (the newest entry when paging began) keeps pages
    stable while the log grows."""
    ctx = ctx_of(request)
    filters = parse_filters(pengguna, aksi, dari, sampai, q)
    current = max(1, halaman)
    top = puncak if puncak > 0 else last_seq(ctx.state)
    entries, total = filters.run(ctx.audit, PAGE_SIZE, (current - 1) * PAGE_SIZE, top)
    ctx.record(
        request,
        who,
        "audit_view",
        target="log audit",
        details={"filters": filters.as_params(), "page": current, "total": total},
    )
    params = filters.as_params()
    pages = max(1, -(-total // PAGE_SIZE))
    return page(
        request,
        "audit.html",
        entries=entries,
        total=total,
        filters=filters,
        actions=ACTIONS,
        page_no=current,
        pages=pages,
        page_url=lambda n: "/audit?" + urlencode({**params, "halaman": n, "puncak": top}),
        export_url="/audit/ekspor.csv" + ("?" + urlencode(params) if params else ""),
        details_json=lambda e: json.dumps(e.details, ensure_ascii=False, indent=1),
    )


@router.post("/audit/periksa")
def check(request: Request, who: Principal = allow(Perm.AUDIT_VIEW)) -> Response:
    ctx = ctx_of(request)
    result = verify(ctx.state, anchor_path(ctx.ws.root))
    ctx.record(
        request,
        who,
        "audit_verify",
        target="log audit",
        details={"ok": result.ok, "entries": result.entries, "problems": len(result.problems)},
    )
    return page(request, "audit_verify.html", result=result)


#: a CSV cell as text, defused when a spreadsheet would run it as a formula
csv_cell = safe_text


def entries_csv(entries: list[AuditEntry]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for e in entries:
        row = (
            e.seq,
            e.at.isoformat(timespec="seconds"),
            e.actor,
            e.role,
            e.action,
            e.target,
            e.purpose,
            json.dumps(e.details, ensure_ascii=False, sort_keys=True),
            e.client,
        )
        writer.writerow([csv_cell(v) for v in row])
    return buffer.getvalue()


@router.get("/audit/ekspor.csv")
def export(
    request: Request,
    pengguna: str = "",
    aksi: str = "",
    dari: str = "",
    sampai: str = "",
    q: str = "",
    who: Principal = allow(Perm.AUDIT_VIEW),
) -> Response:
    ctx = ctx_of(request)
    filters = parse_filters(pengguna, aksi, dari, sampai, q)
    entries, total = filters.run(ctx.audit, EXPORT_LIMIT)
    ctx.record(
        request,
        who,
        "export",
        target="log audit (CSV)",
        details={"filters": filters.as_params(), "rows": len(entries), "total": total},
    )
    body = "\ufeff" + entries_csv(entries)  # the BOM makes Excel read UTF-8
    stamp = datetime.now().strftime("%Y%m%d-%H%M")
    return Response(
        body,
        media_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="log-audit-{stamp}.csv"',
            "Cache-Control": "no-store",
        },
    )
