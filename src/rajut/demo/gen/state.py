"""The in-memory synthetic kabupaten: region tables, households and persons as numpy arrays."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

Arrays = dict[str, np.ndarray]

SHDK = (
    "",
    "KEPALA KELUARGA",
    "SUAMI",
    "ISTRI",
    "ANAK",
    "MENANTU",
    "CUCU",
    "ORANG TUA",
    "MERTUA",
    "FAMILI LAIN",
    "LAINNYA",
)
HEAD, HUSBAND, WIFE, CHILD, IN_LAW, GRANDCHILD, PARENT, PARENT_IN_LAW, RELATIVE, OTHER = range(
    1, 11
)
MARITAL = ("BELUM KAWIN", "KAWIN", "CERAI HIDUP", "CERAI MATI")
SINGLE, MARRIED, DIVORCED, WIDOWED = range(4)
STREETS = (
    "KRAJAN",
    "NGASEM",
    "SIDOMULYO",
    "KARANGANYAR",
    "TEGALREJO",
    "SUKOREJO",
    "GONDANG",
    "JETIS",
    "BANARAN",
    "NGLARANG",
    "PUCANG",
    "KEMBANG",
    "SIDOREJO",
    "GEBANG",
    "PLOSO",
    "NGAWEN",
    "DUWET",
    "KALIWUNGU",
    "BULU",
    "MANGGIS",
    "PANDEAN",
    "CANDI",
    "SELO",
    "TUMPANG",
)


@dataclass
class Regions:
    """Desa and kecamatan of the kabupaten, indexed 0..n-1."""

    kabupaten_code: str
    kabupaten_name: str
    desa_code: np.ndarray  # dotted, object
    desa_name: np.ndarray
    desa_kec: np.ndarray  # int index into kec_*
    kec_code: np.ndarray
    kec_name: np.ndarray

    @property
    def kec_prefix(self) -> np.ndarray:
        return np.array([int(c.replace(".", "")) for c in self.kec_code], dtype=np.int64)

    def desa_prefix(self, desa: np.ndarray) -> np.ndarray:
        return np.asarray(self.kec_prefix[self.desa_kec[desa]])


@dataclass
class Population:
    """Households ``h`` and persons ``p`` (column name → array), plus the time window."""

    regions: Regions
    window_start: np.datetime64
    as_of: np.datetime64
    h: Arrays = field(default_factory=dict)
    p: Arrays = field(default_factory=dict)

    @property
    def n_persons(self) -> int:
        return len(self.p["female"])

    @property
    def n_households(self) -> int:
        return len(self.h["desa0"])

    def hh_at(self, pid: np.ndarray, date: np.ndarray | np.datetime64) -> np.ndarray:
        """Household of each person on ``date`` (marriages switch household)."""
        changed = np.asarray(date >= self.p["hh_change"][pid])
        return np.asarray(np.where(changed, self.p["hh1"][pid], self.p["hh0"][pid]))

    def shdk_at(self, pid: np.ndarray, date: np.ndarray | np.datetime64) -> np.ndarray:
        changed = np.asarray(date >= self.p["hh_change"][pid])
        return np.asarray(np.where(changed, self.p["shdk1"][pid], self.p["shdk0"][pid]))

    def address_at(self, hh: np.ndarray, date: np.ndarray | np.datetime64) -> Arrays:
        """Desa index, RT, RW, street index and KK number of households on ``date``."""
        moved = np.asarray(date >= self.h["move_date"][hh])
        return {
            key: np.where(moved, self.h[f"{key}1"][hh], self.h[f"{key}0"][hh])
            for key in ("desa", "rt", "rw", "street", "kk")
            if f"{key}0" in self.h
        }

    def origin_address(self, pid: np.ndarray) -> Arrays:
        """Address of each person at the window start (or at birth for babies)."""
        first = np.maximum(self.p["birth"][pid], self.window_start)
        return self.address_at(self.hh_at(pid, first), first)

    def alive_at(self, pid: np.ndarray, date: np.ndarray | np.datetime64) -> np.ndarray:
        death = self.p["death"][pid]
        return np.asarray(np.isnat(death) | np.asarray(death > date))
