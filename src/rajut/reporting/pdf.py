"""Write a recap as a PDF with fpdf2 (pure Python: no browser, no network).

A4 landscape; every page carries the recap title and the reference date; each table gets
its heading, a bar chart drawn as vector shapes, and the table itself (header repeated on
every page); the source note closes the document and sits in every page footer.
The built-in Helvetica font is used so the file renders anywhere; text is mapped to
Latin-1 (dashes and ellipses become ASCII).
"""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF
from fpdf.fonts import FontFace

from rajut.reporting.cells import NUMERIC_KINDS, axis_text, show
from rajut.reporting.model import RecapResult, RecapTable
from rajut.reporting.svg import PALETTE, TRACK, is_percent_chart

_ASCII = str.maketrans(
    {"–": "-", "—": "-", "−": "-", "…": "...", "’": "'", "‘": "'", "“": '"', "”": '"'}
)
FONT = "Helvetica"


def latin1(text: str) -> str:
    """Text the core PDF fonts can draw.

    Examples:
        >>> latin1("Desil 1–4 · “miskin” …")
        'Desil 1-4 · "miskin" ...'
    """
    return text.translate(_ASCII).encode("latin-1", "replace").decode("latin-1")


def _rgb(color: str) -> tuple[int, int, int]:
    return int(color[1:3], 16), int(color[3:5], 16), int(color[5:7], 16)


class RecapPdf(FPDF):
    """FPDF with the recap's running header and footer."""

    def __init__(self, result: RecapResult) -> None:
        super().__init__(orientation="L", unit="mm", format="A4")
        self.result = result
        self.set_auto_page_break(auto=True, margin=16)
        self.set_title(latin1(result.title))
        self.set_author("rajut")
        self.set_creator("rajut (fpdf2)")

    def header(self) -> None:
        self.set_font(FONT, "B", 9)
        self.set_text_color(85, 85, 85)
        text = f"{self.result.title} - tanggal acuan {self.result.as_of.isoformat()}"
        self.cell(0, 5, latin1(text), new_x="LMARGIN", new_y="NEXT")
        self.set_text_color(0, 0, 0)
        self.ln(2)

    def footer(self) -> None:
        self.set_y(-13)
        self.set_font(FONT, "", 7)
        self.set_text_color(85, 85, 85)
        self.multi_cell(self.epw - 20, 3, latin1(self.result.source_note))
        self.set_xy(self.w - self.r_margin - 20, -13)
        self.cell(20, 3, f"hlm. {self.page_no()}", align="R")
        self.set_text_color(0, 0, 0)


def _title_block(pdf: RecapPdf, result: RecapResult) -> None:
    pdf.set_font(FONT, "B", 18)
    pdf.multi_cell(0, 9, latin1(result.title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 10)
    meta = (
        f"Tanggal acuan {result.as_of.isoformat()} | build {result.build_id} | "
        f"dibuat {result.generated_at}"
    )
    pdf.multi_cell(0, 5, latin1(meta), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)
    pdf.multi_cell(0, 5, latin1(result.description), new_x="LMARGIN", new_y="NEXT")


BAR_H, GAP = 3.6, 2.0


def chart_height(t: RecapTable) -> float:
    """Height in mm the chart of ``t`` needs (title, legend, bars)."""
    return 14 + max(len(t.chart_rows()), 1) * (BAR_H * len(t.chart.nilai) + GAP)


def draw_chart(pdf: RecapPdf, t: RecapTable) -> None:
    """Horizontal grouped bars as rectangles, with a legend and a value after each bar."""
    rows = t.chart_rows()
    as_percent = is_percent_chart(t)
    n = len(t.chart.nilai)
    bar_h, gap, label_w, bar_w = BAR_H, GAP, 80.0, 130.0
    pdf.set_font(FONT, "B", 10)
    pdf.cell(0, 6, latin1(t.chart.judul), new_x="LMARGIN", new_y="NEXT")
    x0, y = pdf.l_margin, pdf.get_y()
    pdf.set_font(FONT, "", 8)
    lx = x0 + label_w
    for j, s in enumerate(t.chart.nilai):
        pdf.set_fill_color(*_rgb(PALETTE[j % len(PALETTE)]))
        pdf.rect(lx, y + 0.5, 3, 3, style="F")
        pdf.set_xy(lx + 4, y)
        pdf.cell(pdf.get_string_width(latin1(s.judul)) + 2, 4, latin1(s.judul))
        lx += pdf.get_string_width(latin1(s.judul)) + 12
    y += 6
    top = max((v for _, values in rows for v in values), default=0.0)
    scale = 1.0 if as_percent else max(top, 1.0)
    for label, values in rows:
        pdf.set_xy(x0, y + (bar_h * n - 4) / 2)
        pdf.cell(label_w - 2, 4, latin1(label[:48]), align="R")
        for j, value in enumerate(values):
            yy = y + j * bar_h
            pdf.set_fill_color(*_rgb(TRACK))
            pdf.rect(x0 + label_w, yy, bar_w, bar_h - 0.6, style="F")
            pdf.set_fill_color(*_rgb(PALETTE[j % len(PALETTE)]))
            length = max(0.0, min(value / scale, 1.0)) * bar_w
            if length > 0:
                pdf.rect(x0 + label_w, yy, length, bar_h - 0.6, style="F")
            pdf.set_xy(x0 + label_w + bar_w + 2, yy - 0.2)
            pdf.cell(30, bar_h, latin1(axis_text(value, as_percent)))
        y += bar_h * n + gap
    if not rows:
        pdf.set_xy(x0 + label_w, y)
        pdf.cell(60, 4, "Tidak ada data.")
        y += 6
    pdf.set_xy(x0, y + 2)


def draw_table(pdf: RecapPdf, t: RecapTable) -> None:
    """The table with its header repeated on each page; numbers right-aligned."""
    pdf.set_font(FONT, "B", 8)
    heads = [pdf.get_string_width(latin1(c.judul)) for c in t.columns]
    pdf.set_font(FONT, "", 8)
    widths = [
        max(
            [min(heads[i], 45.0)]
            + [pdf.get_string_width(latin1(show(r[i], c.jenis))) for r in t.rows[:200]]
        )
        + 4
        for i, c in enumerate(t.columns)
    ]
    pdf.set_fill_color(255, 255, 255)
    align = ["RIGHT" if c.jenis in NUMERIC_KINDS else "LEFT" for c in t.columns]
    headings = FontFace(emphasis="BOLD", fill_color=(238, 243, 251))
    with pdf.table(
        col_widths=tuple(widths),
        width=min(sum(widths), pdf.epw),
        text_align=tuple(align),
        headings_style=headings,
        line_height=4.2,
        repeat_headings=1,
        align="LEFT",
    ) as table:
        table.row([latin1(c.judul) for c in t.columns])
        for r in t.rows:
            table.row([latin1(show(v, c.jenis)) for v, c in zip(r, t.columns, strict=True)])
    if not t.rows:
        pdf.cell(0, 5, "Tidak ada data untuk tanggal acuan ini.", new_x="LMARGIN", new_y="NEXT")


def render_recap_pdf(result: RecapResult) -> bytes:
    """The PDF document as bytes."""
    pdf = RecapPdf(result)
    pdf.add_page()
    _title_block(pdf, result)
    for t in result.tables:
        pdf.ln(4)
        if pdf.will_page_break(min(8 + chart_height(t), pdf.eph - 10)):
            pdf.add_page()
        pdf.set_font(FONT, "B", 13)
        pdf.cell(0, 8, latin1(t.title), new_x="LMARGIN", new_y="NEXT")
        draw_chart(pdf, t)
        draw_table(pdf, t)
    pdf.ln(3)
    pdf.set_font(FONT, "I", 8)
    pdf.multi_cell(0, 4, latin1(result.source_note), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def write_recap_pdf(result: RecapResult, path: Path) -> Path:
    """Write the PDF to ``path`` (folders created); returns ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    tmp.write_bytes(render_recap_pdf(result))
    tmp.replace(path)
    return path
