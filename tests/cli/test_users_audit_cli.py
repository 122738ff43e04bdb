"""``rajut users create/list/disable`` and ``rajut audit verify``, including a tampered log."""

from __future__ import annotations

import io
import json
import sqlite3
import sys
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import make_url
from typer.testing import CliRunner

from rajut.appstate.db import resolve_url
from rajut.cli.app import app, main
from rajut.workspace import Workspace

STRONG = "Padi-Sawah-Klaten-27"


def _run(ws: Workspace, *args: str, stdin: str = "") -> Any:
    return CliRunner().invoke(app, [*args, "-w", str(ws.root)], input=stdin)


def _json(ws: Workspace, *args: str, stdin: str = "") -> tuple[int, dict[str, Any]]:
    done = _run(ws, *args, "--json", stdin=stdin)
    return done.exit_code, json.loads(done.stdout)


def _main(
    ws: Workspace, args: list[str], stdin: str, monkeypatch: pytest.MonkeyPatch
) -> int | str | None:
    """Run the real entry point (it turns a RajutError into a message and exit code 2)."""
    monkeypatch.setattr(sys, "argv", ["rajut", *args, "-w", str(ws.root)])
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    with pytest.raises(SystemExit) as done:
        main()
    return done.value.code


def _app_db(ws: Workspace) -> Path:
    url = resolve_url(ws.settings.storage.app_state_url, ws.root)
    return Path(make_url(url).database or "")


def _create(ws: Workspace, username: str, role: str, *extra: str) -> None:
    code, out = _json(
        ws, "users", "create", username, "--role", role, *extra, "--password-stdin",
        stdin=STRONG + "\n",
    )  # fmt: skip
    assert code == 0 and out["ok"], out


def test_create_list_disable_with_json_and_plain_output(workspace: Workspace) -> None:
    code, out = _json(
        workspace, "users", "create", "siti.dinkes", "--role", "produsen",
        "--agency", "Dinas Kesehatan", "--name", "Siti Aminah", "--password-stdin",
        stdin=STRONG + "\n",
    )  # fmt: skip
    assert code == 0
    assert out == {"ok": True, "username": "siti.dinkes", "role": "produsen",
                   "agency": "Dinas Kesehatan"}  # fmt: skip
    plain = _run(
        workspace, "users", "create", "Budi.Bappeda", "--role", "analis", "--password-stdin",
        stdin=STRONG + "\n",
    )  # fmt: skip
    assert plain.exit_code == 0 and "budi.bappeda" in plain.output
    assert "Analis (Bappeda)" in plain.output

    code, listed = _json(workspace, "users", "list")
    assert code == 0 and listed["ok"]
    users = {u["username"]: u for u in listed["users"]}
    assert set(users) == {"siti.dinkes", "budi.bappeda"}
    assert users["siti.dinkes"]["agency"] == "Dinas Kesehatan" and users["siti.dinkes"]["active"]
    assert users["budi.bappeda"]["last_login_at"] is None
    table = _run(workspace, "users", "list")
    assert table.exit_code == 0 and "siti.dinkes" in table.output and "Dinas" in table.output

    code, disabled = _json(workspace, "users", "disable", "siti.dinkes")
    assert code == 0 and disabled == {"ok": True, "username": "siti.dinkes", "active": False}
    code, listed = _json(workspace, "users", "list")
    assert {u["username"]: u["active"] for u in listed["users"]} == {
        "siti.dinkes": False,
        "budi.bappeda": True,
    }
    code, verified = _json(workspace, "audit", "verify")
    assert code == 0 and verified == {"ok": True, "entries": 3, "problems": []}


def test_weak_password_is_refused_with_exit_2_and_a_bahasa_hint(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["users", "create", "siti", "--role", "analis", "--password-stdin"]
    assert _main(workspace, args, "rahasia123\n", monkeypatch) == 2
    err = capsys.readouterr().err
    assert "Galat:" in err and "terlalu pendek" in err and "Saran:" in err
    assert "Traceback" not in err

    assert _main(workspace, [*args, "--json"], "Padisawahklaten\n", monkeypatch) == 2
    out = json.loads(capsys.readouterr().out)
    assert out["ok"] is False and out["error"]["code"] == "password-weak"
    assert "huruf besar" in out["error"]["message"]

    # an analis bound to an agency would own that agency's data: refused too
    bound = ["users", "create", "budi", "--role", "analis", "--agency", "Dinas Sosial"]
    assert _main(workspace, [*bound, "--password-stdin"], STRONG + "\n", monkeypatch) == 2
    assert "Hanya produsen data" in capsys.readouterr().err
    missing = ["users", "disable", "tidak.ada"]
    assert _main(workspace, missing, "", monkeypatch) == 2
    assert "tidak ditemukan" in capsys.readouterr().err

    code, listed = _json(workspace, "users", "list")
    assert code == 0 and listed["users"] == []
    code, verified = _json(workspace, "audit", "verify")
    assert code == 0 and verified["entries"] == 0


def test_verify_fails_with_exit_1_on_an_edited_row(workspace: Workspace) -> None:
    for n in range(3):
        _create(workspace, f"analis{n}", "analis")
    intact = _run(workspace, "audit", "verify")
    assert intact.exit_code == 0 and "Log audit utuh: 3 entri" in intact.output

    with sqlite3.connect(_app_db(workspace)) as con:
        con.execute("UPDATE audit_log SET target = 'analis9' WHERE seq = 2")
    plain = _run(workspace, "audit", "verify")
    assert plain.exit_code == 1
    assert "TIDAK utuh" in plain.output and "Isi entri 2 tidak cocok" in plain.output
    code, out = _json(workspace, "audit", "verify")
    assert code == 1 and out["ok"] is False
    assert [(p["seq"], p["problem"]) for p in out["problems"]] == [(2, "diubah")]


def test_verify_fails_with_exit_1_on_a_deleted_row_and_a_cut_off_end(
    workspace: Workspace,
) -> None:
    for n in range(4):
        _create(workspace, f"analis{n}", "analis")
    with sqlite3.connect(_app_db(workspace)) as con:
        con.execute("DELETE FROM audit_log WHERE seq = 2")
    code, out = _json(workspace, "audit", "verify")
    assert code == 1 and out["entries"] == 3
    assert ("hilang", 3) in [(p["problem"], p["seq"]) for p in out["problems"]]
    plain = _run(workspace, "audit", "verify")
    assert plain.exit_code == 1 and "hilang (dihapus)" in plain.output

    with sqlite3.connect(_app_db(workspace)) as con:
        con.execute("DELETE FROM audit_log WHERE seq = 4")  # the newest: only the anchor knows
    code, out = _json(workspace, "audit", "verify")
    assert code == 1 and "terpotong" in [p["problem"] for p in out["problems"]]


def test_create_with_unit_and_email_and_list_shows_them(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = _json(
        workspace, "users", "create", "rina.gizi", "--role", "produsen",
        "--agency", "Dinas Kesehatan", "--unit", " Seksi  Gizi ",
        "--email", "Rina@Dinkes.Example.go.id", "--password-stdin", stdin=STRONG + "\n",
    )  # fmt: skip
    assert code == 0
    assert (out["unit"], out["email"]) == ("Seksi Gizi", "rina@dinkes.example.go.id")
    _create(workspace, "budi", "analis")
    code, listed = _json(workspace, "users", "list")
    users = {u["username"]: u for u in listed["users"]}
    assert (users["rina.gizi"]["unit"], users["rina.gizi"]["email"]) == (
        "Seksi Gizi",
        "rina@dinkes.example.go.id",
    )
    assert (users["budi"]["unit"], users["budi"]["email"]) == (None, None)
    table = _run(workspace, "users", "list")
    assert "rina.gizi" in table.output and "Seksi Gizi" in table.output
    assert "unit" in table.output and "surel" in table.output

    bad = ["users", "create", "tono", "--role", "analis", "--email", "tono-at-bappeda"]
    assert _main(workspace, [*bad, "--password-stdin"], STRONG + "\n", monkeypatch) == 2
    err = capsys.readouterr().err
    assert "Alamat surel" in err and "tidak sah" in err and "Saran:" in err
    code, listed = _json(workspace, "users", "list")
    assert {u["username"] for u in listed["users"]} == {"rina.gizi", "budi"}
