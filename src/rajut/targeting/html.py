"""A self-contained HTML report (inline CSS and SVG charts, no scripts, no external assets)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment
from markupsafe import Markup

from rajut.quality.charts import BAD, NEUTRAL, Bar, hbar_chart
from rajut.quality.html import number
from rajut.targeting.models import UNIT_LABELS
from rajut.targeting.report import TargetReport, TargetRow
from rajut.templating import html_environment

#: Candidate rows shown per desa (the Excel/Parquet outputs always hold every row).
ROW_LIMIT = 500


@dataclass
class DesaSection:
    code: str
    name: str
    rows: list[TargetRow]


@dataclass
class KecamatanSection:
    code: str
    name: str
    chart: Markup
    desa: list[DesaSection]


def _environment() -> Environment:
    env = html_environment("rajut.targeting")
    env.filters["number"] = number
    env.globals["unit_labels"] = UNIT_LABELS
    return env


def _sections(report: TargetReport) -> list[KecamatanSection]:
    by_desa = report.by_desa()
    sections: dict[str, KecamatanSection] = {}
    for code, rows in by_desa.items():
        kec = rows[0].kecamatan_code
        section = sections.setdefault(kec, KecamatanSection(kec, rows[0].kecamatan, Markup(""), []))
        section.desa.append(DesaSection(code, rows[0].desa, rows))
    for section in sections.values():
        bars = [Bar(d.name, float(len(d.rows)), number(len(d.rows))) for d in section.desa]
        section.chart = hbar_chart(bars, title=f"Calon per desa, Kecamatan {section.name}")
    return [sections[k] for k in sorted(sections)]


def charts(report: TargetReport) -> dict[str, Markup]:
    """Charts: candidates per rule (red = inclusion errors) and per kecamatan."""
    per_rule = [
        Bar(
            r.judul,
            float(report.counts.get(r.id, 0)),
            number(report.counts.get(r.id, 0)),
            BAD if r.jenis == "inklusi" else NEUTRAL,
        )
        for r in report.rules
    ]
    per_kec = [
        Bar(name, float(sum(c.values())), number(sum(c.values())))
        for _, name, c in report.count_table("kecamatan")
    ]
    return {
        "rules": hbar_chart(per_rule, title="Calon per aturan", label_width=330),
        "kecamatan": hbar_chart(per_kec, title="Calon per kecamatan"),
    }


def render_targets_html(report: TargetReport) -> str:
    """The HTML text of the report."""
    return (
        _environment()
        .get_template("targets.html")
        .render(
            r=report,
            charts=charts(report),
            kecamatan=report.count_table("kecamatan"),
            desa_sections=_sections(report),
            row_limit=ROW_LIMIT,
        )
    )


def write_targets_html(report: TargetReport, path: Path) -> Path:
    """Write the page to ``path`` (folders created; written atomically)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    tmp.write_text(render_targets_html(report), encoding="utf-8")
    tmp.replace(path)
    return path
