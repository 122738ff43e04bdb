"""Households: KK rules, joins through source household ids and mothers, stable IDs, truth."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rajut.linkage.household_eval import (
    HouseholdTruthError,
    evaluate_households,
    record_person_from_truth,
)
from rajut.linkage.households import build_households

KK1 = "3310011305150001"
KK2 = "3310010707250001"
KK3 = "3310012001200001"
DESA = "33.10.01.2001"
SITI_NIK = "3310015505850001"
JUNE = date(2026, 6, 30)


@dataclass(frozen=True)
class Rec:
    """One source record and the person it was linked to."""

    uid: str
    person: str
    kk: str | None = None
    role: str | None = None
    name: str = "ORANG"
    sex: str = "L"
    birth: date | None = date(1990, 1, 1)
    nik: str | None = None
    mother_nik: str | None = None
    mother_name: str | None = None
    ref: str | None = None
    desa: str = DESA
    period: date = JUNE


def make_con(recs: list[Rec]) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute("CREATE SCHEMA link; CREATE SCHEMA std")
    con.execute(
        "CREATE TABLE link.records (uid VARCHAR, source VARCHAR, record_id VARCHAR, "
        "run_id VARCHAR, row_number BIGINT, period_end DATE, nik VARCHAR, nik_raw VARCHAR, "
        "kk_number VARCHAR, name_norm VARCHAR, sex VARCHAR, birth_date DATE, "
        "mother_name_norm VARCHAR, mother_nik VARCHAR, desa_code VARCHAR, household_ref VARCHAR)"
    )
    con.execute("CREATE TABLE std.person (run_id VARCHAR, row_number BIGINT, shdk VARCHAR)")
    con.execute(
        "CREATE TABLE std.household (run_id VARCHAR, row_number BIGINT, relationship VARCHAR)"
    )
    load(con, recs)
    return con


def load(con: duckdb.DuckDBPyConnection, recs: list[Rec]) -> None:
    """Replace the records and the person clustering with ``recs``."""
    for table in ("link.records", "std.person", "std.household"):
        con.execute(f"DELETE FROM {table}")
    for i, r in enumerate(recs):
        source, rid = r.uid.split(":")
        con.execute(
            "INSERT INTO link.records VALUES (?, ?, ?, 'run1', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                r.uid,
                source,
                rid,
                i,
                r.period,
                r.nik,
                r.nik,
                r.kk,
                r.name,
                r.sex,
                r.birth,
                r.mother_name,
                r.mother_nik,
                r.desa,
                r.ref,
            ],
        )
        table, col = (
            ("std.household", "relationship") if source == "dtks" else ("std.person", "shdk")
        )
        con.execute(
            f"INSERT INTO {table} (run_id, row_number, {col}) VALUES ('run1', ?, ?)", [i, r.role]
        )
    con.execute(
        "CREATE OR REPLACE TABLE link.record_person AS SELECT uid, ? AS source, '' AS record_id, "
        "'' AS person_id FROM link.records LIMIT 0",
        ["x"],
    )
    for r in recs:
        con.execute(
            "INSERT INTO link.record_person VALUES (?, ?, ?, ?)",
            [r.uid, *r.uid.split(":"), r.person],
        )


def person_household(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    rows = con.execute("SELECT person_id, household_id FROM link.person_household").fetchall()
    return {str(p): str(h) for p, h in rows}


# One family on KK1 seen by every agency: Budi (head), Siti (wife), Ani (child) in Dukcapil;
# Budi and Siti plus grandmother Inah (no KK on her row) in DTKS; pupil Dedi only in Dapodik
# (mother's NIK = Siti's); baby Rina only in e-PPGBM (mother's name only).
FAMILY = [
    Rec("dukcapil:1", "budi", KK1, "kepala_keluarga", "BUDI", birth=date(1980, 3, 1), nik="1"),
    Rec("dukcapil:2", "siti", KK1, "istri", "SITI RAHAYU", "P", date(1985, 5, 15), SITI_NIK),
    Rec("dukcapil:3", "ani", KK1, "anak", "ANI", "P", date(2010, 2, 2)),
    Rec("dtks:1", "budi", KK1, "kepala_keluarga", "BUDI", ref="D1"),
    Rec("dtks:2", "siti", KK1, "pasangan", "SITI RAHAYU", "P", nik=SITI_NIK, ref="D1"),
    Rec("dtks:3", "inah", None, "orang_tua_mertua", "INAH", "P", date(1950, 1, 1), ref="D1"),
    Rec("dapodik:1", "dedi", name="DEDI", birth=date(2012, 8, 1), mother_nik=SITI_NIK),
    Rec(
        "eppgbm:1", "rina", name="RINA", sex="P", birth=date(2025, 1, 1), mother_name="SITI RAHAYU"
    ),
]
# An unrelated household on KK3 in the same desa.
OTHER = [
    Rec("dukcapil:9", "joko", KK3, "kepala_keluarga", "JOKO", birth=date(1970, 1, 1)),
    Rec("pbi_jk:9", "joko", KK3, "kepala_keluarga", "JOKO", birth=date(1970, 1, 1)),
]


def test_every_agency_view_of_one_family_is_one_household() -> None:
    con = make_con(FAMILY + OTHER)
    summary = build_households(con)
    ph = person_household(con)
    family = {ph[p] for p in ("budi", "siti", "ani", "inah", "dedi", "rina")}
    assert len(family) == 1
    assert ph["joko"] not in family
    assert summary.households == 2
    assert summary.persons == 7
    assert summary.persons_by_evidence == {
        "household_ref": 1,
        "kk": 4,
        "mother_name": 1,
        "mother_nik": 1,
    }
    rows = con.execute(
        "SELECT kk_number, desa_code, n_persons, head_person_id, evidence FROM link.households "
        "WHERE household_id = ?",
        [family.pop()],
    ).fetchall()
    assert rows == [(KK1, DESA, 6, "budi", "household_ref,kk,mother_name,mother_nik")]


def test_each_record_gets_its_persons_household() -> None:
    con = make_con(FAMILY + OTHER)
    build_households(con)
    bad = con.execute(
        "SELECT count(*) FROM link.record_household rh JOIN link.record_person rp USING (uid) "
        "JOIN link.person_household ph USING (person_id) WHERE ph.household_id <> rh.household_id"
    ).fetchall()
    n = con.execute("SELECT count(*) FROM link.record_household").fetchall()
    assert bad == [(0,)] and n == [(len(FAMILY + OTHER),)]


def test_person_household_columns() -> None:
    con = make_con(FAMILY + OTHER)
    build_households(con)
    rows = con.execute(
        "SELECT person_id, kk_number, role, source_of_evidence FROM link.person_household "
        "WHERE person_id IN ('siti', 'inah', 'dedi') ORDER BY person_id"
    ).fetchall()
    assert rows == [
        ("dedi", KK1, None, "mother_nik:dapodik"),
        ("inah", KK1, "orang_tua_mertua", "household_ref:dtks"),
        ("siti", KK1, "istri", "kk:dukcapil"),
    ]


def test_dukcapil_kk_wins_over_a_newer_source() -> None:
    """After marriage Dukcapil has the new KK; DTKS (even later) still shows the old one."""
    recs = [
        Rec("dukcapil:1", "ani", KK2, "istri", period=date(2026, 5, 31)),
        Rec("dtks:1", "ani", KK1, "anak", ref="D1", period=JUNE),
        Rec("dukcapil:2", "ayah", KK1, "kepala_keluarga"),
    ]
    con = make_con(recs)
    build_households(con)
    ph = person_household(con)
    assert ph["ani"] != ph["ayah"]
    kk = con.execute("SELECT kk_number FROM link.person_household WHERE person_id = 'ani'")
    assert kk.fetchall() == [(KK2,)]


def test_latest_period_wins_without_dukcapil() -> None:
    recs = [
        Rec("dtks:1", "ani", KK1, period=date(2026, 3, 31)),
        Rec("pbi_jk:1", "ani", KK2, period=date(2026, 6, 30)),
        Rec("pbi_jk:2", "suami", KK2, period=date(2026, 6, 30)),
    ]
    con = make_con(recs)
    build_households(con)
    ph = person_household(con)
    assert ph["ani"] == ph["suami"]


def test_source_group_joins_only_a_majority_kk() -> None:
    """ID_DTKS D1 has members on two KKs, one each: no majority → KK-less member stays apart."""
    recs = [
        Rec("dtks:1", "a", KK1, ref="D1"),
        Rec("dtks:2", "b", KK2, ref="D1"),
        Rec("dtks:3", "c", None, ref="D1"),
        Rec("dtks:4", "d", None, ref="D2"),
        Rec("dtks:5", "e", None, ref="D2"),
    ]
    con = make_con(recs)
    build_households(con)
    ph = person_household(con)
    assert ph["c"] not in (ph["a"], ph["b"])
    assert ph["d"] == ph["e"]  # a group without any KK is a household of its own


def test_ambiguous_mother_name_does_not_join() -> None:
    twin_names = [
        Rec("dukcapil:1", "s1", KK1, name="SITI AMINAH", sex="P", birth=date(1985, 1, 1)),
        Rec("dukcapil:2", "s2", KK2, name="SITI AMINAH", sex="P", birth=date(1988, 1, 1)),
        Rec("eppgbm:1", "bayi", name="BAYU", birth=date(2025, 1, 1), mother_name="SITI AMINAH"),
    ]
    con = make_con(twin_names)
    summary = build_households(con)
    ph = person_household(con)
    assert ph["bayi"] not in (ph["s1"], ph["s2"])
    assert summary.persons_by_evidence["none"] == 1
    assert summary.singletons == 3


def test_mother_name_needs_plausible_age_and_desa() -> None:
    recs = [
        Rec("dukcapil:1", "s1", KK1, name="SITI AMINAH", sex="P", birth=date(2015, 1, 1)),
        Rec("eppgbm:1", "bayi", name="BAYU", birth=date(2025, 1, 1), mother_name="SITI AMINAH"),
        Rec(
            "dukcapil:2",
            "s2",
            KK2,
            name="SRI",
            sex="P",
            birth=date(1990, 1, 1),
            desa="33.10.02.2001",
        ),
        Rec("eppgbm:2", "bayi2", name="BAYA", birth=date(2025, 1, 1), mother_name="SRI"),
    ]
    con = make_con(recs)
    build_households(con)
    ph = person_household(con)
    assert ph["bayi"] != ph["s1"]  # a 10-year-old is not the mother
    assert ph["bayi2"] != ph["s2"]  # another desa


def test_siblings_with_an_unknown_mother_share_a_household() -> None:
    recs = [
        Rec("dapodik:1", "kakak", mother_nik=SITI_NIK, birth=date(2012, 1, 1)),
        Rec("eppgbm:1", "adik", mother_nik=SITI_NIK, birth=date(2025, 1, 1)),
        Rec("eppgbm:2", "lain", mother_nik="3310016006900001", birth=date(2025, 2, 1)),
    ]
    con = make_con(recs)
    summary = build_households(con)
    ph = person_household(con)
    assert ph["kakak"] == ph["adik"] != ph["lain"]
    assert summary.persons_by_evidence == {"same_mother": 3}


def test_child_of_a_mother_without_evidence_joins_her() -> None:
    recs = [
        Rec("pbi_jk:1", "ibu", None, nik=SITI_NIK, sex="P", birth=date(1985, 1, 1)),
        Rec("eppgbm:1", "anak", mother_nik=SITI_NIK, birth=date(2025, 1, 1)),
    ]
    con = make_con(recs)
    build_households(con)
    ph = person_household(con)
    assert ph["ibu"] == ph["anak"]


def test_as_of_leaves_later_records_out() -> None:
    recs = [*FAMILY, Rec("pbi_jk:5", "baru", KK3, period=date(2026, 7, 31))]
    con = make_con(recs)
    summary = build_households(con, as_of=JUNE)
    assert "baru" not in person_household(con)
    assert summary.records == len(FAMILY)


def test_head_falls_back_to_oldest_member() -> None:
    recs = [
        Rec("pbi_jk:1", "muda", KK1, birth=date(2000, 1, 1)),
        Rec("pbi_jk:2", "tua", KK1, birth=date(1960, 1, 1)),
    ]
    con = make_con(recs)
    build_households(con)
    heads = con.execute("SELECT head_person_id FROM link.households").fetchall()
    assert heads == [("tua",)]


# ---------------------------------------------------------------- stable IDs across runs


def household_of(con: duckdb.DuckDBPyConnection, person: str) -> str:
    return person_household(con)[person]


def test_same_data_same_ids() -> None:
    con = make_con(FAMILY + OTHER)
    build_households(con)
    first = person_household(con)
    again = build_households(con)
    assert person_household(con) == first
    assert again.ids.new == 0 and again.ids.kept_same_kk == 2


def test_ids_do_not_depend_on_history_when_built_fresh() -> None:
    a, b = make_con(FAMILY + OTHER), make_con(list(reversed(FAMILY + OTHER)))
    build_households(a)
    build_households(b)
    assert person_household(a) == person_household(b)


def test_family_that_moves_keeps_its_id() -> None:
    con = make_con(FAMILY + OTHER)
    build_households(con)
    old = household_of(con, "budi")
    moved = [replace(r, kk=KK2) if r.kk == KK1 else r for r in FAMILY] + OTHER
    load(con, moved)
    summary = build_households(con)
    assert household_of(con, "budi") == old
    assert summary.ids.kept_same_members == 1
    kks = con.execute(
        "SELECT kk_number, active FROM link.household_ids WHERE household_id = ? ORDER BY 1",
        [old],
    ).fetchall()
    assert kks == [(KK2, True), (KK1, False)] or kks == [(KK1, False), (KK2, True)]


def test_marriage_split_keeps_id_for_the_family_left_behind() -> None:
    con = make_con(FAMILY + OTHER)
    build_households(con)
    old = household_of(con, "budi")
    split = [replace(r, kk=KK2) if r.uid == "dukcapil:3" else r for r in FAMILY] + OTHER
    split.append(Rec("dukcapil:4", "suami_ani", KK2, "kepala_keluarga", "EKO"))
    load(con, split)
    summary = build_households(con)
    assert household_of(con, "budi") == old
    assert household_of(con, "ani") == household_of(con, "suami_ani") != old
    assert summary.ids.new == 1
    new_ids = con.execute("SELECT max(household_id) FROM link.households").fetchall()
    assert new_ids == [("RT000000003",)]  # numbered after every ID issued before


def test_one_member_leaving_to_strangers_gets_a_new_id() -> None:
    """Most of the earlier household must be in the new one for its ID to carry over."""
    first = [Rec(f"pbi_jk:{p}", p, KK1) for p in "abcd"]
    con = make_con(first)
    build_households(con)
    old = household_of(con, "d")
    load(con, [Rec(f"pbi_jk:{p}", p, KK2) for p in "defg"])
    summary = build_households(con)
    assert household_of(con, "d") != old
    assert summary.ids.new == 1


def test_old_kk_brings_back_its_id() -> None:
    """A household seen again under a KK it once had gets that ID back."""
    con = make_con(OTHER)
    build_households(con)
    old = household_of(con, "joko")
    load(con, [])
    build_households(con)
    load(con, [replace(r, person="joko_baru") for r in OTHER])
    build_households(con)
    assert household_of(con, "joko_baru") == old


# ---------------------------------------------------------------- invariants (hypothesis)

KKS = st.sampled_from([KK1, KK2, KK3, None])


@st.composite
def record_sets(draw: st.DrawFn) -> list[Rec]:
    n = draw(st.integers(1, 12))
    recs = []
    for i in range(n):
        source = draw(st.sampled_from(["dukcapil", "dtks", "eppgbm", "dapodik", "pbi_jk"]))
        recs.append(
            Rec(
                f"{source}:{i}",
                f"p{draw(st.integers(0, 6))}",
                draw(KKS),
                ref=draw(st.sampled_from(["D1", "D2", None])),
                mother_nik=draw(st.sampled_from([SITI_NIK, None])),
                nik=draw(st.sampled_from([SITI_NIK, None])),
                sex=draw(st.sampled_from(["L", "P"])),
            )
        )
    return recs


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(record_sets())
def test_every_person_gets_exactly_one_household(recs: list[Rec]) -> None:
    con = make_con(recs)
    summary = build_households(con)
    persons = {r.person for r in recs}
    rows = con.execute("SELECT person_id FROM link.person_household").fetchall()
    assert sorted(str(r[0]) for r in rows) == sorted(persons)
    sizes = con.execute("SELECT sum(n_persons) FROM link.households").fetchall()
    assert sizes == [(len(persons),)]
    assert summary.persons == len(persons)
    kk_households = con.execute(
        "SELECT kk_number, count(*) FROM link.households WHERE kk_number IS NOT NULL "
        "GROUP BY 1 HAVING count(*) > 1"
    ).fetchall()
    assert kk_households == []  # one household per KK


# ---------------------------------------------------------------- synthetic kabupaten


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[duckdb.DuckDBPyConnection, Path]:
    from rajut.demo.pipeline import run_demo
    from rajut.linkage.records import build_link_records

    target = tmp_path_factory.mktemp("hh") / "ws"
    run_demo(target, people=1000, seed=7)
    con = duckdb.connect(str(target / "data" / "rajut.duckdb"))
    build_link_records(con)
    return con, target / "incoming" / "truth" / "records.csv"


@pytest.mark.slow
def test_true_persons_give_true_households(demo: tuple[duckdb.DuckDBPyConnection, Path]) -> None:
    con, truth = demo
    record_person_from_truth(con, truth)
    build_households(con)
    result = evaluate_households(con, truth)
    assert result.precision >= 0.999 and result.recall >= 0.999


@pytest.mark.slow
def test_without_dukcapil_agencies_still_meet(demo: tuple[duckdb.DuckDBPyConnection, Path]) -> None:
    """Only DTKS, PBI, Dapodik and e-PPGBM: pupils and toddlers reach their DTKS household."""
    con, truth = demo
    record_person_from_truth(con, truth)
    con.execute("DELETE FROM link.record_person WHERE source = 'dukcapil'")
    build_households(con)
    result = evaluate_households(con, truth)
    assert result.precision >= 0.98 and result.recall >= 0.95
    # every true household seen by DTKS and by Dapodik/e-PPGBM children whose mother's NIK
    # is on a DTKS row: one predicted household
    split = con.execute(
        """
        WITH t AS (SELECT source, source_record_id AS record_id, household_id AS th
                   FROM read_csv($p, all_varchar = true)),
        j AS (SELECT r.source, r.mother_nik, r.nik, t.th, rh.household_id AS ph
              FROM link.records r JOIN t USING (source, record_id)
              JOIN link.record_household rh USING (uid)),
        kids AS (SELECT k.th, k.ph FROM j k JOIN j m ON m.source = 'dtks' AND m.nik = k.mother_nik
                 AND m.th = k.th WHERE k.source IN ('dapodik', 'eppgbm'))
        SELECT count(*), count(*) FILTER (kids.ph <> d.ph)
        FROM kids JOIN (SELECT DISTINCT th, ph FROM j WHERE source = 'dtks') d USING (th)
        """,
        {"p": str(truth)},
    ).fetchall()
    [(checked, apart)] = split
    assert checked > 20 and apart == 0


def test_missing_truth_file_is_a_user_error(tmp_path: Path) -> None:
    con = make_con(OTHER)
    with pytest.raises(HouseholdTruthError) as err:
        evaluate_households(con, tmp_path / "tidak_ada.csv")
    assert "tidak ditemukan" in err.value.message
