"""docs/web.md lists every route with its permission, and the role × permission matrix."""

from __future__ import annotations

from pathlib import Path

from rajut.web.docs import splice

DOC = Path(__file__).resolve().parents[2] / "docs" / "web.md"


def test_web_doc_tables_are_current() -> None:
    text = DOC.read_text(encoding="utf-8")
    assert splice(text) == text, "run: make docs (python -m rajut.web.docs --write docs/web.md)"
