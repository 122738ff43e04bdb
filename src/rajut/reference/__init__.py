"""Reference codes (Kode Referensi): Kemendagri region codes and their retired editions."""

from rajut.reference.wilayah import Region, Wilayah, load_wilayah

__all__ = ["Region", "Wilayah", "load_wilayah"]
