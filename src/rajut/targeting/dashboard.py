"""Dashboard figures: candidates per rule per kecamatan or desa, with small cells suppressed.

The counts come from ``integ.target_aggregates``, which :func:`rajut.targeting.run_targets`
fills once per build (per rule, per desa and per kecamatan). Reading them is a lookup in a
table of a few thousand rows per build, so a dashboard answers in milliseconds however
many persons the kabupaten has; nothing is recounted per request.

Statistical disclosure control: aggregate views are shown to users who may not see the
persons behind them (pimpinan, the public recap). A count of 1–4 is shown as ``"<5"``
(:func:`shown`), so a very small group cannot be singled out. Zero stays ``0``, and totals
are shown unsuppressed when they are 5 or more, so a single suppressed cell next to its
total can be recovered by subtraction; the list itself (names) is only for roles with
``lists.export``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import duckdb
import xlsxwriter
from xlsxwriter.worksheet import Worksheet

from rajut.formatting import thousands
from rajut.quality.xlsx import safe_text
from rajut.reference.wilayah import Wilayah
from rajut.store import table_exists
from rajut.targeting.engine import build_as_of
from rajut.targeting.models import UNIT_LABELS, TargetRule

#: counts below this (and above zero) are shown as "<5"
SMALL_CELL = 5
SUPPRESSED = f"<{SMALL_CELL}"
UNKNOWN_AREA = "(wilayah tidak diketahui)"


def is_suppressed(count: int) -> bool:
    """True when ``count`` is a small cell that aggregate views must not show exactly."""
    return 0 < count < SMALL_CELL


def shown(count: int) -> str:
    """A count as an aggregate view shows it.

    Examples:
        >>> [shown(n) for n in (0, 3, 5, 12345)]
        ['0', '<5', '5', '12.345']
    """
    return SUPPRESSED if is_suppressed(count) else thousands(count)


@dataclass(frozen=True)
class AreaCounts:
    """One kecamatan or desa and its number of candidates per rule id."""

    code: str
    name: str
    counts: dict[str, int] = field(default_factory=dict)

    def count(self, rule_id: str) -> int:
        return self.counts.get(rule_id, 0)


@dataclass
class DashboardCounts:
    """Counts of one build at one level: every kecamatan of the kabupaten, or every desa
    of one kecamatan (areas without candidates included, with zeros)."""

    build_id: str
    as_of: date
    built_at: datetime | None
    level: str
    parent_code: str
    parent_name: str
    rules: list[TargetRule]
    areas: list[AreaCounts]

    def total(self, rule_id: str) -> int:
        return sum(a.count(rule_id) for a in self.areas)

    def ranked(self, rule_id: str) -> list[AreaCounts]:
        """Areas by number of candidates for ``rule_id``, largest first (then by name).

        Suppressed cells rank as equals, so the order does not give their values away.
        """

        def key(area: AreaCounts) -> tuple[int, str, str]:
            n = area.count(rule_id)
            return (-(1 if is_suppressed(n) else n), area.name, area.code)

        return sorted(self.areas, key=key)

    def area(self, code: str) -> AreaCounts | None:
        return next((a for a in self.areas if a.code == code), None)


def build_time(con: duckdb.DuckDBPyConnection, build_id: str) -> datetime | None:
    row = con.execute("SELECT built_at FROM integ.builds WHERE build_id = ?", [build_id]).fetchone()
    return row[0] if row and isinstance(row[0], datetime) else None


def _aggregates(
    con: duckdb.DuckDBPyConnection, build_id: str, level: str, kecamatan: str | None
) -> list[tuple[str, str, str, int]]:
    """``(code, kecamatan_code, rule_id, rows)``; empty when targets never ran."""
    if not table_exists(con, "integ", "target_aggregates"):
        return []
    sql = (
        "SELECT coalesce(wilayah_code, ''), coalesce(kecamatan_code, ''), rule_id, rows "
        "FROM integ.target_aggregates WHERE build_id = ? AND level = ?"
    )
    params: list[object] = [build_id, level]
    if kecamatan is not None:
        sql += " AND kecamatan_code = ?"
        params.append(kecamatan)
    return [(str(a), str(b), str(c), int(d)) for a, b, c, d in con.execute(sql, params).fetchall()]


def _name(wilayah: Wilayah | None, code: str) -> str:
    region = wilayah.get(code) if wilayah is not None and code else None
    return region.name if region is not None else (code or UNKNOWN_AREA)


def dashboard_counts(
    con: duckdb.DuckDBPyConnection,
    build_id: str,
    rules: Sequence[TargetRule],
    *,
    wilayah: Wilayah | None,
    kabupaten_code: str,
    kecamatan: str | None = None,
    level: str | None = None,
) -> DashboardCounts:
    """Candidates per rule for every kecamatan of the kabupaten, or every desa of ``kecamatan``.

    Args:
        rules: the rules to show, in display order (counts of other rules are left out).
        kecamatan: drill down to its desa; ``None`` gives the kecamatan level.
        level: ``"desa"`` with ``kecamatan=None`` gives every desa of the kabupaten
            (the recap workbook); the default follows ``kecamatan``.

    Raises:
        TargetingError: ``build_id`` is not a build.
    """
    as_of = build_as_of(con, build_id)
    level = level or ("kecamatan" if kecamatan is None else "desa")
    parent = kecamatan or kabupaten_code
    wanted = {r.id for r in rules}
    counts: dict[str, dict[str, int]] = {}
    for code, _kec, rule_id, rows in _aggregates(con, build_id, level, kecamatan):
        if rule_id in wanted:
            counts.setdefault(code, {})[rule_id] = rows
    known: list[str] = []
    if wilayah is not None:
        if level == "kecamatan" or kecamatan is not None:
            known = [r.code for r in wilayah.children(parent)]
        else:
            known = [d.code for d in wilayah.desa_of_kabupaten(kabupaten_code)]
    codes = list(dict.fromkeys([*known, *sorted(counts)]))
    areas = [AreaCounts(code, _name(wilayah, code), counts.get(code, {})) for code in codes]
    return DashboardCounts(
        build_id=build_id,
        as_of=as_of,
        built_at=build_time(con, build_id),
        level=level,
        parent_code=parent,
        parent_name=_name(wilayah, parent),
        rules=list(rules),
        areas=areas,
    )


# --- the recap workbook (aggregates only) -------------------------------------------------

SDC_NOTE = (
    f"Angka 1–{SMALL_CELL - 1} ditulis '{SUPPRESSED}' agar kelompok sangat kecil tidak dapat "
    "dikenali (pengendalian pengungkapan statistik). Rekap ini tidak memuat nama atau NIK."
)


def _cell(ws: Worksheet, row: int, col: int, value: object, fmt: object = None) -> None:
    if isinstance(value, int) and not isinstance(value, bool):
        if is_suppressed(value):
            ws.write_string(row, col, SUPPRESSED, fmt)
        else:
            ws.write_number(row, col, value, fmt)
    else:
        ws.write_string(row, col, safe_text(value), fmt)


def _area_sheet(
    book: xlsxwriter.Workbook,
    title: str,
    counts: DashboardCounts,
    bold: object,
    kecamatan_names: dict[str, str],
) -> None:
    ws = book.add_worksheet(title)
    by_desa = counts.level == "desa"
    head = ["Kode kecamatan", "Kecamatan"]
    if by_desa:
        head += ["Kode desa", "Desa/kelurahan"]
    fixed = len(head)
    head += [r.judul for r in counts.rules]
    for col, text in enumerate(head):
        _cell(ws, 0, col, text, bold)
    for i, area in enumerate(counts.areas, start=1):
        values: list[object] = [area.code, area.name]
        if by_desa:
            kec = area.code.rsplit(".", 1)[0]
            values = [kec, kecamatan_names.get(kec, kec), *values]
        values += [area.count(r.id) for r in counts.rules]
        for col, value in enumerate(values):
            _cell(ws, i, col, value)
    ws.set_column(0, fixed - 1, 22)
    ws.set_column(fixed, len(head) - 1, 18)
    ws.freeze_panes(1, 0)


def write_dashboard_xlsx(
    kecamatan: DashboardCounts, desa: DashboardCounts, path: Path, *, kabupaten: str
) -> Path:
    """The recap workbook: a summary per rule, counts per kecamatan and per desa.

    Only counts, with small cells written as ``"<5"``: fit for pimpinan and for a public
    portal. ``kecamatan`` is the kecamatan level, ``desa`` every desa of the kabupaten.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    book = xlsxwriter.Workbook(str(tmp), {"strings_to_formulas": False, "strings_to_urls": False})
    try:
        bold = book.add_format({"bold": True})
        ws = book.add_worksheet("Ringkasan")
        ws.set_column(0, 0, 48)
        ws.set_column(1, 3, 16)
        _cell(ws, 0, 0, f"Rekap calon sasaran — {kabupaten}", bold)
        _cell(ws, 1, 0, f"Data per tanggal {kecamatan.as_of.isoformat()}")
        _cell(ws, 2, 0, f"Build {kecamatan.build_id}")
        _cell(ws, 3, 0, SDC_NOTE)
        for col, text in enumerate(["Aturan", "Jenis", "Unit", "Jumlah calon"]):
            _cell(ws, 5, col, text, bold)
        for i, rule in enumerate(kecamatan.rules, start=6):
            row: list[object] = [rule.judul, rule.jenis, UNIT_LABELS[rule.unit]]
            for col, value in enumerate([*row, kecamatan.total(rule.id)]):
                _cell(ws, i, col, value)
        names = {a.code: a.name for a in kecamatan.areas}
        _area_sheet(book, "Per kecamatan", kecamatan, bold, names)
        _area_sheet(book, "Per desa", desa, bold, names)
    finally:
        book.close()
    tmp.replace(path)
    return path
