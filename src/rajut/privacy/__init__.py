"""Privacy helpers: masking personal identifiers before they are shown or exported."""

from rajut.privacy.masking import mask_nik, mask_nik_sql

__all__ = ["mask_nik", "mask_nik_sql"]
