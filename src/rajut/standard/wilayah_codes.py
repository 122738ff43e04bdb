"""Lazy adapter that exposes the Kemendagri region codes as a code list.

The codes are never copied into the standard; they are read on first use from
``shared/data/wilayah`` through :func:`rajut.reference.wilayah.load_wilayah`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rajut.reference.wilayah import Region, Wilayah, load_wilayah
from rajut.standard.models import ExternalCodeList


@dataclass
class RegionCodeList:
    """Region codes of one level (``desa_kelurahan`` by default), current and retired.

    Examples:
        >>> codes = load_standard().external("wilayah_kemendagri")  # doctest: +SKIP
        >>> "33.10.12.2001" in codes  # doctest: +SKIP
        True
    """

    meta: ExternalCodeList
    _wilayah: Wilayah | None = field(default=None, repr=False)

    @property
    def name(self) -> str:
        return self.meta.name

    @property
    def wilayah(self) -> Wilayah:
        if self._wilayah is None:
            self._wilayah = load_wilayah()
        return self._wilayah

    def region(self, code: str) -> Region | None:
        """The region with ``code`` at this list's level (current or retired), else None."""
        region = self.wilayah.get(code)
        if region is None or (self.meta.level and region.level != self.meta.level):
            return None
        return region

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and self.region(code) is not None

    def label(self, code: str) -> str | None:
        region = self.region(code)
        return region.name if region else None

    def is_retired(self, code: str) -> bool:
        region = self.region(code)
        return bool(region and region.retired)
