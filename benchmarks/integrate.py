"""Benchmark ``rajut build`` (+ all default targeting rules) for a large synthetic kabupaten.

The kabupaten is generated once (or taken from ``--generated DIR``, a folder written by
``rajut demo generate``), ingested into a workspace under ``--workdir`` with the demo
contracts, and linked **from the truth** (``rajut.integrate.truth_links``) so this measures
the integration step only. Later runs reuse the prepared workspace.

The measured part runs in a fresh subprocess: ``build_integrated`` (and then
``rajut.targeting.run_targets_for_benchmark`` when importable). Peak memory is the
child's peak resident set size (``ru_maxrss``), which includes DuckDB's buffers.

Usage::

    .venv/bin/python benchmarks/integrate.py                         # 1M persons
    .venv/bin/python benchmarks/integrate.py --people 100000
    .venv/bin/python benchmarks/integrate.py --generated /tmp/rajut-bench/kab1m

Target on 2 cores (issue 5): build + all default rules for 1M persons ≤ 30 s, ≤ 6 GiB.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

READY = ".integ-bench-ready"
AS_OF = date(2026, 6, 30)


# ----------------------------------------------------------------------------------------
# TARGETING PART — the targeting step (issue 5, item 5) provides
# ``rajut.targeting.run_targets_for_benchmark(ws, as_of)``: every default rule on the newest
# build of ``as_of``. Called when importable; otherwise only the build is measured.
# ----------------------------------------------------------------------------------------
def run_targets(ws: Any, as_of: date) -> dict[str, Any] | None:
    try:
        from rajut.targeting import run_targets_for_benchmark
    except ImportError:
        return None
    result = run_targets_for_benchmark(ws, as_of)
    return {"rules": len(result.rules), "rows": result.total, "per_rule": result.to_dict()["rules"]}


# ----------------------------------------------------------------------------------------
# BUILD PART
# ----------------------------------------------------------------------------------------
def prepare(workdir: Path, people: int, seed: int, generated: Path | None) -> Path:
    """Generate (or reuse) the kabupaten, ingest it, link from the truth; once."""
    from rajut.demo.generator import generate_kabupaten, load_generator_config
    from rajut.demo.pipeline import ingest_stage
    from rajut.integrate.truth_links import link_from_truth
    from rajut.store import open_store
    from rajut.workspace import init_workspace

    ws_dir = workdir / f"ws_p{people}_s{seed}"
    if (ws_dir / READY).is_file():
        return ws_dir
    files_dir = generated or workdir / f"kab_p{people}_s{seed}"
    if not (files_dir / "manifest.json").is_file():
        config = load_generator_config(None, people=people, seed=seed, kabupaten_code="33.10")
        generate_kabupaten(config, files_dir)
    manifest = json.loads((files_dir / "manifest.json").read_text(encoding="utf-8"))
    if ws_dir.exists():
        import shutil

        shutil.rmtree(ws_dir)
    ws = init_workspace(ws_dir, name="Benchmark integrasi")
    started = time.perf_counter()
    ingest_stage(ws, files_dir, manifest["files"])
    with open_store(ws.analytics_db) as store:
        link_from_truth(store.con, files_dir / "truth")
    (ws_dir / READY).write_text(f"{time.perf_counter() - started:.1f}\n", encoding="utf-8")
    return ws_dir


def child(ws_dir: Path) -> None:
    """Measured part: one build, then the targeting rules if available."""
    from rajut.integrate import build_integrated
    from rajut.workspace import open_workspace

    ws = open_workspace(ws_dir)
    t0 = time.perf_counter()
    result = build_integrated(ws, AS_OF)
    t1 = time.perf_counter()
    targets = run_targets(ws, AS_OF)
    t2 = time.perf_counter()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2
    out = {
        "build_seconds": round(t1 - t0, 2),
        "targets_seconds": round(t2 - t1, 2) if targets is not None else None,
        "total_seconds": round(t2 - t0, 2),
        "peak_gib": round(peak, 2),
        "counts": result.counts,
        "targets": targets,
    }
    print(json.dumps(out, default=str))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/rajut-bench-integ"))
    parser.add_argument("--generated", type=Path, default=None)
    parser.add_argument("--child", type=Path, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return
    ws_dir = prepare(args.workdir, args.people, args.seed, args.generated)
    done = subprocess.run(
        [sys.executable, __file__, "--child", str(ws_dir)],
        capture_output=True,
        text=True,
        check=True,
    )
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    persons = figures["counts"]["person"]
    print(f"Orang terpadu      : {persons:,}".replace(",", "."))
    print(f"build              : {figures['build_seconds']:6.1f} s")
    if figures["targets_seconds"] is None:
        print("aturan penargetan  : belum tersedia (rajut.targeting tidak bisa diimpor)")
    else:
        print(f"aturan penargetan  : {figures['targets_seconds']:6.1f} s")
    print(f"total              : {figures['total_seconds']:6.1f} s (target ≤ 30 s)")
    print(f"puncak memori (RSS): {figures['peak_gib']:6.2f} GiB (target ≤ 6 GiB)")
    print(json.dumps(figures, default=str))


if __name__ == "__main__":
    main()
