from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from rajut.errors import ConfigError, WorkspaceError
from rajut.workspace import WorkspaceSettings, init_workspace, open_workspace
from rajut.workspace.workspace import resolve_workspace_dir

DOCS = Path(__file__).resolve().parents[2] / "docs" / "configuration.md"


def test_init_creates_layout_and_reopens(tmp_path: Path) -> None:
    ws = init_workspace(tmp_path / "kab", name="Klaten", kabupaten_code="33.10")
    assert (ws.root / "rajut.toml").is_file()
    assert (ws.root / "sources").is_dir()
    assert (ws.root / "data").is_dir()
    reopened = open_workspace(ws.root)
    assert reopened.settings.general.name == "Klaten"
    assert reopened.settings == ws.settings


def test_settings_file_is_commented_and_valid_toml(tmp_path: Path) -> None:
    ws = init_workspace(tmp_path / "kab")
    text = (ws.root / "rajut.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text)
    assert WorkspaceSettings.model_validate(data) == WorkspaceSettings()
    # every key is preceded by its description as a comment
    for section in WorkspaceSettings.model_fields:
        for key, field in type(getattr(WorkspaceSettings(), section)).model_fields.items():
            assert f"# {field.description}\n{key} = " in text


def test_init_refuses_existing_workspace(tmp_path: Path) -> None:
    init_workspace(tmp_path / "kab")
    with pytest.raises(WorkspaceError) as err:
        init_workspace(tmp_path / "kab")
    assert "sudah berisi ruang kerja" in err.value.message


def test_unknown_kabupaten_is_refused(tmp_path: Path) -> None:
    with pytest.raises(Exception) as err:
        init_workspace(tmp_path / "kab", kabupaten_code="33.99")
    assert "33.99" in str(err.value)
    assert not (tmp_path / "kab" / "rajut.toml").exists()


def test_bad_kabupaten_format_is_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError):
        init_workspace(tmp_path / "kab", kabupaten_code="3310")


def test_open_missing_workspace_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(WorkspaceError) as err:
        open_workspace(tmp_path)
    assert "rajut init" in err.value.hint


def test_open_rejects_unknown_keys(tmp_path: Path) -> None:
    ws = init_workspace(tmp_path / "kab")
    path = ws.root / "rajut.toml"
    path.write_text(path.read_text() + "\n[general2]\nx = 1\n", encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        open_workspace(ws.root)
    assert "general2" in err.value.message


def test_resolve_workspace_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RAJUT_WORKSPACE", str(tmp_path / "env"))
    assert resolve_workspace_dir(tmp_path / "opt") == tmp_path / "opt"
    assert resolve_workspace_dir(None) == tmp_path / "env"
    monkeypatch.delenv("RAJUT_WORKSPACE")
    monkeypatch.chdir(tmp_path)
    assert resolve_workspace_dir(None) == tmp_path


def test_every_setting_is_documented() -> None:
    doc = DOCS.read_text(encoding="utf-8")
    for section, section_field in WorkspaceSettings.model_fields.items():
        assert f"[{section}]" in doc, section
        model = section_field.default_factory()  # type: ignore[misc]
        for key in type(model).model_fields:
            assert re.search(rf"`{key}`", doc), f"{section}.{key} undocumented"


def test_table_exists_answers_and_leaves_the_connection_usable() -> None:
    import duckdb

    from rajut.store import table_exists

    con = duckdb.connect()
    con.execute("CREATE SCHEMA link")
    con.execute("CREATE TABLE link.pairs (a INTEGER)")
    assert table_exists(con, "link", "pairs")
    assert not table_exists(con, "link", "persons")
    assert not table_exists(con, "integ", "pairs")
    # the relational API right after the check (refused while a result is half-read)
    assert con.sql("SELECT count(*) FROM link.pairs").fetchall() == [(0,)]
