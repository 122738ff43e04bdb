"""The recap catalog: shipped definitions, workspace overrides, placeholders, validation."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rajut.reporting.definitions import Catalog, ReportError, expand_sql, load_catalog
from rajut.reporting.model import RecapTable


def test_shipped_catalog_has_the_three_recaps_with_a_chart_per_table() -> None:
    catalog = load_catalog()
    assert [r.id for r in catalog.rekap] == ["cakupan-program", "target-realisasi", "mutu-data"]
    for recap in catalog.rekap:
        for table in recap.tabel:
            assert table.grafik.nilai
            assert "{" not in expand_sql(table.sql, catalog, {})


def test_workspace_adds_and_replaces(tmp_path: Path) -> None:
    folder = tmp_path / "reporting"
    folder.mkdir()
    (folder / "recaps.yaml").write_text(
        """
konsep:
  rumah_tangga_miskin_rentan: "desil BETWEEN 1 AND 3"
rekap:
  - id: mutu-data
    judul: Mutu data versi kabupaten
    deskripsi: x
    tabel:
      - id: t
        judul: T
        sql: SELECT 1 AS n
        kolom: [{nama: n, judul: N, jenis: bilangan}]
        grafik: {judul: G, kategori: [n], nilai: [{kolom: n, judul: N}]}
""",
        encoding="utf-8",
    )
    catalog = load_catalog(tmp_path)
    assert catalog.get("mutu-data").judul == "Mutu data versi kabupaten"
    assert len(catalog.rekap) == 3
    assert (
        expand_sql("{konsep:rumah_tangga_miskin_rentan}", catalog, {}) == "(desil BETWEEN 1 AND 3)"
    )
    # the concept catalog wins over the recap catalog
    assert (
        expand_sql(
            "{konsep:rumah_tangga_miskin_rentan}", catalog, {"rumah_tangga_miskin_rentan": "d"}
        )
        == "(d)"
    )


def test_invalid_catalog_names_the_file_and_key(tmp_path: Path) -> None:
    folder = tmp_path / "reporting"
    folder.mkdir()
    bad = """
rekap:
  - id: x-rekap
    judul: X
    deskripsi: x
    tabel:
      - id: t
        judul: T
        sql: SELECT 1 AS n
        kolom: [{nama: n, judul: N}]
        grafik: {judul: G, kategori: [n], nilai: [{kolom: tidak_ada, judul: N}]}
"""
    (folder / "recaps.yaml").write_text(bad, encoding="utf-8")
    with pytest.raises(ReportError) as exc:
        load_catalog(tmp_path)
    assert "recaps.yaml" in exc.value.message and "tidak_ada" in exc.value.message


def test_unknown_placeholder_and_loop() -> None:
    with pytest.raises(ReportError):
        expand_sql("{potongan:tidak_ada}", Catalog(), {})
    with pytest.raises(ReportError):
        expand_sql("{potongan:a}", Catalog(potongan={"a": "{potongan:a}"}), {})


@given(st.lists(st.one_of(st.none(), st.floats(0, 1)), min_size=0, max_size=40), st.integers(1, 10))
def test_chart_rows_sorted_and_limited(values: list[float | None], limit: int) -> None:
    from rajut.reporting.definitions import Chart, Column, Series

    chart = Chart(
        judul="g", kategori=["k"], nilai=[Series(kolom="v", judul="v")], urut="v", batas=limit
    )
    cols = [Column(nama="k", judul="k"), Column(nama="v", judul="v", jenis="persen")]
    table = RecapTable("t", "t", cols, [(str(i), v) for i, v in enumerate(values)], chart)
    rows = table.chart_rows()
    assert len(rows) == min(limit, len(values))
    present = sorted(v for v in values if v is not None)
    assert [r[1][0] for r in rows][: len(present)] == present[: len(rows)]
