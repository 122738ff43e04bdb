"""Done-when: drafts for every synthetic agency file match the hand-written contracts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from rajut.errors import RajutError
from rajut.sources.assistant import suggest_contract
from rajut.sources.contract import SourceContract
from rajut.sources.ingest import ingest_file
from rajut.sources.registry import add_source
from rajut.store import open_store
from rajut.workspace import init_workspace

from .conftest import EXAMPLES

SOURCES = ["dukcapil", "dtks", "eppgbm", "dapodik", "pbi_jk"]
# Columns the assistant maps although the example contract leaves them out.
EXTRA = {"dtks": {("LUAS_LANTAI", "welfare.luas_lantai_m2")}}
KEY_FIELDS = "nik, name, birth_date, sex, desa_code"


def pairs(contract: SourceContract) -> set[tuple[str, str]]:
    return {(column, m.field) for column, m in contract.mappings}


def load_example(name: str) -> SourceContract:
    """The example's model only (the mapping comparison needs no standard checks)."""
    text = (EXAMPLES / f"{name}.yaml").read_text(encoding="utf-8")
    return SourceContract.model_validate(yaml.safe_load(text))


@pytest.mark.parametrize("name", SOURCES)
def test_draft_mapping_equals_example(name: str, kabupaten: tuple[Path, dict[str, Path]]) -> None:
    _, files = kabupaten
    draft = suggest_contract(files[name], name)
    example = load_example(name)
    assert pairs(draft.contract) == pairs(example) | EXTRA.get(name, set())
    assert draft.contract.record_id == example.record_id
    assert draft.contract.household_id == example.household_id
    for key in ("granularity", "from_filename", "column", "value"):
        assert getattr(draft.contract.period, key) == getattr(example.period, key), key
    for key in ("format", "sheet", "delimiter", "records_path"):
        assert getattr(draft.contract.file, key) == getattr(example.file, key), key
    draft_maps = dict(draft.contract.mappings)
    for column, mapping in example.mappings:
        if mapping.formats:
            assert set(mapping.formats) <= set(draft_maps[column].formats), column


@pytest.mark.parametrize("name", SOURCES)
def test_draft_yaml_is_registrable(
    name: str, kabupaten: tuple[Path, dict[str, Path]], tmp_path: Path
) -> None:
    _, files = kabupaten
    draft = suggest_contract(files[name], name)
    assert draft.profile and all(p.column for p in draft.profile)
    ws = init_workspace(tmp_path / "ws", name="Uji", kabupaten_code="33.10")
    path = tmp_path / f"{name}.yaml"
    path.write_text(draft.yaml, encoding="utf-8")
    contract, _ = add_source(ws, path)
    assert contract == draft.contract
    confirmed = {(c, m.field) for c, m in contract.mappings if m.confirm}
    for u in draft.uncertain:  # every uncertain column mapping is flagged in the YAML
        if (u.column, u.field) in pairs(contract):
            assert (u.column, u.field) in confirmed
            assert f"# PERIKSA: {u.field}: {u.reason}" in draft.yaml


def _ingest(ws_dir: Path, name: str, contract_path: Path, data: Path) -> dict[str, Any]:
    ws = init_workspace(ws_dir, name="Uji", kabupaten_code="33.10")
    add_source(ws, contract_path)
    result = ingest_file(ws, name, data)
    with open_store(ws.analytics_db) as store:
        rows = store.con.execute(
            f"SELECT record_id, {KEY_FIELDS} FROM std.person WHERE source = ? ORDER BY record_id",
            [name],
        ).fetchall()
    return {"counts": (result.input_rows, result.accepted, result.quarantined), "rows": rows}


@pytest.mark.slow
@pytest.mark.parametrize("name", SOURCES)
def test_draft_ingests_like_example(
    name: str, kabupaten: tuple[Path, dict[str, Path]], tmp_path: Path
) -> None:
    _, files = kabupaten
    try:
        expected = _ingest(tmp_path / "ex", name, EXAMPLES / f"{name}.yaml", files[name])
    except (RajutError, KeyError) as exc:
        pytest.skip(f"contoh kontrak {name} belum bisa di-ingest: {exc!r}")
    draft = suggest_contract(files[name], name)
    path = tmp_path / f"{name}.yaml"
    path.write_text(draft.yaml, encoding="utf-8")
    got = _ingest(tmp_path / "draft", name, path, files[name])
    assert got["counts"] == expected["counts"]
    assert got["rows"] == expected["rows"]
