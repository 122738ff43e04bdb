"""Default SDI dataset metadata for a draft contract (every value is for the user to check)."""

from __future__ import annotations

import re
from pathlib import Path

from rajut.sources.assistant.period import FREQUENCY, filename_periods
from rajut.sources.contract import DatasetMetadata

# Folder or file-name fragment → owner agency, for when --owner is not given.
_OWNERS: tuple[tuple[str, str], ...] = (
    ("dukcapil", "Disdukcapil"),
    ("dinsos", "Dinas Sosial"),
    ("dtks", "Dinas Sosial"),
    ("dtsen", "Dinas Sosial"),
    ("dinkes", "Dinas Kesehatan"),
    ("ppgbm", "Dinas Kesehatan"),
    ("bpjs", "Dinas Kesehatan"),
    ("pbi", "Dinas Kesehatan"),
    ("disdik", "Dinas Pendidikan"),
    ("dapodik", "Dinas Pendidikan"),
)
UNKNOWN_OWNER = "Perangkat daerah belum diisi"
_DEFAULT_SHEETS = re.compile(r"^(sheet|lembar)\s*\d*$", re.IGNORECASE)


def guess_owner(path: Path) -> str | None:
    """The owner agency suggested by the file's folder or name, if any.

    Examples:
        >>> guess_owner(Path("dinsos/dtks_2026Q2.xlsx"))
        'Dinas Sosial'
    """
    text = f"{path.parent.name}/{path.name}".lower()
    return next((owner for key, owner in _OWNERS if key in text), None)


def title_from(path: Path, sheet: str | None) -> str:
    """A readable title: the file name without period and extension, plus the sheet name.

    Examples:
        >>> title_from(Path("biodata_penduduk_20260630.csv"), None)
        'Biodata Penduduk'
        >>> title_from(Path("eppgbm_202601_202606.xlsx"), "Data Pengukuran")
        'Eppgbm - Data Pengukuran'
    """
    stem = path.stem
    for token in reversed(filename_periods(path.name)):
        stem = stem.replace(token.label, " ")
    words = [w for w in re.split(r"[\s_\-.]+", stem) if w]
    title = " ".join(w if w.isupper() else w.capitalize() for w in words) or path.stem
    if sheet and not _DEFAULT_SHEETS.match(sheet):
        title = sheet if sheet.upper() == title.upper() else f"{title} - {sheet}"
    return title


def default_metadata(
    path: Path, sheet: str | None, owner: str, granularity: str | None
) -> DatasetMetadata:
    """Metadata with Bahasa defaults; frekuensi follows the period granularity."""
    frequency = FREQUENCY.get(granularity or "", "tidak tentu")
    return DatasetMetadata(
        judul=title_from(path, sheet),
        produsen_data=owner,
        frekuensi=frequency,
        deskripsi=f"Draf dari asisten pemetaan berdasarkan berkas {path.name}.",
    )
