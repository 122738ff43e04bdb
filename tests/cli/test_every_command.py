"""Every command has Bahasa help and accepts --json (scripts read one JSON object)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from rajut.cli.app import app


def leaf_commands(cmd: Any, path: list[str]) -> Iterator[tuple[list[str], Any]]:
    subs = getattr(cmd, "commands", None)
    if subs:
        for name, sub in subs.items():
            yield from leaf_commands(sub, [*path, name])
    else:
        yield path, cmd


LEAVES = list(leaf_commands(get_command(app), []))


def test_the_cli_has_the_commands_the_readme_promises() -> None:
    names = {" ".join(path) for path, _ in LEAVES}
    assert {"init", "ingest", "quality", "link", "explain", "build", "targets", "report"} <= names
    assert {"demo generate", "sources add", "sources suggest", "eval linkage"} <= names


@pytest.mark.parametrize("path,cmd", LEAVES, ids=[" ".join(p) for p, _ in LEAVES])
def test_command_has_help_and_json(path: list[str], cmd: Any) -> None:
    options = {opt for param in cmd.params for opt in getattr(param, "opts", [])}
    assert "--json" in options, f"rajut {' '.join(path)} has no --json"
    result = CliRunner().invoke(app, [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert cmd.help and len(cmd.help) > 10


def test_user_error_exits_2_with_a_bahasa_hint(tmp_path: Any, capsys: Any) -> None:
    import sys

    from rajut.cli.app import main

    argv = sys.argv
    sys.argv = ["rajut", "sources", "list", "--workspace", str(tmp_path)]
    try:
        with pytest.raises(SystemExit) as done:
            main()
    finally:
        sys.argv = argv
    assert done.value.code == 2
    err = capsys.readouterr().err
    assert "Galat:" in err and "Saran:" in err and "rajut init" in err
    assert "Traceback" not in err
