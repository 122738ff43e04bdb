"""``write_report``: one entry point for the three output formats."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from rajut.reporting.definitions import ReportError
from rajut.reporting.html import write_recap_html
from rajut.reporting.model import RecapResult
from rajut.reporting.pdf import write_recap_pdf
from rajut.reporting.xlsx import write_recap_xlsx

WRITERS: dict[str, Callable[[RecapResult, Path], Path]] = {
    "xlsx": write_recap_xlsx,
    "html": write_recap_html,
    "pdf": write_recap_pdf,
}
FORMATS = tuple(WRITERS)


def format_for(path: Path | None, fmt: str | None) -> str:
    """The format to write: ``fmt`` if given, else the file suffix, else ``html``."""
    chosen = fmt or (path.suffix.lstrip(".").lower() if path and path.suffix else "html")
    if chosen not in WRITERS:
        raise ReportError(
            f"Format laporan {chosen!r} tidak dikenal.",
            f"Pilih salah satu: {', '.join(FORMATS)}.",
            code="report-format-unknown",
        )
    return chosen


def write_report(result: RecapResult, path: Path, fmt: str | None = None) -> Path:
    """Write ``result`` to ``path`` as xlsx, html or pdf (default: from the suffix)."""
    return WRITERS[format_for(path, fmt)](result, path)
