"""The source catalog as pages and the API show it: metadata, runs, timeliness — no person data.

Why one module: ``/sumber`` and ``/api/v1/sources`` must agree on every number. It only
arranges what :mod:`rajut.sources.registry` and :func:`rajut.quality.timeliness.timeliness`
already compute.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from rajut.quality.timeliness import NOT_ASSESSED, timeliness
from rajut.sources.contract import SourceContract
from rajut.sources.registry import list_contracts, run_history, source_summary
from rajut.workspace import Workspace

#: accepted share at or above which a run's badge is green (matches the quality report)
GOOD_SHARE = 0.95


@dataclass
class SourceEntry:
    contract: SourceContract
    summary: dict[str, Any]
    runs: list[dict[str, Any]] = field(default_factory=list)
    timeliness_status: str = NOT_ASSESSED
    days_late: int = 0

    @property
    def latest(self) -> dict[str, Any] | None:
        return self.runs[0] if self.runs else None

    @property
    def accepted_share(self) -> float | None:
        run = self.latest
        if not run or not run["input_rows"]:
            return None
        return float(run["accepted"]) / float(run["input_rows"])

    @property
    def quality_ok(self) -> bool:
        share = self.accepted_share
        return share is not None and share >= GOOD_SHARE

    def to_dict(self, *, with_runs: bool = False) -> dict[str, Any]:
        c = self.contract
        latest = self.latest
        data: dict[str, Any] = {
            "name": c.name,
            "owner": c.owner,
            "metadata": c.dataset.model_dump(),
            "periods": self.summary["periods"],
            "latest_period": latest["period_label"] if latest else None,
            "last_ingest": self.summary["last_ingest"],
            "runs": self.summary["runs"],
            "accepted": int(latest["accepted"]) if latest else None,
            "quarantined": int(latest["quarantined"]) if latest else None,
            "accepted_share": self.accepted_share,
            "timeliness": self.timeliness_status,
            "days_late": self.days_late,
        }
        if with_runs:
            data["history"] = [_run_dict(r) for r in self.runs]
        return data


def _run_dict(run: dict[str, Any]) -> dict[str, Any]:
    return {
        k: (v.isoformat() if isinstance(v, date) else v)
        for k, v in run.items()
        if k != "raw_sha256"
    }


def entry(ws: Workspace, contract: SourceContract, today: date | None = None) -> SourceEntry:
    runs = run_history(ws, contract.name)
    result = SourceEntry(contract, source_summary(ws, contract), runs)
    latest = result.latest
    if latest is not None:
        t = timeliness(
            contract.dataset.frekuensi,
            latest["period_label"],
            _period_end(runs),
            today or date.today(),
        )
        result.timeliness_status, result.days_late = t.status, t.days_late
    return result


def _period_end(runs: list[dict[str, Any]]) -> date | None:
    """The newest data period any run covers (a late re-send of old data does not count)."""
    ends = [r["period_end"] for r in runs if isinstance(r["period_end"], date)]
    return max(ends) if ends else None


def catalog(ws: Workspace, today: date | None = None) -> list[SourceEntry]:
    return [entry(ws, c, today) for c in list_contracts(ws)]
