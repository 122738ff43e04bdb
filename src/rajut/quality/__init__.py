"""Per-ingest data-quality report: metrics, HTML page and Excel workbook.

Examples:
    >>> from rajut.quality import compute_quality, write_quality_html  # doctest: +SKIP
    >>> report = compute_quality(ws, "dukcapil")  # doctest: +SKIP
    >>> write_quality_html(report, Path("laporan.html"))  # doctest: +SKIP
"""

from rajut.quality.compute import compute_quality
from rajut.quality.context import QualityError
from rajut.quality.html import render_quality_fragment, write_quality_html
from rajut.quality.model import QualityReport
from rajut.quality.xlsx import write_quality_xlsx

__all__ = [
    "QualityError",
    "QualityReport",
    "compute_quality",
    "render_quality_fragment",
    "write_quality_html",
    "write_quality_xlsx",
]
