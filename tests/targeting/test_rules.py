"""Rule files: defaults, the walidata's additions, validation errors, engine on a tiny build."""

from __future__ import annotations

import duckdb
import pytest

from rajut.targeting import default_rules, load_rules, run_targets
from rajut.targeting.errors import TargetingError
from rajut.targeting.rules import parse_rules, workspace_rules_path
from rajut.workspace import Workspace
from tests.targeting.tiny_integ import EXPECTED

EXTRA = """
aturan:
  - id: lansia-tanpa-pbi
    judul: Lansia tanpa PBI-JK
    jenis: eksklusi
    unit: person
    deskripsi: Penduduk 60 tahun ke atas tanpa PBI-JK.
    sql: |
      SELECT person_id AS entity_id, desa_code, kecamatan_code, age_years
      FROM integ.person WHERE build_id = {build} AND age_years >= 40 AND alive
    alasan: Umur {age_years} tahun per {as_of}.
"""


def test_defaults_are_exactly_the_issue_list() -> None:
    rules = default_rules()
    assert [r.jenis for r in rules].count("eksklusi") == 4
    assert [r.jenis for r in rules].count("inklusi") == 3
    assert len({r.id for r in rules}) == 7


def test_tiny_build_finds_the_known_rows(tiny: tuple[Workspace, str]) -> None:
    ws, build = tiny
    result = run_targets(ws, build)
    with duckdb.connect(str(ws.analytics_db), read_only=True) as con:
        for rule_id, expected in EXPECTED.items():
            rows = con.execute(
                "SELECT entity_id FROM integ.target_results WHERE build_id=? AND rule_id=?",
                [build, rule_id],
            ).fetchall()
            assert {r[0] for r in rows} == expected, rule_id
    assert result.total == sum(len(v) for v in EXPECTED.values())
    assert result.by_kecamatan[("penerima-desil6plus", "33.10.02")] == 2


def test_rerun_replaces_rows_instead_of_duplicating(tiny: tuple[Workspace, str]) -> None:
    ws, build = tiny
    first = run_targets(ws, build).total
    second = run_targets(ws, build, ["penerima-meninggal"])
    assert second.total == 1
    with duckdb.connect(str(ws.analytics_db), read_only=True) as con:
        row = con.execute("SELECT count(*) FROM integ.target_results").fetchone()
    assert row is not None and row[0] == first


def test_workspace_rule_is_added_and_runs(tiny: tuple[Workspace, str]) -> None:
    ws, build = tiny
    path = workspace_rules_path(ws)
    path.parent.mkdir(parents=True)
    path.write_text(EXTRA, encoding="utf-8")
    assert [r.id for r in load_rules(ws)][-1] == "lansia-tanpa-pbi"
    result = run_targets(ws, build, ["lansia-tanpa-pbi"])
    assert result.rules[0].rows == 1  # P3 (46); P4 is 76 but deceased
    with duckdb.connect(str(ws.analytics_db), read_only=True) as con:
        reason = con.execute(
            "SELECT reason FROM integ.target_results WHERE rule_id = 'lansia-tanpa-pbi'"
        ).fetchone()
    assert reason == ("Umur 46 tahun per 2026-06-30.",)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("aturan: [", "targeting-rules-yaml"),
        ("aturan:\n  - id: X\n", "targeting-rules-invalid"),
        (EXTRA.replace("SELECT person_id", "DELETE person_id", 1), "targeting-rules-invalid"),
        (EXTRA.replace("jenis: eksklusi", "jenis: lain"), "targeting-rules-invalid"),
        (EXTRA + EXTRA.replace("aturan:\n", ""), "targeting-rules-duplicate"),
    ],
)
def test_invalid_rule_files_name_the_problem(text: str, code: str) -> None:
    with pytest.raises(TargetingError) as info:
        parse_rules(text, "uji.yaml")
    assert info.value.code == code
    assert "uji.yaml" in info.value.message


def test_rule_without_required_column_is_refused(tiny: tuple[Workspace, str]) -> None:
    ws, build = tiny
    path = workspace_rules_path(ws)
    path.parent.mkdir(parents=True)
    path.write_text(EXTRA.replace("desa_code, kecamatan_code, age_years", "age_years"), "utf-8")
    with pytest.raises(TargetingError) as info:
        run_targets(ws, build, ["lansia-tanpa-pbi"])
    assert info.value.code == "targeting-rule-columns"
    assert "desa_code" in info.value.message


@pytest.mark.parametrize(
    ("sql", "code"),
    [
        ("SELECT * FROM integ.tidak_ada", "targeting-rule-sql"),
        ("SELECT 1 AS entity_id; DROP TABLE integ.person", "targeting-rule-sql"),
    ],
)
def test_broken_sql_is_reported(tiny: tuple[Workspace, str], sql: str, code: str) -> None:
    ws, build = tiny
    path = workspace_rules_path(ws)
    path.parent.mkdir(parents=True)
    body = EXTRA.split("    sql: |")[0] + f'    sql: "{sql}"\n    alasan: x y z\n'
    path.write_text(body, "utf-8")
    with pytest.raises(TargetingError) as info:
        run_targets(ws, build, ["lansia-tanpa-pbi"])
    assert info.value.code == code
    with duckdb.connect(str(ws.analytics_db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM integ.person").fetchone() == (5,)


def test_unknown_rule_and_missing_build(tiny: tuple[Workspace, str]) -> None:
    ws, build = tiny
    with pytest.raises(TargetingError) as info:
        run_targets(ws, build, ["tidak-ada"])
    assert info.value.code == "targeting-rule-unknown"
    with pytest.raises(TargetingError) as info:
        run_targets(ws, "b-lain")
    assert info.value.code == "targeting-build-missing"
