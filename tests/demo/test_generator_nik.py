"""The NIK/KK builder and the NIKs of generated persons."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Any

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from rajut.demo.gen import nik as nikmod
from rajut.reference.wilayah import load_wilayah


@given(
    prefix=st.integers(110101, 969999),
    day=st.dates(dt.date(1920, 1, 1), dt.date(2026, 12, 31)),
    female=st.booleans(),
)
def test_nik_base_encodes_date_and_sex(prefix: int, day: dt.date, female: bool) -> None:
    base = nikmod.nik_base(
        np.array([prefix]), np.array([day.isoformat()], dtype="datetime64[D]"), np.array([female])
    )
    text = f"{int(base[0]):016d}"
    assert text[:6] == f"{prefix:06d}"
    assert int(text[6:8]) == day.day + (40 if female else 0)
    assert text[8:10] == f"{day.month:02d}" and text[10:12] == f"{day.year % 100:02d}"
    assert text[12:] == "0000"


@given(st.lists(st.integers(0, 5), min_size=1, max_size=300), st.integers(0, 2**32))
def test_serials_unique_and_start_at_one(groups: list[int], seed: int) -> None:
    base = np.array(groups, dtype=np.int64) * 10**4 + 3310010101000000
    out = nikmod.assign_serials(base, np.random.default_rng(seed))
    assert len(set(out.tolist())) == len(out)
    for g in set(groups):
        serials = sorted((out[base == base[groups.index(g)]] % 10**4).tolist())
        assert serials == list(range(1, len(serials) + 1))


@given(st.lists(st.integers(10**15, 9 * 10**15), min_size=1, max_size=50), st.integers(0, 99))
def test_typo_and_transpose_change_the_number(values: list[int], seed: int) -> None:
    arr = np.array(values, dtype=np.int64)
    rng = np.random.default_rng(seed)
    typo = nikmod.typo(arr, rng)
    assert (typo != arr).all()
    diff = [
        sum(a != b for a, b in zip(f"{x:016d}", f"{y:016d}", strict=True))
        for x, y in zip(arr, typo, strict=True)
    ]
    assert all(d == 1 for d in diff)
    swapped = nikmod.transpose(arr, rng)
    for x, y in zip(arr.tolist(), swapped.tolist(), strict=True):
        assert sorted(f"{x:016d}") == sorted(f"{y:016d}")
    assert (nikmod.excel_float(arr) % 10 == 0).all()


def test_person_niks_follow_structure(small: tuple[Path, dict[str, Any]]) -> None:
    out, _ = small
    w = load_wilayah()
    prefixes = w.kecamatan_prefixes
    with (out / "truth" / "persons.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    niks = [r["nik"] for r in rows]
    assert len(set(niks)) == len(niks)
    for r in rows:
        nik = r["nik"]
        assert len(nik) == 16 and nik.isdigit()
        assert nik[:6] in prefixes
        born = dt.date.fromisoformat(r["birth_date"])
        day = int(nik[6:8]) - (40 if r["sex"] == "P" else 0)
        assert (day, int(nik[8:10]), int(nik[10:12])) == (born.day, born.month, born.year % 100)
        assert w.get(r["desa_code"]) is not None and w.regions[r["desa_code"]].level == (
            "desa_kelurahan"
        )
    in_mig = sum(r["in_migrant"] == "1" for r in rows) / len(rows)
    assert 0.02 < in_mig < 0.1
    assert any(r["birth_date_is_default"] == "1" for r in rows)
    assert any(r["twin_of"] for r in rows)
