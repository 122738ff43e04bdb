"""A small synthetic kabupaten shared by the assistant's tests (generated once)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from rajut.demo.generator import generate_kabupaten, load_generator_config

EXAMPLES = Path(__file__).resolve().parents[3] / "examples" / "contracts"


@pytest.fixture(scope="session")
def kabupaten(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Path]]:
    """(folder, source name → file) for 1,500 people of Kabupaten Klaten, seed 3."""
    out = tmp_path_factory.mktemp("kab")
    config = load_generator_config(None, people=1500, seed=3, kabupaten_code="33.10")
    manifest: dict[str, Any] = generate_kabupaten(config, out)
    files = {f["source"]: out / f["path"] for f in manifest["files"]}
    return out, files
