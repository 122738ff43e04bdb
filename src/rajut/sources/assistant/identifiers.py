"""Which column identifies a row (record id) and which a household (household id).

The record id must be unique and filled in the sniffed rows and should look like an id
(``ID_*``, ``*_ID``, ``NO_KARTU``, uuid values). NIK-like and row-number columns (``NO``,
``1, 2, 3 ...``) are used only when nothing else qualifies, and then marked uncertain.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rajut.sources.assistant.headers import header_candidates, normalize_header
from rajut.sources.assistant.profile import ColumnProfile

_ID_NAMES = {"NOKARTU", "NOKA", "NOREG", "NOREGISTRASI", "NOPESERTA", "NOMORPESERTA", "KODE"}
_ROW_NUMBER_NAMES = {"NO", "NOMOR", "NOURUT", "URUT", "NOMORURUT", "BARIS"}
_HOUSEHOLD_NAMES = {"IDRT", "IDRUMAHTANGGA", "IDKK", "IDKEL"}
_ID_TOKEN = re.compile(r"(^|[^A-Za-z])ID([^A-Za-z]|$)|^ID|ID$", re.IGNORECASE)


@dataclass
class IdChoice:
    """A chosen id column; ``reason`` is set when the user should check it."""

    column: str | None
    reason: str | None = None
    alternatives: list[str] = field(default_factory=list)


def is_id_like(profile: ColumnProfile) -> bool:
    """Header like ``ID_ART``, ``peserta_didik_id``, ``NO_KARTU``, or uuid values."""
    name = normalize_header(profile.column)
    return (
        bool(_ID_TOKEN.search(profile.column.replace("_", " ")))
        or name in _ID_NAMES
        or profile.kind == "uuid"
    )


def is_row_number(profile: ColumnProfile) -> bool:
    """``NO``-style header, or values that simply count 1, 2, 3 ..."""
    if normalize_header(profile.column) in _ROW_NUMBER_NAMES:
        return True
    digits = [v.strip() for v in profile.values]
    if not digits or not all(v.isdigit() for v in digits):
        return False
    numbers = [int(v) for v in digits]
    return numbers == list(range(numbers[0], numbers[0] + len(numbers)))


def _is_nik(profile: ColumnProfile) -> bool:
    fields = {m.field for m in header_candidates(profile.column)}
    return profile.kind == "nik" or bool(fields & {"person.nik", "person.kk_number"})


def is_household_name(profile: ColumnProfile) -> bool:
    fields = {m.field for m in header_candidates(profile.column)}
    return (
        "household.household_ref" in fields or normalize_header(profile.column) in _HOUSEHOLD_NAMES
    )


def choose_record_id(profiles: list[ColumnProfile]) -> IdChoice:
    """The record-id column, preferring unique id-like columns over NIK and row numbers.

    Examples:
        >>> from rajut.sources.assistant.profile import ColumnProfile as P
        >>> cols = [P("NO", 1, ["1", "2"], 2), P("ID_ART", 2, ["a7", "b9"], 2)]
        >>> choose_record_id(cols).column
        'ID_ART'
    """
    unique = [p for p in profiles if p.unique]
    tiers = [
        [p for p in unique if is_id_like(p) and not _is_nik(p) and not is_household_name(p)],
        [p for p in unique if is_id_like(p) and not _is_nik(p)],
        [p for p in unique if not _is_nik(p) and not is_row_number(p) and p.kind != "name"],
        [p for p in unique if _is_nik(p)],
        [p for p in unique if is_row_number(p)],
    ]
    for level, tier in enumerate(tiers):
        if not tier:
            continue
        best, others = tier[0], [p.column for p in tier[1:]]
        reason = None
        if level >= 2:
            reason = (
                "tidak ada kolom ID yang unik; dipilih kolom yang kebetulan unik di baris "
                "contoh — ID baris harus tetap sama antarperiode"
            )
        elif others:
            reason = f"beberapa kolom ID unik: {', '.join([best.column, *others])}"
        return IdChoice(best.column, reason, others)
    return IdChoice(
        None,
        "tidak ada kolom yang unik dan selalu terisi di baris contoh; tambahkan kolom ID baris",
    )


def choose_household_id(profiles: list[ColumnProfile], record_id: str | None) -> IdChoice:
    """A household/family id column (``ID_DTKS``, ``ID_KELUARGA`` ...) other than the record id."""
    found = [p for p in profiles if is_household_name(p) and p.column != record_id and p.values]
    if not found:
        return IdChoice(None)
    best = found[0]
    reason = None
    if best.unique:
        reason = "nilai tidak pernah berulang di baris contoh; pastikan ini ID keluarga"
    return IdChoice(best.column, reason, [p.column for p in found[1:]])
