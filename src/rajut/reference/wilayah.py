"""Kemendagri region codes (kode wilayah), loaded from ``shared/data/wilayah``.

The data is never copied into code: it is read from the CSV files described in
``shared/data/wilayah/README.md`` (Kepmendagri 300.2.2-2430/2025, plus codes retired
since the 2016 edition, which old NIKs still carry).

Codes are kept as text in dotted form (``33.10.12.2001``); :func:`nik_prefix` and
:func:`from_nik_prefix` convert to and from the 6-digit NIK form (``331012``).

Examples:
    >>> w = load_wilayah()  # doctest: +SKIP
    >>> w.name("33.10")  # doctest: +SKIP
    'Kabupaten Klaten'
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from rajut.errors import ReferenceDataError

CURRENT_FILE = "wilayah_kemendagri_2025.csv"
RETIRED_FILE = "wilayah_kode_lama_2016_2023.csv"
ENV_DIR = "RAJUT_WILAYAH_DIR"

LEVELS = ("provinsi", "kabupaten_kota", "kecamatan", "desa_kelurahan")


@dataclass(frozen=True, slots=True)
class Region:
    """One region: ``code`` in dotted form, its ``name``, ``level`` and whether it is retired."""

    code: str
    name: str
    level: str
    retired: bool = False
    successor: str | None = None

    @property
    def parent(self) -> str | None:
        head, _, _ = self.code.rpartition(".")
        return head or None


@dataclass
class Wilayah:
    """The current and retired Kemendagri codes, indexed for lookups."""

    regions: dict[str, Region]
    retired: dict[str, Region]
    source_dir: Path
    _children: dict[str, list[str]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for code, region in self.regions.items():
            parent = region.parent
            if parent is not None:
                self._children.setdefault(parent, []).append(code)
        for kids in self._children.values():
            kids.sort()

    def get(self, code: str) -> Region | None:
        """The current region with ``code``, else the retired one, else ``None``."""
        return self.regions.get(code) or self.retired.get(code)

    def name(self, code: str) -> str:
        region = self.get(code)
        if region is None:
            raise ReferenceDataError(
                f"Kode wilayah {code!r} tidak ada di daftar Kemendagri.",
                "Periksa kode; gunakan format bertitik, mis. 33.10 atau 33.10.12.2001.",
                code="unknown-region",
            )
        return region.name

    def children(self, code: str) -> list[Region]:
        """Current regions directly below ``code`` (kabupaten → kecamatan → desa)."""
        return [self.regions[c] for c in self._children.get(code, [])]

    def desa_of_kabupaten(self, kabupaten_code: str) -> list[Region]:
        return [d for kec in self.children(kabupaten_code) for d in self.children(kec.code)]

    def iter_level(self, level: str, *, include_retired: bool = False) -> Iterator[Region]:
        yield from (r for r in self.regions.values() if r.level == level)
        if include_retired:
            yield from (r for r in self.retired.values() if r.level == level)

    def is_known_kecamatan_prefix(self, prefix6: str) -> bool:
        """True when a NIK/KK's first 6 digits are a current or retired kecamatan code."""
        return prefix6 in self.kecamatan_prefixes

    @property
    def kecamatan_prefixes(self) -> frozenset[str]:
        cached: frozenset[str] | None = getattr(self, "_prefixes", None)
        if cached is None:
            cached = frozenset(
                nik_prefix(r.code) for r in self.iter_level("kecamatan", include_retired=True)
            )
            object.__setattr__(self, "_prefixes", cached)
        return cached


def nik_prefix(kecamatan_code: str) -> str:
    """``33.10.12`` → ``331012``."""
    return kecamatan_code.replace(".", "")


def from_nik_prefix(prefix6: str) -> str:
    """``331012`` → ``33.10.12``."""
    return f"{prefix6[0:2]}.{prefix6[2:4]}.{prefix6[4:6]}"


def find_wilayah_dir(start: Path | None = None) -> Path:
    """Locate ``shared/data/wilayah``.

    Order: ``$RAJUT_WILAYAH_DIR``; then ``shared/data/wilayah`` in the current directory,
    this package's directory or any of their parents.
    """
    env = os.environ.get(ENV_DIR)
    if env:
        path = Path(env)
        if (path / CURRENT_FILE).is_file():
            return path
        raise ReferenceDataError(
            f"{ENV_DIR}={env} tidak berisi {CURRENT_FILE}.",
            f"Arahkan {ENV_DIR} ke folder data wilayah Kemendagri (shared/data/wilayah).",
            code="wilayah-not-found",
        )
    starts = [start or Path.cwd(), Path(__file__).resolve()]
    for origin in starts:
        for base in [origin, *origin.parents]:
            candidate = base / "shared" / "data" / "wilayah"
            if (candidate / CURRENT_FILE).is_file():
                return candidate
    raise ReferenceDataError(
        "Data kode wilayah Kemendagri (shared/data/wilayah) tidak ditemukan.",
        f"Setel variabel lingkungan {ENV_DIR} ke folder yang berisi {CURRENT_FILE}, "
        "atau isi [reference] wilayah_dir di rajut.toml.",
        code="wilayah-not-found",
    )


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@lru_cache(maxsize=4)
def load_wilayah(directory: Path | None = None) -> Wilayah:
    """Load both Kemendagri files (cached per directory)."""
    source = directory or find_wilayah_dir()
    try:
        current = {
            row["kode"]: Region(row["kode"], row["nama"], row["level"])
            for row in _read(source / CURRENT_FILE)
        }
        retired = {
            row["kode"]: Region(
                row["kode"],
                row["nama"],
                row["level"],
                retired=True,
                successor=row.get("kode_2025_kandidat") or None,
            )
            for row in _read(source / RETIRED_FILE)
        }
    except (OSError, KeyError) as exc:
        raise ReferenceDataError(
            f"Data kode wilayah di {source} tidak bisa dibaca: {exc}.",
            "Pastikan kedua berkas CSV wilayah ada dan utuh (lihat README di folder itu).",
            code="wilayah-unreadable",
        ) from exc
    return Wilayah(regions=current, retired=retired, source_dir=source)
