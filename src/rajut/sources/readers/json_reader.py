"""Read JSON (a list of objects, possibly under a key) and JSON Lines into text columns."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa

from rajut.sources.readers import errors as e
from rajut.sources.readers.render import render_value
from rajut.sources.readers.table import ROW_COLUMN
from rajut.sources.readers.text_encoding import detect_encoding, read_sample

HINT_SHAPE = (
    'Berkas JSON harus berisi daftar objek, mis. [{"nik": "..."}, ...], atau objek '
    "dengan satu kunci berisi daftar itu; isi 'records_path' di kontrak sumber bila "
    "daftarnya ada di kunci lain."
)


def load_records(
    path: Path, fmt: str, encoding: str | None, records_path: str | None, limit: int | None
) -> tuple[str, list[Any]]:
    """``(encoding, records)`` from a .json or .jsonl file."""
    enc = detect_encoding(path, read_sample(path), encoding)
    if fmt == "jsonl":
        return enc, _load_lines(path, enc, limit)
    try:
        doc = json.loads(path.read_text(encoding=enc))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise e.BadJsonError(
            f"Berkas '{path.name}' bukan JSON yang sah: {exc}.",
            "Periksa berkas dengan validator JSON atau ekspor ulang dari aplikasi asal.",
        ) from exc
    records = _find_records(path, doc, records_path)
    return enc, records[:limit] if limit is not None else records


def _load_lines(path: Path, enc: str, limit: int | None) -> list[Any]:
    records: list[Any] = []
    with path.open(encoding=enc) as fh:
        for number, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise e.BadJsonError(
                    f"Baris {number} di berkas '{path.name}' bukan JSON yang sah: {exc}.",
                    "Setiap baris berkas .jsonl harus berisi satu objek JSON.",
                ) from exc
            if limit is not None and len(records) >= limit:
                break
    return records


def _find_records(path: Path, doc: Any, records_path: str | None) -> list[Any]:
    node = doc
    if records_path:
        for key in records_path.split("."):
            if not isinstance(node, dict) or key not in node:
                raise e.BadJsonError(
                    f"Kunci '{records_path}' tidak ada di berkas '{path.name}'.", HINT_SHAPE
                )
            node = node[key]
    elif isinstance(node, dict):
        lists = [v for v in node.values() if isinstance(v, list)]
        if len(lists) != 1:
            raise e.BadJsonError(
                f"Berkas '{path.name}' berisi objek dengan {len(lists)} daftar; tidak jelas "
                "daftar mana yang berisi data.",
                HINT_SHAPE,
            )
        node = lists[0]
    if not isinstance(node, list):
        raise e.BadJsonError(f"Berkas '{path.name}' tidak berisi daftar data.", HINT_SHAPE)
    return node


def records_to_table(path: Path, records: list[Any]) -> tuple[list[str], pa.Table]:
    """Columns in order of first appearance; values rendered as text."""
    if not records:
        raise e.EmptyFileError(f"Berkas '{path.name}' tidak berisi data.", HINT_SHAPE)
    columns: dict[str, list[str | None]] = {}
    for i, rec in enumerate(records):
        if not isinstance(rec, dict):
            raise e.BadJsonError(
                f"Data ke-{i + 1} di berkas '{path.name}' bukan objek (isinya "
                f"{type(rec).__name__}).",
                HINT_SHAPE,
            )
        for key, value in rec.items():
            name = str(key).strip()
            col = columns.get(name)
            if col is None:  # (not setdefault: its [None] * i would be built for every value)
                col = columns[name] = [None] * i
            elif len(col) < i:
                col.extend([None] * (i - len(col)))
            col.append(render_value(value)[0])
    n = len(records)
    arrays = [pa.array(v + [None] * (n - len(v)), pa.string()) for v in columns.values()]
    rows = pa.array(np.arange(1, n + 1, dtype=np.int64))
    names = list(columns)
    return names, pa.table([*arrays, rows], names=[*names, ROW_COLUMN])
