"""The mapping wizard's logic: which file column feeds which standard field, then a contract.

Why here and not in the page: the page only shows a :class:`MappingView` and posts a form
back; building the view (reading the file, the current contract, the assistant's draft)
and turning the confirmed form into a validated contract are plain functions that the
tests and the API can call. The assistant (:func:`suggest_contract`) does the guessing;
this module never guesses on its own.
"""

from __future__ import annotations

import dataclasses
import re
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, get_args

from rajut.errors import RajutError
from rajut.privacy.masking import mask_nik
from rajut.sources.assistant import Suggestion, suggest_contract
from rajut.sources.contract import (
    ColumnMapping,
    ContractError,
    DatasetMetadata,
    Frequency,
    PeriodSpec,
    SourceContract,
    dump_contract,
    parse_contract,
)
from rajut.sources.mapping_sql import INPUT_ONLY
from rajut.sources.readers import FileHints, RawTable, sniff_file
from rajut.sources.registry import add_source, contract_path
from rajut.standard import load_standard
from rajut.web.i18n import N_
from rajut.workspace import Workspace

IGNORE = ""
EXAMPLES = 5
FREQUENCIES: tuple[str, ...] = get_args(Frequency)
GRANULARITIES = ("day", "month", "quarter", "semester", "year")
GRANULARITY_LABELS = {
    "day": N_("hari"),
    "month": N_("bulan"),
    "quarter": N_("triwulan"),
    "semester": N_("semester"),
    "year": N_("tahun"),
}
#: fields that are filled by the contract's keys, never by a mapped column
_SYSTEM_FIELDS = {"source", "record_id", "household_ref"}
_INPUT_ONLY_TITLES = {
    "desa_name": (N_("Nama desa/kelurahan (teks)"), "Desa name (text)"),
    "kecamatan_name": (N_("Nama kecamatan (teks)"), "Kecamatan name (text)"),
}
_NIK_LIKE = re.compile(r"\s*\d{16}\s*")
Spec = str | ColumnMapping | list[str | ColumnMapping]


@dataclass(frozen=True)
class FieldOption:
    """One standard field the user can pick for a column."""

    qualified: str
    title: str
    title_en: str


@cache
def field_options() -> tuple[FieldOption, ...]:
    """Every standard field a column may feed, in the standard's order."""
    std = load_standard()
    options: list[FieldOption] = []
    for table_name, table in std.tables.items():
        for name, fld in table.fields.items():
            if name not in _SYSTEM_FIELDS:
                options.append(FieldOption(f"{table_name}.{name}", fld.title, fld.title_en))
        if table_name == "person":
            for name in sorted(INPUT_ONLY):
                title, title_en = _INPUT_ONLY_TITLES.get(name, (name, name))
                options.append(FieldOption(f"person.{name}", title, title_en))
    return tuple(options)


@dataclass
class ColumnRow:
    """One column of the file as the wizard shows it."""

    index: int
    column: str
    examples: list[str]
    field: str  # chosen or suggested field, IGNORE for "abaikan"
    in_contract: bool = False
    doubts: list[str] = dataclasses.field(default_factory=list)


@dataclass
class MappingView:
    """What the wizard page shows for one upload and source."""

    name: str
    owner: str
    new_source: bool
    columns: list[ColumnRow]
    record_id: str
    period_column: str
    period_value: str
    period_pattern: str
    granularity: str
    judul: str
    frekuensi: str
    #: the current contract reads the file as it is (existing sources only)
    matches: bool = False
    missing: list[str] = dataclasses.field(default_factory=list)
    extra: list[str] = dataclasses.field(default_factory=list)
    doubts: list[str] = dataclasses.field(default_factory=list)
    base_specs: dict[str, Spec] = dataclasses.field(default_factory=dict)
    base: SourceContract | None = None
    suggestion: Suggestion | None = None


def _examples(raw: RawTable, column: str) -> list[str]:
    seen: list[str] = []
    for value in raw.table.column(column).to_pylist():
        if value and value.strip() and value not in seen:
            seen.append(value)
        if len(seen) == EXAMPLES:
            break
    # 16 digits are a NIK or a KK number: never shown in full
    return [(mask_nik(v) or "") if _NIK_LIKE.fullmatch(v) else v for v in seen]


def _first_field(spec: Spec) -> str:
    first = spec[0] if isinstance(spec, list) else spec
    return first if isinstance(first, str) else first.field


def _sniff(path: Path, hints: FileHints | None) -> RawTable | None:
    try:
        return sniff_file(path, hints, max_rows=100)
    except RajutError:
        return None


def default_name(display_name: str) -> str:
    """A source name from a file name: ``e-PPGBM Juni.xlsx`` → ``e_ppgbm_juni``."""
    stem = Path(display_name).stem.lower()
    name = re.sub(r"[^a-z0-9]+", "_", stem).strip("_")
    name = re.sub(r"_?\d{4,}.*$", "", name) or name  # drop a trailing period
    if not name or not name[0].isalpha():
        name = "sumber_" + name
    return name[:41].rstrip("_") or "sumber_baru"


def build_view(
    path: Path,
    *,
    existing: SourceContract | None,
    name: str,
    owner: str,
    edit: bool = False,
) -> MappingView:
    """The wizard's view of ``path``: the current contract when it fits, else a draft.

    Args:
        path: the uploaded file.
        existing: the source's current contract, or ``None`` for a new source.
        name: the source name (existing or proposed).
        owner: the owner agency.
        edit: show the mapping form even when the current contract reads the file.
    """
    if existing is not None:
        raw = _sniff(path, existing.file)
        if raw is not None:
            needed = existing.source_columns()
            missing = [c for c in needed if c not in raw.columns]
            if not missing and not edit:
                specs = existing.columns
                rows = [
                    ColumnRow(
                        i,
                        col,
                        _examples(raw, col),
                        _first_field(specs[col]) if col in specs else IGNORE,
                        in_contract=col in needed,
                    )
                    for i, col in enumerate(raw.columns)
                ]
                return MappingView(
                    name=existing.name,
                    owner=existing.owner,
                    new_source=False,
                    columns=rows,
                    record_id=existing.record_id,
                    period_column=existing.period.column or "",
                    period_value=existing.period.value or "",
                    period_pattern=existing.period.from_filename or "",
                    granularity=existing.period.granularity,
                    judul=existing.dataset.judul,
                    frekuensi=existing.dataset.frekuensi,
                    matches=True,
                    extra=[c for c in raw.columns if c not in needed],
                    base_specs=dict(specs),
                    base=existing,
                )
    return _draft_view(path, existing=existing, name=name, owner=owner)


def _draft_view(
    path: Path, *, existing: SourceContract | None, name: str, owner: str
) -> MappingView:
    suggestion = suggest_contract(path, name, owner=owner)
    draft = suggestion.contract
    raw = suggestion.raw or sniff_file(path, draft.file, max_rows=100)
    specs: dict[str, Spec] = {}
    for col in raw.columns:
        if existing is not None and col in existing.columns:
            specs[col] = existing.columns[col]
        elif col in draft.columns:
            specs[col] = draft.columns[col]
    doubts: dict[str, list[str]] = {}
    general: list[str] = []
    for u in suggestion.uncertain:
        text = f"{u.field}: {u.reason}"
        if u.field == "period":  # the assistant's hint names CLI options; say it for the form
            reason = u.reason.split("; isi period.value")[0]
            text = (
                N_("Periode")
                + f": {reason}. "
                + N_(
                    "Pilih kolom tanggal, atau isi periode untuk seluruh berkas, di bagian "
                    "'ID baris dan periode' di bawah."
                )
            )
        if u.alternatives:
            text += " (" + N_("pilihan lain") + ": " + ", ".join(u.alternatives) + ")"
        if u.column in raw.columns:
            doubts.setdefault(u.column, []).append(text)
        else:
            general.append(text)
    rows = [
        ColumnRow(
            i,
            col,
            _examples(raw, col),
            _first_field(specs[col]) if col in specs else IGNORE,
            in_contract=existing is not None and col in existing.source_columns(),
            doubts=doubts.get(col, []),
        )
        for i, col in enumerate(raw.columns)
    ]
    chosen = {r.column: r.field for r in rows}
    record_id = draft.record_id
    period = draft.period
    granularity = period.granularity
    judul, frekuensi = draft.dataset.judul, draft.dataset.frekuensi
    missing: list[str] = []
    if existing is not None:
        missing = [c for c in existing.source_columns() if c not in raw.columns]
        if existing.record_id in raw.columns:
            record_id = existing.record_id
        judul, frekuensi = existing.dataset.judul, existing.dataset.frekuensi
        granularity = existing.period.granularity
        old = existing.period
        if old.column:
            old_field = (
                _first_field(existing.columns[old.column]) if old.column in existing.columns else ""
            )
            same = [c for c, f in chosen.items() if old_field and f == old_field]
            column = old.column if old.column in raw.columns else (same[0] if same else None)
            period = PeriodSpec(granularity=granularity, column=column or period.column)
        else:
            period = old
    return MappingView(
        name=name,
        owner=owner,
        new_source=existing is None,
        columns=rows,
        record_id=record_id,
        period_column=period.column or "",
        period_value=period.value or "",
        period_pattern=period.from_filename or "",
        granularity=granularity,
        judul=judul,
        frekuensi=frekuensi,
        missing=missing,
        extra=[],
        doubts=general,
        base_specs=specs,
        base=existing,
        suggestion=suggestion,
    )


def _confirmed(spec: Spec) -> Spec:
    """The spec with the assistant's "please check" flags cleared: the user has checked."""
    if isinstance(spec, list):
        return [_confirmed(s) for s in spec]  # type: ignore[misc]
    if isinstance(spec, ColumnMapping):
        return spec.model_copy(update={"confirm": False})
    return spec


def _chosen_spec(base: Spec | None, chosen: str) -> Spec:
    """Keep the base mapping (value maps, date formats) when its field was confirmed; date
    formats the assistant read also carry over to another date field the user picked."""
    if base is None:
        return chosen
    if _first_field(base) == chosen:
        return _confirmed(base)
    first = base[0] if isinstance(base, list) else base
    std = load_standard()
    table, _, name = chosen.partition(".")
    fld = std.tables[table].fields.get(name) if table in std.tables else None
    if (
        isinstance(first, ColumnMapping)
        and first.formats
        and fld is not None
        and fld.rule == "date"
    ):
        return ColumnMapping(field=chosen, formats=first.formats)
    return chosen


def _column_at(view: MappingView, value: str, what: str) -> str | None:
    if value == "":
        return None
    if value.isdigit() and int(value) < len(view.columns):
        return view.columns[int(value)].column
    raise ContractError(f"Pilihan {what} tidak sah.", "Pilih kolom dari daftar.")


def contract_from_form(view: MappingView, form: Mapping[str, Any]) -> SourceContract:
    """The contract the user confirmed in the wizard, validated against the standard.

    Raises:
        ContractError: with a Bahasa message naming what to fix.
    """
    allowed = {o.qualified for o in field_options()}
    columns: dict[str, Spec] = {}
    for row in view.columns:
        chosen = str(form.get(f"kolom_{row.index}", row.field))
        if chosen == IGNORE:
            continue
        if chosen not in allowed:
            raise ContractError(
                f"Medan {chosen!r} untuk kolom {row.column} tidak dikenal.",
                "Pilih medan dari daftar, atau 'abaikan'.",
            )
        columns[row.column] = _chosen_spec(view.base_specs.get(row.column), chosen)
    if not columns:
        raise ContractError(
            "Belum ada kolom yang dipetakan.",
            "Pilih medan baku untuk setidaknya satu kolom (mis. NIK dan nama).",
        )
    record_id = _column_at(view, str(form.get("id_baris", "")), "kolom ID baris")
    if record_id is None:
        raise ContractError(
            "Kolom ID baris belum dipilih.",
            "Pilih kolom yang nilainya unik per baris dan tetap antarperiode.",
        )
    granularity = str(form.get("granularitas", view.granularity))
    period_column = _column_at(view, str(form.get("periode_kolom", "")), "kolom periode")
    period_value = str(form.get("periode_tetap", "")).strip() or None
    if period_column:
        period = PeriodSpec(granularity=granularity, column=period_column)
    elif period_value:
        period = PeriodSpec(granularity=granularity, value=period_value)
    elif view.period_pattern:
        period = PeriodSpec(granularity=granularity, from_filename=view.period_pattern)
    else:
        raise ContractError(
            "Periode data belum diisi.",
            "Pilih kolom tanggal periode, atau tulis periodenya (mis. 2026-06 atau 2026Q2).",
        )
    base = view.base
    draft = view.suggestion.contract if view.suggestion else None
    known = base or draft
    dataset = known.dataset if known is not None else None
    judul = str(form.get("judul", view.judul)).strip() or view.judul
    data = {
        "name": view.name,
        "owner": view.owner,
        "dataset": {
            **(dataset.model_dump() if dataset else {"produsen_data": view.owner}),
            "judul": judul,
            "frekuensi": str(form.get("frekuensi", view.frekuensi)),
        },
        "file": (draft.file if draft else base.file if base else FileHints()).model_dump(
            exclude_none=True
        ),
        "record_id": record_id,
        "household_id": _household(view, base, draft),
        "period": period.model_dump(exclude_none=True),
        "columns": {
            c: [_dump(s) for s in spec] if isinstance(spec, list) else _dump(spec)
            for c, spec in columns.items()
        },
        "constants": dict(base.constants) if base else {},
        "warnings_as_errors": list(base.warnings_as_errors) if base else [],
    }
    if data["household_id"] is None:
        del data["household_id"]
    return parse_contract(data, origin=f"pemetaan {view.name}")


def _household(
    view: MappingView, base: SourceContract | None, draft: SourceContract | None
) -> str | None:
    names = {r.column for r in view.columns}
    for candidate in (base.household_id if base else None, draft.household_id if draft else None):
        if candidate and candidate in names:
            return candidate
    return None


def _dump(spec: str | ColumnMapping) -> Any:
    return spec if isinstance(spec, str) else spec.model_dump(exclude_none=True)


def save_contract(ws: Workspace, contract: SourceContract, history_dir: Path) -> bool:
    """Register ``contract``, keeping the version it replaces; returns whether it replaced one."""
    current = contract_path(ws, contract.name)
    if current.is_file():
        history_dir.mkdir(parents=True, exist_ok=True)
        stamp = current.stat().st_mtime_ns
        (history_dir / f"{contract.name}-{stamp}.yaml").write_bytes(current.read_bytes())
    with tempfile.TemporaryDirectory() as tmp:
        draft = Path(tmp) / f"{contract.name}.yaml"
        draft.write_text(dump_contract(contract), encoding="utf-8")
        _, replaced = add_source(ws, draft)
    return replaced


__all__ = [
    "FREQUENCIES",
    "GRANULARITIES",
    "IGNORE",
    "ColumnRow",
    "DatasetMetadata",
    "FieldOption",
    "MappingView",
    "build_view",
    "contract_from_form",
    "default_name",
    "field_options",
    "save_contract",
]
