"""Survivorship: authority first, then recency and completeness; config validation."""

from __future__ import annotations

from pathlib import Path

import pytest

from rajut.integrate.errors import IntegrateConfigError
from rajut.integrate.survivorship import load_survivorship, resolve_authority
from tests.integrate.helpers import TinyStore, person


def _prov(tiny: TinyStore, bid: str, attribute: str) -> tuple[str, str, str, str]:
    return tiny.one(
        "SELECT value, source, record_id, rule FROM integ.provenance "
        "WHERE build_id = ? AND entity = 'person' AND attribute = ?",
        [bid, attribute],
    )


def test_authority_wins_even_when_another_source_is_newer(tiny: TinyStore) -> None:
    tiny.run(
        "dukcapil",
        "2026-01-31",
        "2026-01-31",
        [{"record_id": "d1", "person_id": "P1", "person": person(desa_code="33.10.01.2001")}],
    )
    tiny.run(
        "dtks",
        "2026-04-01",
        "2026-06-30",
        [{"record_id": "s1", "person_id": "P1", "person": person(desa_code="33.10.05.2003")}],
    )
    bid = tiny.build("2026-06-30").build_id
    assert tiny.one("SELECT desa_code FROM integ.person WHERE build_id = ?", [bid]) == (
        "33.10.01.2001"
    )
    assert _prov(tiny, bid, "desa_code") == ("33.10.01.2001", "dukcapil", "d1", "authority")
    assert (
        tiny.one(
            "SELECT age_days FROM integ.provenance WHERE build_id = ? AND attribute = 'desa_code'",
            [bid],
        )
        == 150
    )


def test_recency_decides_between_non_authority_sources(tiny: TinyStore) -> None:
    tiny.run(
        "dtks",
        "2026-01-01",
        "2026-03-31",
        [{"record_id": "s1", "person_id": "P1", "person": person(desa_code="33.10.01.2001")}],
    )
    tiny.run(
        "pbi_jk",
        "2026-06-01",
        "2026-06-30",
        [{"record_id": "k1", "person_id": "P1", "person": person(desa_code="33.10.05.2003")}],
    )
    bid = tiny.build("2026-06-30").build_id
    assert _prov(tiny, bid, "desa_code") == ("33.10.05.2003", "pbi_jk", "k1", "recency")


def test_completeness_decides_when_authority_and_period_are_equal(tiny: TinyStore) -> None:
    tiny.run(
        "dtks",
        "2026-04-01",
        "2026-06-30",
        [
            {"record_id": "s1", "person_id": "P1", "person": person(name="SITI A", nik=None)},
            {"record_id": "s2", "person_id": "P1", "person": person(name="SITI AMINAH")},
        ],
    )
    bid = tiny.build("2026-06-30").build_id
    assert _prov(tiny, bid, "name") == ("SITI AMINAH", "dtks", "s2", "completeness")
    assert _prov(tiny, bid, "nik")[3] == "single"


def test_single_candidate_and_missing_values(tiny: TinyStore) -> None:
    tiny.run(
        "dukcapil",
        "2026-06-30",
        "2026-06-30",
        [{"record_id": "d1", "person_id": "P1", "person": person(sex=None)}],
    )
    tiny.run(
        "dtks",
        "2026-04-01",
        "2026-06-30",
        [{"record_id": "s1", "person_id": "P1", "person": person(sex="P")}],
    )
    bid = tiny.build("2026-06-30").build_id
    # Disdukcapil leaves sex empty: the only value is DTKS's
    assert _prov(tiny, bid, "sex") == ("P", "dtks", "s1", "single")


def test_workspace_override_changes_the_authority(tiny: TinyStore, tmp_path: Path) -> None:
    root = tmp_path / "ws"
    (root / "integrate").mkdir(parents=True)
    (root / "integrate" / "survivorship.yaml").write_text(
        "attributes:\n  desa_code:\n    authority: [Dinas Sosial, Disdukcapil]\n",
        encoding="utf-8",
    )
    rules = load_survivorship(root)
    assert rules.attributes["desa_code"].authority == ["Dinas Sosial", "Disdukcapil"]
    assert rules.attributes["nik"].authority == ["Disdukcapil"]  # untouched keys stay
    tiny.run(
        "dukcapil",
        "2026-06-30",
        "2026-06-30",
        [{"record_id": "d1", "person_id": "P1", "person": person(desa_code="33.10.01.2001")}],
    )
    tiny.run(
        "dtks",
        "2026-01-01",
        "2026-03-31",
        [{"record_id": "s1", "person_id": "P1", "person": person(desa_code="33.10.05.2003")}],
    )
    bid = tiny.build("2026-06-30", rules=rules).build_id
    assert _prov(tiny, bid, "desa_code") == ("33.10.05.2003", "dtks", "s1", "authority")
    assert rules.fingerprint() != load_survivorship(None).fingerprint()


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("attributes:\n  warna: {authority: [Disdukcapil]}\n", "warna"),
        ("attributes:\n  nik: {authority: []}\n", "authority"),
        ("tie_breakers: [recency, umur]\n", "tie_breakers"),
        ("- bukan pemetaan\n", "pemetaan"),
    ],
)
def test_invalid_rules_give_a_bahasa_error(tmp_path: Path, text: str, needle: str) -> None:
    (tmp_path / "integrate").mkdir()
    (tmp_path / "integrate" / "survivorship.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(IntegrateConfigError) as err:
        load_survivorship(tmp_path)
    assert needle in err.value.message
    assert "survivorship.yaml" in err.value.message
    assert err.value.hint


def test_resolve_authority_accepts_source_names_and_agencies() -> None:
    owners = {"siak_2026": "Disdukcapil", "dtks": "Dinas Sosial", "eppgbm": "Dinas Kesehatan"}
    assert resolve_authority(["disdukcapil"], owners) == ["siak_2026"]
    assert resolve_authority(["eppgbm", "Dinas Sosial", "dtks"], owners) == ["eppgbm", "dtks"]
    assert resolve_authority(["BPJS"], owners) == []
