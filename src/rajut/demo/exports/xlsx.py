"""A small, fast, reproducible XLSX writer (one sheet, inline strings, fixed zip timestamps).

xlsxwriter needs ~10 µs per cell, too slow for a million persons; this writer builds the
sheet XML column by column and streams it into the zip. Dates use style 1 (``dd/mm/yyyy``),
numbers stored from text-like identifiers (the Excel-float NIK corruption) use style 2 (``0``).
"""

from __future__ import annotations

import math
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import numpy as np

FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
CREATED = "2026-01-01T00:00:00Z"
CHUNK = 20_000

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.styles+xml"/>'
    '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-'
    'package.core-properties+xml"/></Types>'
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/'
    'metadata/core-properties" Target="docProps/core.xml"/></Relationships>'
)
WB_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/styles" Target="styles.xml"/></Relationships>'
)
STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts>'
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="1" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    "</cellXfs></styleSheet>"
)


def _workbook(sheet: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        f'<sheets><sheet name="{escape(sheet)}" sheetId="1" r:id="rId1"/></sheets></workbook>'
    )


def _core() -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
        'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:creator>rajut demo</dc:creator>'
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{CREATED}</dcterms:created>'
        "</cp:coreProperties>"
    )


def column_letter(i: int) -> str:
    """0 → ``A``, 25 → ``Z``, 26 → ``AA``."""
    out = ""
    i += 1
    while i:
        i, rem = divmod(i - 1, 26)
        out = chr(65 + rem) + out
    return out


def _text(value: str, ref: str) -> str:
    if not value:
        return ""
    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(value)}</t></is></c>'


def _number(value: Any, ref: str, style: str) -> str:
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        text = str(int(value)) if value.is_integer() and abs(value) < 1e17 else repr(value)
    else:
        text = str(value)
    return f'<c r="{ref}"{style}><v>{text}</v></c>'


def _cells(kind: str, values: list[Any], letter: str, first_row: int) -> list[str]:
    style = {"date": ' s="1"', "date_or_text": ' s="1"', "mixed": ' s="2"'}.get(kind, "")
    out = []
    for i, v in enumerate(values):
        ref = f"{letter}{first_row + i}"
        if kind == "text" or isinstance(v, str):
            out.append(_text(str(v), ref))
        else:
            out.append(_number(v, ref, style))
    return out


def _sheet_chunks(
    header: list[str], columns: list[tuple[str, Any]], titles: list[str]
) -> Iterator[str]:
    yield (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns='
        '"http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    )
    letters = [column_letter(i) for i in range(len(header))]
    top = [*titles, None]
    for r, title in enumerate(top, start=1):
        cells = (
            [_text(title, f"A{r}")]
            if title
            else [_text(h, f"{letters[c]}{r}") for c, h in enumerate(header)]
            if title is None
            else []
        )
        yield f'<row r="{r}">{"".join(cells)}</row>'
    n = len(columns[0][1]) if columns else 0
    first = len(top) + 1
    for lo in range(0, n, CHUNK):
        hi = min(n, lo + CHUNK)
        cols = [
            _cells(kind, np.asarray(v[lo:hi]).tolist(), letters[c], first + lo)
            for c, (kind, v) in enumerate(columns)
        ]
        yield "".join(
            f'<row r="{first + lo + i}">{"".join(cells)}</row>'
            for i, cells in enumerate(zip(*cols, strict=True))
        )
    yield "</sheetData></worksheet>"


def write_sheet(
    path: Path,
    sheet: str,
    header: list[str],
    columns: list[tuple[str, Any]],
    titles: list[str] | None = None,
) -> int:
    """Write a one-sheet workbook; same input → byte-identical file. Returns the row count."""
    path.parent.mkdir(parents=True, exist_ok=True)
    parts = [
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", ROOT_RELS),
        ("docProps/core.xml", _core()),
        ("xl/workbook.xml", _workbook(sheet)),
        ("xl/_rels/workbook.xml.rels", WB_RELS),
        ("xl/styles.xml", STYLES),
    ]
    with zipfile.ZipFile(path, "w") as zf:
        for name, text in parts:
            info = zipfile.ZipInfo(name, FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, text)
        info = zipfile.ZipInfo("xl/worksheets/sheet1.xml", FIXED_ZIP_TIME)
        info.compress_type = zipfile.ZIP_DEFLATED
        with zf.open(info, "w", force_zip64=True) as fh:
            for chunk in _sheet_chunks(header, columns, titles or []):
                fh.write(chunk.encode("utf-8"))
    return len(columns[0][1]) if columns else 0
