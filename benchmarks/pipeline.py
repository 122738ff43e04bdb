"""Benchmark the whole pipeline: ingest → link → build → targets (→ report), per stage.

Target (issue 5): 1M persons through ingest → link → build → targets in ≤ 120 s on 2 cores.

The synthetic kabupaten is generated once with ``rajut.demo.generator`` into a cache folder
(``--workdir``; reused on later runs, not timed as part of the pipeline). Each run then starts
from a fresh workspace with the example contracts, and every stage runs in its own child
process, so its wall time and peak RSS (``ru_maxrss`` from ``os.wait4``, DuckDB buffers
included) are its own. Stages read and write the workspace on disk, so one stage can be
re-run alone on the workspace a previous run left behind (``--stages build targets``).

Stages
  ingest    ``rajut.sources.ingest.ingest_file`` for every generated file
  link      ``rajut.linkage.run.run_linkage(ws)`` (or, with ``--truth-links``, the links
            from the generator's truth via ``rajut.integrate.truth_links``)
  build     ``rajut.integrate.build_integrated(ws, as_of)``
  targets   ``rajut.targeting.run_targets(ws, build_id)`` — every default rule
  report    the three standard recaps (``rajut.reporting``) as html; not in the 120 s target

Usage::

    .venv/bin/python benchmarks/pipeline.py                         # 1M persons
    .venv/bin/python benchmarks/pipeline.py --people 100000
    .venv/bin/python benchmarks/pipeline.py --people 100000 --stages build targets report
    .venv/bin/python benchmarks/pipeline.py --people 20000 --truth-links --json-out r.json
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date
from pathlib import Path
from typing import Any

STAGES = ("ingest", "link", "build", "targets", "report")
PIPELINE = ("ingest", "link", "build", "targets")  # what the 120 s target covers
TARGET_S = 120.0


# --------------------------------------------------------------------------- children
def generate(gen_dir: Path, people: int, seed: int) -> dict[str, Any]:
    """Generate once into ``gen_dir``; later runs reuse ``manifest.json``."""
    manifest = gen_dir / "manifest.json"
    if not manifest.is_file():
        from rajut.demo.generator import generate_kabupaten, load_generator_config

        shutil.rmtree(gen_dir, ignore_errors=True)
        cfg = load_generator_config(None, people=people, seed=seed)
        generate_kabupaten(cfg, gen_dir)
    return dict(json.loads(manifest.read_text(encoding="utf-8")))


def stage_ingest(ws_dir: Path, gen_dir: Path, as_of: date, truth: bool) -> dict[str, Any]:
    from rajut.demo.pipeline import ingest_stage
    from rajut.workspace import init_workspace

    manifest = json.loads((gen_dir / "manifest.json").read_text(encoding="utf-8"))
    shutil.rmtree(ws_dir, ignore_errors=True)
    ws = init_workspace(ws_dir, name="Benchmark pipeline")
    return ingest_stage(ws, gen_dir, manifest["files"])


def stage_link(ws_dir: Path, gen_dir: Path, as_of: date, truth: bool) -> dict[str, Any]:
    from rajut.workspace import open_workspace

    ws = open_workspace(ws_dir)
    if truth:
        from rajut.integrate.truth_links import link_from_truth
        from rajut.store import open_store

        with open_store(ws.analytics_db) as store:
            return {"truth_links": link_from_truth(store.con, gen_dir / "truth")}
    from rajut.linkage.run import run_linkage

    summary = run_linkage(ws)
    return {k: v for k, v in summary.items() if isinstance(v, int | float)}


def stage_build(ws_dir: Path, gen_dir: Path, as_of: date, truth: bool) -> dict[str, Any]:
    from rajut.integrate import build_integrated
    from rajut.workspace import open_workspace

    result = build_integrated(open_workspace(ws_dir), as_of)
    return {"build_id": result.build_id, **result.counts}


def _build_id(ws_dir: Path, as_of: date) -> str:
    from rajut.integrate import latest_build_id
    from rajut.store import open_store
    from rajut.workspace import open_workspace

    with open_store(open_workspace(ws_dir).analytics_db, read_only=True) as store:
        build_id = latest_build_id(store.con, as_of)
    if build_id is None:
        raise SystemExit(f"belum ada build untuk {as_of}; jalankan tahap build dulu")
    return build_id


def stage_targets(ws_dir: Path, gen_dir: Path, as_of: date, truth: bool) -> dict[str, Any]:
    from rajut.targeting import run_targets
    from rajut.workspace import open_workspace

    result = run_targets(open_workspace(ws_dir), _build_id(ws_dir, as_of))
    data = result.to_dict() if hasattr(result, "to_dict") else {}
    return {k: v for k, v in data.items() if isinstance(v, int | float | str)}


def stage_report(ws_dir: Path, gen_dir: Path, as_of: date, truth: bool) -> dict[str, Any]:
    from rajut.reporting import compute_recap, load_catalog, write_report
    from rajut.workspace import open_workspace

    ws = open_workspace(ws_dir)
    out: dict[str, Any] = {}
    for recap in load_catalog(ws).rekap:
        t0 = time.perf_counter()
        result = compute_recap(ws, recap.id, as_of)
        write_report(result, ws_dir / "reports" / "rekap" / f"{recap.id}.html")
        out[recap.id] = round(time.perf_counter() - t0, 2)
    return out


RUNNERS = {
    "ingest": stage_ingest,
    "link": stage_link,
    "build": stage_build,
    "targets": stage_targets,
    "report": stage_report,
}


def child_main(argv: list[str]) -> None:
    stage, ws_dir, gen_dir, as_of, truth = argv
    out = RUNNERS[stage](Path(ws_dir), Path(gen_dir), date.fromisoformat(as_of), truth == "1")
    print(json.dumps(out, default=str))


# --------------------------------------------------------------------------- parent
def spawn(args: list[str], timeout: float) -> dict[str, Any]:
    """Run one child; wall time, peak RSS (GiB) of that child, and its JSON output."""
    t0 = time.perf_counter()
    with tempfile.TemporaryFile("w+") as err:
        proc = subprocess.Popen(
            [sys.executable, __file__, "--child", *args],
            stdout=subprocess.PIPE,
            stderr=err,
            text=True,
        )
        timer = threading.Timer(timeout, proc.kill)
        timer.start()
        assert proc.stdout is not None
        stdout = proc.stdout.read()
        _, status, usage = os.wait4(proc.pid, 0)
        timer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        stderr = err.read()
    result: dict[str, Any] = {
        "seconds": round(time.perf_counter() - t0, 2),
        "peak_gib": round(usage.ru_maxrss / 2**20, 2),
    }
    if proc.returncode != 0:
        tail = "\n".join(stderr.strip().splitlines()[-5:])
        result["error"] = f"exit {proc.returncode}: {tail}"
    else:
        lines = stdout.strip().splitlines()
        result["summary"] = json.loads(lines[-1]) if lines else {}
    return result


def print_table(people: int, results: dict[str, dict[str, Any]]) -> None:
    print(f"\n{'tahap':<10} {'detik':>9} {'RSS puncak':>12}  status")
    for stage, r in results.items():
        status = "ok" if "error" not in r else f"GAGAL — {r['error'].splitlines()[-1][:90]}"
        print(f"{stage:<10} {r['seconds']:9.2f} {r['peak_gib']:9.2f} GiB  {status}")
    timed = [results[s] for s in PIPELINE if s in results]
    if len(timed) == len(PIPELINE) and all("error" not in r for r in timed):
        total = sum(r["seconds"] for r in timed)
        peak = max(r["peak_gib"] for r in timed)
        verdict = "memenuhi" if total <= TARGET_S else "MELEBIHI"
        note = (
            f"{verdict} target {TARGET_S:.0f} s" if people >= 1_000_000 else "target 120 s: 1 juta"
        )
        print(f"{'pipeline':<10} {total:9.2f} {peak:9.2f} GiB  ingest→targets; {note}")


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child_main(sys.argv[2:])
        return
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--people", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--as-of", default="2026-06-30", help="tanggal acuan build")
    parser.add_argument("--stages", nargs="+", choices=STAGES, default=list(PIPELINE))
    parser.add_argument("--truth-links", action="store_true", help="tautan dari kebenaran dasar")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/rajut-bench-pipeline"))
    parser.add_argument("--timeout", type=float, default=3600, help="batas detik per tahap")
    parser.add_argument("--json-out", type=Path, help="simpan hasil sebagai JSON")
    args = parser.parse_args()
    tag = f"p{args.people}_s{args.seed}"
    gen_dir, ws_dir = args.workdir / f"gen_{tag}", args.workdir / f"ws_{tag}"
    args.workdir.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    generate(gen_dir, args.people, args.seed)
    print(f"{args.people:,} penduduk; data dinas di {gen_dir} ({time.perf_counter() - t0:.1f} s)")
    results: dict[str, dict[str, Any]] = {}
    truth = "1" if args.truth_links else "0"
    for stage in [s for s in STAGES if s in args.stages]:
        print(f"… {stage}", flush=True)
        results[stage] = spawn([stage, str(ws_dir), str(gen_dir), args.as_of, truth], args.timeout)
        if "error" in results[stage]:
            break
    print_table(args.people, results)
    if args.json_out:
        report = {"people": args.people, "workspace": str(ws_dir), "stages": results}
        args.json_out.write_text(json.dumps(report, indent=2, default=str), encoding="utf-8")


if __name__ == "__main__":
    main()
