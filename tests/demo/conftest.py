"""Shared generated kabupaten (generated once per test session)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from rajut.demo.generator import generate_kabupaten, load_generator_config

HIGH_RATES = {
    "dtks": {
        "nik_missing": 0.1,
        "nik_typo": 0.1,
        "nik_transposed": 0.1,
        "nik_excel_float": 0.1,
        "kk_in_nik": 0.1,
        "name_variant": 0.3,
        "birth_date_swap": 0.3,
        "duplicate": 0.1,
        "mother_name_missing": 0.2,
        "mother_name_variant": 0.2,
    },
    "pbi_jk": {"nik_typo": 0.2, "name_variant": 0.3, "duplicate": 0.1},
}


@pytest.fixture(scope="session")
def small(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    out = tmp_path_factory.mktemp("kab_small")
    cfg = load_generator_config(None, people=2000, seed=7)
    cfg = cfg.model_copy(update={"periods": {"dukcapil": 2, "pbi_jk": 2}})
    return out, generate_kabupaten(cfg, out)


@pytest.fixture(scope="session")
def noisy(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    out = tmp_path_factory.mktemp("kab_noisy")
    path = out.parent / "noisy.yaml"
    import yaml

    path.write_text(yaml.safe_dump({"corruption": HIGH_RATES}), encoding="utf-8")
    cfg = load_generator_config(path, people=8000, seed=3)
    return out, generate_kabupaten(cfg, out)
