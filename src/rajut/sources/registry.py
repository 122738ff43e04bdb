"""Registered sources: the contracts in the workspace's ``sources/`` folder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rajut.errors import RajutError
from rajut.sources.contract import SourceContract, dump_contract, load_contract
from rajut.store import open_store
from rajut.workspace import Workspace


class UnknownSourceError(RajutError):
    code = "source-unknown"


def contract_path(ws: Workspace, name: str) -> Path:
    return ws.sources_dir / f"{name}.yaml"


def add_source(ws: Workspace, path: Path) -> tuple[SourceContract, bool]:
    """Validate a contract and register it; returns (contract, replaced_existing)."""
    contract = load_contract(path)
    target = contract_path(ws, contract.name)
    replaced = target.exists()
    ws.sources_dir.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".yaml.part")
    tmp.write_text(dump_contract(contract), encoding="utf-8")
    tmp.replace(target)
    return contract, replaced


def get_contract(ws: Workspace, name: str) -> SourceContract:
    path = contract_path(ws, name)
    if not path.is_file():
        known = ", ".join(sorted(p.stem for p in ws.sources_dir.glob("*.yaml"))) or "(belum ada)"
        raise UnknownSourceError(
            f"Sumber data {name!r} belum terdaftar di ruang kerja {ws.root}.",
            f"Daftarkan dengan `rajut sources add KONTRAK.yaml`. Sumber terdaftar: {known}.",
        )
    return load_contract(path)


def list_contracts(ws: Workspace) -> list[SourceContract]:
    return [load_contract(p) for p in sorted(ws.sources_dir.glob("*.yaml"))]


def run_history(ws: Workspace, name: str | None = None) -> list[dict[str, Any]]:
    """Ingest runs, newest first, optionally of one source."""
    if not ws.analytics_db.exists():
        return []
    with open_store(ws.analytics_db) as store:
        query = (
            "SELECT run_id, source, file_name, period_label, period_start, period_end, "
            "input_rows, accepted, quarantined, warnings, raw_sha256, finished_at "
            "FROM meta.ingest_runs"
        )
        params: list[Any] = []
        if name is not None:
            query += " WHERE source = ?"
            params.append(name)
        cursor = store.con.execute(query + " ORDER BY finished_at DESC", params)
        columns = [d[0] for d in cursor.description]
        return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


def source_summary(ws: Workspace, contract: SourceContract) -> dict[str, Any]:
    runs = run_history(ws, contract.name)
    return {
        "name": contract.name,
        "owner": contract.owner,
        "title": contract.dataset.judul,
        "frequency": contract.dataset.frekuensi,
        "runs": len(runs),
        "periods": sorted({r["period_label"] for r in runs if r["period_label"]}),
        "last_ingest": runs[0]["finished_at"].isoformat() if runs else None,
    }
