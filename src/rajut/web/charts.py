"""Server-side SVG charts for the web pages: big, sorted, Indonesian numbers, no scripts.

``count_chart`` draws the dashboard's candidates per area (a Bupati reads it from across
the room: 16 px labels, the largest bar on top, ``1.234`` style numbers, small cells as
``<5`` with a fixed hatched bar that does not give their value away). ``weight_chart``
draws a pair's match weights as bars left (against) and right (for) of a zero line.
Every label is XML-escaped here, so the markup can be inserted as is.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from markupsafe import Markup

from rajut.formatting import clip
from rajut.targeting.dashboard import SMALL_CELL, is_suppressed, shown

BAR = "#0b6e4f"
FOR = "#1b7f3b"
AGAINST = "#b3261e"
PRIOR = "#7a8791"
TRACK = "#eef1f3"
_Q = {'"': "&quot;"}


def svg_open(width: int, height: int, title: str) -> str:
    """The opening ``<svg>`` of a chart with its accessible title (XML-escaped)."""
    return (
        f'<svg role="img" class="chart-svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" aria-label="{escape(title, _Q)}">'
        f"<title>{escape(title)}</title>"
    )


def decimal(value: float, digits: int = 1) -> str:
    """``4.23`` → ``'+4,2'`` (sign always, decimal comma, true minus sign)."""
    text = f"{value:+.{digits}f}".replace(".", ",")
    return text.replace("-", "−")


def count_chart(bars: Sequence[tuple[str, int]], *, title: str, empty: str) -> Markup:
    """Horizontal bars, one per ``(label, count)``, in the order given (sort before)."""
    label_w, bar_w, value_w, row_h = 250, 430, 90, 30
    width = label_w + bar_w + value_w
    height = max(len(bars), 1) * row_h + 8
    top = max((max(n, SMALL_CELL) for _, n in bars if n > 0), default=1)
    parts = [
        svg_open(width, height, title),
        '<defs><pattern id="arsir" width="8" height="8" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)"><rect width="4" height="8" fill="{BAR}" '
        'opacity=".45"/></pattern></defs>',
    ]
    for i, (label, count) in enumerate(bars):
        y = 4 + i * row_h
        suppressed = is_suppressed(count)
        value = SMALL_CELL if suppressed else count
        length = bar_w * value / top if top else 0.0
        fill = "url(#arsir)" if suppressed else BAR
        parts += [
            f'<text x="{label_w - 10}" y="{y + 20}" text-anchor="end" font-size="16">'
            f"{escape(clip(label, 28))}</text>",
            f'<rect x="{label_w}" y="{y + 3}" width="{bar_w}" height="22" fill="{TRACK}"/>',
            f'<rect x="{label_w}" y="{y + 3}" width="{length:.1f}" height="22" fill="{fill}"/>',
            f'<text x="{label_w + bar_w + 8}" y="{y + 20}" font-size="16" font-weight="700">'
            f"{escape(shown(count))}</text>",
        ]
    if not bars:
        parts.append(f'<text x="{label_w}" y="24" font-size="16">{escape(empty)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


@dataclass(frozen=True)
class WeightBar:
    """One comparison of a pair: its label (level) and match weight."""

    label: str
    weight: float
    prior: bool = False

    @property
    def text(self) -> str:
        return f"{self.label} ({decimal(self.weight)})"


def weight_bars(explanation: dict[str, object], *, prior_label: str) -> list[WeightBar]:
    """The bars of an :func:`rajut.linkage.explain.explain_pair` result, prior first."""
    bars: list[WeightBar] = []
    prior = explanation.get("prior_weight")
    if isinstance(prior, int | float):
        bars.append(WeightBar(prior_label, float(prior), prior=True))
    comparisons = explanation.get("comparisons")
    for row in comparisons if isinstance(comparisons, list) else []:
        level = str(row.get("level") or row.get("label") or "")
        bars.append(WeightBar(level[:1].upper() + level[1:], float(row.get("weight") or 0.0)))
    return bars


def weight_chart(bars: Sequence[WeightBar], *, title: str) -> Markup:
    """Bars from a zero line: evidence for "sama orang" right (green), against left (red)."""
    label_w, half, row_h = 360, 170, 26
    width = label_w + 2 * half + 10
    height = max(len(bars), 1) * row_h + 8
    zero = label_w + half
    top = max((abs(b.weight) for b in bars), default=1.0) or 1.0
    parts = [
        svg_open(width, height, title),
    ]
    for i, bar in enumerate(bars):
        y = 4 + i * row_h
        length = half * abs(bar.weight) / top
        x = zero if bar.weight >= 0 else zero - length
        color = PRIOR if bar.prior else (FOR if bar.weight >= 0 else AGAINST)
        parts += [
            f'<text x="{label_w - 8}" y="{y + 17}" text-anchor="end" font-size="14">'
            f"{escape(clip(bar.text, 46))}</text>",
            f'<rect x="{x:.1f}" y="{y + 4}" width="{length:.1f}" height="16" fill="{color}"/>',
        ]
    parts.append(
        f'<line x1="{zero}" y1="0" x2="{zero}" y2="{height}" stroke="#1d2327" stroke-width="1"/>'
    )
    parts.append("</svg>")
    return Markup("".join(parts))
