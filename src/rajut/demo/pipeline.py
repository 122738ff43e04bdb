"""``rajut demo``: a synthetic kabupaten in a fresh workspace, run through every stage.

Stages run in the order the data flows: generate → (later stages are added here as they
land). The summary has one entry per stage with its counts, so ``rajut demo --json``
is a machine-readable report of the whole pipeline.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path
from typing import Any

from rajut.errors import WorkspaceError
from rajut.linkage.evaluate import evaluate_clusters
from rajut.linkage.run import run_linkage
from rajut.sources.ingest import ingest_files
from rajut.sources.registry import add_source
from rajut.store import open_store
from rajut.workspace import Workspace, init_workspace

DEFAULT_DEMO_PEOPLE = 5_000
CONTRACTS_DIR = Path(__file__).parent / "contracts"
DEMO_MARKER = ".rajut-demo"
INCOMING = "incoming"


def prepare_demo_workspace(target: Path) -> None:
    """Make ``target`` an empty folder, replacing only an earlier demo workspace."""
    if target.exists() and any(target.iterdir()):
        if not (target / DEMO_MARKER).is_file():
            raise WorkspaceError(
                f"Folder {target} sudah berisi data yang bukan ruang kerja demo.",
                "Pilih folder lain dengan --workspace, atau kosongkan folder itu.",
                code="demo-target-not-empty",
            )
        shutil.rmtree(target)
    target.mkdir(parents=True, exist_ok=True)
    (target / DEMO_MARKER).write_text("ruang kerja demo rajut; boleh dihapus\n", encoding="utf-8")


def run_demo(
    target: Path, *, people: int, seed: int, show_progress: bool = False, workers: int = 1
) -> dict[str, Any]:
    """Generate a kabupaten into a fresh workspace at ``target`` and run every stage.

    ``workers`` > 1 writes the agency files in forked processes: only for a fresh process
    (the CLI), never inside one that already runs DuckDB or Arrow threads.
    """
    from rajut.demo.generator import generate_kabupaten, load_generator_config

    prepare_demo_workspace(target)
    ws = init_workspace(target, name="Kabupaten sintetis (demo)")
    config = load_generator_config(
        None,
        people=people,
        seed=seed,
        kabupaten_code=ws.settings.general.kabupaten_code,
        workers=workers,
    )
    manifest = generate_kabupaten(config, target / INCOMING, show_progress=show_progress)
    stages: dict[str, dict[str, Any]] = {
        "generate": {
            "persons": manifest["counts"]["persons"],
            "households": manifest["counts"]["households"],
            "files": len(manifest["files"]),
            "records": sum(f["rows"] for f in manifest["files"]),
        }
    }
    stages["ingest"] = ingest_stage(ws, target / INCOMING, manifest["files"])
    stages["link"] = link_stage(ws)
    stages["evaluate"] = evaluate_stage(ws, target / INCOMING / manifest["truth"]["records"])
    stages.update(integrate_stages(ws, date.fromisoformat(str(manifest["as_of"]))))
    return {
        "ok": True,
        "workspace": str(target.resolve()),
        "people": people,
        "seed": seed,
        "stages": stages,
    }


def ingest_stage(ws: Workspace, incoming: Path, files: list[dict[str, Any]]) -> dict[str, Any]:
    """Register the shipped contract of each source and ingest every generated file."""
    totals = {"files": 0, "input_rows": 0, "accepted": 0, "quarantined": 0, "warnings": 0}
    per_source: dict[str, dict[str, int]] = {}
    for entry in files:
        source = entry["source"]
        if source not in per_source:
            add_source(ws, CONTRACTS_DIR / f"{source}.yaml")
            per_source[source] = {"input_rows": 0, "accepted": 0, "quarantined": 0}
    batch = [(entry["source"], incoming / entry["path"]) for entry in files]
    for (source, _), result in zip(batch, ingest_files(ws, batch), strict=True):
        totals["files"] += 1
        for key in ("input_rows", "accepted", "quarantined", "warnings"):
            totals[key] += getattr(result, key)
        for key in ("input_rows", "accepted", "quarantined"):
            per_source[source][key] += getattr(result, key)
    return {**totals, "sources": per_source}


def link_stage(ws: Workspace) -> dict[str, Any]:
    """Link every ingested record (``rajut link``)."""
    summary = run_linkage(ws)
    keys = ("records", "persons", "households", "nik_conflicts", "model_edges",
            "refused_merges", "review_queue")  # fmt: skip
    return {k: summary[k] for k in keys}


def evaluate_stage(ws: Workspace, truth: Path) -> dict[str, Any]:
    """Pairwise precision/recall/F1 of the linkage against the generator's ground truth."""
    with open_store(ws.analytics_db) as store:
        evaluation = evaluate_clusters(store.con, truth)
    overall = evaluation.overall
    return {
        "precision": overall.precision,
        "recall": overall.recall,
        "f1": overall.f1,
        "true_persons": evaluation.clusters.true_persons,
        "predicted_persons": evaluation.clusters.predicted_persons,
        "f1_per_source_pair": {
            f"{a}~{b}": scores.f1 for (a, b), scores in sorted(evaluation.source_pairs.items())
        },
    }


def integrate_stages(ws: Workspace, as_of: date) -> dict[str, dict[str, Any]]:
    """Build the integrated view as of the data's reference date and run every rule."""
    from rajut.integrate import build_integrated
    from rajut.targeting import run_targets

    build = build_integrated(ws, as_of)
    targets = run_targets(ws, build.build_id)
    return {
        "build": {"as_of": as_of.isoformat(), **build.counts},
        "targets": {rule.rule_id: rule.rows for rule in targets.rules},
    }
