"""The scorecard for the web: which periods to offer, Indonesian numbers, and its bar charts.

The metrics themselves come from :func:`rajut.governance.scorecard.compute_scorecard`
(one definition for the CLI, the workbook, the page and the API); this module only
decides how they are shown. Numbers are written the Indonesian way (``1.234``,
``97,5 %``) in both languages, like the rest of the app, so a printed page matches the
workbook handed in as SKP evidence.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from xml.sax.saxutils import escape

from markupsafe import Markup

from rajut.formatting import clip, decimal
from rajut.governance.roles import same_agency
from rajut.governance.scorecard import Scorecard, compute_scorecard, parse_score_period
from rajut.governance.scorecard.periods import ScorePeriod
from rajut.sources.registry import list_contracts
from rajut.web.charts import svg_open
from rajut.web.context import WebContext
from rajut.web.i18n import MONTHS, N_

#: how many recent months and quarters the period menu offers
RECENT_MONTHS = 6
RECENT_QUARTERS = 4

MONTH_NAMES = MONTHS
#: the library's name for proposals and ideas by users without a unit (a msgid here)
NO_UNIT = N_("(tanpa unit)")

PERCENT = frozenset({"on_time_pct", "acceptance_pct"})
SIGNED = frozenset({"acceptance_trend_pp"})
DECIMAL = frozenset({"warnings_per_100", "median_response_days"})

#: the agency table is split in two so it fits a screen: delivery & quality, then cooperation
DATA_METRICS = (
    "deliveries_due",
    "deliveries_on_time",
    "on_time_pct",
    "acceptance_pct",
    "acceptance_trend_pp",
    "warnings_per_100",
    "persons_linked_across",
    "target_results_using",
)
COOPERATION_METRICS = (
    "proposals_made",
    "proposals_made_accepted",
    "proposals_received",
    "proposals_answered",
    "proposals_answered_on_time",
    "proposals_overdue",
    "median_response_days",
    "ideas_made",
    "ideas_received",
    "ideas_answered",
)

BAR = "#0b6e4f"
MINE = "#c77700"
TRACK = "#eef1f3"


@dataclass(frozen=True)
class PeriodChoice:
    """One entry of the period menu: the label sent back (``2026-Q2``) and how it reads."""

    value: str
    kind: str  # "month" | "quarter"
    number: int  # month 1–12 or quarter 1–4
    year: int


def current_quarter(today: date) -> ScorePeriod:
    return parse_score_period(f"{today.year}-Q{(today.month - 1) // 3 + 1}")


def period_choices(today: date, selected: ScorePeriod | None = None) -> list[PeriodChoice]:
    """The current and previous quarters and months, newest first (plus ``selected``)."""
    choices: list[PeriodChoice] = []
    quarter = current_quarter(today)
    for _ in range(RECENT_QUARTERS):
        choices.append(_choice(quarter))
        quarter = quarter.previous()
    month = parse_score_period(f"{today.year}-{today.month:02d}")
    for _ in range(RECENT_MONTHS):
        choices.append(_choice(month))
        month = month.previous()
    if selected is not None and all(c.value != selected.label for c in choices):
        choices.insert(0, _choice(selected))
    return choices


def _choice(period: ScorePeriod) -> PeriodChoice:
    number = period.start.month if period.kind == "month" else (period.start.month - 1) // 3 + 1
    return PeriodChoice(period.label, period.kind, number, period.start.year)


def compute_for(ctx: WebContext, period: ScorePeriod, today: date | None = None) -> Scorecard:
    """The scorecard of ``period`` judged today, on the app's shared analytics connection."""
    contracts = list_contracts(ctx.ws)
    with ctx.analytics() as con, ctx.state.session() as session:
        return compute_scorecard(con, session, contracts, period, as_of=today or date.today())


def number(value: float | int | None, digits: int = 1) -> str:
    """``1234`` → ``'1.234'``; ``97.5`` → ``'97,5'``; ``None`` → ``'–'``."""
    return decimal(value, digits)


def metric_text(key: str, value: float | int | None) -> str:
    """A metric as shown in a table cell: percent sign, sign of a trend, decimal comma."""
    if value is None:
        return "–"
    if key in PERCENT:
        return number(float(value)) + " %"
    if key in SIGNED:
        text = number(float(value))
        return text.replace("-", "−") if value < 0 else ("+" + text if value > 0 else text)
    if key in DECIMAL:
        return number(float(value))
    return number(int(value))


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None
    text: str


def bar_chart(
    bars: Sequence[Bar], *, title: str, top: float | None, highlight: str | None = None
) -> Markup:
    """Horizontal bars in the order given; ``top`` fixes the scale (100 for percentages).

    A bar without a value (nothing due, nothing answered) gets no bar and "–", so it is
    not read as zero. The signed-in produsen's own agency is drawn in another colour.
    Every label is XML-escaped, so the markup can be inserted as is.
    """
    label_w, bar_w, value_w, row_h = 230, 400, 110, 30
    width = label_w + bar_w + value_w
    height = max(len(bars), 1) * row_h + 8
    scale = top if top else max((b.value or 0.0 for b in bars), default=0.0) or 1.0
    parts = [
        svg_open(width, height, title),
    ]
    for i, bar in enumerate(bars):
        y = 4 + i * row_h
        length = bar_w * max(0.0, min((bar.value or 0.0) / scale, 1.0))
        fill = MINE if highlight and same_agency(highlight, bar.label) else BAR
        parts += [
            f'<text x="{label_w - 10}" y="{y + 20}" text-anchor="end" font-size="15">'
            f"{escape(clip(bar.label, 26))}</text>",
            f'<rect x="{label_w}" y="{y + 3}" width="{bar_w}" height="22" fill="{TRACK}"/>',
            f'<rect x="{label_w}" y="{y + 3}" width="{length:.1f}" height="22" fill="{fill}"/>',
            f'<text x="{label_w + bar_w + 8}" y="{y + 20}" font-size="15" font-weight="700">'
            f"{escape(bar.text)}</text>",
        ]
    parts.append("</svg>")
    return Markup("".join(parts))


def charts(
    card: Scorecard, tr: Callable[[str], str], highlight: str | None
) -> list[tuple[str, Markup]]:
    """The page's three charts: on-time deliveries, proposals answered, median days.

    ``tr`` translates the titles (the charts are drawn in Python, not in the template).
    """
    days = tr(N_("hari"))
    on_time = [
        Bar(a.agency, a.on_time_pct, metric_text("on_time_pct", a.on_time_pct))
        for a in card.agencies
    ]
    answered = [
        Bar(a.agency, float(a.proposals_answered), number(a.proposals_answered))
        for a in card.agencies
    ]
    median = [
        Bar(
            a.agency,
            a.median_response_days,
            "–" if a.median_response_days is None else f"{number(a.median_response_days)} {days}",
        )
        for a in card.agencies
    ]
    titles = (
        tr(N_("Ketepatan waktu kiriman (%)")),
        tr(N_("Usulan koreksi dijawab")),
        tr(N_("Median hari menjawab usulan (makin kecil makin baik)")),
    )
    return [
        (titles[0], bar_chart(on_time, title=titles[0], top=100.0, highlight=highlight)),
        (titles[1], bar_chart(answered, title=titles[1], top=None, highlight=highlight)),
        (titles[2], bar_chart(median, title=titles[2], top=None, highlight=highlight)),
    ]
