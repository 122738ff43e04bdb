"""The draft contract as YAML, with ``# PERIKSA:`` comments where the user must look."""

from __future__ import annotations

from typing import Any

import yaml

from rajut.sources.contract import ColumnMapping, SourceContract

HEADER = (
    "# Draf kontrak dari `rajut sources suggest` (asisten pemetaan).\n"
    "# Periksa setiap baris bertanda PERIKSA, ubah bila perlu, lalu hapus `confirm: true`.\n"
    "# Daftarkan dengan: rajut sources add {name}.yaml\n"
)


def _dump(data: dict[str, Any], indent: int = 0) -> str:
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
    pad = " " * indent
    return "".join(pad + line + "\n" for line in text.splitlines())


def _comment(reasons: list[str], indent: int = 0) -> str:
    pad = " " * indent
    return "".join(f"{pad}# PERIKSA: {r}\n" for r in reasons)


def mapping_data(mapping: ColumnMapping) -> str | dict[str, Any]:
    """Short form (``person.nik``) when the mapping carries nothing else."""
    data = mapping.model_dump(mode="json", exclude_defaults=True, exclude_none=True)
    return mapping.field if list(data) == ["field"] else data


def render_contract(
    contract: SourceContract,
    *,
    notes: dict[str, list[str]],
    column_notes: dict[str, list[str]],
    unmapped: dict[str, str],
) -> str:
    """YAML text of ``contract`` with review comments.

    Args:
        contract: the draft contract.
        notes: top-level key (``dataset``, ``record_id``, ...) → reasons to check it.
        column_notes: source column → reasons to check its mapping.
        unmapped: columns left out of the contract → why.
    """
    data = contract.model_dump(mode="json", exclude_none=True)
    parts = [HEADER.format(name=contract.name)]
    for key, value in data.items():
        if key == "columns":
            parts.append("columns:\n")
            for column, spec in contract.columns.items():
                items = spec if isinstance(spec, list) else [spec]
                rendered = [
                    mapping_data(ColumnMapping(field=i) if isinstance(i, str) else i) for i in items
                ]
                parts.append(_comment(column_notes.get(column, []), 2))
                parts.append(
                    _dump({column: rendered if isinstance(spec, list) else rendered[0]}, 2)
                )
            for column, why in unmapped.items():
                parts.append(f"  # tidak dipetakan: {column} ({why})\n")
            continue
        if key in ("constants", "warnings_as_errors") and not value:
            continue
        if key == "file":
            value = contract.file.model_dump(mode="json", exclude_defaults=True)
            value = {"format": contract.file.format, **value}
        parts.append(_comment(notes.get(key, [])))
        parts.append(_dump({key: value}))
    return "".join(parts)
