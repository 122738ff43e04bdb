"""Checks of a contract against the data standard (fields and code lists exist)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rajut.sources.mapping_sql import INPUT_ONLY
from rajut.standard import load_standard

if TYPE_CHECKING:
    from rajut.sources.contract import SourceContract


def check_against_standard(contract: SourceContract) -> list[str]:
    """Every problem found, in Bahasa Indonesia; empty when the contract fits the standard."""
    std = load_standard()
    problems: list[str] = []
    targets: dict[str, str] = {}

    def known(field_name: str, where: str) -> bool:
        table, _, name = field_name.partition(".")
        if table not in std.tables or name not in std.tables[table].fields:
            problems.append(f"{where}: medan {field_name!r} tidak ada di standar")
            return False
        return True

    for column, mapping in contract.mappings:
        where = f"columns.{column}"
        if mapping.field.endswith(".household_ref"):
            problems.append(f"{where}: ID keluarga sumber diisi lewat kunci household_id")
            continue
        if mapping.field.partition(".")[2] in INPUT_ONLY:
            continue
        for target in filter(None, (mapping.field, mapping.place_field)):
            if not known(target, where):
                continue
            if target in targets:
                problems.append(f"{where}: medan {target} sudah diisi kolom {targets[target]!r}")
            targets[target] = column
        if mapping.values and known(mapping.field, where):
            codelist_name = std.field(mapping.field).klasifikasi
            codelist = std.codelists.get(codelist_name) if codelist_name else None
            if codelist is not None:
                bad = sorted(
                    {str(v) for v in mapping.values.values()} - {str(c) for c in codelist.codes}
                )
                if bad:
                    problems.append(f"{where}: nilai {', '.join(bad)} bukan kode {codelist_name}")
    for field_name in contract.constants:
        if known(field_name, f"constants.{field_name}") and field_name in targets:
            problems.append(f"constants.{field_name}: medan itu sudah diisi sebuah kolom")
    return problems
