"""Pick the writer for an output path: ``.xlsx``, ``.parquet``, ``.html``, or a data package.

A data package is a folder (a path without one of those suffixes) or a ``.zip``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from rajut.targeting.datapackage import PackageMeta, write_datapackage
from rajut.targeting.excel import write_targets_xlsx
from rajut.targeting.html import write_targets_html
from rajut.targeting.parquet import write_targets_parquet
from rajut.targeting.report import TargetReport

FORMATS = {".xlsx": "xlsx", ".parquet": "parquet", ".html": "html", ".zip": "datapackage"}


def output_format(path: Path) -> str:
    """``xlsx``, ``parquet``, ``html`` or ``datapackage`` from the path's suffix.

    Examples:
        >>> output_format(Path("sasaran.xlsx")), output_format(Path("paket"))
        ('xlsx', 'datapackage')
    """
    return FORMATS.get(path.suffix.lower(), "datapackage")


def write_output(report: TargetReport, path: Path, meta: PackageMeta | None = None) -> str:
    """Write ``report`` in the format chosen by ``path``; returns the format name."""
    fmt = output_format(path)
    writers: dict[str, Callable[[], object]] = {
        "xlsx": lambda: write_targets_xlsx(report, path),
        "parquet": lambda: write_targets_parquet(report, path),
        "html": lambda: write_targets_html(report, path),
        "datapackage": lambda: write_datapackage(report, path, meta),
    }
    writers[fmt]()
    return fmt
