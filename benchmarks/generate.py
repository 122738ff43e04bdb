"""Benchmark the synthetic kabupaten generator: wall time and peak RSS per size.

Each size runs in its own subprocess; peak RSS is ``ru_maxrss`` of the children.
Usage: ``.venv/bin/python benchmarks/generate.py [--sizes 100000 1000000]``
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time

CHILD = """
import sys
from pathlib import Path
from rajut.demo.generator import generate_kabupaten, load_generator_config
cfg = load_generator_config(None, people=int(sys.argv[1]), seed=42, workers=2)
m = generate_kabupaten(cfg, Path(sys.argv[2]))
print(sum(f["rows"] for f in m["files"]))
"""


def run(people: int) -> tuple[float, float, str]:
    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-c", CHILD, str(people), out],
            capture_output=True,
            text=True,
            check=True,
        )
        wall = time.perf_counter() - start
    rss_gib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024**2
    return wall, rss_gib, done.stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    args = parser.parse_args()
    for people in args.sizes:
        wall, rss, rows = run(people)
        print(f"{people:>9,} penduduk: {wall:7.1f} s, puncak RSS {rss:5.2f} GiB, {rows} baris")


if __name__ == "__main__":
    main()
