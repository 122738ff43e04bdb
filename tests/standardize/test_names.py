"""Names: display value and the matching-normalised ``norm``."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from rajut.standardize import rules

if TYPE_CHECKING:
    from conftest import One, Run


@pytest.mark.parametrize(
    ("raw", "norm"),
    [
        ("Budi  Santoso", "BUDI SANTOSO"),
        ("H. MOH. ALI BIN ABDULLAH", "MUHAMMAD ALI ABDULLAH"),
        ("Hj. Siti Aminah binti Umar", "SITI AMINAH UMAR"),
        ("SITI AMINAH, S.PD., M.PD", "SITI AMINAH"),
        ("Siti Aminah S.Pd", "SITI AMINAH"),
        ("SITI AMINAH SPD", "SITI AMINAH"),
        ("Ns. Dewi Lestari, S.Kep", "DEWI LESTARI"),
        ("Rina Wati, A.Md.Keb", "RINA WATI"),
        ("Drs. H. Soekarno", "SUKARNO"),
        ("Prof. Dr. Ir. Bambang S.T", "BAMBANG"),
        ("MUHAMAD RIZKI", "MUHAMMAD RIZKI"),
        ("Mochammad Rizki", "MUHAMMAD RIZKI"),
        ("Moehammad Hatta", "MUHAMMAD HATTA"),
        ("M. Rizki", "MUHAMMAD RIZKI"),
        ("MHD RIZKI", "MUHAMMAD RIZKI"),
        ("Rizki M", "RIZKI M"),
        ("ABD. RAHMAN", "ABDUL RAHMAN"),
        ("Abd Rahman", "ABDUL RAHMAN"),
        ("ST. KHODIJAH", "SITI KHODIJAH"),
        ("Nor Hasanah", "NUR HASANAH"),
        ("TJAHJONO", "CAHYONO"),
        ("Tjahyono", "CAHYONO"),
        ("DJOKO SOESILO", "JOKO SUSILO"),
        ("Djojo", "JOYO"),
        ("Joko", "JOKO"),
        ("Janti", "JANTI"),
        ("Sjahrir", "SYAHRIR"),
        ("Choirul Anam", "KHOIRUL ANAM"),
        ("Chandra", "CHANDRA"),
        ("Achmad Dahlan", "AHMAD DAHLAN"),
        ("Ma'ruf Amin", "MARUF AMIN"),
        ("Siborong-Borong", "SIBORONG BORONG"),
        ("I Made Sudana", "I MADE SUDANA"),
        ("José", "JOSE"),
    ],
)
def test_norm(one: One, run: Run, raw: str, norm: str) -> None:
    row = one(rules.name('"raw"'), raw)
    assert row["norm"] == norm
    assert row["issues"] == set()
    assert row["placeholder_mother"] is None


def test_value_is_display_name(one: One, run: Run) -> None:
    row = one(rules.name('"raw"'), "  siti   aminah, S.Pd ")
    assert row["value"] == "SITI AMINAH, S.PD"


@pytest.mark.parametrize(
    ("raw", "mother"),
    [
        ("BY NY SRI WAHYUNI", "SRI WAHYUNI"),
        ("By. Ny. Siti Aminah", "SITI AMINAH"),
        ("BY.NY.SITI", "SITI"),
        ("Bayi Ny. Tjahjani", "CAHYANI"),
        ("AN. NY DEWI", "DEWI"),
    ],
)
def test_placeholder(one: One, run: Run, raw: str, mother: str) -> None:
    row = one(rules.name('"raw"'), raw)
    assert row["issues"] == {"name-placeholder"}
    assert row["norm"] == ""
    assert row["placeholder_mother"] == mother


@pytest.mark.parametrize(
    ("raw", "issues"),
    [
        (None, {"name-missing"}),
        ("", {"name-missing"}),
        ("-", {"name-missing"}),
        ("Budi 2", {"name-invalid"}),
        ("123", {"name-invalid"}),
        ("...", {"name-invalid"}),
        ("Budi", set()),
    ],
)
def test_name_issues(one: One, run: Run, raw: str | None, issues: set[str]) -> None:
    assert one(rules.name('"raw"'), raw)["issues"] == issues


def test_same_person_spellings_meet(one: One, run: Run) -> None:
    spellings = ["Moch. Soetjipto", "MUHAMMAD SUCIPTO", "M Sutjipto", "H. Mochamad Soecipto"]
    norms = {r["norm"] for r in run(rules.name('"raw"'), {"raw": spellings})}
    assert norms == {"MUHAMMAD SUCIPTO"}
