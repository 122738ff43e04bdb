"""The issue catalogue and its generated document."""

from __future__ import annotations

from pathlib import Path

from rajut.standardize import ISSUES, rules
from rajut.standardize.issues import render_markdown

DOC = Path(__file__).resolve().parents[2] / "docs" / "issues.md"


def _every_rule_codes() -> set[str]:
    fields = [
        rules.text("x"),
        rules.upper_text("x"),
        rules.date("x"),
        *rules.place_and_date("x"),
        rules.name("x"),
        rules.nik("x", numeric_flag="f", birth_date="b", sex="s"),
        rules.kk("x", numeric_flag="f"),
        rules.sex("x"),
        rules.code("x", {"A": "1"}, codelist="c"),
        rules.boolean("x"),
        rules.integer("x", min=0, max=1),
        rules.decimal("x", min=0, max=1),
        rules.desa(code="x", name="y", kecamatan_name="z"),
        rules.phone("x"),
        rules.rt_rw("x"),
    ]
    return {code for field in fields for code in field.codes()} | {rules.missing("x").code}


def test_every_emitted_code_is_catalogued() -> None:
    assert _every_rule_codes() <= set(ISSUES)


def test_every_catalogued_code_is_emitted() -> None:
    assert set(ISSUES) <= _every_rule_codes()


def test_entries_are_complete() -> None:
    for code, issue in ISSUES.items():
        assert issue.code == code
        assert issue.severity in ("error", "warning")
        assert issue.title and issue.message and issue.hint
        assert "{column}" in issue.message


def test_doc_is_up_to_date() -> None:
    assert DOC.read_text(encoding="utf-8") == render_markdown()
