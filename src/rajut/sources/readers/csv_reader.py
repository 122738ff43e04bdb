"""Read delimited text (CSV/TSV) with ``pyarrow.csv``, every column as text.

The first MiB is decoded in Python to find the encoding, delimiter and header row; the
whole file is then parsed by Arrow (multi-threaded C++). Row numbers are CSV record numbers
(equal to line numbers unless a quoted value spans several lines).
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pv

from rajut.sources.readers import errors as e
from rajut.sources.readers.assemble import Grid2D
from rajut.sources.readers.text_encoding import decode_sample, detect_encoding, read_sample

DELIMITERS = (";", ",", "\t", "|")
SAMPLE_RECORDS = 60
csv.field_size_limit(1 << 24)


def detect_delimiter(lines: list[str]) -> str:
    """The candidate delimiter that splits most sample lines into the same number of fields.

    Examples:
        >>> detect_delimiter(["NIK;NAMA;ALAMAT", "1;Budi, S.Pd;Jl. A"])
        ';'
    """
    best, best_score = ",", (0, 0)
    for delim in DELIMITERS:
        counts = [len(r) for r in csv.reader(lines, delimiter=delim) if len(r) > 1]
        if not counts:
            continue
        mode, freq = Counter(counts).most_common(1)[0]
        if (freq, mode) > best_score:
            best, best_score = delim, (freq, mode)
    return best


def sample_text(path: Path, given_encoding: str | None) -> tuple[str, str]:
    """``(encoding, text)`` of the first MiB, cut at the last complete line."""
    sample = read_sample(path)
    encoding = detect_encoding(path, sample, given_encoding)
    text = decode_sample(sample, encoding)
    if len(sample) < path.stat().st_size and "\n" in text:
        text = text[: text.rfind("\n") + 1]
    return encoding, text.lstrip("\ufeff")


def sample_grid(text: str, delimiter: str) -> list[list[str | None]]:
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    rows: list[list[str | None]] = []
    for record in reader:
        rows.append([v if v != "" else None for v in record])
        if len(rows) >= SAMPLE_RECORDS:
            break
    return rows


def read_csv_columns(
    path: Path,
    *,
    encoding: str,
    delimiter: str,
    skip: int,
    width: int,
    multiline: bool,
    source: bytes | None = None,
) -> list[pa.ChunkedArray]:
    """Parse records after the first ``skip`` ones into ``width`` text columns."""
    names = [f"c{i}" for i in range(width)]
    ragged: list[str] = []

    def on_invalid(row: pv.InvalidRow) -> str:
        ragged.append(row.text)
        return "skip"

    read = pv.ReadOptions(
        skip_rows=skip,
        column_names=names,
        encoding=_arrow_encoding(encoding),
    )
    parse = pv.ParseOptions(
        delimiter=delimiter,
        ignore_empty_lines=False,
        newlines_in_values=multiline,
        invalid_row_handler=on_invalid,
    )
    convert = pv.ConvertOptions(
        column_types=dict.fromkeys(names, pa.string()),
        null_values=[""],
        strings_can_be_null=True,
        quoted_strings_can_be_null=True,
    )
    src: object = pa.BufferReader(source) if source is not None else str(path)
    try:
        table = pv.read_csv(src, read_options=read, parse_options=parse, convert_options=convert)
    except pa.ArrowInvalid as exc:
        if "Empty CSV file" in str(exc):
            return [pa.chunked_array([], pa.string()) for _ in names]
        raise _arrow_error(path, encoding, exc) from exc
    if ragged:
        raise _ragged(path, ragged, width, delimiter)
    return list(table.columns)


def _arrow_encoding(encoding: str) -> str:
    return "utf8" if encoding.replace("-", "").lower() in ("utf8", "utf8sig") else encoding


def _arrow_error(path: Path, encoding: str, exc: Exception) -> e.ReadError:
    if "UTF8" in str(exc) or "utf-8" in str(exc).lower():
        return e.UndecodableFileError(
            f"Berkas '{path.name}' berisi byte yang bukan teks {encoding} di tengah berkas.",
            "Simpan ulang berkas sebagai 'CSV UTF-8', atau isi 'encoding' di kontrak sumber "
            "(mis. cp1252).",
        )
    return e.CorruptFileError(
        f"Berkas '{path.name}' tidak bisa diurai sebagai CSV: {exc}.",
        "Periksa tanda kutip dan pemisah kolom, atau isi 'delimiter' di kontrak sumber.",
    )


def _ragged(path: Path, rows: list[str], width: int, delimiter: str) -> e.RaggedRowsError:
    shown = "; ".join(repr(r[:60]) for r in rows[:3])
    return e.RaggedRowsError(
        f"Berkas '{path.name}' punya {len(rows)} baris yang jumlah kolomnya bukan {width} "
        f"(pemisah {delimiter!r}), mis. {shown}.",
        "Perbaiki baris tersebut (tanda kutip atau pemisah berlebih/kurang), atau isi "
        "'delimiter' di kontrak sumber bila pemisahnya salah terdeteksi.",
    )


def grid_from_columns(
    columns: list[pa.ChunkedArray], head: list[list[str | None]], start: int
) -> Grid2D:
    """Grid whose first ``start`` rows come from the sample and the rest from Arrow."""
    width = len(columns)
    top = [[(r[j] if j < len(r) else None) for r in head[:start]] for j in range(width)]
    cols: list[pa.Array | pa.ChunkedArray] = [
        pa.chunked_array([pa.array(top[j], pa.string()), *columns[j].chunks], pa.string())
        for j in range(width)
    ]
    return Grid2D(columns=cols, merges=None, letters=False)


def data_width(grid: list[list[str | None]], data_start: int) -> int:
    counts = [len(r) for r in grid[data_start:] if any(v is not None for v in r)]
    header = len(grid[data_start - 1]) if data_start else 0
    if not counts:
        return header
    return Counter(counts).most_common(1)[0][0]
