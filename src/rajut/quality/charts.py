"""Small inline-SVG charts for the HTML report (no scripts, no external assets).

Every label is XML-escaped here, so the returned markup can be inserted as is.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from markupsafe import Markup

from rajut.formatting import clip

GOOD = "#2e7d32"
WARN = "#f9a825"
BAD = "#c62828"
NEUTRAL = "#1565c0"
TRACK = "#e8e8e8"


@dataclass(frozen=True)
class Bar:
    """One bar: a label, a value and the text printed after the bar."""

    label: str
    value: float
    text: str
    color: str = NEUTRAL


def share_color(share: float | None) -> str:
    """Green from 95 %, amber from 80 %, red below."""
    if share is None:
        return TRACK
    if share >= 0.95:
        return GOOD
    return WARN if share >= 0.8 else BAD


def percent(share: float | None) -> str:
    """``0.8`` → ``"80,0 %"`` (Indonesian decimal comma); ``None`` → ``"-"``."""
    if share is None:
        return "-"
    return f"{share * 100:.1f}".replace(".", ",") + " %"


def hbar_chart(
    bars: Sequence[Bar],
    *,
    maximum: float | None = None,
    title: str = "",
    label_width: int = 230,
    bar_width: int = 360,
) -> Markup:
    """A horizontal bar chart as an ``<svg>`` element.

    Args:
        bars: one entry per bar, drawn top to bottom.
        maximum: value of a full-width bar (default: the largest value, at least 1).
        title: accessible title (``<title>`` and ``aria-label``).
    """
    row_h, pad = 22, 4
    top = max((b.value for b in bars), default=0.0)
    scale = maximum if maximum is not None else max(top, 1.0)
    width = label_width + bar_width + 110
    height = max(row_h * len(bars) + pad * 2, row_h)
    parts = [
        f'<svg role="img" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" aria-label="{escape(title, _Q)}">',
        f"<title>{escape(title)}</title>",
    ]
    for i, bar in enumerate(bars):
        y = pad + i * row_h
        length = 0.0 if scale <= 0 else max(0.0, min(bar.value / scale, 1.0)) * bar_width
        parts += [
            f'<text x="{label_width - 6}" y="{y + 15}" text-anchor="end" font-size="12">'
            f"{escape(clip(bar.label, 38))}</text>",
            f'<rect x="{label_width}" y="{y + 3}" width="{bar_width}" height="16" fill="{TRACK}"/>',
            f'<rect x="{label_width}" y="{y + 3}" width="{length:.1f}" height="16" '
            f'fill="{escape(bar.color, _Q)}"/>',
            f'<text x="{label_width + bar_width + 6}" y="{y + 15}" font-size="12">'
            f"{escape(bar.text)}</text>",
        ]
    parts.append("</svg>")
    return Markup("".join(parts))


_Q = {'"': "&quot;"}
