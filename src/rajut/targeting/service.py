"""The ``rajut targets`` flow: find (or make) the build, run the rules, write the output."""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import duckdb

from rajut.sources.registry import list_contracts
from rajut.store import open_store
from rajut.targeting.access_log import check_purpose, log_unmask
from rajut.targeting.datapackage import PackageMeta
from rajut.targeting.engine import run_targets_on
from rajut.targeting.errors import TargetingError
from rajut.targeting.models import TargetRule, TargetsResult
from rajut.targeting.outputs import output_format, write_output
from rajut.targeting.report import load_report
from rajut.targeting.rules import load_rules, select_rules
from rajut.workspace import Workspace


@dataclass
class TargetsExport:
    """What ``rajut targets`` did."""

    result: TargetsResult
    out: Path
    format: str
    built: bool
    unmasked: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.result.to_dict(),
            "out": str(self.out),
            "format": self.format,
            "build_created": self.built,
            "nik_masked": not self.unmasked,
        }


def latest_build(con: duckdb.DuckDBPyConnection, as_of: date) -> str | None:
    """The newest build for ``as_of``, or ``None``."""
    try:
        row = con.execute(
            "SELECT build_id FROM integ.builds WHERE as_of = ? ORDER BY built_at DESC LIMIT 1",
            [as_of],
        ).fetchone()
    except duckdb.CatalogException:
        return None
    return None if row is None else str(row[0])


def ensure_build(ws: Workspace, as_of: date) -> tuple[str, bool]:
    """``(build_id, created)``: the newest build for ``as_of``, made if missing."""
    with open_store(ws.analytics_db) as store:
        found = latest_build(store.con, as_of)
    if found is not None:
        return found, False
    try:
        integrate = importlib.import_module("rajut.integrate")
    except ImportError as exc:
        raise TargetingError(
            f"Belum ada build terintegrasi per {as_of.isoformat()} dan modul integrasi tidak "
            "tersedia.",
            "Jalankan `rajut build --as-of TANGGAL` terlebih dulu.",
            code="targeting-build-missing",
        ) from exc
    result = integrate.build_integrated(ws, as_of)
    return str(result.build_id), True


#: Owner agency of the demo/standard sources, used when a workspace has no contract for one.
DEFAULT_OWNERS = {
    "dukcapil": "Disdukcapil",
    "dtks": "Dinas Sosial",
    "eppgbm": "Dinas Kesehatan",
    "dapodik": "Dinas Pendidikan",
    "pbi_jk": "BPJS Kesehatan",
}


def package_meta(ws: Workspace, rules: Sequence[TargetRule]) -> PackageMeta:
    """SDI producers: the owner agency of every source the rules use (contracts first)."""
    owners = {c.name: c.owner for c in list_contracts(ws)}
    used = dict.fromkeys(s for r in rules for s in r.sumber)
    produsen = [owners.get(s) or DEFAULT_OWNERS.get(s) or s for s in used]
    return PackageMeta(produsen=list(dict.fromkeys(produsen)))


def export_targets(
    ws: Workspace,
    as_of: date,
    out: Path,
    *,
    rule_ids: Sequence[str] | None = None,
    unmask: bool = False,
    purpose: str | None = None,
) -> TargetsExport:
    """Run the rules for the build of ``as_of`` and write ``out`` (format from its suffix).

    Args:
        unmask: show full NIK/No. KK; needs ``purpose`` and is logged to
            ``<workspace>/data/access_log.jsonl``.
    """
    if unmask:
        check_purpose(purpose)
    rules = select_rules(load_rules(ws), rule_ids)
    build_id, built = ensure_build(ws, as_of)
    with open_store(ws.analytics_db) as store:
        result = run_targets_on(store.con, rules, build_id)
        report = load_report(
            store.con,
            build_id,
            as_of,
            rules,
            wilayah=ws.wilayah(),
            kabupaten_code=ws.settings.general.kabupaten_code,
            unmask=unmask,
        )
    fmt = output_format(out)
    if unmask:
        log_unmask(
            ws,
            purpose or "",
            {
                "command": "rajut targets",
                "build_id": build_id,
                "as_of": as_of.isoformat(),
                "rules": [r.id for r in rules],
                "rows": len(report.rows),
                "out": str(out),
                "format": fmt,
            },
        )
    write_output(report, out, package_meta(ws, rules))
    return TargetsExport(result, out, fmt, built, unmask)
