"""Sheets without a ``<dimension>`` element: the first used column is still found right."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

import pytest

from rajut.sources.readers import read_table

from .conftest import write_xlsx


def _strip_dimension(path: Path) -> Path:
    out = path.with_name("nodim_" + path.name)
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename.startswith("xl/worksheets/sheet"):
                data = re.sub(rb"<dimension [^>]*/>", b"", data)
            dst.writestr(item, data)
    return out


def _spy_calamine(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []
    import python_calamine

    real = python_calamine.CalamineWorkbook.from_path

    def counting(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(python_calamine.CalamineWorkbook, "from_path", counting)
    return calls


def test_column_a_data_needs_no_second_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = [["NIK", "NAMA"], ["3310012201920001", "BUDI"], [3310014807940001, "SITI"]]
    path = _strip_dimension(write_xlsx(tmp_path / "a.xlsx", rows))
    calls = _spy_calamine(monkeypatch)
    table = read_table(path, expected_columns=["NIK", "NAMA"])
    assert calls == []
    assert table.columns == ["NIK", "NAMA"]
    assert table.table.column("NAMA").to_pylist() == ["BUDI", "SITI"]
    assert table.table.column("__num__NIK").to_pylist() == [False, True]


def test_data_starting_in_column_c_keeps_its_offset(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = [[None, None, "NIK", "NAMA"], [None, None, 3310014807940001, "SITI"]]
    path = _strip_dimension(write_xlsx(tmp_path / "c.xlsx", rows))
    calls = _spy_calamine(monkeypatch)
    table = read_table(path, expected_columns=["NIK", "NAMA"])
    assert calls == [1]  # no column-A value: the used range comes from calamine
    assert table.columns == ["NIK", "NAMA"]
    assert table.table.column("__num__NIK").to_pylist() == [True]
