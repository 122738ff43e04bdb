"""Ingest throughput: rows/s and peak memory for a 1M-row CSV and a ~500k-row XLSX.

The files are the synthetic kabupaten's own agency exports (Disdukcapil CSV, Dinas Sosial
DTKS xlsx) for 1M persons, generated once into a cache folder and reused. Each ingest runs
in a fresh subprocess (a fresh workspace) so the peak RSS is the ingest's own.

Usage::

    .venv/bin/python benchmarks/ingest.py [--people 1000000] [--dir /tmp/rajut-bench]

Targets on 2 cores (issue 3): CSV ≥ 300k rows/s, XLSX ≥ 100k rows/s, peak < 2 GiB.
The other files (a second CSV, the multi-sheet e-PPGBM workbook, Dapodik JSON) are
printed too, so a slow reader of any format shows here.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def ensure_kabupaten(directory: Path, people: int) -> dict[str, Path]:
    out = directory / f"kab{people}"
    manifest = out / "manifest.json"
    if not manifest.exists():
        from rajut.demo.generator import generate_kabupaten, load_generator_config

        cfg = load_generator_config(None, people=people, seed=11, kabupaten_code="33.10")
        generate_kabupaten(cfg, out)
    files = json.loads(manifest.read_text())["files"]
    return {f["source"]: out / f["path"] for f in files}


def child(source: str, path: str, work: str) -> None:
    from rajut.sources.ingest import ingest_file
    from rajut.sources.registry import add_source
    from rajut.workspace import init_workspace

    ws_dir = Path(work)
    shutil.rmtree(ws_dir, ignore_errors=True)
    ws = init_workspace(ws_dir)
    add_source(ws, ROOT / "examples" / "contracts" / f"{source}.yaml")
    started = time.perf_counter()
    result = ingest_file(ws, source, Path(path))
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "source": source,
                "rows": result.input_rows,
                "accepted": result.accepted,
                "quarantined": result.quarantined,
                "seconds": round(seconds, 2),
                "rows_per_s": round(result.input_rows / seconds),
                "peak_mib": round(peak),
            }
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=1_000_000)
    parser.add_argument("--dir", type=Path, default=Path("/tmp/rajut-bench"))
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    files = ensure_kabupaten(args.dir, args.people)
    print(f"{'berkas':<12} {'baris':>10} {'detik':>8} {'baris/dtk':>11} {'puncak MiB':>11}")
    # every file format of the synthetic kabupaten: CSV, XLSX (one and several sheets), JSON
    for source in ("dukcapil", "pbi_jk", "dtks", "eppgbm", "dapodik"):
        proc = subprocess.run(
            [sys.executable, __file__, "--child", source, str(files[source]),
             str(args.dir / f"ws-{source}")],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        r = json.loads(proc.stdout.strip().splitlines()[-1])
        print(
            f"{source:<12} {r['rows']:>10,} {r['seconds']:>8} {r['rows_per_s']:>11,} "
            f"{r['peak_mib']:>11,}"
        )


if __name__ == "__main__":
    main()
