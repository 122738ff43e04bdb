"""The ``rajut`` command. Each sub-command module registers itself here."""

from __future__ import annotations

import json
import os
import sys

import typer

from rajut import __version__
from rajut.cli import (
    build_cmd,
    corrections_cmd,
    demo_cmd,
    link_cmd,
    linkage_eval_cmd,
    quality_cmd,
    report_cmd,
    review_cmd,
    sources_cmd,
    standard_cmd,
    suggest_cmd,
    targets_cmd,
    web_cmd,
    workspace_cmd,
)
from rajut.cli.common import err_console
from rajut.errors import RajutError

app = typer.Typer(
    name="rajut",
    help="rajut — merajut data warga lintas dinas kabupaten (Satu Data).",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"rajut {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Tampilkan versi."
    ),
    debug: bool = typer.Option(
        False, "--debug", help="Tampilkan traceback lengkap saat terjadi galat."
    ),
) -> None:
    if debug:
        os.environ["RAJUT_DEBUG"] = "1"


workspace_cmd.register(app)
demo_cmd.register(app)
sources_cmd.register(app)
suggest_cmd.register(sources_cmd.sources_app)
quality_cmd.register(app)
standard_cmd.register(app)
link_cmd.register(app)
linkage_eval_cmd.register(app)
review_cmd.register(app)
report_cmd.register(app)
targets_cmd.register(app)
build_cmd.register(app)
web_cmd.register(app)
corrections_cmd.register(app)


def _report_error(exc: RajutError) -> None:
    if "--json" in sys.argv:
        sys.stdout.write(json.dumps({"ok": False, "error": exc.to_dict()}, ensure_ascii=False))
        sys.stdout.write("\n")
        return
    err_console.print(f"[bold red]Galat:[/] {exc.message}", highlight=False)
    if exc.hint:
        err_console.print(f"[bold]Saran:[/] {exc.hint}", highlight=False)


def main() -> None:
    """Entry point: user errors become a Bahasa message + hint and exit code 2."""
    try:
        app()
    except RajutError as exc:
        if os.environ.get("RAJUT_DEBUG"):
            raise
        _report_error(exc)
        sys.exit(2)
