"""``suggest_contract``: a draft source contract for an agency file, ready to review.

Steps: sniff the first rows (header found automatically) → profile each column → pick the
record id and household id → match columns to standard fields (header synonyms confirmed by
values, else value shape) → period from the file name or a measurement-date column → SDI
metadata defaults → a :class:`SourceContract` plus YAML with ``# PERIKSA`` comments.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from rajut.sources.assistant.identifiers import IdChoice, choose_household_id, choose_record_id
from rajut.sources.assistant.matching import FieldChoice, MatchResult, match_columns
from rajut.sources.assistant.metadata import UNKNOWN_OWNER, default_metadata, guess_owner
from rajut.sources.assistant.period import choose_period
from rajut.sources.assistant.profile import ColumnProfile, profile_table
from rajut.sources.assistant.render import render_contract
from rajut.sources.contract import (
    _NAME_RE,
    ColumnMapping,
    ContractError,
    SourceContract,
    parse_contract,
)
from rajut.sources.readers import FileHints, RawTable, sniff_file
from rajut.standard import Standard, load_standard

# Fields whose date gives each row its own reporting period.
PERIOD_FIELDS = ("growth.measured_on",)
_JSON_PEEK_MB = 256


@dataclass
class UncertainChoice:
    """A choice the user must confirm: column, field (or contract key), why, alternatives."""

    column: str
    field: str
    reason: str
    alternatives: list[str] = dataclasses.field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "column": self.column,
            "field": self.field,
            "reason": self.reason,
            "alternatives": self.alternatives,
        }


@dataclass
class Suggestion:
    """The draft contract, its YAML, what to check, and the column profile."""

    contract: SourceContract
    uncertain: list[UncertainChoice]
    yaml: str
    profile: list[ColumnProfile]
    choices: list[FieldChoice] = dataclasses.field(default_factory=list)
    unmapped: dict[str, str] = dataclasses.field(default_factory=dict)
    raw: RawTable | None = None


def _records_path(path: Path, hints: FileHints) -> str | None:
    if hints.records_path or path.stat().st_size > _JSON_PEEK_MB * 2**20:
        return hints.records_path
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (ValueError, UnicodeDecodeError):
        return None
    if isinstance(data, dict):
        lists = [k for k, v in data.items() if isinstance(v, list)]
        return lists[0] if len(lists) == 1 else None
    return None


def file_hints(path: Path, raw: RawTable, given: FileHints | None) -> FileHints:
    """The ``file:`` block: the user's hints, completed with what the reader found."""
    hints = given or FileHints()
    update: dict[str, Any] = {"format": raw.format}
    if raw.format in ("xlsx", "xls", "ods") and hints.sheet is None:
        update["sheet"] = raw.sheet
    if raw.format == "csv" and hints.delimiter is None:
        update["delimiter"] = raw.delimiter
    if raw.format == "json":
        update["records_path"] = _records_path(path, hints)
    return hints.model_copy(update=update)


def _share_date_formats(choices: list[FieldChoice], profiles: list[ColumnProfile]) -> None:
    """Empty date columns get the layouts the file's other date columns use."""
    std = load_standard()
    empty = {p.column for p in profiles if not p.values}
    dated = [c for c in choices if _rule(std, c.field) == "date"]
    used = [f for c in dated if c.column not in empty for f in c.formats]
    for choice in dated:
        if choice.column in empty and not choice.formats:
            choice.formats = list(dict.fromkeys(used))


def _rule(std: Standard, qualified: str) -> str | None:
    table, _, name = qualified.partition(".")
    fld = std.tables[table].fields.get(name) if table in std.tables else None
    return fld.rule if fld else None


def _mapping(choice: FieldChoice) -> str | ColumnMapping:
    mapping = ColumnMapping(
        field=choice.field,
        values=choice.values,
        formats=choice.formats,
        place_field=choice.place_field,
        confirm=not choice.certain,
    )
    plain = not (mapping.values or mapping.formats or mapping.place_field or mapping.confirm)
    return choice.field if plain else mapping


def _columns(match: MatchResult) -> dict[str, str | ColumnMapping | list[str | ColumnMapping]]:
    grouped: dict[str, list[str | ColumnMapping]] = {}
    for choice in match.choices:
        grouped.setdefault(choice.column, []).append(_mapping(choice))
    return {col: items[0] if len(items) == 1 else items for col, items in grouped.items()}


def _id_notes(
    key: str, choice: IdChoice, uncertain: list[UncertainChoice], notes: dict[str, list[str]]
) -> None:
    if choice.reason:
        uncertain.append(
            UncertainChoice(choice.column or "", key, choice.reason, choice.alternatives)
        )
        notes.setdefault(key, []).append(choice.reason)


def suggest_contract(
    path: Path, name: str, *, owner: str | None = None, hints: FileHints | None = None
) -> Suggestion:
    """Draft a source contract for ``path``, to be reviewed and registered.

    Args:
        path: an agency file (CSV, XLSX, JSON ...).
        name: the source name for the contract (lower case, digits, underscores).
        owner: owner agency; guessed from the folder/file name when omitted.
        hints: reading hints (sheet, delimiter ...) when automatic detection is not enough.

    Examples:
        >>> s = suggest_contract(Path("dtks_2026Q2.xlsx"), "dtks")  # doctest: +SKIP
        >>> s.contract.record_id, [u.column for u in s.uncertain]  # doctest: +SKIP
        ('ID_ART', ['HUB_KRT'])
    """
    if not _NAME_RE.match(name):
        raise ContractError(
            f"Nama sumber {name!r} tidak sah.",
            "Pakai huruf kecil, angka dan garis bawah, 2–41 karakter, diawali huruf "
            "(mis. dtks atau pbi_jk).",
        )
    raw = sniff_file(path, hints)
    profiles = profile_table(raw)
    uncertain: list[UncertainChoice] = []
    notes: dict[str, list[str]] = {}
    record = choose_record_id(profiles)
    household = choose_household_id(profiles, record.column)
    _id_notes("record_id", record, uncertain, notes)
    _id_notes("household_id", household, uncertain, notes)
    skip = {household.column} if household.column else set()
    match = match_columns(profiles, has_household=household.column is not None, skip=skip)
    _share_date_formats(match.choices, profiles)
    date_column = next((c.column for c in match.choices if c.field in PERIOD_FIELDS), None)
    period = choose_period(path.name, date_column)
    if period.reason:
        uncertain.append(UncertainChoice(period.spec.column or "", "period", period.reason))
        notes["period"] = [period.reason]
    owner_name = owner or guess_owner(path) or UNKNOWN_OWNER
    notes["owner"] = [] if owner else ["pemilik data ditebak dari nama folder/berkas"]
    notes["dataset"] = ["metadata diisi otomatis; lengkapi kontak, konsep, dasar hukum"]
    contract = SourceContract(
        name=name,
        owner=owner_name,
        dataset=default_metadata(path, raw.sheet, owner_name, period.spec.granularity),
        file=file_hints(path, raw, hints),
        record_id=record.column or profiles[0].column,
        household_id=household.column,
        period=period.spec,
        columns=_columns(match),
    )
    column_notes: dict[str, list[str]] = {}
    for choice in match.choices:
        if choice.reason:
            uncertain.append(
                UncertainChoice(choice.column, choice.field, choice.reason, choice.alternatives)
            )
            column_notes.setdefault(choice.column, []).append(f"{choice.field}: {choice.reason}")
    text = render_contract(
        contract, notes=notes, column_notes=column_notes, unmapped=match.unmapped
    )
    parsed = parse_contract(yaml.safe_load(text), origin=f"draf {name}")
    return Suggestion(parsed, uncertain, text, profiles, match.choices, match.unmapped, raw)
