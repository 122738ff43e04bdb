"""A record's current values, and proposed values checked against the data standard."""

from __future__ import annotations

from datetime import date
from typing import Any

import duckdb

from rajut.errors import RajutError
from rajut.governance.roles import N_
from rajut.privacy.masking import mask_nik
from rajut.standard import load_standard


class ValueError_(RajutError):  # noqa: N801 — a RajutError, not the builtin
    code = "correction-value"


#: the standard tables a correction may touch, with the std.* table holding them
CORRECTABLE_TABLES = {"person": "std.person", "household": "std.household"}
TRUE_WORDS = {"true", "ya", "1", "hidup", "benar"}
FALSE_WORDS = {"false", "tidak", "0", "mati", "meninggal", "salah"}


def check_field(field: str) -> tuple[str, str]:
    """``(std table, column)`` of a correctable standard field such as ``person.death_date``."""
    table, _, column = field.partition(".")
    if table not in CORRECTABLE_TABLES:
        raise ValueError_(
            f"Medan {field!r} tidak bisa dikoreksi lewat usulan.",
            "Usulan koreksi berlaku untuk medan orang (person.*) dan keluarga (household.*), "
            "mis. person.death_date.",
        )
    load_standard().field(field)  # unknown field → StandardError with the known fields
    return CORRECTABLE_TABLES[table], column


def normalise_value(field: str, value: str) -> str:
    """The proposed value in standard form (ISO dates, ``true``/``false``), as text."""
    text = value.strip()
    kind = load_standard().field(field).type
    if kind == "date":
        try:
            return date.fromisoformat(text).isoformat()
        except ValueError:
            pass
        for fmt in ("%d-%m-%Y", "%d/%m/%Y"):
            from datetime import datetime

            try:
                return datetime.strptime(text, fmt).date().isoformat()
            except ValueError:
                continue
        raise ValueError_(
            f"Tanggal {value!r} untuk {field} tidak dikenali.",
            "Tulis tanggal sebagai TTTT-BB-HH (mis. 2026-03-14) atau HH-BB-TTTT.",
        )
    if kind == "boolean":
        lowered = text.lower()
        if lowered in TRUE_WORDS:
            return "true"
        if lowered in FALSE_WORDS:
            return "false"
        raise ValueError_(
            f"Nilai {value!r} untuk {field} harus ya/tidak.",
            "Untuk status hidup tulis 'hidup' atau 'meninggal'.",
        )
    if not text:
        raise ValueError_(f"Nilai usulan untuk {field} kosong.", "Isi nilai yang benar.")
    return text


def _as_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def record_values(
    con: duckdb.DuckDBPyConnection,
    source: str,
    record_id: str,
    fields: list[str],
    run_id: str | None = None,
) -> dict[str, str | None] | None:
    """The record's values of ``fields`` (text, standard form) in its newest run, or in
    ``run_id``; ``None`` when the record is not there."""
    values: dict[str, str | None] = {}
    by_table: dict[str, list[str]] = {}
    for field in fields:
        table, column = check_field(field)
        by_table.setdefault(table, []).append(column)
    for table, columns in by_table.items():
        select = ", ".join(f'"{c}"' for c in columns)
        params: list[Any] = [source, record_id]
        where = "source = ? AND record_id = ?"
        if run_id is not None:
            where += " AND run_id = ?"
            params.append(run_id)
        try:
            row = con.execute(
                f"SELECT {select} FROM {table} WHERE {where} "
                "ORDER BY period_end DESC NULLS LAST, run_id DESC LIMIT 1",
                params,
            ).fetchone()
        except duckdb.CatalogException:
            row = None
        if row is None:
            return None
        prefix = table.split(".")[1]
        for column, value in zip(columns, row, strict=True):
            values[f"{prefix}.{column}"] = _as_text(value)
    return values


#: plain Bahasa names of the fields a correction may touch (msgids of the web catalog)
FIELD_LABELS: dict[str, str] = {
    "person.name": N_("Nama"),
    "person.nik": N_("NIK"),
    "person.kk_number": N_("No. KK"),
    "person.sex": N_("Jenis kelamin"),
    "person.birth_date": N_("Tanggal lahir"),
    "person.birth_place": N_("Tempat lahir"),
    "person.desa_code": N_("Desa/kelurahan"),
    "person.address": N_("Alamat"),
    "person.alive": N_("Status hidup"),
    "person.death_date": N_("Tanggal meninggal"),
    "person.shdk": N_("Hubungan dalam keluarga"),
    "person.mother_name": N_("Nama ibu"),
    "person.mother_nik": N_("NIK ibu"),
    "person.father_name": N_("Nama ayah"),
    "person.rt": N_("RT"),
    "person.rw": N_("RW"),
    "person.religion": N_("Agama"),
    "person.education": N_("Pendidikan"),
    "person.occupation": N_("Pekerjaan"),
    "person.marital_status": N_("Status perkawinan"),
    "person.phone": N_("Nomor telepon"),
    "person.nisn": N_("NISN"),
    "person.bpjs_card_number": N_("Nomor kartu BPJS"),
    "household.household_ref": N_("Nomor keluarga di sumber"),
    "household.relationship": N_("Hubungan dengan kepala keluarga"),
    "household.is_head": N_("Kepala keluarga"),
    "household.kk_number": N_("No. KK"),
    "household.desa_code": N_("Desa/kelurahan"),
    "household.desil": N_("Desil kesejahteraan"),
    "household.address": N_("Alamat"),
}
MASKED_FIELDS = {"person.nik", "person.kk_number", "person.mother_nik", "household.kk_number"}


def show_value(field: str, value: Any) -> str:
    """A proposed or current value in plain words; NIK and No. KK masked."""
    if value is None or value == "":
        return "–"
    text = str(value)
    if field in MASKED_FIELDS:
        return mask_nik(text) or "–"
    if field == "person.alive":
        return {"false": "meninggal", "true": "hidup"}.get(text, text)
    try:
        return date.fromisoformat(text).strftime("%d-%m-%Y")
    except ValueError:
        return text


def describe_changes(changes: dict[str, Any]) -> str:
    """``Status hidup → meninggal, Tanggal meninggal → 10-07-2026`` (NIK masked)."""
    return ", ".join(
        f"{FIELD_LABELS.get(field, field)} → {show_value(field, value)}"
        for field, value in changes.items()
    )
