"""docs/standard.md is generated from the YAML and must be up to date."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from rajut.standard import load_standard
from rajut.standard.docs import render_markdown

DOC = Path(__file__).resolve().parents[2] / "docs" / "standard.md"


def test_committed_doc_is_up_to_date() -> None:
    assert DOC.read_text(encoding="utf-8") == render_markdown(load_standard()), (
        "docs/standard.md usang: jalankan python -m rajut.standard.docs > docs/standard.md"
    )


def test_doc_mentions_every_field_and_code() -> None:
    text = render_markdown(load_standard())
    std = load_standard()
    for table in std.tables.values():
        assert f"### `{table.name}`" in text
        for name in table.fields:
            assert f"| `{name}` |" in text
    for codelist in std.codelists.values():
        for code in codelist.codes:
            assert f"| `{code}` |" in text


def test_module_entry_point_prints_the_doc() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "rajut.standard.docs"],
        capture_output=True,
        text=True,
        check=True,
        encoding="utf-8",
    )
    assert result.stdout == render_markdown(load_standard())
