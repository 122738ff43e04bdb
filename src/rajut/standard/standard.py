"""The :class:`Standard`: tables, code lists and rules, with lookups and exports."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rajut.standard.errors import StandardError
from rajut.standard.models import CodeList, StandardField, StandardMeta, Table
from rajut.standard.wilayah_codes import RegionCodeList


@dataclass
class Standard:
    """The canonical tables every agency file is mapped onto.

    Examples:
        >>> std = load_standard()  # doctest: +SKIP
        >>> std.tables["person"].fields["sex"].klasifikasi  # doctest: +SKIP
        'sex'
        >>> std.codelists["sex"].alias_map()["WANITA"]  # doctest: +SKIP
        'P'
    """

    meta: StandardMeta
    tables: dict[str, Table]
    codelists: dict[str, CodeList]
    _external: dict[str, RegionCodeList] = field(default_factory=dict, repr=False)

    @property
    def version(self) -> str:
        return self.meta.version

    def table(self, name: str) -> Table:
        """The table ``name``; a :class:`StandardError` names the known tables otherwise."""
        try:
            return self.tables[name]
        except KeyError:
            raise StandardError(
                f"Tabel baku {name!r} tidak ada di standar data.",
                f"Pilih salah satu: {', '.join(self.tables)}.",
                code="unknown-table",
            ) from None

    def field(self, qualified: str) -> StandardField:
        """A field by qualified name, e.g. ``"person.nik"``."""
        table_name, dot, field_name = qualified.partition(".")
        table = self.table(table_name)
        if not dot or field_name not in table.fields:
            raise StandardError(
                f"Kolom baku {qualified!r} tidak ada.",
                f"Tulis tabel.kolom; kolom tabel {table_name}: {', '.join(table.fields)}.",
                code="unknown-field",
            )
        return table.fields[field_name]

    def external(self, name: str) -> RegionCodeList:
        """The lazy adapter of an external code list (e.g. ``wilayah_kemendagri``)."""
        if name not in self._external:
            if name not in self.meta.external_codelists:
                raise StandardError(
                    f"Daftar kode eksternal {name!r} tidak dikenal.",
                    f"Pilih salah satu: {', '.join(self.meta.external_codelists)}.",
                    code="unknown-codelist",
                )
            self._external[name] = RegionCodeList(self.meta.external_codelists[name])
        return self._external[name]

    def klasifikasi(self, qualified: str) -> CodeList | RegionCodeList | None:
        """The code list of a field (internal or external), or ``None``."""
        name = self.field(qualified).klasifikasi
        if name is None:
            return None
        return self.codelists.get(name) or self.external(name)

    def table_schema(self, name: str) -> dict[str, Any]:
        """Frictionless Table Schema of table ``name`` (a JSON-ready dict)."""
        from rajut.standard.descriptors import table_schema

        return table_schema(self, self.table(name))

    def export(self, out_dir: Path) -> list[Path]:
        """Write ``<table>.schema.json``, ``codelists.json`` and ``datapackage.json``."""
        from rajut.standard.export import export_standard

        return export_standard(self, out_dir)
