from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples" / "contracts").glob("*.yaml"))


def test_there_is_an_example_per_agency() -> None:
    assert {p.stem for p in EXAMPLES} == {"dukcapil", "dtks", "eppgbm", "dapodik", "pbi_jk"}


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_doc_embeds_each_example_verbatim(path: Path) -> None:
    doc = (ROOT / "docs" / "source-contract.md").read_text(encoding="utf-8")
    assert path.read_text(encoding="utf-8") in doc, (
        f"docs/source-contract.md is stale for {path.name}"
    )
