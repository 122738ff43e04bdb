"""Inline SVG bar charts with one or more series (no scripts, no external assets)."""

from __future__ import annotations

from xml.sax.saxutils import escape

from markupsafe import Markup

from rajut.formatting import clip
from rajut.reporting.cells import axis_text
from rajut.reporting.model import RecapTable

PALETTE = ("#1565c0", "#2e7d32", "#f9a825", "#6a1b9a")
TRACK = "#e8e8e8"
_Q = {'"': "&quot;"}


def is_percent_chart(table: RecapTable) -> bool:
    """True when every plotted column is a percentage (scale 0–100 %)."""
    kinds = {c.nama: c.jenis for c in table.columns}
    return all(kinds[s.kolom] == "persen" for s in table.chart.nilai)


def _legend(table: RecapTable, y: int, label_width: int) -> list[str]:
    parts, x = [], label_width
    for i, s in enumerate(table.chart.nilai):
        color = PALETTE[i % len(PALETTE)]
        parts.append(f'<rect x="{x}" y="{y}" width="12" height="12" fill="{color}"/>')
        parts.append(f'<text x="{x + 16}" y="{y + 11}" font-size="12">{escape(s.judul)}</text>')
        x += 30 + 8 * len(s.judul)
    return parts


def recap_chart_svg(table: RecapTable, *, label_width: int = 260, bar_width: int = 380) -> Markup:
    """The table's chart as a horizontal grouped bar chart (``<svg>``)."""
    rows = table.chart_rows()
    as_percent = is_percent_chart(table)
    n_series = len(table.chart.nilai)
    bar_h, gap, top = 14, 8, 24
    group_h = bar_h * n_series + gap
    top_value = max((v for _, values in rows for v in values), default=0.0)
    scale = 1.0 if as_percent else max(top_value, 1.0)
    width = label_width + bar_width + 90
    height = top + max(len(rows), 1) * group_h + 6
    title = table.chart.judul
    parts = [
        f'<svg role="img" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'aria-label="{escape(title, _Q)}"><title>{escape(title)}</title>',
        *_legend(table, 4, label_width),
    ]
    for i, (label, values) in enumerate(rows):
        y = top + i * group_h
        parts.append(
            f'<text x="{label_width - 6}" y="{y + bar_h * n_series / 2 + 4:.0f}" '
            f'text-anchor="end" font-size="12">{escape(clip(label, 40))}</text>'
        )
        for j, value in enumerate(values):
            length = max(0.0, min(value / scale, 1.0)) * bar_width
            yy = y + j * bar_h
            parts += [
                f'<rect x="{label_width}" y="{yy}" width="{bar_width}" height="{bar_h - 2}" '
                f'fill="{TRACK}"/>',
                f'<rect x="{label_width}" y="{yy}" width="{length:.1f}" height="{bar_h - 2}" '
                f'fill="{PALETTE[j % len(PALETTE)]}"/>',
                f'<text x="{label_width + bar_width + 6}" y="{yy + 11}" font-size="11">'
                f"{escape(axis_text(value, as_percent))}</text>",
            ]
    if not rows:
        parts.append(
            f'<text x="{label_width}" y="{top + 12}" font-size="12">Tidak ada data.</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))
