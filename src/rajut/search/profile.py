"""The integrated profile of one person or household, every value with where it came from.

:func:`person_profile` / :func:`household_profile` read one build's ``integ`` rows (golden
values, ``integ.provenance``, facts, discrepancies) and the linkage tables (the source
records linked to the person). They return raw values; :func:`redact` then applies what a
viewer may see — values from sources they are not granted become ``hidden`` and NIK /
No. KK are masked unless unmasked — so the web pages and the API share one set of rules.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

import duckdb

from rajut.integrate.schema import latest_build_id
from rajut.privacy.masking import mask_nik
from rajut.reference.wilayah import Wilayah
from rajut.search.errors import SearchError

#: attributes holding identifiers (masked unless unmasked)
IDENTIFIERS = frozenset({"nik", "kk_number"})

#: why a value won (``integ.provenance.rule``), in plain Bahasa
RULE_LABELS: dict[str, str] = {
    "authority": "sumber terpercaya untuk data ini",
    "recency": "data paling baru",
    "completeness": "rekaman paling lengkap",
    "tie": "nilai sama di beberapa sumber",
    "single": "hanya satu sumber",
    "head": "dari kepala keluarga",
    "member": "dari anggota keluarga",
    "shdk": "tercatat sebagai kepala keluarga",
    "oldest_member": "anggota tertua",
}

PERSON_ATTRIBUTES: tuple[str, ...] = (
    "name",
    "nik",
    "kk_number",
    "sex",
    "birth_date",
    "desa_code",
    "alive",
    "death_date",
    "household_id",
    "mother_person_id",
)
HOUSEHOLD_ATTRIBUTES: tuple[str, ...] = ("kk_number", "desa_code", "desil", "head_person_id")


@dataclass(frozen=True)
class Value:
    """One golden value and its provenance; ``hidden`` when the viewer may not see it."""

    attribute: str
    value: Any
    source: str | None = None
    record_id: str | None = None
    period_end: date | None = None
    rule: str | None = None
    #: a readable form (desa name, mother's name), when there is one
    label: str | None = None
    hidden: bool = False


@dataclass(frozen=True)
class SourceRecord:
    source: str
    record_id: str
    period_end: date | None
    fields: dict[str, Any]
    hidden: bool = False


@dataclass(frozen=True)
class Fact:
    """A program, growth or schooling row: ``kind`` is the std table it comes from."""

    kind: str
    source: str | None
    record_id: str | None
    period_end: date | None
    fields: dict[str, Any]
    hidden: bool = False


@dataclass(frozen=True)
class Discrepancy:
    kind: str
    attribute: str | None
    value_a: Any
    source_a: str | None
    value_b: Any
    source_b: str | None
    owner: str | None
    hidden_a: bool = False
    hidden_b: bool = False


@dataclass(frozen=True)
class PersonProfile:
    build_id: str
    person_id: str
    values: dict[str, Value]
    age_years: int | None
    kecamatan: str | None
    records: list[SourceRecord]
    facts: list[Fact]
    discrepancies: list[Discrepancy]
    sources: list[str]


@dataclass(frozen=True)
class Member:
    person_id: str
    name: Value
    nik: Value
    sex: str | None
    birth_date: date | None
    alive: bool | None
    shdk: str | None


@dataclass(frozen=True)
class HouseholdProfile:
    build_id: str
    household_id: str
    values: dict[str, Value]
    kecamatan: str | None
    n_members: int | None
    members: list[Member]
    facts: list[Fact] = field(default_factory=list)


def _build(con: duckdb.DuckDBPyConnection, build_id: str | None) -> str:
    build = build_id or latest_build_id(con)
    if build is None:
        raise SearchError(
            "Belum ada data terpadu.",
            "Minta walidata menjalankan linkage lalu membangun data terpadu (menu Administrasi).",
            code="search-no-build",
        )
    return build


def _not_found(what: str, ident: str) -> SearchError:
    return SearchError(
        f"{what} {ident} tidak ada di data terpadu terbaru.",
        "Cari lagi lewat halaman Cari warga; ID bisa berubah bila data digabung ulang.",
        code="search-not-found",
    )


def _dicts(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any]) -> list[dict[str, Any]]:
    cursor = con.execute(sql, params)
    names = [d[0] for d in cursor.description or []]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _provenance(
    con: duckdb.DuckDBPyConnection, build: str, entity: str, entity_id: str
) -> dict[str, dict[str, Any]]:
    rows = _dicts(
        con,
        "SELECT attribute, source, record_id, period_end, rule FROM integ.provenance "
        "WHERE build_id = ? AND entity = ? AND entity_id = ?",
        [build, entity, entity_id],
    )
    return {r["attribute"]: r for r in rows}


def _region(wilayah: Wilayah | None, code: str | None) -> str | None:
    if not code:
        return None
    region = wilayah.get(code) if wilayah else None
    return region.name if region else code


def _values(
    golden: dict[str, Any], prov: dict[str, dict[str, Any]], attributes: tuple[str, ...]
) -> dict[str, Value]:
    out: dict[str, Value] = {}
    for attr in attributes:
        origin = prov.get("alive" if attr == "death_date" else attr, {})
        out[attr] = Value(
            attribute=attr,
            value=golden.get(attr),
            source=origin.get("source"),
            record_id=origin.get("record_id"),
            period_end=origin.get("period_end"),
            rule=origin.get("rule"),
        )
    return out


def person_profile(
    con: duckdb.DuckDBPyConnection,
    person_id: str,
    wilayah: Wilayah | None = None,
    build_id: str | None = None,
) -> PersonProfile:
    """Everything the newest build (or ``build_id``) knows about ``person_id``."""
    build = _build(con, build_id)
    found = _dicts(
        con, "SELECT * FROM integ.person WHERE build_id = ? AND person_id = ?", [build, person_id]
    )
    if not found:
        raise _not_found("Orang dengan ID", person_id)
    golden = found[0]
    values = _values(golden, _provenance(con, build, "person", person_id), PERSON_ATTRIBUTES)
    values["desa_code"] = replace(
        values["desa_code"], label=_region(wilayah, golden.get("desa_code"))
    )
    mother = golden.get("mother_person_id")
    if mother:
        row = con.execute(
            "SELECT name FROM integ.person WHERE build_id = ? AND person_id = ?", [build, mother]
        ).fetchone()
        values["mother_person_id"] = replace(
            values["mother_person_id"], label=str(row[0]) if row and row[0] else None
        )
    records = [
        SourceRecord(
            source=r.pop("source"),
            record_id=r.pop("record_id"),
            period_end=r.pop("period_end"),
            fields=r,
        )
        for r in _dicts(
            con,
            "SELECT r.source, r.record_id, r.period_end, r.name_display AS name, r.nik, "
            "r.kk_number, r.sex, r.birth_date, r.desa_code, r.alive, r.death_date "
            "FROM link.record_person p JOIN link.records r USING (uid) "
            "WHERE p.person_id = ? ORDER BY r.source, r.period_end, r.record_id",
            [person_id],
        )
    ]
    return PersonProfile(
        build_id=build,
        person_id=person_id,
        values=values,
        age_years=golden.get("age_years"),
        kecamatan=_region(wilayah, golden.get("kecamatan_code")),
        records=records,
        facts=_facts(con, build, [person_id]),
        discrepancies=[
            Discrepancy(**d)
            for d in _dicts(
                con,
                "SELECT kind, attribute, value_a, source_a, value_b, source_b, owner "
                "FROM integ.discrepancies WHERE build_id = ? AND entity_id = ? "
                "ORDER BY kind, source_b",
                [build, person_id],
            )
        ],
        sources=list(golden.get("sources") or []),
    )


_FACT_SQL: dict[str, str] = {
    "program": "SELECT person_id, source, record_id, period_end, program, receives "
    "FROM integ.person_program WHERE build_id = ? AND list_contains(?, person_id) "
    "ORDER BY person_id, program, source",
    "growth": "SELECT person_id, source, record_id, period_end, measured_on, z_tbu, "
    "status_tbu, stunted FROM integ.child_growth "
    "WHERE build_id = ? AND list_contains(?, person_id) ORDER BY person_id, measured_on",
    "enrollment": "SELECT person_id, source, record_id, period_end, enrolled, npsn, grade, "
    "semester FROM integ.enrollment WHERE build_id = ? AND list_contains(?, person_id) "
    "ORDER BY person_id, period_end",
}


def _facts(con: duckdb.DuckDBPyConnection, build: str, person_ids: list[str]) -> list[Fact]:
    out: list[Fact] = []
    for kind, sql in _FACT_SQL.items():
        for r in _dicts(con, sql, [build, person_ids]):
            out.append(
                Fact(
                    kind=kind,
                    source=r.pop("source"),
                    record_id=r.pop("record_id"),
                    period_end=r.pop("period_end"),
                    fields=r,
                )
            )
    return out


def household_profile(
    con: duckdb.DuckDBPyConnection,
    household_id: str,
    wilayah: Wilayah | None = None,
    build_id: str | None = None,
) -> HouseholdProfile:
    """The household's golden values, its members and their programs."""
    build = _build(con, build_id)
    found = _dicts(
        con,
        "SELECT * FROM integ.household WHERE build_id = ? AND household_id = ?",
        [build, household_id],
    )
    if not found:
        raise _not_found("Keluarga dengan ID", household_id)
    golden = found[0]
    values = _values(
        golden, _provenance(con, build, "household", household_id), HOUSEHOLD_ATTRIBUTES
    )
    values["desa_code"] = replace(
        values["desa_code"], label=_region(wilayah, golden.get("desa_code"))
    )
    member_rows = _dicts(
        con,
        "SELECT p.person_id, p.name, p.nik, p.sex, p.birth_date, p.alive, s.value AS shdk "
        "FROM integ.person p LEFT JOIN integ.provenance s ON s.build_id = p.build_id "
        "AND s.entity = 'person' AND s.entity_id = p.person_id AND s.attribute = 'shdk' "
        "WHERE p.build_id = ? AND p.household_id = ? ORDER BY p.birth_date NULLS LAST",
        [build, household_id],
    )
    members: list[Member] = []
    for m in member_rows:
        prov = _provenance(con, build, "person", m["person_id"])
        vals = _values(m, prov, ("name", "nik"))
        members.append(
            Member(
                person_id=m["person_id"],
                name=vals["name"],
                nik=vals["nik"],
                sex=m["sex"],
                birth_date=m["birth_date"],
                alive=m["alive"],
                shdk=m["shdk"],
            )
        )
    program_sql = _FACT_SQL["program"]
    facts = [
        Fact(
            kind="program",
            source=r.pop("source"),
            record_id=r.pop("record_id"),
            period_end=r.pop("period_end"),
            fields=r,
        )
        for r in _dicts(con, program_sql, [build, [m.person_id for m in members]])
    ]
    return HouseholdProfile(
        build_id=build,
        household_id=household_id,
        values=values,
        kecamatan=_region(wilayah, golden.get("kecamatan_code")),
        n_members=golden.get("n_members"),
        members=members,
        facts=facts,
    )


# ----------------------------------------------------------------------------------------
# What a viewer may see
# ----------------------------------------------------------------------------------------

#: ``(source, field)`` → may the viewer see it? Fields are ``table.column`` of the data
#: standard (``person.name``, ``program.receives``), as in data-sharing agreements.
Visible = Callable[[str | None, str], bool]


def see_all(_source: str | None, _field: str) -> bool:
    return True


def _value(v: Value, entity: str, visible: Visible, unmask: bool) -> Value:
    shown = v.source is None or visible(v.source, f"{entity}.{v.attribute}")
    if not shown:
        return replace(v, value=None, label=None, hidden=True)
    if v.attribute in IDENTIFIERS and not unmask and v.value is not None:
        return replace(v, value=mask_nik(str(v.value)))
    return v


def _fields(
    fields: dict[str, Any], table: str, source: str | None, visible: Visible, unmask: bool
) -> tuple[dict[str, Any], bool]:
    out: dict[str, Any] = {}
    for name, value in fields.items():
        if name == "person_id":
            out[name] = value
        elif source is None or visible(source, f"{table}.{name}"):
            out[name] = (
                mask_nik(str(value)) if name in IDENTIFIERS and not unmask and value else value
            )
    hidden = not any(k != "person_id" for k in out)
    return out, hidden


def redact_person(profile: PersonProfile, visible: Visible, unmask: bool) -> PersonProfile:
    """``profile`` as the viewer may see it (hidden values emptied, identifiers masked)."""
    records = []
    for r in profile.records:
        fields, hidden = _fields(r.fields, "person", r.source, visible, unmask)
        records.append(replace(r, fields=fields, hidden=hidden))
    facts = []
    for f in profile.facts:
        fields, hidden = _fields(f.fields, f.kind, f.source, visible, unmask)
        facts.append(replace(f, fields=fields, hidden=hidden))
    discrepancies = []
    for d in profile.discrepancies:
        field_name = f"person.{d.attribute or d.kind}"
        hide_a = not visible(d.source_a, field_name)
        hide_b = not visible(d.source_b, field_name)
        discrepancies.append(
            replace(
                d,
                value_a=None if hide_a else d.value_a,
                value_b=None if hide_b else d.value_b,
                hidden_a=hide_a,
                hidden_b=hide_b,
            )
        )
    return replace(
        profile,
        values={k: _value(v, "person", visible, unmask) for k, v in profile.values.items()},
        age_years=profile.age_years
        if visible(profile.values["birth_date"].source, "person.birth_date")
        or profile.values["birth_date"].source is None
        else None,
        records=records,
        facts=facts,
        discrepancies=discrepancies,
    )


def redact_household(profile: HouseholdProfile, visible: Visible, unmask: bool) -> HouseholdProfile:
    members = [
        replace(
            m,
            name=_value(m.name, "person", visible, unmask),
            nik=_value(m.nik, "person", visible, unmask),
        )
        for m in profile.members
    ]
    facts = []
    for f in profile.facts:
        fields, hidden = _fields(f.fields, f.kind, f.source, visible, unmask)
        facts.append(replace(f, fields=fields, hidden=hidden))
    return replace(
        profile,
        values={k: _value(v, "household", visible, unmask) for k, v in profile.values.items()},
        members=members,
        facts=facts,
    )
