"""Discrepancies: disagreements with the authority value, with both sides and the owner."""

from __future__ import annotations

from datetime import date

from tests.integrate.helpers import TinyStore, person

DEAD = person(alive=False, death_date=date(2026, 4, 10))


def _disc(tiny: TinyStore, bid: str, kind: str) -> list[tuple[object, ...]]:
    return tiny.rows(
        "SELECT entity_id, value_a, source_a, record_a, value_b, source_b, record_b, "
        "owner_source, owner FROM integ.discrepancies WHERE build_id = ? AND kind = ? "
        "ORDER BY record_b",
        [bid, kind],
    )


def test_death_recorded_by_dukcapil_vs_recipient_listed_elsewhere(tiny: TinyStore) -> None:
    tiny.run(
        "dukcapil",
        "2026-06-30",
        "2026-06-30",
        [{"record_id": "d1", "person_id": "P1", "person": DEAD}],
    )
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
            }
        ],
    )
    tiny.run(
        "dtks",
        "2026-04-01",
        "2026-06-30",
        [{"record_id": "s1", "person_id": "P1", "person": person(alive=True)}],
    )
    bid = tiny.build("2026-06-30").build_id
    assert tiny.one("SELECT alive, death_date FROM integ.person WHERE build_id = ?", [bid]) == (
        False,
        date(2026, 4, 10),
    )
    assert _disc(tiny, bid, "alive_vs_deceased") == [
        (
            "P1",
            "false",
            "dukcapil",
            "d1",
            "penerima pbi_jk",
            "pbi_jk",
            "k1",
            "dukcapil",
            "Disdukcapil",
        ),
        ("P1", "false", "dukcapil", "d1", "true", "dtks", "s1", "dukcapil", "Disdukcapil"),
    ]


def test_listing_from_before_the_death_is_not_a_discrepancy(tiny: TinyStore) -> None:
    tiny.run(
        "dukcapil",
        "2026-06-30",
        "2026-06-30",
        [{"record_id": "d1", "person_id": "P1", "person": DEAD}],
    )
    tiny.run(
        "dtks",
        "2026-01-01",
        "2026-03-31",
        [{"record_id": "s1", "person_id": "P1", "person": person(), "program": {"pkh": True}}],
    )
    bid = tiny.build("2026-06-30").build_id
    assert _disc(tiny, bid, "alive_vs_deceased") == []


def test_death_known_elsewhere_but_alive_at_dukcapil(tiny: TinyStore) -> None:
    tiny.run(
        "dukcapil",
        "2026-06-30",
        "2026-06-30",
        [{"record_id": "d1", "person_id": "P1", "person": person(alive=True)}],
    )
    tiny.run(
        "dtks",
        "2026-04-01",
        "2026-06-30",
        [{"record_id": "s1", "person_id": "P1", "person": person(alive=False)}],
    )
    bid = tiny.build("2026-06-30").build_id
    assert tiny.one("SELECT alive FROM integ.person WHERE build_id = ?", [bid]) is True
    assert _disc(tiny, bid, "alive_vs_deceased") == [
        ("P1", "true", "dukcapil", "d1", "false", "dtks", "s1", "dukcapil", "Disdukcapil")
    ]


def test_desa_birth_date_sex_household_discrepancies(tiny: TinyStore) -> None:
    tiny.run(
        "dukcapil",
        "2026-06-30",
        "2026-06-30",
        [{"record_id": "d1", "person_id": "P1", "household_id": "H1", "person": person()}],
    )
    tiny.run(
        "dtks",
        "2026-04-01",
        "2026-06-30",
        [
            {
                "record_id": "s1",
                "person_id": "P1",
                "household_id": "H9",
                "person": person(desa_code="33.10.05.2003", birth_date=date(1990, 10, 5), sex="L"),
            }
        ],
    )
    tiny.run(
        "pbi_jk",
        "2026-06-01",
        "2026-06-30",
        [{"record_id": "k1", "person_id": "P1", "household_id": "H1", "person": person()}],
    )
    bid = tiny.build("2026-06-30").build_id
    kinds = {
        kind: (a, b)
        for kind, a, b in tiny.rows(
            "SELECT kind, value_a, value_b FROM integ.discrepancies WHERE build_id = ?", [bid]
        )
    }
    assert kinds == {
        "desa": ("33.10.01.2001", "33.10.05.2003"),
        "birth_date": ("1990-05-10", "1990-10-05"),
        "sex": ("P", "L"),
        "household": ("H1", "H9"),
    }
    owners = tiny.rows(
        "SELECT DISTINCT owner_source, owner, source_b, record_b FROM integ.discrepancies "
        "WHERE build_id = ?",
        [bid],
    )
    assert owners == [("dukcapil", "Disdukcapil", "dtks", "s1")]


def test_discrepancy_ids_are_stable_across_builds(tiny: TinyStore) -> None:
    tiny.run(
        "dukcapil",
        "2026-06-30",
        "2026-06-30",
        [{"record_id": "d1", "person_id": "P1", "person": person()}],
    )
    tiny.run(
        "dtks",
        "2026-04-01",
        "2026-06-30",
        [{"record_id": "s1", "person_id": "P1", "person": person(desa_code="33.10.05.2003")}],
    )
    first = tiny.build("2026-06-30").build_id
    second = tiny.build("2026-06-30").build_id
    q = "SELECT list(discrepancy_id) FROM integ.discrepancies WHERE build_id = ?"
    assert tiny.one(q, [first]) == tiny.one(q, [second])
    assert len(tiny.one(q, [first])) == 1


def test_demo_every_reported_death_still_listed_elsewhere_is_flagged(demo_ws: object) -> None:
    import duckdb

    from rajut.integrate.build import build_integrated
    from rajut.workspace import open_workspace

    ws = open_workspace(demo_ws)  # type: ignore[arg-type]
    result = build_integrated(ws, date(2026, 6, 30))
    con = duckdb.connect(str(ws.analytics_db), read_only=True)
    truth = ws.root / "incoming" / "truth"
    [(expected, found, false_alarms)] = con.execute(
        """
        WITH t AS (SELECT * FROM read_csv($p, all_varchar = true)),
        rec AS (SELECT * FROM read_csv($r, all_varchar = true)),
        dead AS (SELECT person_id, CAST(death_date AS DATE) AS dd FROM t
                 WHERE death_reported = '1' AND death_date IS NOT NULL),
        listed AS (SELECT DISTINCT d.person_id FROM dead d JOIN rec USING (person_id)
                   JOIN std.person p
                     ON p.source = rec.source AND p.record_id = rec.source_record_id
                   WHERE rec.source <> 'dukcapil' AND p.period_end > d.dd),
        flagged AS (SELECT DISTINCT entity_id AS person_id FROM integ.discrepancies
                    WHERE build_id = $b AND kind = 'alive_vs_deceased')
        SELECT (SELECT count(*) FROM listed),
               (SELECT count(*) FROM listed JOIN flagged USING (person_id)),
               (SELECT count(*) FROM flagged WHERE person_id NOT IN (SELECT person_id FROM dead))
        """,
        {"p": str(truth / "persons.csv"), "r": str(truth / "records.csv"), "b": result.build_id},
    ).fetchall()
    con.close()
    assert expected > 0
    assert found == expected
    assert false_alarms == 0
