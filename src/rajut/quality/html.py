"""Write the quality report as one self-contained HTML page (inline CSS and SVG only)."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment
from markupsafe import Markup

from rajut.formatting import thousands
from rajut.quality.charts import BAD, WARN, Bar, hbar_chart, percent, share_color
from rajut.quality.model import QualityReport
from rajut.templating import html_environment

SEVERITY_LABELS = {"error": "Baris dikarantina", "warning": "Peringatan"}


def number(value: int | None) -> str:
    """``12345`` → ``"12.345"`` (Indonesian thousands separator)."""
    return thousands(value, empty="-")


def _environment() -> Environment:
    env = html_environment("rajut.quality")
    env.filters["percent"] = percent
    env.filters["number"] = number
    env.globals["severity_labels"] = SEVERITY_LABELS
    return env


def charts(report: QualityReport) -> dict[str, Markup]:
    """The page's SVG charts: completeness, validity and top problems."""
    completeness = [
        Bar(f.title, f.completeness or 0.0, percent(f.completeness), share_color(f.completeness))
        for f in report.fields
    ]
    validity = [
        Bar(f.title, f.validity or 0.0, percent(f.validity), share_color(f.validity))
        for f in report.fields
    ]
    problems = [
        Bar(p.title, float(p.count), number(p.count), BAD if p.severity == "error" else WARN)
        for p in report.problems
    ]
    return {
        "completeness": hbar_chart(completeness, maximum=1.0, title="Kelengkapan per kolom"),
        "validity": hbar_chart(validity, maximum=1.0, title="Keabsahan per kolom"),
        "problems": hbar_chart(problems, title="Masalah terbanyak"),
    }


def render_quality_html(report: QualityReport) -> str:
    """The HTML text of the report."""
    template = _environment().get_template("report.html")
    return template.render(r=report, charts=charts(report))


def render_quality_fragment(report: QualityReport) -> Markup:
    """The report's content without page, head or styles, to embed in another page.

    The web app shows the same report the CLI writes (one template, ``report_body.html``),
    so the two can never disagree; the host page styles it.
    """
    template = _environment().get_template("report_body.html")
    return Markup(template.render(r=report, charts=charts(report)))  # noqa: S704 — autoescaped


def write_quality_html(report: QualityReport, path: Path) -> Path:
    """Write the report page to ``path`` (folders created); returns ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    tmp.write_text(render_quality_html(report), encoding="utf-8")
    tmp.replace(path)
    return path
