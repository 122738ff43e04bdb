"""The owner's change list: accepted corrections in the owner's own column names and formats.

The owner applies them in its own system (SIAK, SIKS-NG, e-PPGBM ...); rajut never writes
to it. Columns come from the owner's source contract: the record-ID column, the column that
holds each corrected field, and the value written the way the owner writes it (its date
format, its codes — ``MATI`` rather than ``false``).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from rajut.appstate.models import Proposal
from rajut.quality.xlsx import safe_text
from rajut.sources.contract import SourceContract

HEADERS = [
    "No. usulan",
    "Sumber",
    "Kolom ID",
    "ID baris",
    "Kolom",
    "Nilai lama",
    "Nilai baru",
    "Alasan / bukti",
    "Diusulkan oleh",
    "Diterima oleh",
    "Tanggal diterima",
    "Status",
]


@dataclass(frozen=True)
class ChangeRow:
    proposal_id: int
    source: str
    id_column: str
    record_id: str
    column: str
    old: str
    new: str
    reason: str
    proposer: str
    decided_by: str
    decided_on: str
    status: str

    def cells(self) -> list[Any]:
        return [
            self.proposal_id,
            self.source,
            self.id_column,
            self.record_id,
            self.column,
            self.old,
            self.new,
            self.reason,
            self.proposer,
            self.decided_by,
            self.decided_on,
            self.status,
        ]


def column_for(contract: SourceContract, field: str) -> str | None:
    for column, mapping in contract.mappings:
        if mapping.field == field:
            return column
    return None


def owner_format(contract: SourceContract, field: str, value: str | None) -> str:
    """``value`` (standard form) written as the owner's file writes it."""
    if value is None:
        return ""
    for _column, mapping in contract.mappings:
        if mapping.field != field:
            continue
        if mapping.values:
            for raw, standard in mapping.values.items():
                if str(standard).lower() == value.lower():
                    return raw
        if mapping.formats:
            try:
                return date.fromisoformat(value).strftime(mapping.formats[0])
            except ValueError:
                return value
    return value


def change_rows(proposals: list[Proposal], contracts: dict[str, SourceContract]) -> list[ChangeRow]:
    rows: list[ChangeRow] = []
    for proposal in proposals:
        contract = contracts.get(proposal.source)
        if contract is None:
            continue
        status = "sudah tercermin" if proposal.closed_at else "perlu diterapkan"
        for field, new in proposal.changes.items():
            rows.append(
                ChangeRow(
                    proposal_id=proposal.id,
                    source=proposal.source,
                    id_column=contract.record_id,
                    record_id=proposal.record_id,
                    column=column_for(contract, field) or f"({field})",
                    old=owner_format(contract, field, proposal.current.get(field)),
                    new=owner_format(contract, field, str(new)),
                    reason=f"{proposal.evidence} — {proposal.reason}".strip(" —"),
                    proposer=proposal.proposer_agency or proposal.proposer,
                    decided_by=proposal.decided_by or "",
                    decided_on=f"{proposal.decided_at:%Y-%m-%d}" if proposal.decided_at else "",
                    status=status,
                )
            )
    return rows


def write_changelist(rows: list[ChangeRow], out: Path, owner: str) -> Path:
    """Write ``.xlsx`` or ``.csv`` (by suffix) for the owner agency."""
    out.parent.mkdir(parents=True, exist_ok=True)
    if out.suffix.lower() == ".csv":
        with out.open("w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.writer(fh, delimiter=";")
            writer.writerow(HEADERS)
            for row in rows:
                writer.writerow([c if isinstance(c, int) else safe_text(c) for c in row.cells()])
        return out
    import xlsxwriter

    options = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
    book = xlsxwriter.Workbook(str(out), options)
    try:
        head = book.add_format(
            {"bold": True, "bg_color": "#E8F3EE", "border": 1, "text_wrap": True}
        )
        title = book.add_format({"bold": True, "font_size": 13})
        sheet = book.add_worksheet("Daftar perubahan")
        sheet.write(0, 0, f"Daftar perubahan untuk {owner} — usulan koreksi yang diterima", title)
        sheet.write(
            1,
            0,
            "Terapkan di sistem dinas Anda; rajut menutup koreksi otomatis saat berkas "
            "berikutnya sudah memuat nilai baru.",
        )
        for col, name in enumerate(HEADERS):
            sheet.write(3, col, name, head)
        for r, row in enumerate(rows, start=4):
            for c, value in enumerate(row.cells()):
                if isinstance(value, int):
                    sheet.write_number(r, c, value)
                else:
                    sheet.write_string(r, c, safe_text(value))
        widths = [10, 12, 14, 18, 20, 16, 16, 50, 22, 16, 14, 16]
        for c, width in enumerate(widths):
            sheet.set_column(c, c, width)
        sheet.freeze_panes(4, 0)
        sheet.autofilter(3, 0, 3 + max(len(rows), 1), len(HEADERS) - 1)
    finally:
        book.close()
    return out
