"""Region tables of the kabupaten and of other places (in-migrants), from ``load_wilayah()``."""

from __future__ import annotations

import numpy as np

from rajut.demo.gen.state import Regions
from rajut.errors import ConfigError
from rajut.reference.wilayah import Wilayah, nik_prefix


def kabupaten_regions(w: Wilayah, code: str) -> Regions:
    """All kecamatan and desa of kabupaten ``code`` (dotted, e.g. ``33.10``)."""
    region = w.regions.get(code)
    if region is None or region.level != "kabupaten_kota":
        raise ConfigError(
            f"Kode kabupaten {code!r} tidak ada di daftar wilayah Kemendagri.",
            "Gunakan kode kabupaten/kota bertitik yang berlaku, mis. 33.10 (Kabupaten Klaten).",
            code="unknown-kabupaten",
        )
    kecs = w.children(code)
    desa = [(d, i) for i, k in enumerate(kecs) for d in w.children(k.code)]
    if not desa:
        raise ConfigError(f"Kabupaten {code} tidak punya desa di daftar wilayah.", "")
    return Regions(
        kabupaten_code=code,
        kabupaten_name=region.name,
        desa_code=np.array([d.code for d, _ in desa], dtype=object),
        desa_name=np.array([d.name for d, _ in desa], dtype=object),
        desa_kec=np.array([i for _, i in desa], dtype=np.int64),
        kec_code=np.array([k.code for k in kecs], dtype=object),
        kec_name=np.array([k.name for k in kecs], dtype=object),
    )


def foreign_prefixes(w: Wilayah, kabupaten_code: str, *, retired: bool) -> np.ndarray:
    """6-digit kecamatan prefixes outside the kabupaten (current or retired codes)."""
    pool = w.retired if retired else w.regions
    codes = sorted(
        c
        for c, r in pool.items()
        if r.level == "kecamatan" and not c.startswith(kabupaten_code + ".")
    )
    return np.array([int(nik_prefix(c)) for c in codes], dtype=np.int64)


def place_name(w: Wilayah, prefix6: int) -> str:
    """Kabupaten/kota name (UPPER, without ``KABUPATEN``) for a NIK prefix, as birth place."""
    s = f"{prefix6:06d}"
    region = w.get(f"{s[0:2]}.{s[2:4]}")
    if region is None:
        return "LAINNYA"
    name = region.name.upper()
    for head in ("KABUPATEN ", "KAB. ", "KOTA "):
        name = name.removeprefix(head)
    return name
