"""``rajut build`` drafts proposals; ``rajut corrections`` list, export, draft; scorecard."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from openpyxl import load_workbook
from typer.testing import CliRunner

from rajut.cli.app import app
from rajut.errors import RajutError
from rajut.governance.corrections import decide, propose
from rajut.governance.corrections.service import workspace_state
from rajut.governance.users import Principal
from rajut.workspace import open_workspace

runner = CliRunner()


def _ws(demo_web: Path, tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    shutil.copytree(demo_web, root)
    return root


def _run(*args: str) -> dict:  # type: ignore[type-arg]
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_build_turns_discrepancies_into_drafts_once(demo_web: Path, tmp_path: Path) -> None:
    root = _ws(demo_web, tmp_path)
    first = _run("build", "--as-of", "2026-06-30", "-w", str(root))
    drafts = first["correction_drafts"]
    assert drafts["created"] > 0
    again = _run("corrections", "draft", "-w", str(root))
    assert again["created"] == 0 and again["already"] == drafts["created"]
    listed = _run("corrections", "list", "--status", "draft", "-w", str(root))["proposals"]
    assert len(listed) == drafts["created"]
    assert {p["origin"] for p in listed} == {"discrepancy"}
    assert all(p["proposer_agency"] != p["owner"] for p in listed)


def test_change_list_speaks_the_owners_columns(demo_web: Path, tmp_path: Path) -> None:
    root = _ws(demo_web, tmp_path)
    ws = open_workspace(root)
    state, audit = workspace_state(ws)
    with state.session() as s:
        pid = propose(
            s,
            Principal(1, "dinkes", "produsen", "Dinas Kesehatan"),
            source="dukcapil",
            owner="Disdukcapil",
            record_id="100000000229",
            changes={"person.alive": "false", "person.death_date": "2026-07-10"},
            current={"person.alive": "true"},
            evidence='Laporan kader: =HYPERLINK("x")',
            audit=audit,
        ).id
    with state.session() as s:
        decide(
            s,
            Principal(2, "capil", "produsen", "Disdukcapil"),
            pid,
            accept=True,
            reason="Sesuai akta",
            audit=audit,
        )
    state.dispose()
    out = tmp_path / "perubahan.xlsx"
    summary = _run("corrections", "export", "Disdukcapil", "--out", str(out), "-w", str(root))
    assert (summary["proposals"], summary["rows"]) == (1, 2)
    sheet = load_workbook(out).active
    rows = [[c.value for c in r] for r in sheet.iter_rows(min_row=5)]
    by_column = {r[4]: r for r in rows}
    assert by_column["STATUS_HIDUP"][5:7] == ["HIDUP", "MATI"]
    assert by_column["TANGGAL_MENINGGAL"][6] == "10-07-2026"
    assert by_column["STATUS_HIDUP"][2:4] == ["ID_BIODATA", "100000000229"]
    assert by_column["STATUS_HIDUP"][7].startswith("Laporan kader")
    csv_out = tmp_path / "perubahan.csv"
    _run("corrections", "export", "Disdukcapil", "--out", str(csv_out), "-w", str(root))
    assert "TANGGAL_MENINGGAL;;10-07-2026" in csv_out.read_text(encoding="utf-8-sig")
    nothing = _run("corrections", "export", "Dinas Sosial", "--out", str(out), "-w", str(root))
    assert nothing["rows"] == 0


def test_bad_status_and_format_explain_themselves(demo_web: Path, tmp_path: Path) -> None:
    root = _ws(demo_web, tmp_path)
    bad = runner.invoke(app, ["corrections", "list", "--status", "selesai", "-w", str(root)])
    assert isinstance(bad.exception, RajutError) and "submitted" in bad.exception.hint
    fmt = runner.invoke(
        app, ["corrections", "export", "Disdukcapil", "--out", "x.pdf", "-w", str(root)]
    )
    assert isinstance(fmt.exception, RajutError) and ".xlsx atau .csv" in fmt.exception.message


def test_scorecard_cli(demo_web: Path, tmp_path: Path) -> None:
    root = _ws(demo_web, tmp_path)
    out = tmp_path / "kartu.xlsx"
    card = _run(
        "scorecard",
        "--period",
        "2026-Q4",
        "--as-of",
        "2026-12-31",
        "--out",
        str(out),
        "-w",
        str(root),
    )
    agencies = {a["agency"]: a for a in card["agencies"]}
    assert set(agencies) >= {"Disdukcapil", "Dinas Sosial", "Dinas Kesehatan", "Dinas Pendidikan"}
    assert agencies["Disdukcapil"]["persons_linked_across"] > 0
    assert card["out"] == str(out) and load_workbook(out).sheetnames[0] == "Ringkasan"
    bad = runner.invoke(app, ["scorecard", "--period", "Q2", "-w", str(root)])
    assert isinstance(bad.exception, RajutError) and "2026-Q2" in bad.exception.hint
