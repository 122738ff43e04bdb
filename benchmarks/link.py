"""Benchmark the linkage: time and peak memory per stage, P/R/F1 of three methods side by side.

For each size a synthetic kabupaten is generated and ingested with the example contracts
(``rajut.demo.pipeline.run_demo``; kept under ``--workdir`` and reused on later runs), then
each method runs in its own subprocess, so its peak memory is its own:

rajut         ``rajut.linkage.run.run_linkage`` (NIK pass, Splink, constraints, IDs, households)
splink        plain Splink (``rajut.linkage.probabilistic.baseline``): exact NIK + generic
              name/date/mother's-name comparisons; connected components of the pairs at the
              workspace's ``linkage.match_threshold`` (the threshold rajut uses)
nik           NIK only: records sharing a sound NIK (``link.records.nik``) are one person;
              records without one stay alone

Every method is scored with ``rajut.linkage.evaluate.evaluate_clusters`` against the truth.
Peak memory per stage is the highest resident set size sampled (every 20 ms) while the
stage ran, so it includes DuckDB's buffers.

Usage::

    .venv/bin/python benchmarks/link.py                      # 100k and 1M persons
    .venv/bin/python benchmarks/link.py --people 100000 --skip-1m
    .venv/bin/python benchmarks/link.py --people 20000 --methods nik rajut --json-out r.json
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

METHODS = ("rajut", "splink", "nik")
READY_MARKER = ".bench-ready"
SAMPLE_S = 0.02


# --------------------------------------------------------------------------- measuring
def rss_bytes() -> int:
    """Current resident set size of this process (Linux ``/proc``)."""
    with open("/proc/self/statm", encoding="ascii") as fh:
        pages = int(fh.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE")


class StageMeter:
    """Wall time and peak RSS per named stage; a background thread samples RSS."""

    def __init__(self) -> None:
        self.stages: list[dict[str, Any]] = []
        self._current: dict[str, Any] | None = None
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        while not self._stop.wait(SAMPLE_S):
            rss = rss_bytes()
            with self._lock:
                if self._current is not None:
                    self._current["peak"] = max(self._current["peak"], rss)

    @property
    def current(self) -> dict[str, Any]:
        assert self._current is not None
        return self._current

    def mark(self, name: str) -> None:
        """End the running stage (if any) and start ``name``."""
        now, rss = time.perf_counter(), rss_bytes()
        with self._lock:
            if self._current is not None:
                self._current["seconds"] = now - self._current.pop("t0")
                self._current["peak"] = max(self._current["peak"], rss)
                self.stages.append(self._current)
            self._current = {"stage": name, "t0": now, "peak": rss}

    def stop(self) -> list[dict[str, Any]]:
        self.mark("")
        self._current = None
        self._stop.set()
        return [
            {"stage": s["stage"], "seconds": round(s["seconds"], 2), "peak_gib": s["peak"] / 2**30}
            for s in self.stages
        ]

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        self.mark(name)
        yield


# --------------------------------------------------------------------------- children
def prepare(workdir: Path, people: int, seed: int) -> Path:
    """Generate + ingest once; later runs reuse the workspace."""
    target = workdir / f"p{people}_s{seed}"
    if not (target / READY_MARKER).is_file():
        from rajut.demo.pipeline import run_demo

        t0 = time.perf_counter()
        run_demo(target, people=people, seed=seed)
        (target / READY_MARKER).write_text(f"{time.perf_counter() - t0:.1f}\n", encoding="utf-8")
    return target


def run_method(method: str, ws_dir: Path) -> dict[str, Any]:
    """Child process body: run one method on the workspace, score it, return a report."""
    from rajut.linkage.evaluate import evaluate_clusters
    from rajut.store import open_store
    from rajut.workspace import open_workspace

    ws = open_workspace(ws_dir)
    meter = StageMeter()
    extra: dict[str, Any] = {}
    table = "link.record_person"
    if method == "rajut":
        from rajut.linkage.run import run_linkage

        summary = run_linkage(ws, on_step=meter.mark)
        extra = {k: v for k, v in summary.items() if isinstance(v, int | float | dict)}
        names = list(summary.get("seconds", {}))
        if len(names) == len(meter.stages) + 1:  # the last stage is still running
            for stage, name in zip([*meter.stages, meter.current], names, strict=True):
                stage["stage"] = f"{name} ({stage['stage']})"
    with open_store(ws.analytics_db) as store:
        if method != "rajut":
            threshold = ws.settings.linkage.match_threshold
            table = RUNNERS[method](store.con, meter, threshold)
        meter.mark("evaluate")
        truth = ws_dir / "incoming" / "truth" / "records.csv"
        evaluation = evaluate_clusters(store.con, truth, table=table)
    return {
        "method": method,
        "stages": meter.stop(),
        "evaluation": evaluation.to_dict(),
        "summary": extra,
    }


def run_nik_only(con: Any, meter: StageMeter, threshold: float) -> str:
    """Cluster = same sound NIK; records without one are singletons."""
    from rajut.linkage.records import build_link_records

    with meter.stage("records"):
        build_link_records(con)
    with meter.stage("clustering"):
        con.execute(
            "CREATE OR REPLACE TABLE link.bench_nik_only AS "
            "SELECT uid, source, record_id, coalesce('nik:' || nik, uid) AS person_id "
            "FROM link.records"
        )
    return "link.bench_nik_only"


def run_plain_splink(con: Any, meter: StageMeter, threshold: float) -> str:
    """Plain Splink (``baseline``): scored pairs, then connected components at ``threshold``."""
    import pyarrow as pa

    from rajut.linkage.graph import connected_components
    from rajut.linkage.probabilistic.baseline import train_and_predict_baseline
    from rajut.linkage.records import build_link_records

    with meter.stage("records"):
        build_link_records(con)
    with meter.stage("splink train + predict"):
        train_and_predict_baseline(con)
    with meter.stage("clustering (connected components)"):
        uids = [r[0] for r in con.execute("SELECT uid FROM link.records").fetchall()]
        edges = con.execute(
            "SELECT uid_l, uid_r FROM link.pairs_baseline WHERE match_probability >= ?",
            [threshold],
        ).fetchall()
        comp = connected_components(uids, edges)
        con.register("bench_cc", pa.table({"uid": list(comp), "person_id": list(comp.values())}))
        con.execute(
            "CREATE OR REPLACE TABLE link.bench_plain_splink AS SELECT r.uid, r.source, "
            "r.record_id, c.person_id FROM link.records r JOIN bench_cc c USING (uid)"
        )
        con.unregister("bench_cc")
    return "link.bench_plain_splink"


RUNNERS: dict[str, Callable[[Any, StageMeter, float], str]] = {
    "nik": run_nik_only,
    "splink": run_plain_splink,
}


def child_main(argv: list[str]) -> None:
    kind, *rest = argv
    if kind == "prepare":
        workdir, people, seed = Path(rest[0]), int(rest[1]), int(rest[2])
        t0 = time.perf_counter()
        ws = prepare(workdir, people, seed)
        out: dict[str, Any] = {"workspace": str(ws), "seconds": time.perf_counter() - t0}
    else:
        out = run_method(kind, Path(rest[0]))
    print(json.dumps(out, default=str))


# --------------------------------------------------------------------------- parent
def spawn(args: list[str], timeout: float | None) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, __file__, "--child", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if done.returncode != 0:
        tail = "\n".join(done.stderr.strip().splitlines()[-6:])
        return {"error": f"exit {done.returncode}: {tail}"}
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def bench_size(args: argparse.Namespace, people: int) -> dict[str, Any]:
    print(f"\n=== {people:,} penduduk (benih {args.seed}) ===", flush=True)
    prep = spawn(["prepare", str(args.workdir), str(people), str(args.seed)], None)
    if "error" in prep:
        print(f"persiapan gagal: {prep['error']}")
        return {"people": people, "prepare": prep}
    ws_dir = prep["workspace"]
    print(f"data siap di {ws_dir} ({prep['seconds']:.1f} s; 0 s berarti dipakai ulang)")
    results: dict[str, Any] = {}
    for method in args.methods:
        t0 = time.perf_counter()
        results[method] = spawn([method, ws_dir], args.timeout)
        results[method]["wall_s"] = round(time.perf_counter() - t0, 1)
        print_stages(method, results[method])
    print_quality(results)
    return {"people": people, "workspace": ws_dir, "methods": results}


def print_stages(method: str, r: dict[str, Any]) -> None:
    if "error" in r:
        print(f"\n[{method}] GAGAL: {r['error']}")
        return
    print(f"\n[{method}] waktu dan memori puncak per tahap (proses {r['wall_s']} s)")
    for s in r["stages"]:
        print(f"  {s['stage']:<46} {s['seconds']:8.2f} s  {s['peak_gib']:6.2f} GiB")
    linked = sum(s["seconds"] for s in r["stages"] if s["stage"] != "evaluate")
    peak = max((s["peak_gib"] for s in r["stages"]), default=0.0)
    print(f"  {'total (tanpa evaluasi)':<46} {linked:8.2f} s  {peak:6.2f} GiB")


def _scores(r: dict[str, Any]) -> dict[str, dict[str, Any]]:
    ev = r["evaluation"]
    rows = {"keseluruhan": ev["overall"]}
    rows.update({f"{p['source_l']}-{p['source_r']}": p for p in ev["source_pairs"]})
    return rows


def _fmt(v: float | None) -> str:
    return "   -  " if v is None else f"{v:.4f}"


def print_quality(results: dict[str, Any]) -> None:
    ok = {m: _scores(r) for m, r in results.items() if "error" not in r}
    if not ok:
        return
    keys = list(dict.fromkeys(k for rows in ok.values() for k in rows))
    head = "".join(f" | {m:^20}" for m in ok)
    print(f"\n{'P / R / F1':<22}{head}")
    for key in keys:
        cells = ""
        for rows in ok.values():
            s = rows.get(key, {})
            cells += f" | {_fmt(s.get('precision'))} {_fmt(s.get('recall'))} {_fmt(s.get('f1'))}"
        print(f"{key:<22}{cells}")
    for m, r in results.items():
        if "error" not in r:
            c = r["evaluation"]["clusters"]
            print(
                f"[{m}] orang {c['predicted_persons']:,} (sejati {c['true_persons']:,}), "
                f"gabungan keliru {c['over_merged_clusters']:,}, terpecah {c['split_persons']:,}"
            )


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child_main(sys.argv[2:])
        return
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--people", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--skip-1m", action="store_true", help="lewati ukuran ≥ 1.000.000")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--methods", nargs="+", choices=METHODS, default=list(METHODS))
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/rajut-bench-link"))
    parser.add_argument("--timeout", type=float, default=3600, help="batas detik per metode")
    parser.add_argument("--json-out", type=Path, help="simpan semua hasil sebagai JSON")
    args = parser.parse_args()
    sizes = [p for p in args.people if not (args.skip_1m and p >= 1_000_000)]
    args.workdir.mkdir(parents=True, exist_ok=True)
    report = [bench_size(args, people) for people in sizes]
    if args.json_out:
        args.json_out.write_text(json.dumps(report, indent=2, default=str), encoding="utf-8")


if __name__ == "__main__":
    main()
