"""As-of scope: which observation of each source a build uses, and staleness."""

from __future__ import annotations

from datetime import date

import pytest

from rajut.integrate.errors import IntegrateError
from tests.integrate.helpers import TinyStore, person


def _two_sources(tiny: TinyStore) -> None:
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
        [
            {
                "record_id": "s1",
                "person_id": "P1",
                "household_id": "H1",
                "person": person(desa_code="33.10.02.2002", name="SITI AMINAH DTKS"),
                "welfare": {"desil": 2},
            }
        ],
    )


def test_as_of_before_a_sources_only_period_excludes_it(tiny: TinyStore) -> None:
    _two_sources(tiny)
    result = tiny.build("2026-04-15")
    assert set(result.inputs["sources"]) == {"dtks"}
    assert "dukcapil" in result.inputs["excluded"]
    bid = result.build_id
    # the value comes from DTKS although Disdukcapil is the authority: its data is "later"
    assert tiny.one("SELECT desa_code FROM integ.person WHERE build_id = ?", [bid]) == (
        "33.10.02.2002"
    )
    assert (
        tiny.one(
            "SELECT count(*) FROM integ.provenance WHERE build_id = ? AND source = 'dukcapil'",
            [bid],
        )
        == 0
    )
    assert tiny.one("SELECT sources FROM integ.person WHERE build_id = ?", [bid]) == ["dtks"]


def test_after_both_periods_the_authority_is_back(tiny: TinyStore) -> None:
    _two_sources(tiny)
    result = tiny.build("2026-07-01")
    bid = result.build_id
    assert set(result.inputs["sources"]) == {"dukcapil", "dtks"}
    assert tiny.one("SELECT desa_code FROM integ.person WHERE build_id = ?", [bid]) == (
        "33.10.01.2001"
    )


def test_no_data_at_all_before_as_of_is_a_clear_error(tiny: TinyStore) -> None:
    _two_sources(tiny)
    with pytest.raises(IntegrateError) as err:
        tiny.build("2025-12-31")
    assert "2025-12-31" in err.value.message
    assert err.value.hint


def test_latest_snapshot_not_after_as_of_replaces_older_ones(tiny: TinyStore) -> None:
    for start, end, desil in (
        ("2026-01-01", "2026-03-31", 3),
        ("2026-04-01", "2026-06-30", 5),
        ("2026-07-01", "2026-09-30", 9),
    ):
        tiny.run(
            "dtks",
            start,
            end,
            [
                {
                    "record_id": "s1",
                    "person_id": "P1",
                    "household_id": "H1",
                    "person": person(shdk="kepala_keluarga"),
                    "welfare": {"desil": desil},
                }
            ],
        )
    for as_of, desil, period_end in (
        ("2026-05-15", 3, date(2026, 3, 31)),
        ("2026-06-30", 5, date(2026, 6, 30)),
        ("2026-08-01", 5, date(2026, 6, 30)),
        ("2026-10-01", 9, date(2026, 9, 30)),
    ):
        bid = tiny.build(as_of).build_id
        row = tiny.one(
            "SELECT desil, desil_period_end FROM integ.household WHERE build_id = ?", [bid]
        )
        assert row == (desil, period_end), as_of
        age = tiny.one(
            "SELECT age_days FROM integ.provenance WHERE build_id = ? AND attribute = 'desil'",
            [bid],
        )
        assert age == (date.fromisoformat(as_of) - period_end).days


def test_snapshot_drops_records_missing_from_the_latest_snapshot(tiny: TinyStore) -> None:
    tiny.run(
        "pbi_jk",
        "2026-05-01",
        "2026-05-31",
        [
            {"record_id": "k1", "person_id": "P1", "person": person(), "program": {"pbi_jk": True}},
            {
                "record_id": "k2",
                "person_id": "P2",
                "person": person(nik="3310015005900002"),
                "program": {"pbi_jk": True},
            },
        ],
    )
    tiny.run(
        "pbi_jk",
        "2026-06-01",
        "2026-06-30",
        [
            {"record_id": "k1", "person_id": "P1", "person": person(), "program": {"pbi_jk": True}},
        ],
    )
    may = tiny.build("2026-05-31").build_id
    june = tiny.build("2026-06-30").build_id
    q = "SELECT list(person_id ORDER BY person_id) FROM integ.person_program WHERE build_id = ?"
    assert tiny.one(q, [may]) == ["P1", "P2"]
    assert tiny.one(q, [june]) == ["P1"]


def _measure(record_id: str, day: date, z: float) -> dict[str, object]:
    return {
        "record_id": record_id,
        "person_id": "C1",
        "period_end": date(day.year, day.month, 28).isoformat(),
        "person": person(name="BAYU", sex="L", birth_date=date(2024, 1, 5)),
        "growth": {"measured_on": day, "z_tbu": z, "status_tbu": "normal"},
    }


def test_row_period_source_uses_latest_row_not_after_as_of(tiny: TinyStore) -> None:
    tiny.run(
        "eppgbm",
        "2026-01-01",
        "2026-03-31",
        [
            _measure("m1", date(2026, 1, 10), -1.0),
            _measure("m2", date(2026, 2, 10), -2.5),
            _measure("m3", date(2026, 3, 10), -1.5),
        ],
    )
    # the run's period ends after as-of, but its January and February rows are usable
    feb = tiny.build("2026-03-01").build_id
    assert tiny.rows(
        "SELECT record_id, z_tbu, stunted, age_days FROM integ.child_growth WHERE build_id = ?",
        [feb],
    ) == [("m2", -2.5, True, 1)]
    march = tiny.build("2026-03-31").build_id
    assert tiny.one("SELECT record_id FROM integ.child_growth WHERE build_id = ?", [march]) == "m3"


def test_nothing_after_as_of_leaks_into_any_table(tiny: TinyStore) -> None:
    tiny.run(
        "eppgbm",
        "2026-01-01",
        "2026-03-31",
        [_measure("m1", date(2026, 1, 10), -1.0), _measure("m3", date(2026, 3, 10), -2.9)],
    )
    tiny.run(
        "dukcapil",
        "2026-03-31",
        "2026-03-31",
        [{"record_id": "d1", "person_id": "C1", "person": person(name="BAYU SAPUTRA")}],
    )
    bid = tiny.build("2026-02-15").build_id
    limit = date(2026, 2, 15)
    for table in ("provenance", "child_growth", "person_program", "enrollment"):
        late = tiny.one(
            f"SELECT count(*) FROM integ.{table} WHERE build_id = ? AND period_end > ?",
            [bid, limit],
        )
        assert late == 0, table
    assert tiny.one("SELECT name FROM integ.person WHERE build_id = ?", [bid]) == "BAYU"
