"""CSV and JSON reading: detection of delimiter, encoding and header; value rules."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rajut.sources.readers import FileHints, read_table, sniff_file
from rajut.sources.readers import errors as e


@pytest.mark.parametrize("delim", [";", ",", "\t", "|"])
def test_delimiter_detected_and_text_kept(tmp_path: Path, delim: str) -> None:
    lines = ["NIK,NAMA,RT,KET", '0012345678901234,"Budi, S.Pd",001,NA', "3310,Ani,,null"]
    text = "\n".join(ln.replace(",", delim) if delim != "," else ln for ln in lines)
    if delim != ",":
        text = text.replace('"Budi' + delim + ' S.Pd"', '"Budi, S.Pd"')
    path = tmp_path / "a.csv"
    path.write_text(text + "\n", encoding="utf-8")
    raw = read_table(path)
    t = raw.table.to_pydict()
    assert raw.delimiter == delim and raw.columns == ["NIK", "NAMA", "RT", "KET"]
    assert t["NIK"] == ["0012345678901234", "3310"]
    assert t["NAMA"] == ["Budi, S.Pd", "Ani"]
    assert t["RT"] == ["001", None]
    assert t["KET"] == ["NA", "null"]
    assert t["__row"] == [2, 3]
    assert not any(c.startswith("__num__") for c in t)


def test_title_rows_blank_lines_and_row_numbers(tmp_path: Path) -> None:
    text = "DATA DTKS DESA X;;\n\nNIK;NAMA;DESIL;\n1;A;1;\n\n2;B;2;\n"
    path = tmp_path / "t.csv"
    path.write_text(text, encoding="utf-8")
    raw = read_table(path)
    assert raw.header_row == 3 and raw.columns == ["NIK", "NAMA", "DESIL"]
    assert raw.table.column("__row").to_pylist() == [4, 6]


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [("utf-8-sig", "utf-8-sig"), ("cp1252", "cp1252"), ("utf-16", "utf-16")],
)
def test_encodings(tmp_path: Path, encoding: str, expected: str) -> None:
    path = tmp_path / "enc.csv"
    path.write_bytes("NIK;NAMA\n1;Sémbiring Ñ\n".encode(encoding))
    raw = read_table(path)
    assert raw.encoding == expected and raw.columns == ["NIK", "NAMA"]
    assert raw.table.column("NAMA").to_pylist() == ["Sémbiring Ñ"]


def test_two_row_header_without_merge_information(tmp_path: Path) -> None:
    text = "NIK;ALAMAT;;DESA\n;RT;RW;\n3310;001;002;GEDONG\n"
    path = tmp_path / "h.csv"
    path.write_text(text, encoding="utf-8")
    raw = read_table(path)
    assert raw.columns == ["NIK", "ALAMAT RT", "ALAMAT RW", "DESA"]
    assert raw.table.column("__row").to_pylist() == [3]


def test_hints_override_detection(tmp_path: Path) -> None:
    path = tmp_path / "h.txt"
    path.write_text("x|y\nA;B|C\n1;2|3\n", encoding="utf-8")
    raw = read_table(path, FileHints(delimiter="|", header_row=2))
    assert raw.columns == ["A;B", "C"] and raw.table.column("C").to_pylist() == ["3"]


def test_ragged_row_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text("A;B;C\n1;2;3\n4;5\n6;7;8\n", encoding="utf-8")
    with pytest.raises(e.RaggedRowsError, match="r.csv"):
        read_table(path)


def test_sniff_csv(tmp_path: Path) -> None:
    path = tmp_path / "s.csv"
    path.write_text("A;B\n" + "".join(f"{i};x\n" for i in range(1000)), encoding="utf-8")
    raw = sniff_file(path, max_rows=5)
    assert raw.table.column("A").to_pylist() == ["0", "1", "2", "3", "4"]


cell = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=12
).filter(lambda s: s.strip() == s)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(cell, min_size=3, max_size=3), min_size=1, max_size=8))
def test_csv_round_trip(tmp_path_factory: pytest.TempPathFactory, rows: list[list[str]]) -> None:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=";", lineterminator="\n")
    writer.writerow(["KOLOM_A", "KOLOM_B", "KOLOM_C"])
    writer.writerows(rows)
    path = tmp_path_factory.mktemp("rt") / "rt.csv"
    path.write_text(buf.getvalue(), encoding="utf-8")
    raw = read_table(path, FileHints(delimiter=";", header_row=1))
    got = [
        list(r) for r in zip(*(raw.table.column(c).to_pylist() for c in raw.columns), strict=True)
    ]
    assert got == rows


def test_json_list_nested_and_types(tmp_path: Path) -> None:
    doc = {"meta": {"n": 2}, "data": {"peserta_didik": [
        {"nisn": "0012", "nik": 3310010101900001, "aktif": True, "nilai": 1.5,
         "alamat": {"rt": "001"}},
        {"nisn": "0013", "kelas": None, "baru": "x"},
    ]}}  # fmt: skip
    path = tmp_path / "d.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    raw = read_table(path, FileHints(records_path="data.peserta_didik"))
    t = raw.table.to_pydict()
    assert raw.columns == ["nisn", "nik", "aktif", "nilai", "alamat", "kelas", "baru"]
    assert t["nik"] == ["3310010101900001", None]
    assert t["aktif"] == ["TRUE", None] and t["nilai"] == ["1.5", None]
    assert json.loads(t["alamat"][0]) == {"rt": "001"}
    assert t["baru"] == [None, "x"] and t["__row"] == [1, 2]


def test_json_single_list_key_and_jsonl(tmp_path: Path) -> None:
    path = tmp_path / "k.json"
    path.write_text(json.dumps({"total": 1, "rows": [{"a": "1"}]}), encoding="utf-8")
    assert read_table(path).table.column("a").to_pylist() == ["1"]
    lines = tmp_path / "l.jsonl"
    lines.write_text('{"a": 1}\n\n{"a": 2, "b": false}\n', encoding="utf-8")
    raw = read_table(lines)
    assert raw.format == "jsonl" and raw.table.to_pydict()["b"] == [None, "FALSE"]


def test_json_keys_missing_in_between_stay_aligned(tmp_path: Path) -> None:
    lines = tmp_path / "gap.jsonl"
    rows = ['{"a": 1, "b": "x"}', '{"a": 2}', '{"a": 3}', '{"b": "y", "a": 4}', '{"c": 5}']
    lines.write_text("\n".join(rows) + "\n", encoding="utf-8")
    t = read_table(lines).table.to_pydict()
    assert t["a"] == ["1", "2", "3", "4", None]
    assert t["b"] == ["x", None, None, "y", None]
    assert t["c"] == [None, None, None, None, "5"]
