"""A Frictionless Data Package with SDI metadata, ready for a CKAN-based Portal Satu Data.

Layout (a folder, or the same inside a ``.zip``)::

    datapackage.json      descriptor: name, title, SDI fields (``sdi``), resources
    calon_sasaran.csv     one row per candidate (NIK masked unless unmasked)
    rekap_desa.csv        candidates per desa and rule
    rekap_kecamatan.csv   candidates per kecamatan and rule
"""

from __future__ import annotations

import csv
import json
import shutil
import tempfile
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rajut.targeting.report import COLUMNS, TargetReport

WALIDATA = "Dinas Komunikasi dan Informatika (Walidata kabupaten)"
KONSEP = "Galat penargetan program perlindungan sosial (eksklusi dan inklusi)"
DEFINISI = (
    "Calon galat eksklusi: warga/keluarga yang menurut data terintegrasi layak dibantu tetapi "
    "belum menerima; calon galat inklusi: penerima yang menurut data seharusnya tidak menerima. "
    "Setiap baris perlu diverifikasi di lapangan sebelum dipakai untuk keputusan."
)
_RECAP_FIELDS = [
    {"name": "kode_wilayah", "type": "string", "title": "Kode wilayah Kemendagri"},
    {"name": "nama_wilayah", "type": "string", "title": "Nama wilayah"},
    {"name": "kode_aturan", "type": "string", "title": "Kode aturan"},
    {"name": "aturan", "type": "string", "title": "Aturan"},
    {"name": "jenis", "type": "string", "title": "Jenis galat"},
    {"name": "jumlah", "type": "integer", "title": "Jumlah calon"},
]


@dataclass
class PackageMeta:
    """SDI metadata not derivable from the report itself."""

    produsen: list[str] = field(default_factory=list)
    walidata: str = WALIDATA


def _slug(text: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in text.lower()).strip("-")


def _row_fields() -> list[dict[str, str]]:
    return [
        {"name": key, "type": "integer" if key == "data_age_days" else "string", "title": label}
        for key, label in COLUMNS
    ]


def _write_csv(path: Path, header: list[str], rows: list[list[object]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(["" if v is None else v for v in row] for row in rows)


def _recap_rows(report: TargetReport, level: str) -> list[list[object]]:
    titles = {r.id: (r.judul, r.jenis) for r in report.rules}
    return [
        [code, name, rule_id, titles[rule_id][0], titles[rule_id][1], n]
        for code, name, counts in report.count_table(level)
        for rule_id, n in sorted(counts.items())
    ]


def descriptor(report: TargetReport, meta: PackageMeta) -> dict[str, Any]:
    """The ``datapackage.json`` content."""
    as_of = report.as_of.isoformat()
    akses = "tertutup" if report.unmasked else "terbatas"
    judul = f"Calon sasaran verifikasi program perlindungan sosial {report.kabupaten} {as_of}"
    resource = {
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "profile": "tabular-data-resource",
    }
    return {
        "profile": "tabular-data-package",
        "name": _slug(f"calon-sasaran-{report.kabupaten_code}-{as_of}"),
        "title": judul,
        "description": DEFINISI,
        "version": report.build_id,
        "created": datetime.now(UTC).replace(microsecond=0).isoformat(),
        "keywords": ["satu data", "perlindungan sosial", "DTSEN", "penargetan"],
        "sdi": {
            "judul": judul,
            "produsen": meta.produsen,
            "walidata": meta.walidata,
            "konsep": KONSEP,
            "definisi": DEFINISI,
            "periode": as_of,
            "tanggal_acuan": as_of,
            "aksesibilitas": akses,
            "kode_wilayah": report.kabupaten_code,
            "nama_wilayah": report.kabupaten,
            "level_wilayah": "desa/kelurahan",
            "nik_disamarkan": not report.unmasked,
            "aturan": [
                {
                    "id": r.id,
                    "judul": r.judul,
                    "jenis": r.jenis,
                    "deskripsi": " ".join(r.deskripsi.split()),
                    "sumber": r.sumber,
                }
                for r in report.rules
            ],
        },
        "resources": [
            {
                "name": "calon-sasaran",
                "path": "calon_sasaran.csv",
                "title": "Calon sasaran",
                "aksesibilitas": akses,
                **resource,
                "schema": {"fields": _row_fields()},
            },
            {
                "name": "rekap-desa",
                "path": "rekap_desa.csv",
                "title": "Rekap per desa",
                "aksesibilitas": "terbuka",
                **resource,
                "schema": {"fields": _RECAP_FIELDS},
            },
            {
                "name": "rekap-kecamatan",
                "path": "rekap_kecamatan.csv",
                "title": "Rekap per kecamatan",
                "aksesibilitas": "terbuka",
                **resource,
                "schema": {"fields": _RECAP_FIELDS},
            },
        ],
    }


def _fill(folder: Path, report: TargetReport, meta: PackageMeta) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    _write_csv(
        folder / "calon_sasaran.csv", [k for k, _ in COLUMNS], [row.values() for row in report.rows]
    )
    header = [f["name"] for f in _RECAP_FIELDS]
    _write_csv(folder / "rekap_desa.csv", header, _recap_rows(report, "desa"))
    _write_csv(folder / "rekap_kecamatan.csv", header, _recap_rows(report, "kecamatan"))
    text = json.dumps(descriptor(report, meta), ensure_ascii=False, indent=2)
    (folder / "datapackage.json").write_text(text + "\n", encoding="utf-8")


def write_datapackage(report: TargetReport, path: Path, meta: PackageMeta | None = None) -> Path:
    """Write the package to the folder ``path``, or to a zip when ``path`` ends in ``.zip``."""
    meta = meta or PackageMeta()
    if path.suffix.lower() != ".zip":
        _fill(path, report, meta)
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "pkg"
        _fill(folder, report, meta)
        part = path.with_name(path.name + ".part")
        with zipfile.ZipFile(part, "w", zipfile.ZIP_DEFLATED) as zf:
            for item in sorted(folder.iterdir()):
                zf.write(item, item.name)
        shutil.move(part, path)
    return path
