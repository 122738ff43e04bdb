"""Columns → standard fields: by header (synonyms), confirmed by values; else by value shape.

A header match whose sample values fit the field is *certain*. A header match the values do
not confirm, and a guess from the value shape alone, are *uncertain*: the draft contract keeps
them with ``confirm: true`` and a ``# PERIKSA`` comment. When two columns claim one field, the
better claim wins (certain, header, standard name, leftmost) and the other is reported.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Literal

from rajut.sources.assistant.confirm import Verdict, check_values
from rajut.sources.assistant.headers import HeaderMatch, header_candidates, normalize_header
from rajut.sources.assistant.profile import ColumnProfile
from rajut.sources.assistant.shapes import Kind
from rajut.sources.assistant.values import ValueMap

Origin = Literal["standar", "sinonim", "nilai"]

# Value shape → (guessed field, alternatives) for columns whose header is unknown.
VALUE_GUESSES: dict[Kind, tuple[str, tuple[str, ...]]] = {
    "nik": ("person.nik", ("person.kk_number", "person.mother_nik")),
    "sex": ("person.sex", ()),
    "date": ("person.birth_date", ("person.death_date", "growth.measured_on", "program.tmt")),
    "desa_code": ("person.desa_code", ()),
}
_NEVER_MAPPED = (".household_ref", ".source_id", ".record_id")


@dataclass
class FieldChoice:
    """One column → field decision with what the contract mapping should carry."""

    column: str
    position: int
    field: str
    origin: Origin
    certain: bool
    reason: str | None = None
    alternatives: list[str] = dataclasses.field(default_factory=list)
    values: ValueMap = dataclasses.field(default_factory=dict)
    formats: list[str] = dataclasses.field(default_factory=list)
    place_field: str | None = None

    def rank(self) -> tuple[int, int, int]:
        order = {"standar": 0, "sinonim": 1, "nilai": 2}
        return (0 if self.certain else 1, order[self.origin], self.position)


@dataclass
class MatchResult:
    choices: list[FieldChoice] = dataclasses.field(default_factory=list)
    unmapped: dict[str, str] = dataclasses.field(default_factory=dict)  # column → reason


def _choice(
    profile: ColumnProfile,
    match: HeaderMatch | None,
    qualified: str,
    verdict: Verdict,
    alternatives: list[str],
) -> FieldChoice:
    origin: Origin = "nilai" if match is None else match.origin  # type: ignore[assignment]
    reason = verdict.reason
    if match is None:
        reason = "ditebak dari bentuk nilai saja (nama kolom tidak dikenal)" + (
            f"; {reason}" if reason else ""
        )
    return FieldChoice(
        column=profile.column,
        position=profile.position,
        field=qualified,
        origin=origin,
        certain=reason is None and verdict.status == "ok",
        reason=reason,
        alternatives=alternatives,
        values=verdict.values,
        formats=verdict.formats,
        place_field=verdict.place_field,
    )


def _quality(match: HeaderMatch, verdict: Verdict) -> tuple[bool, bool]:
    return (verdict.reason is not None, match.origin != "standar")


def _by_header(profile: ColumnProfile, has_household: bool) -> list[FieldChoice]:
    header = normalize_header(profile.column)
    matches = [
        m
        for m in header_candidates(profile.column)
        if not m.field.endswith(_NEVER_MAPPED)
        and (has_household or not m.field.startswith("household."))
    ]
    judged = [(m, check_values(m.field, profile, header)) for m in matches]
    good = [(m, v) for m, v in judged if v.status == "ok"]
    if not good:
        if not judged:
            return []
        m, v = judged[0]
        others = [x.field for x, _ in judged[1:]]
        return [_choice(profile, m, m.field, v, others)]
    best: dict[str, tuple[HeaderMatch, Verdict]] = {}
    for m, v in good:  # per table the clean, standard-named match wins
        table = m.field.partition(".")[0]
        current = best.get(table)
        if current is None or _quality(m, v) < _quality(*current):
            best[table] = (m, v)
    kept = list(best.values())
    others = [m.field for m, _ in judged if all(m.field != k.field for k, _ in kept)]
    return [_choice(profile, m, m.field, v, others) for m, v in kept]


def _by_value(profile: ColumnProfile, taken: set[str]) -> FieldChoice | None:
    guess = VALUE_GUESSES.get(profile.kind)
    if guess is None:
        return None
    options = [f for f in (guess[0], *guess[1]) if f not in taken]
    if not options:
        return None
    header = normalize_header(profile.column)
    verdict = check_values(options[0], profile, header)
    if verdict.status != "ok":
        return None
    return _choice(profile, None, options[0], verdict, options[1:])


def _resolve(choices: list[FieldChoice], result: MatchResult) -> None:
    """Keep the best claim per field; report columns left without a field."""
    winners: dict[str, FieldChoice] = {}
    for choice in sorted(choices, key=FieldChoice.rank):
        winners.setdefault(choice.field, choice)
    kept = [c for c in choices if winners[c.field] is c]
    kept_columns = {c.column for c in kept}
    for choice in choices:
        winner = winners[choice.field]
        if winner is not choice and choice.column not in kept_columns:
            result.unmapped[choice.column] = (
                f"medan {choice.field} sudah diisi kolom {winner.column}"
            )
    result.choices = sorted(kept, key=lambda c: c.position)


def match_columns(
    profiles: list[ColumnProfile],
    *,
    has_household: bool,
    skip: set[str] = frozenset(),  # type: ignore[assignment]
) -> MatchResult:
    """Map every column of the profile to standard fields.

    Args:
        profiles: sniffed columns.
        has_household: the file has a household id column, so ``household.*`` fields apply.
        skip: columns never mapped (e.g. the household id, which the contract names apart).
    """
    result = MatchResult()
    choices: list[FieldChoice] = []
    unknown: list[ColumnProfile] = []
    for profile in profiles:
        if profile.column in skip:
            continue
        found = _by_header(profile, has_household)
        choices.extend(found)
        if not found:
            unknown.append(profile)
    taken = {c.field for c in choices}
    for profile in unknown:
        guess = _by_value(profile, taken)
        if guess is None:
            result.unmapped[profile.column] = "nama kolom tidak dikenal"
            continue
        choices.append(guess)
        taken.add(guess.field)
    _resolve(choices, result)
    return result
