"""One streaming pass over an xlsx worksheet's XML for what the cell reader hides.

python-calamine/fastexcel give cell values but not which cells were numbers in the file,
which cells hold formulas or which ranges are merged. This pass decompresses the sheet XML
in 4 MiB chunks and uses C-level regex/bytes searches only, so it costs about as much as
decompressing the sheet.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

import pyarrow as pa
import pyarrow.compute as pc

CHUNK = 4 * 1024 * 1024
_NONTEXT = re.compile(
    rb'<c r="([A-Z]{1,3})(\d+)"(?: (?:s="\d+"|t="([nbde])"|cm="\d+"|vm="\d+"|ph="[01]"))*>'
)
_NO_CACHE = re.compile(
    rb'<c r="([A-Z]{1,3}\d+)"(?: s="\d+")?(?: t="n")?>\s*<f\b[^>]*?(?:/>|>[^<]*</f>)\s*'
    rb"(?:<v\s*/>|<v>\s*</v>)?\s*</c>"
)
_MERGE = re.compile(rb'<mergeCell ref="([A-Z]{1,3})(\d+):([A-Z]{1,3})(\d+)"')
#: A column-A cell with a non-empty value (shared strings excluded: they may be empty).
#: Its presence proves the sheet's first used column is A without reading every cell.
_COL_A_VALUE = re.compile(
    rb'<c r="A\d+"(?: (?:s="\d+"|t="(?:n|b|e|d|str|inlineStr)"|cm="\d+"|vm="\d+"|ph="[01]"))*>'
    rb"\s*(?:<f\b[^>]*?(?:/>|>[^<]*</f>)\s*)?(?:<v>[^<]|<is>\s*<t(?: [^>]*)?>[^<])"
)
_DIMENSION = re.compile(rb'<dimension ref="([A-Z]{1,3})\d+(?::[A-Z]{1,3}\d+)?"')
_NS = {
    "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "p": "http://schemas.openxmlformats.org/package/2006/relationships",
}


@dataclass
class SheetScan:
    """What the scan found; rows are 1-based, columns 0-based absolute indexes."""

    nontext_cols: pa.Array = field(default_factory=lambda: pa.array([], pa.int64()))
    nontext_rows: pa.Array = field(default_factory=lambda: pa.array([], pa.int64()))
    nontext_kind: pa.Array = field(default_factory=lambda: pa.array([], pa.binary()))
    formulas: int = 0
    missing_cache: list[str] = field(default_factory=list)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    first_col: int | None = None
    col_a_filled: bool = False


def col_index(letters: bytes | str) -> int:
    """``b"A"`` → 0, ``b"AA"`` → 26."""
    text = letters.decode() if isinstance(letters, bytes) else letters
    n = 0
    for ch in text:
        n = n * 26 + ord(ch) - 64
    return n - 1


def sheet_xml_path(zf: zipfile.ZipFile, sheet_name: str) -> str | None:
    """Path inside the zip of the worksheet called ``sheet_name``."""
    book = ElementTree.fromstring(zf.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target", "") for r in rels.findall("p:Relationship", _NS)}
    for sheet in book.iterfind("m:sheets/m:sheet", _NS):
        if sheet.get("name") == sheet_name:
            target = targets.get(sheet.get(f"{{{_NS['r']}}}id"), "")
            return target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    return None


def scan_sheet(path: Path, sheet_name: str) -> SheetScan | None:
    """Scan the worksheet; ``None`` when its XML cannot be located."""
    with zipfile.ZipFile(path) as zf:
        member = sheet_xml_path(zf, sheet_name)
        if member is None or member not in zf.namelist():
            return None
        with zf.open(member) as fh:
            return _scan_stream(fh)


def _scan_stream(fh: object) -> SheetScan:
    out = SheetScan()
    found: list[tuple[bytes, bytes, bytes]] = []
    merges: list[tuple[bytes, bytes, bytes, bytes]] = []
    tail = b""
    first = True
    while True:
        chunk = fh.read(CHUNK)  # type: ignore[attr-defined]
        buf = tail + chunk
        if first:
            dim = _DIMENSION.search(buf[:65536])
            out.first_col = col_index(dim.group(1)) if dim else None
            first = False
        cut = len(buf) if not chunk else buf.rfind(b"</c>") + 4
        if cut < 4:
            cut = buf.rfind(b">") + 1
        part = buf[:cut]
        found.extend(_NONTEXT.findall(part))
        n_f = part.count(b"<f>") + part.count(b"<f ") + part.count(b"<f/>")
        if n_f:
            out.formulas += n_f
            out.missing_cache.extend(m.decode() for m in _NO_CACHE.findall(part)[:20])
        merges.extend(_MERGE.findall(part))
        if out.first_col is None and not out.col_a_filled:
            out.col_a_filled = _COL_A_VALUE.search(part) is not None
        tail = buf[cut:]
        if not chunk:
            break
    _fill_nontext(out, found)
    out.merges = [(int(r1), col_index(c1), int(r2), col_index(c2)) for c1, r1, c2, r2 in merges]
    return out


def _fill_nontext(out: SheetScan, found: list[tuple[bytes, bytes, bytes]]) -> None:
    if not found:
        return
    letters, rows, kinds = zip(*found, strict=True)
    letter_arr = pa.array(letters, pa.binary()).dictionary_encode()
    codes = [col_index(x) for x in letter_arr.dictionary.to_pylist()]
    out.nontext_cols = pc.take(pa.array(codes, pa.int64()), letter_arr.indices)
    out.nontext_rows = pc.cast(pc.cast(pa.array(rows, pa.binary()), pa.string()), pa.int64())
    out.nontext_kind = pa.array(kinds, pa.binary())
