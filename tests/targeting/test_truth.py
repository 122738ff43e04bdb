"""On the synthetic kabupaten, each default rule finds exactly the planted cases.

The build links every record to its true person (``truth/records.csv``), so the rules are
measured on their own. Expected sets come from the truth files only (``truth_expect.py``).
"""

from __future__ import annotations

import duckdb
import pytest

from rajut.targeting import default_rules
from tests.targeting.conftest import Demo
from tests.targeting.truth_expect import EXPECTED


def _found(demo: Demo, rule_id: str) -> set[str]:
    with duckdb.connect(str(demo.ws.analytics_db), read_only=True) as con:
        rows = con.execute(
            "SELECT entity_id FROM integ.target_results WHERE build_id = ? AND rule_id = ?",
            [demo.build_id, rule_id],
        ).fetchall()
    return {str(r[0]) for r in rows}


def test_expected_sets_cover_every_default_rule() -> None:
    assert set(EXPECTED) == {r.id for r in default_rules()}


@pytest.fixture(params=["stand-in", "build_integrated"])
def built(request: pytest.FixtureRequest) -> Demo:
    """The demo integrated by the test stand-in and by the real builder (issue 5 items 1–4)."""
    name = "demo" if request.param == "stand-in" else "demo_integrated"
    demo: Demo = request.getfixturevalue(name)
    return demo


@pytest.mark.parametrize("rule_id", sorted(EXPECTED))
def test_rule_precision_and_recall_are_exact(built: Demo, rule_id: str) -> None:
    demo = built
    expected = EXPECTED[rule_id](demo.truth)
    found = _found(demo, rule_id)
    assert expected, f"{rule_id}: the synthetic kabupaten plants no case"
    true_pos = found & expected
    precision = len(true_pos) / len(found) if found else 0.0
    recall = len(true_pos) / len(expected)
    assert (precision, recall) == (1.0, 1.0), (
        f"{rule_id}: false positives {sorted(found - expected)[:10]}, "
        f"missed {sorted(expected - found)[:10]}"
    )


def test_every_row_has_a_reason_with_sources_and_age(demo: Demo) -> None:
    with duckdb.connect(str(demo.ws.analytics_db), read_only=True) as con:
        rows = con.execute(
            "SELECT rule_id, reason, facts FROM integ.target_results WHERE build_id = ?",
            [demo.build_id],
        ).fetchall()
    assert rows
    for rule_id, reason, facts in rows:
        assert "sumber" in reason and "umur data" in reason, (rule_id, reason)
        assert '"umur_data_hari"' in facts
        assert "{" not in reason


def test_aggregates_add_up_per_desa_and_kecamatan(demo: Demo) -> None:
    result = demo.result
    for count in result.rules:
        desa = sum(n for (rid, _), n in result.by_desa.items() if rid == count.rule_id)
        kec = sum(n for (rid, _), n in result.by_kecamatan.items() if rid == count.rule_id)
        assert desa == kec == count.rows
    assert all(code.startswith("33.10.") for _, code in result.by_kecamatan)
