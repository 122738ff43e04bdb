"""Expected targeting results computed from the generator's truth only (``truth/*.csv``).

Each function returns the set of entity ids (person or household) a default rule should
find on the synthetic kabupaten, per the definitions in ``docs/targeting.md``.
"""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path

PROGRAM_SOURCES = ("dtks", "pbi_jk", "dapodik")


@dataclass
class Truth:
    persons: dict[str, dict[str, str]]
    households: dict[str, dict[str, str]]
    records: list[dict[str, str]]
    as_of: date

    @classmethod
    def load(cls, truth: Path, as_of: date) -> Truth:
        def rows(name: str) -> list[dict[str, str]]:
            with (truth / name).open(encoding="utf-8", newline="") as fh:
                return list(csv.DictReader(fh))

        persons = {r["person_id"]: r for r in rows("persons.csv")}
        households = {r["household_id"]: r for r in rows("households.csv")}
        return cls(persons, households, rows("records.csv"), as_of)

    def dukcapil_alive(self, p: dict[str, str]) -> bool:
        """Alive as Disdukcapil knows it: no death, or a death that was not reported."""
        return p["death_date"] == "" or p["death_reported"] == "0"

    def truly_dead(self, pid: str) -> bool:
        return self.persons[pid]["death_date"] != ""

    def desil(self, p: dict[str, str]) -> int:
        return int(self.persons[p["person_id"]]["desil"])

    def latest_records(self) -> list[dict[str, str]]:
        """Records of the latest period of each source (all periods end on ``as_of``)."""
        latest: dict[str, str] = {}
        for r in self.records:
            latest[r["source"]] = max(latest.get(r["source"], ""), r["period"])
        return [r for r in self.records if r["period"] == latest[r["source"]]]

    def covered_households(self) -> set[str]:
        """Households listed in the latest DTKS (their desil is known to the model)."""
        return {r["household_id"] for r in self.latest_records() if r["source"] == "dtks"}


def _hh_flag(t: Truth, flag: str) -> set[str]:
    return {p["household_id"] for p in t.persons.values() if p[flag] == "1"}


def desil14_tanpa_pkh_bpnt(t: Truth) -> set[str]:
    alive_hh = {p["household_id"] for p in t.persons.values() if t.dukcapil_alive(p)}
    helped = _hh_flag(t, "pkh") | _hh_flag(t, "bpnt")
    return {
        h
        for h, row in t.households.items()
        if int(row["desil"]) <= 4 and h in alive_hh and h not in helped
    }


def stunting_desil14_tanpa_pkh(t: Truth) -> set[str]:
    pkh = _hh_flag(t, "pkh")
    return {
        pid
        for pid, p in t.persons.items()
        if p["stunted"] == "1" and t.desil(p) <= 4 and p["household_id"] not in pkh
    }


def anak_sekolah_desil14_tidak_sekolah(t: Truth) -> set[str]:
    return {
        pid
        for pid, p in t.persons.items()
        if p["school_age"] == "1"
        and p["enrolled"] == "0"
        and t.desil(p) <= 4
        and p["death_date"] == ""
    }


def desil14_tanpa_pbi_jk(t: Truth) -> set[str]:
    """Desil 1–4, alive per Disdukcapil, and no agency lists them as an active PBI-JK member.

    A PBI-JK member who died without Disdukcapil knowing is dropped from the BPJS and DTKS
    lists: the data shows a living desil 1–4 person without PBI-JK, and so does the rule.
    """
    listed = {
        r["person_id"]
        for r in t.latest_records()
        if r["source"] in ("dtks", "pbi_jk") and _receives(t, r)
    }
    return {
        pid
        for pid, p in t.persons.items()
        if not (p["pbi_jk"] == "1" and pid in listed) and t.desil(p) <= 4 and t.dukcapil_alive(p)
    }


def _receives(t: Truth, rec: dict[str, str]) -> bool:
    p = t.persons[rec["person_id"]]
    if rec["source"] == "dtks":
        return "1" in (p["pkh"], p["bpnt"], p["pbi_jk"])
    if rec["source"] == "dapodik":
        # The demo contract maps Dapodik's `layak_pip` (eligible) onto std.program.pip and
        # `penerima_kip` onto std.program.kip, so "receives" there = recipient OR eligible
        # (generator: layak_pip = enrolled and (desil <= 4 or PKH household)).
        layak = p["enrolled"] == "1" and (int(p["desil"]) <= 4 or p["pkh"] == "1")
        return p["pip"] == "1" or layak
    # a BPJS row with status NONAKTIF lists the person without them receiving
    return rec["source"] == "pbi_jk" and "listed_inactive" not in rec["corruptions"].split("|")


def penerima_meninggal(t: Truth) -> set[str]:
    """Reported deaths still listed (``deceased_listed``) as a recipient."""
    return {
        r["person_id"]
        for r in t.latest_records()
        if r["source"] in PROGRAM_SOURCES
        and _receives(t, r)
        and t.persons[r["person_id"]]["death_reported"] == "1"
    }


def penerima_ganda(t: Truth) -> set[str]:
    counts = Counter(
        (r["person_id"], r["source"])
        for r in t.latest_records()
        if r["source"] in PROGRAM_SOURCES and _receives(t, r)
    )
    return {pid for (pid, _), n in counts.items() if n >= 2}


def penerima_desil6plus(t: Truth) -> set[str]:
    covered = t.covered_households()
    by_person: defaultdict[str, list[dict[str, str]]] = defaultdict(list)
    for r in t.latest_records():
        by_person[r["person_id"]].append(r)
    return {
        pid
        for pid, p in t.persons.items()
        if t.desil(p) >= 6
        and p["household_id"] in covered
        and any(r["source"] in PROGRAM_SOURCES and _receives(t, r) for r in by_person[pid])
    }


EXPECTED = {
    "desil14-tanpa-pkh-bpnt": desil14_tanpa_pkh_bpnt,
    "stunting-desil14-tanpa-pkh": stunting_desil14_tanpa_pkh,
    "anak-sekolah-desil14-tidak-sekolah": anak_sekolah_desil14_tidak_sekolah,
    "desil14-tanpa-pbi-jk": desil14_tanpa_pbi_jk,
    "penerima-meninggal": penerima_meninggal,
    "penerima-ganda": penerima_ganda,
    "penerima-desil6plus": penerima_desil6plus,
}
