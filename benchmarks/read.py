"""Benchmark the file readers: rows/s and peak RSS for a 1M-row CSV and a 500k-row XLSX.

Usage::

    .venv/bin/python benchmarks/read.py [--rows-csv 1000000] [--rows-xlsx 500000]
        [--dir /tmp/rajut-bench]

Files are generated once (xlsxwriter ``constant_memory`` for the xlsx, 20 columns, NIK as
text with every 50th NIK stored as a number) and reused. Each read runs in a fresh
subprocess so peak RSS is the reader's own.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import subprocess
import sys
import time
from pathlib import Path

HEADER = [
    "NIK", "NO_KK", "NAMA", "JENIS_KELAMIN", "TEMPAT_LAHIR", "TANGGAL_LAHIR", "ALAMAT", "RT",
    "RW", "KODE_DESA", "DESA", "KECAMATAN", "AGAMA", "PEKERJAAN", "STATUS_KAWIN",
    "PENDIDIKAN", "NAMA_IBU", "NAMA_AYAH", "DESIL", "PENGHASILAN",
]  # fmt: skip


def _row(rnd: random.Random, i: int) -> list[object]:
    born = dt.date(1950, 1, 1) + dt.timedelta(days=rnd.randrange(25000))
    return [
        f"3310{rnd.randrange(10**11, 10**12)}", f"3310{rnd.randrange(10**11, 10**12)}",
        f"NAMA ORANG {i}", "L" if i % 2 else "P", "KLATEN", born, f"DUSUN {i % 97} NO {i % 13}",
        i % 12 + 1, f"{i % 9 + 1:03d}", "3310012001", "DESA X", "KEC Y", "ISLAM", "PETANI",
        "KAWIN", "SD", f"IBU {i}", f"AYAH {i}", i % 10 + 1, round(rnd.random() * 1e6, 2),
    ]  # fmt: skip


def make_csv(path: Path, rows: int) -> None:
    rnd = random.Random(1)
    with path.open("w", encoding="utf-8") as fh:
        fh.write(";".join(HEADER) + "\n")
        for i in range(1, rows + 1):
            r = _row(rnd, i)
            r[5] = r[5].strftime("%d-%m-%Y")  # type: ignore[attr-defined]
            fh.write(";".join(str(v) for v in r) + "\n")


def make_xlsx(path: Path, rows: int) -> None:
    import xlsxwriter

    rnd = random.Random(1)
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    ws = wb.add_worksheet("Data")
    date_fmt = wb.add_format({"num_format": "dd/mm/yyyy"})
    ws.write_row(0, 0, HEADER)
    for i in range(1, rows + 1):
        r = _row(rnd, i)
        for j, v in enumerate(r):
            if j == 0 and i % 50 == 0:
                ws.write_number(i, j, float(str(v)))
            elif isinstance(v, dt.date):
                ws.write_datetime(i, j, dt.datetime(v.year, v.month, v.day), date_fmt)
            elif isinstance(v, str):
                ws.write_string(i, j, v)
            else:
                ws.write_number(i, j, v)  # type: ignore[arg-type]
    wb.close()


def measure(path: Path) -> dict[str, float]:
    """Read ``path`` in a subprocess; return seconds, rows, rows/s and peak RSS (MiB)."""
    code = (
        "import json,resource,sys,time;from pathlib import Path;"
        "from rajut.sources.readers import read_table;t=time.perf_counter();"
        "r=read_table(Path(sys.argv[1]));s=time.perf_counter()-t;"
        "rss=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss/1024;"
        "print(json.dumps({'seconds':s,'rows':r.table.num_rows,'peak_rss_mib':rss}))"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True
    )
    out: dict[str, float] = json.loads(proc.stdout)
    out["rows_per_s"] = out["rows"] / out["seconds"]
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--rows-csv", type=int, default=1_000_000)
    ap.add_argument("--rows-xlsx", type=int, default=500_000)
    ap.add_argument("--dir", type=Path, default=Path("/tmp/rajut-bench"))
    args = ap.parse_args()
    args.dir.mkdir(parents=True, exist_ok=True)
    csv_path = args.dir / f"penduduk_{args.rows_csv}.csv"
    xlsx_path = args.dir / f"penduduk_{args.rows_xlsx}.xlsx"
    for path, rows, make in ((csv_path, args.rows_csv, make_csv),
                             (xlsx_path, args.rows_xlsx, make_xlsx)):  # fmt: skip
        if not path.exists():
            t = time.perf_counter()
            make(path, rows)
            print(f"generated {path} in {time.perf_counter() - t:.1f}s")
    for path in (csv_path, xlsx_path):
        m = measure(path)
        print(
            f"{path.name}: {m['rows']:,.0f} rows in {m['seconds']:.2f}s = "
            f"{m['rows_per_s']:,.0f} rows/s; peak RSS "
            f"{m['peak_rss_mib']:,.0f} MiB"
        )


if __name__ == "__main__":
    main()
