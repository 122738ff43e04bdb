"""Write a recap as one self-contained HTML page (inline CSS and SVG only)."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment

from rajut.reporting.cells import NUMERIC_KINDS, show
from rajut.reporting.model import RecapResult
from rajut.reporting.svg import recap_chart_svg
from rajut.templating import html_environment


def _environment() -> Environment:
    env = html_environment("rajut.reporting")
    env.globals["show"] = show
    env.globals["numeric"] = NUMERIC_KINDS
    return env


def render_recap_html(result: RecapResult) -> str:
    """The HTML text of the recap: title, as-of, one chart and one table per table."""
    charts = {t.id: recap_chart_svg(t) for t in result.tables}
    return _environment().get_template("recap.html").render(r=result, charts=charts)


def write_recap_html(result: RecapResult, path: Path) -> Path:
    """Write the page to ``path`` (folders created); returns ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    tmp.write_text(render_recap_html(result), encoding="utf-8")
    tmp.replace(path)
    return path
