"""Facts: programs (active, duplicates, TMT), growth, enrollment, households."""

from __future__ import annotations

from datetime import date

from tests.integrate.helpers import TinyStore, person


def test_program_receives_and_duplicates(tiny: TinyStore) -> None:
    tiny.run(
        "pbi_jk",
        "2026-06-01",
        "2026-06-30",
        [
            {
                "record_id": "k1",
                "person_id": "P1",
                "person": person(),
                "program": {"pbi_jk": True, "membership_status": "aktif"},
            },
            {
                "record_id": "k2",
                "person_id": "P1",
                "person": person(),
                "program": {"pbi_jk": True, "membership_status": "aktif"},
            },
            {
                "record_id": "k3",
                "person_id": "P2",
                "person": person(nik="3310015005900002"),
                "program": {"pbi_jk": True, "membership_status": "nonaktif"},
            },
            {
                "record_id": "k4",
                "person_id": "P3",
                "person": person(nik="3310015005900003"),
                "program": {"pbi_jk": True, "tmt": date(2026, 8, 1)},
            },
        ],
    )
    tiny.run(
        "dtks",
        "2026-04-01",
        "2026-06-30",
        [
            {
                "record_id": "s1",
                "person_id": "P1",
                "person": person(),
                "program": {"pkh": True, "bpnt": False},
            },
        ],
    )
    bid = tiny.build("2026-06-30").build_id
    rows = tiny.rows(
        "SELECT person_id, program, source, receives, n_records_receiving, age_days "
        "FROM integ.person_program WHERE build_id = ? ORDER BY ALL",
        [bid],
    )
    assert rows == [
        ("P1", "bpnt", "dtks", False, 0, 0),
        ("P1", "pbi_jk", "pbi_jk", True, 2, 0),
        ("P1", "pkh", "dtks", True, 1, 0),
        ("P2", "pbi_jk", "pbi_jk", False, 0, 0),
        ("P3", "pbi_jk", "pbi_jk", False, 0, 0),
    ]


def test_household_head_desil_and_members(tiny: TinyStore) -> None:
    tiny.run(
        "dukcapil",
        "2026-06-30",
        "2026-06-30",
        [
            {
                "record_id": "d1",
                "person_id": "P1",
                "household_id": "H1",
                "person": person(shdk="istri", kk_number="3310010101200001"),
            },
            {
                "record_id": "d2",
                "person_id": "P2",
                "household_id": "H1",
                "person": person(
                    nik="3310011005850001",
                    name="BUDI",
                    sex="L",
                    birth_date=date(1985, 5, 10),
                    shdk="kepala_keluarga",
                    kk_number="3310010101200001",
                ),
            },
            {
                "record_id": "d3",
                "person_id": "P3",
                "household_id": "H1",
                "person": person(
                    nik="3310011005500001",
                    name="KARTO",
                    sex="L",
                    birth_date=date(1950, 5, 10),
                    shdk="orang_tua",
                    alive=False,
                    death_date=date(2026, 2, 1),
                ),
            },
        ],
    )
    tiny.run(
        "dtks",
        "2026-04-01",
        "2026-06-30",
        [
            {
                "record_id": "s2",
                "person_id": "P2",
                "household_id": "H1",
                "person": person(),
                "welfare": {"desil": 3},
            },
        ],
    )
    bid = tiny.build("2026-06-30").build_id
    assert tiny.rows(
        "SELECT head_person_id, kk_number, desil, desil_source, n_members "
        "FROM integ.household WHERE build_id = ?",
        [bid],
    ) == [("P2", "3310010101200001", 3, "dtks", 2)]
    prov = tiny.rows(
        "SELECT attribute, source, record_id, rule FROM integ.provenance "
        "WHERE build_id = ? AND entity = 'household' ORDER BY attribute",
        [bid],
    )
    assert prov == [
        ("desa_code", "dukcapil", "d2", "head"),
        ("desil", "dtks", "s2", "single"),
        ("head_person_id", "dukcapil", "d2", "shdk"),
        ("kk_number", "dukcapil", "d2", "head"),
    ]


def test_enrollment_and_age(tiny: TinyStore) -> None:
    tiny.run(
        "dapodik",
        "2026-01-01",
        "2026-06-30",
        [
            {
                "record_id": "pd1",
                "person_id": "A1",
                "person": person(name="RINA", birth_date=date(2015, 7, 1)),
                "enrollment": {"npsn": "20300001", "grade": 5, "semester": "20252"},
            },
        ],
    )
    bid = tiny.build("2026-06-30").build_id
    assert tiny.rows(
        "SELECT person_id, enrolled, npsn, grade, age_days FROM integ.enrollment "
        "WHERE build_id = ?",
        [bid],
    ) == [("A1", True, "20300001", 5, 0)]
    assert tiny.one("SELECT age_years FROM integ.person WHERE build_id = ?", [bid]) == 10
    assert (
        tiny.one(
            "SELECT age_years FROM integ.person WHERE build_id = ?",
            [tiny.build("2026-07-01").build_id],
        )
        == 11
    )


def test_build_without_linkage_fails_cleanly_and_writes_nothing(tiny: TinyStore) -> None:
    import pytest

    from rajut.integrate.errors import IntegrateError

    tiny.run(
        "dukcapil",
        "2026-06-30",
        "2026-06-30",
        [{"record_id": "d1", "person_id": "P1", "person": person()}],
    )
    tiny.con.execute("DROP TABLE link.record_person")
    with pytest.raises(IntegrateError) as err:
        tiny.build("2026-06-30")
    assert "rajut link" in err.value.hint
    assert tiny.one("SELECT count(*) FROM integ.builds") == 0


def test_build_without_household_links_still_builds_persons(tiny: TinyStore) -> None:
    tiny.run(
        "dukcapil",
        "2026-06-30",
        "2026-06-30",
        [{"record_id": "d1", "person_id": "P1", "household_id": "H1", "person": person()}],
    )
    tiny.con.execute("DROP TABLE link.record_household")
    bid = tiny.build("2026-06-30").build_id
    assert tiny.rows(
        "SELECT person_id, household_id FROM integ.person WHERE build_id = ?", [bid]
    ) == [("P1", None)]
    assert tiny.one("SELECT count(*) FROM integ.household WHERE build_id = ?", [bid]) == 0
