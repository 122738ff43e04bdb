"""Cross-file checks of the standard: rules, code lists, aliases, keys.

Each check returns a list of problems (Bahasa Indonesia); :func:`check_standard`
raises one :class:`StandardError` listing them all.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from rajut.standard.errors import StandardError
from rajut.standard.models import CodeList, StandardField, Table
from rajut.standard.normalize import normalize_alias

if TYPE_CHECKING:
    from rajut.standard.standard import Standard

BOOLEAN_CODES = frozenset({"true", "false"})


def alias_conflicts(codelist: CodeList) -> list[str]:
    """Normalised spellings that point at two different codes of ``codelist``."""
    seen: dict[str, str] = {}
    problems: list[str] = []
    for code in codelist.codes.values():
        for spelling in code.spellings():
            key = normalize_alias(spelling)
            if not key:
                problems.append(f"{codelist.name}: ejaan kosong pada kode {code.code!r}")
            elif seen.setdefault(key, code.code) != code.code:
                problems.append(
                    f"{codelist.name}: ejaan {spelling!r} menunjuk ke {seen[key]!r} "
                    f"dan {code.code!r}"
                )
    for source, mapping in codelist.source_codes.items():
        for raw, target in mapping.items():
            if target not in codelist.codes:
                problems.append(
                    f"{codelist.name}: kode sumber {source}:{raw} menunjuk kode tak dikenal "
                    f"{target!r}"
                )
        normalised = [normalize_alias(raw) for raw in mapping]
        if len(set(normalised)) != len(normalised):
            problems.append(f"{codelist.name}: kode sumber {source} berisi angka ganda")
    return problems


def _field_problems(std: Standard, table: Table, fld: StandardField) -> Iterator[str]:
    where = f"{table.name}.{fld.name}"
    if not fld.konsep.strip() or not fld.definisi.strip() or not fld.title.strip():
        yield f"{where}: judul, konsep dan definisi wajib diisi"
    rule = std.meta.rules.get(fld.rule)
    if rule is None:
        yield f"{where}: aturan {fld.rule!r} tidak dideklarasikan di standard.yaml"
    elif rule.type != fld.type:
        yield f"{where}: tipe {fld.type!r} tidak cocok dengan aturan {fld.rule!r} ({rule.type})"
    name = fld.klasifikasi
    if name is None:
        if fld.rule in {"sex", "desa", "boolean"} or (
            fld.rule == "code" and fld.constraints.pattern is None
        ):
            yield f"{where}: aturan {fld.rule!r} memerlukan klasifikasi atau pola"
        return
    if name in std.meta.external_codelists:
        if fld.type != "string":
            yield f"{where}: klasifikasi eksternal {name!r} hanya untuk kolom teks"
        return
    codelist = std.codelists.get(name)
    if codelist is None:
        yield f"{where}: klasifikasi {name!r} tidak ada di codelists/"
    elif fld.type == "boolean" and set(codelist.codes) != BOOLEAN_CODES:
        yield f"{where}: kolom boolean harus memakai daftar kode dengan kode true/false"
    elif fld.type != "boolean" and fld.rule not in {"code", "sex"}:
        yield f"{where}: kolom berklasifikasi harus memakai aturan code atau sex"


def _table_problems(std: Standard, table: Table) -> Iterator[str]:
    for key in table.primary_key:
        if not table.fields[key].required:
            yield f"{table.name}: kolom kunci {key!r} harus wajib (required: true)"
    for fld in table.fields.values():
        yield from _field_problems(std, table, fld)


def standard_problems(std: Standard) -> list[str]:
    """Every problem found in ``std`` (empty when the standard is consistent)."""
    problems: list[str] = []
    clash = set(std.codelists) & set(std.meta.external_codelists)
    if clash:
        problems.append(f"nama daftar kode dipakai dua kali: {sorted(clash)}")
    for codelist in std.codelists.values():
        problems.extend(alias_conflicts(codelist))
    for table in std.tables.values():
        problems.extend(_table_problems(std, table))
    return problems


def check_standard(std: Standard) -> None:
    """Raise :class:`StandardError` listing every problem of ``std``."""
    problems = standard_problems(std)
    if problems:
        listed = "; ".join(problems[:10])
        more = f" (dan {len(problems) - 10} lainnya)" if len(problems) > 10 else ""
        raise StandardError(
            f"Standar data tidak konsisten: {listed}{more}.",
            "Perbaiki berkas YAML di src/rajut/standard/ lalu jalankan ulang.",
            code="standard-inconsistent",
        )
